import type { Selectable } from 'kysely';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type {
  DailyReportFigures,
  DailyReportJson,
  DailyReportSnapshot,
  DailyReportView,
  PaperEntry,
  ReportCheck,
  ReportStatus,
  ReportVersionSummary,
  Signature,
} from '../../../src-shared/domain/daily-report';
import { USER_ROLE_LABELS, type UserRole } from '../../../src-shared/domain/enums';
import { EARLIEST_RECONCILIATION_DAY, type ReconciliationSummary } from '../../../src-shared/domain/reconciliation';
import { AppError } from '../../../src-shared/errors';
import { dateOf, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { lockForTransaction } from '../../db/dialect';
import type { DailyReportVersionTable } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import type { ReconciliationService } from '../reconciliation/reconciliation.service';
import { type Accounts, pinRefusal } from '../system/accounts';
import { buildChecks } from './checks';
import { buildFigures, dayRos, toPaperEntry } from './figures';
import { fingerprintOf } from './fingerprint';

/** Days before the archive's first RO are refused; an empty archive starts here. */
export const EARLIEST_REPORT_DAY = '2000-01-01';
const VERSION_ENTITY = 'daily_report_version';
const PAPER_ENTITY = 'daily_report_paper_entry';

type VersionRow = Selectable<DailyReportVersionTable>;

/** The day's report built from the archive now. */
interface Built {
  figures: DailyReportFigures;
  checks: ReportCheck[];
  fingerprint: string;
  paper: PaperEntry[];
}

/** What the export (XLSX, PDF, print) needs of one report. */
export interface ReportForPrint {
  date: string;
  version: number;
  status: ReportStatus;
  reason: string;
  figures: DailyReportFigures;
  checks: ReportCheck[];
  confirmed: { by: string; at: string } | null;
  signature: Signature | null;
}

function actorOf(ctx: CallContext): { userId: number | null; name: string } {
  const user = ctx.session.user;
  return { userId: user?.id ?? null, name: user ? user.name : ctx.door === 'cli' ? 'cli' : 'system' };
}

function blockingOf(checks: ReportCheck[]): ReportCheck[] {
  return checks.filter((c) => c.severity === 'block');
}

function minute(instant: string): string {
  return instant.slice(0, 16).replace('T', ' ');
}

/**
 * Every change to a day's report takes the day's lock first: two counters confirming, signing or
 * correcting the same day take turns, and the second sees what the first did (already signed, a
 * version already made) instead of writing over it.
 */
function lockDay(trx: Db, date: string): Promise<void> {
  return lockForTransaction(trx, `daily_report:${date}`);
}

/**
 * The same lock for several days, taken by a write to what the reports of those days count (an
 * RO): it waits for a confirm or sign of any of them under way, and one starting meanwhile waits
 * for it, so a signature never freezes figures the write changes halfway. In date order and before
 * any row is locked, so two writers that need some of the same days never wait on each other in a
 * circle (the day's own report operations lock no RO rows).
 */
export async function lockReportDays(trx: Db, dates: Iterable<string>): Promise<void> {
  for (const date of [...new Set(dates)].sort()) await lockDay(trx, date);
}

function signedConflict(date: string, version: number): AppError {
  return new AppError(
    'CONFLICT',
    `${date} 的日报第 ${version} 版已签字，已签字的日报不能修改，请先点“更正”（会生成新版本，需重新签字）。`,
  );
}

function blockedConflict(blocking: ReportCheck[], what: string): AppError {
  const shown = blocking
    .slice(0, 3)
    .map((c) => c.message)
    .join('；');
  return new AppError(
    'CONFLICT',
    `还有 ${blocking.length} 个问题要先处理，才能${what}：${shown}${blocking.length > 3 ? ' 等' : ''}`,
    { checks: blocking.map((c) => ({ kind: c.kind, roNumber: c.roNumber })) },
  );
}

function snapshotOf(row: VersionRow): DailyReportSnapshot {
  return JSON.parse(row.snapshot_json!) as DailyReportSnapshot;
}

/**
 * The daily report (日报): figures built from the archive and the paper entries, the tally
 * (核对) and its findings, confirmation by the clerk, the service manager's signature with their
 * PIN (frozen as a snapshot), corrections as new versions.
 *
 * Every write goes through one transaction with its audit entry; reads inside a transaction use
 * the transaction's handle (the archive has one connection).
 */
export class DailyReportService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly reconciliation: ReconciliationService,
    /** PIN limits and lockout for the manager's signature (the same as at login). */
    readonly accounts: Accounts,
  ) {}

  // ---- reading ----

  /** The archive's earliest opened_at (null when it holds no RO): an index lookup. */
  private async firstOpened(db: Db): Promise<string | null> {
    const first = await db
      .selectFrom('repair_order')
      .select((eb) => eb.fn.min('opened_at').as('first'))
      .executeTakeFirst();
    return (first?.first as string | null | undefined) ?? null;
  }

  /** Refuses dates after today and before the archive's first RO; gives the first RO's opened_at. */
  private async checkDate(db: Db, date: string): Promise<string | null> {
    const today = todayDate(this.clock.now());
    if (date > today)
      throw AppError.validation('date', '日期', `不能查看未来的日报（今天是 ${today}），请选择今天或以前的日期`);
    const firstAt = await this.firstOpened(db);
    const firstDay = firstAt === null ? EARLIEST_REPORT_DAY : dateOf(firstAt);
    if (date < firstDay)
      throw AppError.validation(
        'date',
        '日期',
        firstAt === null
          ? `日期太早，请选择 ${EARLIEST_REPORT_DAY} 到 ${today} 之间的日期`
          : `档案里最早的修理单是 ${firstDay} 进厂的，${date} 在这之前，没有日报。请选择 ${firstDay} 到 ${today} 之间的日期`,
      );
    return firstAt;
  }

  private async reconciliationSummary(db: Db, date: string): Promise<ReconciliationSummary> {
    if (date < EARLIEST_RECONCILIATION_DAY)
      return {
        date,
        inArchive: 0,
        ticked: 0,
        missingOnPaper: 0,
        missingInArchive: 0,
        statusMismatch: 0,
        unresolved: 0,
        completedAt: null,
        completedBy: null,
      };
    return (await this.reconciliation.getDay(date, db)).summary;
  }

  private async paperEntries(db: Db, date: string): Promise<PaperEntry[]> {
    const rows = await db
      .selectFrom('daily_report_paper_entry')
      .selectAll()
      .where('day', '=', date)
      .orderBy('ro_number')
      .execute();
    return rows.map(toPaperEntry);
  }

  private async build(db: Db, date: string, firstOpened?: string | null): Promise<Built> {
    const first = firstOpened === undefined ? await this.firstOpened(db) : firstOpened;
    const [ros, paper, reconciliation] = await Promise.all([
      dayRos(db, date, first),
      this.paperEntries(db, date),
      this.reconciliationSummary(db, date),
    ]);
    const figures = buildFigures(date, ros, paper, reconciliation);
    const checks = await buildChecks(db, date, ros, paper, figures);
    return { figures, checks, fingerprint: fingerprintOf(figures), paper };
  }

  /** Newest first. */
  private versionRows(db: Db, date: string): Promise<VersionRow[]> {
    return db
      .selectFrom('daily_report_version')
      .selectAll()
      .where('day', '=', date)
      .orderBy('version', 'desc')
      .execute();
  }

  private async latest(db: Db, date: string): Promise<VersionRow | undefined> {
    return (await this.versionRows(db, date))[0];
  }

  private async view(db: Db, date: string): Promise<DailyReportView> {
    const first = await this.checkDate(db, date);
    const [built, rows] = await Promise.all([this.build(db, date, first), this.versionRows(db, date)]);
    const latest = rows[0];
    const snapshots = new Map<number, DailyReportSnapshot>();
    for (const row of rows) if (row.status === 'signed') snapshots.set(row.version, snapshotOf(row));
    const versions: ReportVersionSummary[] = rows.map((row) => ({
      version: row.version,
      status: row.status as ReportStatus,
      reason: row.reason,
      createdAt: row.created_at,
      createdBy: row.created_by,
      confirmedBy: row.confirmed_by,
      confirmedAt: row.confirmed_at,
      signedBy: row.signed_by,
      signedAt: row.signed_at,
      totals: snapshots.get(row.version)?.figures.totals ?? null,
    }));
    const lastSigned = rows.find((row) => row.status === 'signed');
    const signed = lastSigned ? snapshots.get(lastSigned.version)!.signature : null;
    const status = (latest?.status ?? 'draft') as ReportStatus;
    const snapshot = latest && status === 'signed' ? snapshots.get(latest.version)! : null;
    const figures = snapshot ? snapshot.figures : built.figures;
    const checks = snapshot ? snapshot.checks : built.checks;
    const fingerprint = snapshot ? snapshot.fingerprint : built.fingerprint;
    return {
      date,
      version: latest?.version ?? 1,
      status,
      reason: latest?.reason ?? '',
      figures,
      checks,
      blocking: blockingOf(checks).length,
      fingerprint,
      confirmed:
        latest && status !== 'draft' && latest.confirmed_by !== null && latest.confirmed_at !== null
          ? { by: latest.confirmed_by, at: latest.confirmed_at }
          : null,
      confirmedStale: status === 'ready' && latest?.confirmed_fingerprint !== built.fingerprint,
      signed,
      liveDiffers: snapshot !== null && snapshot.fingerprint !== built.fingerprint,
      versions,
      paperEntries: built.paper,
    };
  }

  get(date: string): Promise<DailyReportView> {
    return this.view(this.db, date);
  }

  /** One version exactly as signed. */
  async version(date: string, version: number): Promise<DailyReportSnapshot> {
    const row = await this.db
      .selectFrom('daily_report_version')
      .selectAll()
      .where('day', '=', date)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `${date} 没有第 ${version} 版日报，请从版本列表里选择要看的版本。`);
    if (row.status !== 'signed')
      throw new AppError(
        'NOT_FOUND',
        `${date} 的第 ${version} 版日报还没有签字，没有冻结的快照可看。请打开当天的日报查看当前内容。`,
      );
    return snapshotOf(row);
  }

  /** For the export helper: a given version → that signed snapshot; else the report as it stands. */
  async reportForPrint(date: string, version?: number): Promise<ReportForPrint> {
    if (version !== undefined) {
      const s = await this.version(date, version);
      return {
        date,
        version: s.version,
        status: 'signed',
        reason: s.reason,
        figures: s.figures,
        checks: s.checks,
        confirmed: { by: s.confirmedBy, at: s.confirmedAt },
        signature: s.signature,
      };
    }
    const v = await this.get(date);
    return {
      date,
      version: v.version,
      status: v.status,
      reason: v.reason,
      figures: v.figures,
      checks: v.checks,
      confirmed: v.confirmed,
      signature: v.status === 'signed' ? v.signed : null,
    };
  }

  /** What `cli daily-report --format json` prints: a signed latest version gives its snapshot's figures. */
  async json(date: string): Promise<DailyReportJson> {
    const v = await this.get(date);
    const f = v.figures;
    return {
      date,
      status: v.status,
      version: v.version,
      opened: f.opened,
      delivered: f.delivered,
      inRepair: f.inRepair,
      completed: f.completed,
      settled: f.settled,
      firstService: f.firstService,
      comebacks: f.comebacks,
      byAdvisor: f.byAdvisor,
      byType: f.byType,
      totals: f.totals,
      signed: v.signed ? { by: v.signed.by, at: v.signed.at, version: v.signed.version } : null,
      checks: v.checks,
    };
  }

  // ---- writing ----

  private async insertVersion(
    trx: Db,
    date: string,
    version: number,
    reason: string,
    at: string,
    ctx: CallContext,
  ): Promise<VersionRow> {
    return trx
      .insertInto('daily_report_version')
      .values({
        day: date,
        version,
        reason,
        status: 'draft',
        created_at: at,
        created_by: actorOf(ctx).name,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The latest version for a change that is refused once signed (version 1 is made on the first change). */
  private async editableVersion(trx: Db, date: string, at: string, ctx: CallContext): Promise<VersionRow> {
    const latest = await this.latest(trx, date);
    if (latest?.status === 'signed') throw signedConflict(date, latest.version);
    return latest ?? this.insertVersion(trx, date, 1, '', at, ctx);
  }

  async confirm(input: ParsedInputOf<'dailyReport.confirm'>, ctx: CallContext): Promise<DailyReportView> {
    await this.checkDate(this.db, input.date);
    const at = nowInstant(this.clock.now());
    const actor = actorOf(ctx);
    await this.db.transaction().execute(async (trx) => {
      await lockDay(trx, input.date);
      const latest = await this.latest(trx, input.date);
      if (latest?.status === 'signed') throw signedConflict(input.date, latest.version);
      const built = await this.build(trx, input.date);
      const blocking = blockingOf(built.checks);
      if (blocking.length > 0) throw blockedConflict(blocking, '核对确认');
      if (input.fingerprint !== built.fingerprint)
        throw new AppError('CONFLICT', '日报内容在你查看之后有变化，请刷新后重新核对');
      const row = latest ?? (await this.insertVersion(trx, input.date, 1, '', at, ctx));
      await trx
        .updateTable('daily_report_version')
        .set({
          status: 'ready',
          confirmed_at: at,
          confirmed_by_user_id: actor.userId,
          confirmed_by: actor.name,
          confirmed_fingerprint: built.fingerprint,
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'dailyReport.confirm',
        entity: VERSION_ENTITY,
        entityId: row.id,
        before: { date: input.date, version: row.version, status: row.status },
        after: {
          date: input.date,
          version: row.version,
          status: 'ready',
          fingerprint: built.fingerprint,
          totals: built.figures.totals,
        },
      });
    });
    return this.get(input.date);
  }

  async unconfirm(input: ParsedInputOf<'dailyReport.unconfirm'>, ctx: CallContext): Promise<DailyReportView> {
    await this.checkDate(this.db, input.date);
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await lockDay(trx, input.date);
      const latest = await this.latest(trx, input.date);
      if (latest?.status === 'signed') throw signedConflict(input.date, latest.version);
      if (latest?.status !== 'ready')
        throw new AppError('CONFLICT', `${input.date} 的日报还没有核对确认，不需要撤回。`);
      await trx
        .updateTable('daily_report_version')
        .set({
          status: 'draft',
          confirmed_at: null,
          confirmed_by_user_id: null,
          confirmed_by: null,
          confirmed_fingerprint: null,
          updated_at: at,
        })
        .where('id', '=', latest.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'dailyReport.unconfirm',
        entity: VERSION_ENTITY,
        entityId: latest.id,
        before: {
          date: input.date,
          version: latest.version,
          status: 'ready',
          confirmedBy: latest.confirmed_by,
          confirmedAt: latest.confirmed_at,
        },
        after: { date: input.date, version: latest.version, status: 'draft' },
      });
    });
    return this.get(input.date);
  }

  /** Why the report cannot be signed now (already signed, not confirmed, changed since), or null. */
  private async signState(db: Db, input: ParsedInputOf<'dailyReport.sign'>): Promise<AppError | null> {
    const latest = await this.latest(db, input.date);
    if (latest?.status === 'signed')
      return new AppError(
        'CONFLICT',
        `${input.date} 的日报第 ${latest.version} 版已经由 ${latest.signed_by} 于 ${minute(latest.signed_at!)} 签字，不需要再签。`,
      );
    if (latest?.status !== 'ready')
      return new AppError(
        'CONFLICT',
        `${input.date} 的日报还没有核对确认。请信息员先核对并点“核对确认”，再请服务经理签字。`,
      );
    const built = await this.build(db, input.date);
    if (latest.confirmed_fingerprint !== built.fingerprint || input.fingerprint !== built.fingerprint)
      return new AppError(
        'CONFLICT',
        '日报的数字在核对确认之后有变化，和服务经理看到的不一样了。请刷新日报，重新核对确认后再签字。',
      );
    const blocking = blockingOf(built.checks);
    return blocking.length > 0 ? blockedConflict(blocking, '签字') : null;
  }

  /**
   * The service manager signs at the counter with their own PIN; the session user stays who it is.
   * The report's state is checked before the PIN, so nobody learns whether a PIN is right from a
   * report that could not be signed anyway; the PIN is then tried under the same limits as at login
   * (wait after 3 wrong, lockout after 10). A refusal (unknown or inactive signer, not a manager,
   * wrong PIN) is written to the audit log in its own transaction before the error is thrown, so
   * the attempt stays on record.
   */
  async sign(input: ParsedInputOf<'dailyReport.sign'>, ctx: CallContext): Promise<DailyReportView> {
    await this.checkDate(this.db, input.date);
    const notNow = await this.signState(this.db, input);
    if (notNow) throw notNow;
    const at = nowInstant(this.clock.now());
    const signer = await this.db.selectFrom('app_user').selectAll().where('id', '=', input.signerId).executeTakeFirst();
    const refusal = async (trx: Db, reason: string): Promise<void> => {
      const latest = await this.latest(trx, input.date);
      await writeAudit(trx, ctx, at, {
        action: 'dailyReport.signRefused',
        entity: VERSION_ENTITY,
        entityId: latest?.id ?? null,
        after: {
          date: input.date,
          version: latest?.version ?? 1,
          signerId: input.signerId,
          signer: signer?.name ?? null,
          reason,
        },
      });
    };
    const refuse = async (reason: string, error: AppError): Promise<never> => {
      await this.db.transaction().execute((trx) => refusal(trx, reason));
      throw error;
    };
    if (!signer)
      return refuse(
        'unknown_user',
        AppError.validation('signerId', '签字人', `找不到编号为 ${input.signerId} 的用户，请重新选择签字的服务经理`),
      );
    const role = signer.role as UserRole;
    if (signer.is_active !== 1)
      return refuse(
        'inactive',
        new AppError('FORBIDDEN', `${signer.name} 的账户已停用，不能签字。请由在职的服务经理签字。`),
      );
    if (role !== 'manager')
      return refuse(
        'not_manager',
        new AppError('FORBIDDEN', `只有服务经理可以签字：${signer.name} 是 ${USER_ROLE_LABELS[role] ?? role}`),
      );
    // The refusal is recorded with the count of wrong PINs, in one transaction.
    const attempt = await this.accounts.attemptPin(signer, input.pin, ctx, 'dailyReport.sign', (trx, _n, locked) =>
      refusal(trx, locked ? 'locked' : 'wrong_pin'),
    );
    if (!attempt.ok) throw pinRefusal(attempt, signer.name, 'PIN 不对，请服务经理重新输入');

    await this.db.transaction().execute(async (trx) => {
      await lockDay(trx, input.date);
      // Again inside the write: someone may have changed the day while the PIN was checked.
      const changed = await this.signState(trx, input);
      if (changed) throw changed;
      const latest = (await this.latest(trx, input.date))!;
      const built = await this.build(trx, input.date);
      const signature: Signature = { version: latest.version, by: signer.name, byUserId: signer.id, at };
      const snapshot: DailyReportSnapshot = {
        date: input.date,
        version: latest.version,
        reason: latest.reason,
        figures: built.figures,
        checks: built.checks,
        fingerprint: built.fingerprint,
        confirmedBy: latest.confirmed_by!,
        confirmedAt: latest.confirmed_at!,
        signature,
      };
      await trx
        .updateTable('daily_report_version')
        .set({
          status: 'signed',
          signed_at: at,
          signed_by_user_id: signer.id,
          signed_by: signer.name,
          snapshot_json: JSON.stringify(snapshot),
          updated_at: at,
        })
        .where('id', '=', latest.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'dailyReport.sign',
        entity: VERSION_ENTITY,
        entityId: latest.id,
        before: { date: input.date, version: latest.version, status: 'ready' },
        after: {
          date: input.date,
          version: latest.version,
          status: 'signed',
          signer: { id: signer.id, name: signer.name },
          fingerprint: built.fingerprint,
          totals: built.figures.totals,
        },
      });
    });
    return this.get(input.date);
  }

  async startCorrection(
    input: ParsedInputOf<'dailyReport.startCorrection'>,
    ctx: CallContext,
  ): Promise<DailyReportView> {
    await this.checkDate(this.db, input.date);
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await lockDay(trx, input.date);
      const latest = await this.latest(trx, input.date);
      if (latest?.status !== 'signed')
        throw new AppError(
          'CONFLICT',
          `${input.date} 的日报${latest ? `第 ${latest.version} 版` : ''}还没有签字，直接修改即可，不需要更正。`,
        );
      const row = await this.insertVersion(trx, input.date, latest.version + 1, input.reason, at, ctx);
      await writeAudit(trx, ctx, at, {
        action: 'dailyReport.startCorrection',
        entity: VERSION_ENTITY,
        entityId: row.id,
        after: { date: input.date, version: row.version, reason: input.reason, corrects: latest.version },
      });
    });
    return this.get(input.date);
  }

  async savePaperEntry(input: ParsedInputOf<'dailyReport.savePaperEntry'>, ctx: CallContext): Promise<PaperEntry> {
    await this.checkDate(this.db, input.date);
    const at = nowInstant(this.clock.now());
    const actor = actorOf(ctx);
    const totalFen = input.totalFen ?? input.laborFen + input.partsFen;
    return this.db.transaction().execute(async (trx) => {
      await lockDay(trx, input.date);
      await this.editableVersion(trx, input.date, at, ctx);
      const inArchive = await trx
        .selectFrom('repair_order')
        .select('id')
        .where('ro_number', '=', input.roNumber)
        .executeTakeFirst();
      if (inArchive)
        throw new AppError('CONFLICT', `工单号：系统里已有工单 ${input.roNumber}，不需要纸质补录`, {
          fields: [{ path: 'roNumber', label: '工单号', message: '系统里已有这张工单' }],
        });
      let dup = trx
        .selectFrom('daily_report_paper_entry')
        .select('id')
        .where('day', '=', input.date)
        .where('ro_number', '=', input.roNumber);
      if (input.id !== undefined) dup = dup.where('id', '!=', input.id);
      if (await dup.executeTakeFirst())
        throw new AppError('CONFLICT', `工单号：${input.date} 已经补录过工单 ${input.roNumber}，请直接修改那一条`, {
          fields: [{ path: 'roNumber', label: '工单号', message: '当天已补录' }],
        });
      const values = {
        ro_number: input.roNumber,
        plate: input.plate === '' ? null : input.plate,
        customer_name: input.customerName,
        advisor_name: input.advisor,
        type: input.type,
        status: input.status,
        opened_on: input.openedOn,
        labor_fen: input.laborFen,
        parts_fen: input.partsFen,
        total_fen: totalFen,
        note: input.note,
        updated_at: at,
        updated_by: actor.name,
      };
      if (input.id !== undefined) {
        const before = await trx
          .selectFrom('daily_report_paper_entry')
          .selectAll()
          .where('id', '=', input.id)
          .where('day', '=', input.date)
          .executeTakeFirst();
        if (!before)
          throw new AppError(
            'NOT_FOUND',
            `${input.date} 没有编号为 ${input.id} 的纸质补录（可能已经删除），请刷新日报后再改。`,
          );
        const after = await trx
          .updateTable('daily_report_paper_entry')
          .set(values)
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await writeAudit(trx, ctx, at, {
          action: 'dailyReport.updatePaperEntry',
          entity: PAPER_ENTITY,
          entityId: before.id,
          before: toPaperEntry(before),
          after: toPaperEntry(after),
        });
        return toPaperEntry(after);
      }
      const row = await trx
        .insertInto('daily_report_paper_entry')
        .values({ ...values, day: input.date, created_at: at, created_by: actor.name })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, at, {
        action: 'dailyReport.addPaperEntry',
        entity: PAPER_ENTITY,
        entityId: row.id,
        after: toPaperEntry(row),
      });
      return toPaperEntry(row);
    });
  }

  async removePaperEntry(
    input: ParsedInputOf<'dailyReport.removePaperEntry'>,
    ctx: CallContext,
  ): Promise<DailyReportView> {
    await this.checkDate(this.db, input.date);
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await lockDay(trx, input.date);
      await this.editableVersion(trx, input.date, at, ctx);
      const before = await trx
        .selectFrom('daily_report_paper_entry')
        .selectAll()
        .where('id', '=', input.id)
        .where('day', '=', input.date)
        .executeTakeFirst();
      if (!before)
        throw new AppError(
          'NOT_FOUND',
          `${input.date} 没有编号为 ${input.id} 的纸质补录（可能已经删除），请刷新日报后再看。`,
        );
      await trx.deleteFrom('daily_report_paper_entry').where('id', '=', before.id).execute();
      await writeAudit(trx, ctx, at, {
        action: 'dailyReport.removePaperEntry',
        entity: PAPER_ENTITY,
        entityId: before.id,
        before: toPaperEntry(before),
      });
    });
    return this.get(input.date);
  }
}
