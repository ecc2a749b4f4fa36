/**
 * Importing repair orders from a DMS export: a job reads the file (reading), checks every row and
 * plans what it would do to the archive (checking), and waits for the clerk (ready, with the
 * preview); nothing is written until imports.commit, which writes every accepted row in one
 * transaction or nothing (committing → done). Work is done in chunks with the event loop free in
 * between, so a 100k-row file neither freezes the window nor blocks progress polling, and a cancel
 * lands between chunks (during the commit it rolls the whole transaction back).
 *
 * Jobs live in memory in main (a Map by random id) and are dropped an hour after last use.
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  ImportBatch,
  ImportCounts,
  ImportEncoding,
  ImportField,
  ImportFlag,
  ImportJob,
  ImportPhase,
  ImportPreset,
  ImportPreview,
  ImportProblem,
  ImportResult,
} from '../../../src-shared/domain/imports';
import { type ColumnMapping, IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../../src-shared/domain/imports';
import type { Page } from '../../../src-shared/domain/records';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Archive } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import type { VehicleChanges } from '../invitations/vehicle-changes';
import { type DmsTable, locateHeader, readDmsTable, sniffKind, type TableRow, XLS_MESSAGE } from './dms-table';
import { cellText } from './dms-values';
import { ImportPlanner } from './import-planner';
import {
  classifyRow,
  type FullMapping,
  type ImportRow,
  RowChecker,
  resolveMapping,
  roNumberOf,
  rowContentKey,
  rowKey,
} from './import-rows';
import { buildRejectedFile } from './rejected-file';

export interface ImportsOptions {
  /** Rows per chunk between yields to the event loop. */
  chunkSize?: number;
  /** How long an untouched job is kept. */
  jobTtlMs?: number;
  /**
   * Test-only hook: wait this long between commit chunks, so a test can kill the process in the
   * middle of the commit. Defaults to the CLERKDESK_TEST_PAUSE_COMMIT_MS environment variable.
   */
  commitPauseMs?: number;
  /** Told, inside the commit's transaction, which vehicles the import wrote (service summary, 回厂). */
  vehicleChanges?: VehicleChanges;
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
  buffer: Uint8Array;
  sha256: string;
  table: DmsTable | null;
  header: TableRow | null;
  accepted: ImportRow[];
  rejectedRows: TableRow[];
  commit: Promise<void> | null;
}

class ImportCancelled extends Error {}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1)
    throw AppError.validation('contentBase64', '文件内容', '文件内容编码损坏（不是有效的 base64），请重新选择文件。');
  return Buffer.from(compact, 'base64');
}

/** What went wrong while writing, for the clerk: SQLite's codes say whether retrying can help. */
function failureMessage(error: unknown, writing: boolean): string {
  if (error instanceof AppError) return error.message;
  const code = String((error as { code?: unknown })?.code ?? '');
  // Not the file, not the disk: a fault of ours, for the log.
  if (!code.startsWith('SQLITE_')) console.error('[imports]', error);
  const done = writing ? '导入已撤回，档案未被修改。' : '';
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

function emptyCounts(): ImportCounts {
  return { rows: 0, new: 0, changed: 0, unchanged: 0, duplicates: 0, rejected: 0 };
}

function publicMapping(mapping: FullMapping): ColumnMapping {
  const out: ColumnMapping = {};
  for (const f of IMPORT_FIELDS) if (mapping[f] !== null) out[f] = mapping[f];
  return out;
}

export class ImportsService {
  private readonly jobs = new Map<string, Job>();
  private readonly chunkSize: number;
  private readonly jobTtlMs: number;
  private readonly commitPauseMs: number | undefined;
  private readonly vehicleChanges: VehicleChanges | null;

  constructor(
    private readonly archive: Archive,
    private readonly clock: Clock,
    options: ImportsOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    this.jobTtlMs = options.jobTtlMs ?? JOB_TTL_MS;
    this.commitPauseMs = options.commitPauseMs;
    this.vehicleChanges = options.vehicleChanges ?? null;
  }

  private pauseMs(): number {
    if (this.commitPauseMs !== undefined) return this.commitPauseMs;
    const env = Number(process.env.CLERKDESK_TEST_PAUSE_COMMIT_MS ?? 0);
    return Number.isFinite(env) && env > 0 ? env : 0;
  }

  // ---- jobs ----

  /** Drops jobs untouched for an hour (never one that is writing). */
  private sweep(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs)
      if (job.phase !== 'committing' && now - job.touchedAt > this.jobTtlMs) this.jobs.delete(id);
  }

  /** Room for one more job: the least recently used idle ones go first. */
  private makeRoom(): void {
    this.sweep();
    if (this.jobs.size < MAX_JOBS) return;
    const idle = [...this.jobs.values()]
      .filter((j) => j.phase !== 'committing')
      .sort((a, b) => a.touchedAt - b.touchedAt);
    for (const job of idle.slice(0, this.jobs.size - MAX_JOBS + 1)) this.jobs.delete(job.id);
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
    };
  }

  /** Drops what only a commit or the rejected-rows file needs once neither can happen any more. */
  private release(job: Job, keepTable: boolean): void {
    job.accepted = [];
    if (!keepTable) {
      job.table = null;
      job.rejectedRows = [];
      job.buffer = new Uint8Array(0);
    }
  }

  async start(
    input: { fileName: string; contentBase64: string; presetName?: string | undefined; mapping?: ColumnMapping },
    _ctx: CallContext,
  ): Promise<ImportJob> {
    this.makeRoom();
    const buffer = decodeBase64(input.contentBase64);
    if (buffer.length === 0) throw AppError.validation('contentBase64', '文件内容', '文件是空的，请重新从 DMS 导出。');
    if (sniffKind(buffer) === 'xls') throw AppError.validation('contentBase64', '文件内容', XLS_MESSAGE);
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
      buffer,
      sha256: createHash('sha256').update(buffer).digest('hex'),
      table: null,
      header: null,
      accepted: [],
      rejectedRows: [],
      commit: null,
    };
    this.jobs.set(job.id, job);
    void this.check(job, preset, input.mapping);
    return this.snapshot(job);
  }

  private alreadyImported(sha256: string): ImportPreview['alreadyImported'] {
    const row = this.archive.sqlite
      .prepare('SELECT id, at, user_name FROM import_batch WHERE sha256 = ? ORDER BY id DESC LIMIT 1')
      .get(sha256) as { id: number; at: string; user_name: string } | undefined;
    return row ? { at: row.at, by: row.user_name, batchId: row.id } : null;
  }

  /** Reading and checking: every row through the archive's rules, then planned against the archive. */
  private async check(job: Job, preset: Record<string, ImportField> | null, overrides: ColumnMapping | undefined) {
    try {
      await yieldToLoop();
      const table = await readDmsTable(job.buffer);
      if (job.cancelRequested) return;
      const found = locateHeader(table.rows, preset ? Object.keys(preset) : []);
      const header = table.rows[found.index]!;
      const headers = header.cells.map((c) => cellText(c));
      const { mapping, missingRequired, outOfRange } = resolveMapping(headers, preset, overrides);
      const wrong = outOfRange[0];
      if (wrong)
        throw new AppError(
          'VALIDATION',
          `列对应：“${IMPORT_FIELD_LABELS[wrong.field]}”选的是第 ${wrong.index + 1} 列，但文件只有 ${headers.length} 列。请重新选择。`,
        );
      job.table = table;
      job.header = header;
      const dataRows = table.rows.slice(found.index + 1);
      job.phase = 'checking';
      job.total = dataRows.length;
      job.done = 0;

      const counts = emptyCounts();
      const problems: ImportProblem[] = [];
      const flags: ImportFlag[] = [];
      const headerKey = rowKey(header.cells);
      const planner =
        missingRequired.length === 0
          ? new ImportPlanner(this.archive.sqlite, false, nowInstant(this.clock.now()))
          : null;
      // By RO number: a second row with the same number is the same line again (counted once), the
      // same order written differently (¥1,200 and 1200: counted once), or a conflict (refused).
      const seen = new Map<string, { row: TableRow; order: ImportRow | null }>();
      const checker = new RowChecker(mapping, headers);
      const roColumn = mapping.roNumber === null ? '' : (headers[mapping.roNumber] ?? '');

      for (let start = 0; start < dataRows.length; start += this.chunkSize) {
        const chunk = dataRows.slice(start, start + this.chunkSize);
        const orders: ImportRow[] = [];
        for (const row of chunk) {
          if (classifyRow(row.cells, mapping, header.cells, headerKey) !== 'data') continue;
          counts.rows++;
          if (!planner) continue;
          const key = mapping.roNumber === null ? '' : roNumberOf(row.cells[mapping.roNumber] ?? '');
          const prior = key === '' ? undefined : seen.get(key);
          if (prior && rowKey(prior.row.cells) === rowKey(row.cells)) {
            counts.duplicates++;
            continue;
          }
          const checked = checker.check(row.cells, row.line);
          if (!checked.ok) {
            counts.rejected++;
            problems.push(...checked.problems);
            job.rejectedRows.push(row);
            if (!prior && key !== '') seen.set(key, { row, order: null });
            continue;
          }
          const order = checked.row;
          if (prior?.order) {
            if (rowContentKey(prior.order) === rowContentKey(order)) counts.duplicates++;
            else {
              counts.rejected++;
              problems.push({
                line: row.line,
                column: roColumn,
                value: order.roNumber,
                reason: `工单号 ${order.roNumber} 在本文件第 ${prior.row.line} 行已出现且内容不同：本行未导入。请核对后只保留正确的一行再导入。`,
              });
              job.rejectedRows.push(row);
            }
            continue;
          }
          seen.set(key, { row, order });
          orders.push(order);
          job.accepted.push(order);
        }
        if (planner && orders.length > 0) {
          // Holding Kysely's connection keeps another service's open transaction from interleaving.
          const planned = await this.archive.db.connection().execute(async () => planner.planChunk(orders));
          for (const p of planned) {
            counts[p.kind]++;
            for (const f of p.flags) flags.push(f);
          }
        }
        job.done = Math.min(start + chunk.length, dataRows.length);
        await yieldToLoop();
        if (job.cancelRequested) return;
      }

      job.preview = {
        fileName: job.fileName,
        sha256: job.sha256,
        encoding: table.encoding,
        sheet: table.sheet,
        headerLine: header.line,
        headers,
        mapping: publicMapping(mapping),
        missingRequired,
        counts,
        rejected: problems,
        flags,
        alreadyImported: this.alreadyImported(job.sha256),
      };
      job.phase = 'ready';
    } catch (error) {
      if (job.cancelRequested) return;
      job.phase = 'failed';
      job.error = failureMessage(error, false);
      this.release(job, false);
    }
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
    job.phase = 'committing';
    job.done = 0;
    job.total = job.accepted.length;
    job.commit = this.write(job, job.preview, ctx);
    return this.snapshot(job);
  }

  private async write(job: Job, preview: ImportPreview, ctx: CallContext): Promise<void> {
    const started = performance.now();
    const at = nowInstant(this.clock.now());
    const pause = this.pauseMs();
    try {
      const result = await this.archive.db.transaction().execute(async (trx) => {
        const planner = new ImportPlanner(this.archive.sqlite, true, at);
        const counts = { new: 0, changed: 0, unchanged: 0 };
        const flags: ImportFlag[] = [];
        const rows = job.accepted;
        for (let start = 0; start < rows.length; start += this.chunkSize) {
          if (job.cancelRequested) throw new ImportCancelled();
          const end = Math.min(start + this.chunkSize, rows.length);
          for (const planned of planner.planChunk(rows.slice(start, end))) {
            counts[planned.kind]++;
            for (const f of planned.flags) flags.push(f);
          }
          for (const entry of planner.audits.splice(0)) await writeAudit(trx, ctx, at, entry);
          job.done = end;
          await yieldToLoop();
          if (pause > 0) await sleep(pause);
        }
        if (job.cancelRequested) throw new ImportCancelled();
        // In bulk (ordered scans over the touched vehicles, IN lists of ≤ 500), not per row.
        await this.vehicleChanges?.changed(trx, planner.touchedVehicles, at);
        if (job.cancelRequested) throw new ImportCancelled();
        const user = ctx.session.user;
        const batch = await trx
          .insertInto('import_batch')
          .values({
            file_name: job.fileName,
            sha256: job.sha256,
            encoding: preview.encoding,
            sheet: preview.sheet,
            rows: preview.counts.rows,
            imported: counts.new,
            updated: counts.changed,
            unchanged: counts.unchanged,
            duplicates: preview.counts.duplicates,
            rejected: preview.counts.rejected,
            flags: flags.length,
            customers_created: planner.customersCreated,
            vehicles_created: planner.vehiclesCreated,
            user_id: user?.id ?? null,
            user_name: user?.name ?? (ctx.door === 'cli' ? '命令行' : '系统'),
            at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const result: ImportResult = {
          batchId: batch.id,
          encoding: preview.encoding,
          rows: preview.counts.rows,
          imported: counts.new,
          updated: counts.changed,
          unchanged: counts.unchanged,
          duplicates: preview.counts.duplicates,
          rejected: preview.rejected,
          flags,
          customersCreated: planner.customersCreated,
          vehiclesCreated: planner.vehiclesCreated,
          millis: 0,
        };
        const { rejected: _rejected, flags: _flags, ...summary } = result;
        await writeAudit(trx, ctx, at, {
          action: 'import.commit',
          entity: 'import_batch',
          entityId: batch.id,
          after: { fileName: job.fileName, sha256: job.sha256, ...summary, rejected: preview.counts.rejected },
        });
        return result;
      });
      result.millis = Math.round(performance.now() - started);
      job.result = result;
      job.phase = 'done';
      this.release(job, true);
    } catch (error) {
      if (error instanceof ImportCancelled) {
        job.phase = 'cancelled';
        this.release(job, false);
      } else {
        job.phase = 'failed';
        job.error = failureMessage(error, true);
        this.release(job, false);
      }
    } finally {
      job.commit = null;
    }
  }

  /** Stops a job; during the commit this waits for the rollback, so nothing of it is left afterwards. */
  async cancel(jobId: string): Promise<ImportJob> {
    const job = this.job(jobId);
    if (job.phase === 'committing') {
      job.cancelRequested = true;
      await job.commit;
      return this.snapshot(job);
    }
    if (job.phase === 'reading' || job.phase === 'checking' || job.phase === 'ready') {
      job.cancelRequested = true;
      job.phase = 'cancelled';
      this.release(job, false);
    }
    return this.snapshot(job);
  }

  // ---- the rejected rows, history, presets ----

  async rejectedFile(jobId: string): Promise<{ fileName: string; contentBase64: string; rows: number }> {
    const job = this.job(jobId);
    if (job.phase === 'reading' || job.phase === 'checking')
      throw new AppError('CONFLICT', '文件还在检查中，请等检查完成后再下载被拒绝的行。');
    if (!job.table || !job.header)
      throw new AppError('NOT_FOUND', '这个导入任务已没有文件内容（已取消或失败）。请重新选择文件导入。');
    const file = await buildRejectedFile(job.fileName, job.buffer, job.table, job.header, job.rejectedRows);
    return { fileName: file.fileName, contentBase64: file.content.toString('base64'), rows: file.rows };
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
