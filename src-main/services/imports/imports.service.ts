/**
 * Importing repair orders from a DMS export: a job reads the file (reading), checks every row and
 * plans what it would do to the archive (checking), and waits for the clerk (ready, with the
 * preview); nothing is written until imports.commit, which writes every accepted row in one
 * transaction or nothing (committing → done).
 *
 * The heavy part never runs on the host's event loop: reading, checking and planning run in a
 * worker thread (import.worker.ts) with its own read connection, and so does the commit, with its
 * own write connection (BEGIN IMMEDIATE … COMMIT on the file; on a PostgreSQL server a transaction
 * that first takes the store's import lock, so two counters' imports land one after the other).
 * The host keeps the job's state, follows the
 * worker's progress messages and answers every other call meanwhile. A cancel while reading or
 * checking stops the check at its next chunk; during the commit it asks the worker to roll back between chunks
 * and waits for that, so nothing of the import is left afterwards.
 *
 * Jobs live in memory in main (a Map by random id) and are dropped an hour after last use.
 */
import { randomBytes } from 'node:crypto';
import type {
  ImportBatch,
  ImportEncoding,
  ImportField,
  ImportJob,
  ImportPhase,
  ImportPreset,
  ImportPreview,
} from '../../../src-shared/domain/imports';
import { type ColumnMapping, IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../../src-shared/domain/imports';
import type { Page } from '../../../src-shared/domain/records';
import { AppError } from '../../../src-shared/errors';
import { nowInstant, timeZoneOf } from '../../../src-shared/validation/dates';
import type { Archive } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import { DEFER_ABOVE, type VehicleChanges } from '../invitations/vehicle-changes';
import { sniffKind, XLS_MESSAGE } from './file-kind';
import { type Outcome, runImportWorker, type WorkerRun } from './import-worker-client';
import type { ArchiveAccess, CheckedOutcome } from './import-worker-protocol';

export interface ImportsOptions {
  /** Rows per chunk (checking, planning, writing); the worker posts progress after each. */
  chunkSize?: number;
  /** How long an untouched job is kept. */
  jobTtlMs?: number;
  /**
   * Test-only hook: wait this long between commit chunks, so a test can kill the process in the
   * middle of the commit. Defaults to the CLERKDESK_TEST_PAUSE_COMMIT_MS environment variable.
   */
  commitPauseMs?: number;
  /** Told, after the commit, which vehicles the import wrote (service summary, 回厂). */
  vehicleChanges?: VehicleChanges;
  /** Data rows one file may hold (default IMPORT_ROW_LIMIT, 200,000). */
  rowLimit?: number;
}

const DEFAULT_CHUNK = 2000;
const JOB_TTL_MS = 60 * 60 * 1000;
const MAX_JOBS = 20;

const PHASE_LABEL: Record<ImportPhase, string> = {
  reading: '读取中',
  checking: '检查中',
  ready: '待确认',
  committing: '写入中',
  done: '已完成',
  cancelled: '已取消',
  failed: '失败',
};

interface Job {
  id: string;
  fileName: string;
  phase: ImportPhase;
  done: number;
  total: number;
  preview: ImportPreview | null;
  result: ImportResult | null;
  error: string | null;
  touchedAt: number;
  cancelRequested: boolean;
  /** The file's bytes (after checking), for the refused-rows file. */
  original: Uint8Array;
  sha256: string;
  checked: CheckedOutcome | null;
  /** The accepted rows as the worker serialised them, handed to the commit's worker. */
  accepted: ArrayBuffer | null;
  worker: WorkerRun | null;
  commit: Promise<void> | null;
  /** The commit waits for another import's write (see ImportJob.waitingFor); `startedMs` is Date.now() then. */
  waiting: { since: string; startedMs: number } | null;
}

type ImportResult = NonNullable<ImportJob['result']>;

/**
 * What a PostgreSQL server's answer means for the clerk (SQLSTATE classes, or the socket's code),
 * or null for a code that is a fault of ours.
 */
function serverFailure(code: string, done: string): string | null {
  if (code === '25006' || code === '42501')
    return `${done}共享档案库不允许写入（数据库用户没有写入权限，或服务器处于只读状态）。请联系管理员检查服务器和账号权限后重试。`;
  if (code === '53100' || code.startsWith('53'))
    return `${done}档案库服务器磁盘已满或资源不足，无法写入。请联系管理员腾出服务器的磁盘空间后重试。`;
  if (code === '40P01' || code === '40001' || code === '55P03' || code === '57014')
    return `${done}另一台电脑正在写入同样的记录，本次导入没能完成。请稍后重试。`;
  if (code === '23505')
    return `${done}另一台电脑同时录入了相同的工单号或客户/车辆信息。请重新选择文件导入（会按最新的档案重新检查）。`;
  if (/^(08|57P)/.test(code) || /^E(CONNRESET|CONNREFUSED|TIMEDOUT|PIPE|NOTFOUND|AI_AGAIN|HOSTUNREACH)$/.test(code))
    return `${done}与共享档案库服务器的连接中断了。请检查网络和服务器后重试。`;
  if (code === 'XX001' || code === 'XX002')
    return `${done}共享档案库服务器上的数据已损坏。请联系管理员从备份恢复后再导入。`;
  return null;
}

/** What went wrong, for the clerk: SQLite's (or the server's) codes say whether retrying can help. */
function failureMessage(code: string, writing: boolean, detail: string): string {
  const done = writing ? '导入已撤回，档案未被修改。' : '';
  if (code === 'OUT_OF_MEMORY')
    return `${done}文件太大，读取时内存不足，未导入任何内容。请把文件拆分成几个较小的文件（或在 DMS 中按较短的日期范围导出）后分别导入。`;
  const server = serverFailure(code, done);
  if (server) return server;
  // Not the file, not the disk: a fault of ours, for the log.
  if (!code.startsWith('SQLITE_')) console.error('[imports]', detail);
  if (code.startsWith('SQLITE_READONLY'))
    return `${done}档案库是只读的（文件或所在文件夹没有写入权限，或以只读方式打开），无法写入。请检查档案库文件的权限后重试。`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return `${done}档案库正被另一个程序写入。请稍后重试，或关闭另一个 ClerkDesk 窗口/命令行。`;
  if (code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_IOERR'))
    return `${done}磁盘已满或无法写入档案库文件。请腾出磁盘空间或检查磁盘后重试。`;
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
    return `${done}档案库文件已损坏。请从备份恢复后再导入。`;
  return `${done || '文件没有读完，档案未被修改。'}请重试；如反复出现，请联系管理员并提供日志。`;
}

function outcomeMessage(outcome: Outcome, writing: boolean): string {
  if (outcome.type !== 'failed') return failureMessage('', writing, `unexpected worker answer: ${outcome.type}`);
  if ('app' in outcome) return outcome.app.message;
  return failureMessage(outcome.code, writing, outcome.message);
}

export class ImportsService {
  private readonly jobs = new Map<string, Job>();
  private readonly chunkSize: number;
  private readonly jobTtlMs: number;
  private readonly commitPauseMs: number | undefined;
  private readonly vehicleChanges: VehicleChanges | null;
  private readonly rowLimit: number | undefined;

  constructor(
    private readonly archive: Archive,
    private readonly clock: Clock,
    options: ImportsOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    this.jobTtlMs = options.jobTtlMs ?? JOB_TTL_MS;
    this.commitPauseMs = options.commitPauseMs;
    this.vehicleChanges = options.vehicleChanges ?? null;
    this.rowLimit = options.rowLimit;
  }

  private pauseMs(): number {
    if (this.commitPauseMs !== undefined) return this.commitPauseMs;
    const env = Number(process.env.CLERKDESK_TEST_PAUSE_COMMIT_MS ?? 0);
    return Number.isFinite(env) && env > 0 ? env : 0;
  }

  /** How the worker opens the archive: the same file, mode and page limit as the host's connection, or the same server. */
  private access(): ArchiveAccess {
    const sqlite = this.archive.sqlite;
    if (!sqlite)
      return {
        path: this.archive.path,
        url: this.archive.url ?? null,
        readonly: false,
        nativeBinding: null,
        maxPageCount: null,
        timeZone: timeZoneOf(this.clock.now()),
      };
    return {
      path: this.archive.path,
      url: null,
      readonly: sqlite.readonly,
      nativeBinding: this.archive.nativeBinding ?? null,
      maxPageCount: Number(sqlite.pragma('max_page_count', { simple: true })),
      timeZone: timeZoneOf(this.clock.now()),
    };
  }

  // ---- jobs ----

  /** Drops jobs untouched for an hour (never one that is writing). */
  private sweep(): void {
    const now = Date.now();
    for (const job of this.jobs.values())
      if (job.phase !== 'committing' && now - job.touchedAt > this.jobTtlMs) this.drop(job);
  }

  private drop(job: Job): void {
    this.jobs.delete(job.id);
    if (job.phase === 'reading' || job.phase === 'checking') {
      job.cancelRequested = true;
      job.worker?.abandon();
    }
  }

  /** Room for one more job: the least recently used idle ones go first. */
  private makeRoom(): void {
    this.sweep();
    if (this.jobs.size < MAX_JOBS) return;
    const idle = [...this.jobs.values()]
      .filter((j) => j.phase !== 'committing')
      .sort((a, b) => a.touchedAt - b.touchedAt);
    for (const job of idle.slice(0, this.jobs.size - MAX_JOBS + 1)) this.drop(job);
  }

  private job(jobId: string): Job {
    this.sweep();
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', '找不到这个导入任务（超过 1 小时未操作会被清理）。请重新选择文件导入。');
    job.touchedAt = Date.now();
    return job;
  }

  private snapshot(job: Job): ImportJob {
    return {
      jobId: job.id,
      fileName: job.fileName,
      phase: job.phase,
      done: job.done,
      total: job.total,
      preview: job.preview,
      result: job.result,
      error: job.error,
      waitingFor: job.waiting
        ? { since: job.waiting.since, seconds: Math.max(0, Math.floor((Date.now() - job.waiting.startedMs) / 1000)) }
        : null,
    };
  }

  /** Drops what only a commit or the rejected-rows file needs once neither can happen any more. */
  private release(job: Job, keepTable: boolean): void {
    job.accepted = null;
    if (!keepTable) {
      job.checked = null;
      job.original = new Uint8Array(0);
    }
  }

  async start(
    input: { fileName: string; contentBase64: string; presetName?: string | undefined; mapping?: ColumnMapping },
    _ctx: CallContext,
  ): Promise<ImportJob> {
    this.makeRoom();
    // Only the first bytes are looked at here: decoding, hashing and reading happen in the worker.
    const head = input.contentBase64.slice(0, 64).replace(/\s+/g, '');
    if (head === '' && input.contentBase64.trim() === '')
      throw AppError.validation('contentBase64', '文件内容', '文件是空的，请重新从 DMS 导出。');
    if (sniffKind(Buffer.from(head.slice(0, 8), 'base64')) === 'xls')
      throw AppError.validation('contentBase64', '文件内容', XLS_MESSAGE);
    let preset: Record<string, ImportField> | null = null;
    const presetName = input.presetName?.trim();
    if (presetName) {
      preset = (await this.presets()).find((p) => p.name === presetName)?.columns ?? null;
      if (!preset)
        throw AppError.validation(
          'presetName',
          '对应方案',
          `找不到“${presetName}”。请从已保存的方案中选择，或不用方案直接导入。`,
        );
    }
    const job: Job = {
      id: randomBytes(18).toString('base64url'),
      fileName: input.fileName,
      phase: 'reading',
      done: 0,
      total: 0,
      preview: null,
      result: null,
      error: null,
      touchedAt: Date.now(),
      cancelRequested: false,
      original: new Uint8Array(0),
      sha256: '',
      checked: null,
      accepted: null,
      worker: null,
      commit: null,
      waiting: null,
    };
    this.jobs.set(job.id, job);
    void this.check(job, input.contentBase64, preset, input.mapping);
    return this.snapshot(job);
  }

  private async alreadyImported(sha256: string): Promise<ImportPreview['alreadyImported']> {
    const row = await this.archive.db
      .selectFrom('import_batch')
      .select(['id', 'at', 'user_name'])
      .where('sha256', '=', sha256)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { at: row.at, by: row.user_name, batchId: row.id } : null;
  }

  /** Reading and checking, in the worker: every row through the archive's rules, then planned against the archive. */
  private async check(
    job: Job,
    contentBase64: string,
    preset: Record<string, ImportField> | null,
    overrides: ColumnMapping | undefined,
  ): Promise<void> {
    const run = runImportWorker(
      {
        task: 'check',
        archive: this.access(),
        contentBase64,
        preset,
        mapping: overrides,
        rowLimit: this.rowLimit,
        chunkSize: this.chunkSize,
        at: nowInstant(this.clock.now()),
      },
      (progress) => {
        if (job.cancelRequested || progress.phase === 'committing' || progress.phase === 'waiting') return;
        job.phase = progress.phase;
        job.done = progress.done;
        job.total = progress.total;
      },
    );
    job.worker = run;
    const outcome = await run.outcome;
    job.worker = null;
    if (job.cancelRequested) return;
    if (outcome.type !== 'checked') {
      job.phase = 'failed';
      job.error = outcomeMessage(outcome, false);
      this.release(job, false);
      return;
    }
    const checked = outcome.outcome;
    let alreadyImported: ImportPreview['alreadyImported'];
    try {
      alreadyImported = await this.alreadyImported(outcome.sha256);
    } catch (error) {
      job.phase = 'failed';
      job.error = failureMessage(String((error as { code?: unknown })?.code ?? ''), false, String(error));
      this.release(job, false);
      return;
    }
    if (job.cancelRequested) return;
    job.original = new Uint8Array(outcome.original);
    job.sha256 = outcome.sha256;
    job.accepted = outcome.accepted;
    job.checked = checked;
    job.preview = {
      fileName: job.fileName,
      sha256: job.sha256,
      encoding: checked.encoding,
      sheet: checked.sheet,
      headerLine: checked.header.line,
      headers: checked.headers,
      mapping: checked.mapping,
      missingRequired: checked.missingRequired,
      counts: checked.counts,
      rejected: checked.rejected,
      flags: checked.flags,
      alreadyImported,
    };
    job.phase = 'ready';
  }

  getJob(jobId: string): ImportJob {
    return this.snapshot(this.job(jobId));
  }

  // ---- commit ----

  async commit(jobId: string, ctx: CallContext): Promise<ImportJob> {
    const job = this.job(jobId);
    if (job.phase === 'committing' || job.phase === 'done') return this.snapshot(job);
    if (job.phase !== 'ready' || !job.preview)
      throw new AppError(
        'CONFLICT',
        `导入任务当前为“${PHASE_LABEL[job.phase]}”，只能在检查完成、显示预览后确认导入。${job.phase === 'reading' || job.phase === 'checking' ? '请稍候。' : '请重新选择文件导入。'}`,
      );
    if (job.preview.missingRequired.length > 0)
      throw new AppError(
        'VALIDATION',
        `缺少必需的列：${missingText(job.preview.missingRequired)}。请在列对应中选择这些列后重新检查，再确认导入。`,
      );
    const counts = job.preview.counts;
    job.phase = 'committing';
    job.done = 0;
    job.total = counts.new + counts.changed + counts.unchanged;
    job.commit = this.write(job, job.preview, ctx);
    return this.snapshot(job);
  }

  private async write(job: Job, preview: ImportPreview, ctx: CallContext): Promise<void> {
    const accepted = job.accepted ?? new ArrayBuffer(0);
    job.accepted = null;
    try {
      const run = runImportWorker(
        {
          task: 'commit',
          archive: this.access(),
          accepted,
          request: {
            fileName: job.fileName,
            sha256: job.sha256,
            encoding: preview.encoding,
            sheet: preview.sheet,
            counts: {
              rows: preview.counts.rows,
              duplicates: preview.counts.duplicates,
              rejected: preview.counts.rejected,
            },
            rejected: preview.rejected,
            at: nowInstant(this.clock.now()),
            door: ctx.door,
            user: ctx.session.user,
            chunkSize: this.chunkSize,
            pauseMs: this.pauseMs(),
            recordVehicleChanges: this.vehicleChanges !== null,
          },
        },
        (progress) => {
          if (progress.phase === 'waiting') {
            job.waiting ??= { since: nowInstant(this.clock.now()), startedMs: Date.now() };
          } else if (progress.phase === 'committing') {
            job.waiting = null;
            job.done = progress.done;
          }
        },
        [accepted],
      );
      job.worker = run;
      if (job.cancelRequested) run.requestCancel();
      const outcome = await run.outcome;
      job.worker = null;
      if (outcome.type === 'committed') {
        // Derived data of the touched vehicles: refreshed now for an everyday import, in the
        // background (small transactions, reads catch up first) for a big one.
        const refresh = this.vehicleChanges?.catchUp().catch((error: unknown) => console.error('[imports]', error));
        if (outcome.touchedVehicles <= DEFER_ABOVE) await refresh;
        job.result = outcome.result;
        job.phase = 'done';
        this.release(job, true);
      } else if (outcome.type === 'cancelled') {
        job.phase = 'cancelled';
        this.release(job, false);
      } else {
        job.phase = 'failed';
        job.error = outcomeMessage(outcome, true);
        this.release(job, false);
      }
    } finally {
      job.commit = null;
      job.waiting = null;
    }
  }

  /** Stops a job; during the commit this waits for the rollback, so nothing of it is left afterwards. */
  async cancel(jobId: string): Promise<ImportJob> {
    const job = this.job(jobId);
    if (job.phase === 'committing') {
      job.cancelRequested = true;
      job.worker?.requestCancel();
      await job.commit;
      return this.snapshot(job);
    }
    if (job.phase === 'reading' || job.phase === 'checking' || job.phase === 'ready') {
      job.cancelRequested = true;
      job.phase = 'cancelled';
      job.worker?.abandon();
      this.release(job, false);
    }
    return this.snapshot(job);
  }

  // ---- the rejected rows, history, presets ----

  async rejectedFile(jobId: string): Promise<{ fileName: string; contentBase64: string; rows: number }> {
    const job = this.job(jobId);
    if (job.phase === 'reading' || job.phase === 'checking')
      throw new AppError('CONFLICT', '文件还在检查中，请等检查完成后再下载被拒绝的行。');
    const checked = job.checked;
    if (!checked || job.original.length === 0)
      throw new AppError('NOT_FOUND', '这个导入任务已没有文件内容（已取消或失败）。请重新选择文件导入。');
    // An XLSX is streamed once more to pick the refused rows: in a worker, like the reading.
    const outcome = await runImportWorker(
      {
        task: 'rejected',
        fileName: job.fileName,
        original: job.original,
        encoding: checked.encoding,
        sheet: checked.sheet,
        newline: checked.newline,
        header: checked.header,
        rows: checked.rejectedRows,
      },
      () => {},
    ).outcome;
    if (outcome.type !== 'rejectedFile') throw new AppError('INTERNAL', outcomeMessage(outcome, false));
    return {
      fileName: outcome.fileName,
      contentBase64: Buffer.from(outcome.content).toString('base64'),
      rows: outcome.rows,
    };
  }

  async history(page: number, pageSize: number): Promise<Page<ImportBatch>> {
    const db = this.archive.db;
    const [rows, total] = await Promise.all([
      db
        .selectFrom('import_batch')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      db
        .selectFrom('import_batch')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((r) => ({
        id: r.id,
        fileName: r.file_name,
        sha256: r.sha256,
        encoding: r.encoding as ImportEncoding,
        rows: r.rows,
        imported: r.imported,
        updated: r.updated,
        unchanged: r.unchanged,
        duplicates: r.duplicates,
        rejected: r.rejected,
        at: r.at,
        by: r.user_name,
      })),
      total: Number(total.n),
      page,
      pageSize,
    };
  }

  async presets(): Promise<ImportPreset[]> {
    const rows = await this.archive.db.selectFrom('import_preset').selectAll().orderBy('name').execute();
    return rows.map((r) => ({
      name: r.name,
      columns: JSON.parse(r.columns_json) as Record<string, ImportField>,
      updatedAt: r.updated_at,
    }));
  }

  /** Stores the job's mapping as header text → field, so it still fits when the DMS moves columns. */
  async savePreset(input: { name: string; jobId: string }, ctx: CallContext): Promise<ImportPreset> {
    const job = this.job(input.jobId);
    const preview = job.preview;
    if (!preview) throw new AppError('CONFLICT', '文件还没有检查完成，列对应尚未确定。请等预览出现后再保存方案。');
    const columns: Record<string, ImportField> = {};
    for (const field of IMPORT_FIELDS) {
      const index = preview.mapping[field];
      const header = index === null || index === undefined ? '' : (preview.headers[index] ?? '');
      if (header !== '') columns[header] = field;
    }
    if (Object.keys(columns).length === 0)
      throw AppError.validation('jobId', '导入任务', '当前没有任何列对应，无法保存方案。请先选择列对应。');
    const at = nowInstant(this.clock.now());
    const json = JSON.stringify(columns);
    await this.archive.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('import_preset')
        .selectAll()
        .where('name', '=', input.name)
        .executeTakeFirst();
      const saved = await trx
        .insertInto('import_preset')
        .values({ name: input.name, columns_json: json, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ columns_json: json, updated_at: at }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, at, {
        action: before ? 'importPreset.update' : 'importPreset.create',
        entity: 'import_preset',
        entityId: saved.id,
        ...(before ? { before: { name: before.name, columns: JSON.parse(before.columns_json) } } : {}),
        after: { name: input.name, columns },
      });
    });
    return { name: input.name, columns, updatedAt: at };
  }
}

export function missingText(fields: readonly ImportField[]): string {
  const hasPlate = fields.includes('plate') && fields.includes('vin');
  const names = fields.filter((f) => f !== 'plate' && f !== 'vin').map((f) => IMPORT_FIELD_LABELS[f]);
  if (hasPlate) names.push(`${IMPORT_FIELD_LABELS.plate}或${IMPORT_FIELD_LABELS.vin}（至少一个）`);
  return names.join('、');
}
