import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { RoStatus } from '../../../src-shared/domain/enums';
import {
  DISCREPANCY_KIND_LABELS,
  type Discrepancy,
  type DiscrepancyKind,
  EARLIEST_RECONCILIATION_DAY,
  normalizeRoNumber,
  type ReconciliationDay,
  type ReconciliationSummary,
  type ReconciliationTick,
  type TickResult,
} from '../../../src-shared/domain/reconciliation';
import { AppError } from '../../../src-shared/errors';
import { addDays, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { forUpdate } from '../../db/dialect';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';

/** What the reconciliation needs to know of an archive RO. */
interface ArchiveRo {
  id: number;
  roNumber: string;
  status: RoStatus;
  openedAt: string;
  plate: string | null;
  customerName: string | null;
}

interface DayRow {
  id: number;
  day: string;
  completed_at: string | null;
  completed_by: string | null;
  completed_summary_json: string | null;
}

const ENTITY = 'reconciliation_day';
/** Keeps IN (...) lists well under every database's parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function minute(instant: string): string {
  return instant.slice(0, 16).replace('T', ' ');
}

function actorOf(ctx: CallContext): { userId: number | null; name: string } {
  const user = ctx.session.user;
  return { userId: user?.id ?? null, name: user ? user.name : ctx.door === 'cli' ? 'cli' : 'system' };
}

function noteKey(kind: DiscrepancyKind, roNumber: string): string {
  return `${kind}\u0000${roNumber}`;
}

/**
 * Reconciliation of the archive with the paper folder, one day at a time (对单).
 *
 * The day's archive ROs are those opened that day plus those delivered or settled that day (by the
 * local date written in the instant). Discrepancies are worked out on every read from the archive
 * as it is now and the ticks, so an RO keyed in later, or a status corrected, clears its
 * discrepancy by itself; the clerk's notes are kept by RO number and kind and stay on record.
 *
 * Written with portable SQL only (ranges on ISO text, IN lists, no SQLite functions) so that a
 * PostgreSQL dialect could run it.
 */
export class ReconciliationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Refuses days the archive cannot sensibly hold: before 2000 or after today. */
  private checkDate(date: string): void {
    const today = todayDate(this.clock.now());
    if (date > today)
      throw AppError.validation('date', '日期', `不能对未来的日期对单（今天是 ${today}），请选择今天或以前的日期`);
    if (date < EARLIEST_RECONCILIATION_DAY)
      throw AppError.validation('date', '日期', `日期太早，对单日期应在 ${EARLIEST_RECONCILIATION_DAY} 之后`);
  }

  /**
   * The day's row. With `lock` (inside a change's transaction) it is locked until the change commits:
   * two counters changing the same day take turns, and the second sees the first's ticks and notes.
   */
  private async dayRow(db: Db, date: string, lock = false): Promise<DayRow | undefined> {
    const query = db
      .selectFrom('reconciliation_day')
      .select(['id', 'day', 'completed_at', 'completed_by', 'completed_summary_json'])
      .where('day', '=', date);
    return (lock ? forUpdate(db, query) : query).executeTakeFirst();
  }

  /** The day's row for a change, locked: created on the first change, refused once the day is completed. */
  private async openDay(trx: Db, date: string, at: string): Promise<DayRow> {
    let row = await this.dayRow(trx, date, true);
    if (!row) {
      // Another counter may be creating the same day at this moment: then its row is the one.
      await trx
        .insertInto('reconciliation_day')
        .values({ day: date, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('day').doNothing())
        .execute();
      row = await this.dayRow(trx, date, true);
    }
    if (!row) throw new Error(`reconciliation_day ${date} not created`);
    if (row.completed_at !== null)
      throw new AppError(
        'CONFLICT',
        `${date} 的对单已完成（${row.completed_by}，${minute(row.completed_at)}）。如需修改，请先点“重新打开对单”。`,
      );
    return row;
  }

  private archiveRos(db: Db) {
    return db
      .selectFrom('repair_order')
      .innerJoin('vehicle', 'vehicle.id', 'repair_order.vehicle_id')
      .leftJoin('customer', 'customer.id', 'repair_order.customer_id')
      .select([
        'repair_order.id',
        'repair_order.ro_number',
        'repair_order.status',
        'repair_order.opened_at',
        'vehicle.plate',
        'customer.name as customer_name',
      ]);
  }

  private static toArchiveRo(r: {
    id: number;
    ro_number: string;
    status: string;
    opened_at: string;
    plate: string | null;
    customer_name: string | null;
  }): ArchiveRo {
    return {
      id: r.id,
      roNumber: r.ro_number,
      status: r.status as RoStatus,
      openedAt: r.opened_at,
      plate: r.plate,
      customerName: r.customer_name,
    };
  }

  /** Opened, delivered or settled on the day. */
  private async dayRos(db: Db, date: string): Promise<ArchiveRo[]> {
    const next = addDays(date, 1);
    const rows = await this.archiveRos(db)
      .where((eb) =>
        eb.or([
          eb.and([eb('repair_order.opened_at', '>=', date), eb('repair_order.opened_at', '<', next)]),
          eb.and([eb('repair_order.delivered_at', '>=', date), eb('repair_order.delivered_at', '<', next)]),
          eb.and([eb('repair_order.settled_at', '>=', date), eb('repair_order.settled_at', '<', next)]),
        ]),
      )
      .orderBy('repair_order.ro_number')
      .execute();
    return rows.map(ReconciliationService.toArchiveRo);
  }

  /** Archive ROs by id or by number (ticks and notes of the day that are not among the day's ROs). */
  private async rosByKey(db: Db, ids: number[], numbers: string[]): Promise<ArchiveRo[]> {
    const found: ArchiveRo[] = [];
    for (const part of chunks([...new Set(ids)]))
      found.push(
        ...(await this.archiveRos(db).where('repair_order.id', 'in', part).execute()).map(
          ReconciliationService.toArchiveRo,
        ),
      );
    for (const part of chunks([...new Set(numbers)]))
      found.push(
        ...(await this.archiveRos(db).where('repair_order.ro_number', 'in', part).execute()).map(
          ReconciliationService.toArchiveRo,
        ),
      );
    return found;
  }

  async getDay(date: string, db: Db = this.db): Promise<ReconciliationDay> {
    this.checkDate(date);
    const row = await this.dayRow(db, date);
    const [dayRos, tickRows, noteRows] = await Promise.all([
      this.dayRos(db, date),
      row
        ? db.selectFrom('reconciliation_tick').selectAll().where('day_id', '=', row.id).orderBy('id', 'desc').execute()
        : [],
      row ? db.selectFrom('reconciliation_note').selectAll().where('day_id', '=', row.id).orderBy('id').execute() : [],
    ]);

    const byId = new Map<number, ArchiveRo>();
    const byNumber = new Map<string, ArchiveRo>();
    const remember = (ro: ArchiveRo) => {
      byId.set(ro.id, ro);
      byNumber.set(ro.roNumber, ro);
    };
    for (const ro of dayRos) remember(ro);
    const wantIds = [...tickRows.map((t) => t.repair_order_id), ...noteRows.map((n) => n.repair_order_id)].filter(
      (x): x is number => x !== null && !byId.has(x),
    );
    const wantNumbers = [
      ...tickRows.filter((t) => t.repair_order_id === null).map((t) => t.ro_number),
      ...noteRows.filter((n) => n.repair_order_id === null).map((n) => n.ro_number),
    ].filter((n) => !byNumber.has(n));
    if (wantIds.length > 0 || wantNumbers.length > 0)
      for (const ro of await this.rosByKey(db, wantIds, wantNumbers)) remember(ro);
    const inDay = new Set(dayRos.map((ro) => ro.id));
    // An RO is found by the id it matched when ticked (it may have been renumbered since), else by number.
    const roOf = (repairOrderId: number | null, roNumber: string) =>
      (repairOrderId !== null ? byId.get(repairOrderId) : undefined) ?? byNumber.get(roNumber);

    const ticks: ReconciliationTick[] = tickRows.map((t) => {
      const ro = roOf(t.repair_order_id, t.ro_number);
      return {
        id: t.id,
        roNumber: t.ro_number,
        paperStatus: t.paper_status as RoStatus | null,
        tickedAt: t.ticked_at,
        tickedBy: t.ticked_by,
        repairOrderId: ro?.id ?? null,
        archiveStatus: ro?.status ?? null,
        plate: ro?.plate ?? null,
        customerName: ro?.customerName ?? null,
        openedAt: ro?.openedAt ?? null,
        inDay: ro ? inDay.has(ro.id) : false,
      };
    });

    const notes = new Map(noteRows.map((n) => [noteKey(n.kind as DiscrepancyKind, n.ro_number), n]));
    const used = new Set<string>();
    const discrepancy = (
      kind: DiscrepancyKind,
      roNumber: string,
      ro: ArchiveRo | undefined,
      tick: ReconciliationTick | null,
    ): Discrepancy => {
      const key = noteKey(kind, roNumber);
      used.add(key);
      const note = notes.get(key);
      const text = note?.note ?? '';
      const resolved = note?.is_resolved === 1;
      return {
        kind,
        roNumber,
        repairOrderId: ro?.id ?? null,
        plate: ro?.plate ?? null,
        customerName: ro?.customerName ?? null,
        openedAt: ro?.openedAt ?? null,
        archiveStatus: ro?.status ?? null,
        paperStatus: tick?.paperStatus ?? null,
        tickId: tick?.id ?? null,
        note: text,
        resolved,
        notedBy: note?.updated_by ?? null,
        notedAt: note?.updated_at ?? null,
        cleared: false,
        open: text === '' && !resolved,
      };
    };

    const tickedRoIds = new Set(ticks.map((t) => t.repairOrderId).filter((x) => x !== null));
    const missingOnPaper = dayRos
      .filter((ro) => !tickedRoIds.has(ro.id))
      .map((ro) => discrepancy('missing_on_paper', ro.roNumber, ro, null));
    const oldestFirst = [...ticks].reverse();
    const missingInArchive = oldestFirst
      .filter((t) => t.repairOrderId === null)
      .map((t) => discrepancy('missing_in_archive', t.roNumber, undefined, t));
    const statusMismatch = oldestFirst
      .filter((t) => t.repairOrderId !== null && t.paperStatus !== null && t.paperStatus !== t.archiveStatus)
      .sort((a, b) => (a.roNumber < b.roNumber ? -1 : a.roNumber > b.roNumber ? 1 : 0))
      .map((t) => discrepancy('status_mismatch', t.roNumber, byId.get(t.repairOrderId!), t));

    // Notes on discrepancies that are gone stay on record with the day, marked cleared.
    const lists: Record<DiscrepancyKind, Discrepancy[]> = {
      missing_on_paper: missingOnPaper,
      missing_in_archive: missingInArchive,
      status_mismatch: statusMismatch,
    };
    const current = (kind: DiscrepancyKind) => lists[kind].length;
    const counts = {
      missingOnPaper: current('missing_on_paper'),
      missingInArchive: current('missing_in_archive'),
      statusMismatch: current('status_mismatch'),
    };
    for (const n of noteRows) {
      const kind = n.kind as DiscrepancyKind;
      if (used.has(noteKey(kind, n.ro_number)) || (n.note === '' && n.is_resolved === 0)) continue;
      const ro = roOf(n.repair_order_id, n.ro_number);
      const tick = ticks.find((t) => t.roNumber === n.ro_number) ?? null;
      lists[kind].push({ ...discrepancy(kind, n.ro_number, ro, tick), cleared: true, open: false });
    }

    const unresolved = [...missingOnPaper, ...missingInArchive, ...statusMismatch].filter((d) => d.open).length;
    return {
      summary: {
        date,
        inArchive: dayRos.length,
        ticked: ticks.length,
        ...counts,
        unresolved,
        completedAt: row?.completed_at ?? null,
        completedBy: row?.completed_by ?? null,
      },
      ticks,
      missingOnPaper,
      missingInArchive,
      statusMismatch,
      completedSummary: row?.completed_summary_json
        ? (JSON.parse(row.completed_summary_json) as ReconciliationSummary)
        : null,
    };
  }

  async summary(date: string): Promise<ReconciliationSummary> {
    return (await this.getDay(date)).summary;
  }

  async tick(input: ParsedInputOf<'reconciliation.tick'>, ctx: CallContext): Promise<TickResult> {
    this.checkDate(input.date);
    const at = nowInstant(this.clock.now());
    const actor = actorOf(ctx);
    return this.db.transaction().execute(async (trx) => {
      const day = await this.openDay(trx, input.date, at);
      const roNumber = normalizeRoNumber(input.roNumber);
      const paperStatus = input.paperStatus ?? null;
      const existing = await trx
        .selectFrom('reconciliation_tick')
        .select(['id', 'paper_status'])
        .where('day_id', '=', day.id)
        .where('ro_number', '=', roNumber)
        .executeTakeFirst();
      let outcome: TickResult['outcome'];
      let tickId: number;
      if (existing) {
        tickId = existing.id;
        // Ticked twice: said once. A status given with the second tick corrects the first.
        if (paperStatus !== null && paperStatus !== existing.paper_status) {
          await trx
            .updateTable('reconciliation_tick')
            .set({ paper_status: paperStatus, updated_at: at })
            .where('id', '=', existing.id)
            .execute();
          await writeAudit(trx, ctx, at, {
            action: 'reconciliation.setPaperStatus',
            entity: ENTITY,
            entityId: day.id,
            before: { date: input.date, tickId, roNumber: roNumber, paperStatus: existing.paper_status },
            after: { date: input.date, tickId, roNumber: roNumber, paperStatus },
          });
          outcome = 'statusChanged';
        } else {
          outcome = 'already';
        }
      } else {
        const ro = await trx
          .selectFrom('repair_order')
          .select('id')
          .where('ro_number', '=', roNumber)
          .executeTakeFirst();
        const inserted = await trx
          .insertInto('reconciliation_tick')
          .values({
            day_id: day.id,
            ro_number: roNumber,
            typed_text: input.roNumber,
            repair_order_id: ro?.id ?? null,
            paper_status: paperStatus,
            ticked_at: at,
            ticked_by_user_id: actor.userId,
            ticked_by: actor.name,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        tickId = inserted.id;
        await writeAudit(trx, ctx, at, {
          action: 'reconciliation.tick',
          entity: ENTITY,
          entityId: day.id,
          after: { date: input.date, tickId, roNumber: roNumber, paperStatus, repairOrderId: ro?.id ?? null },
        });
        outcome = 'added';
      }
      await this.touch(trx, day.id, at);
      const result = await this.getDay(input.date, trx);
      const tick = result.ticks.find((t) => t.id === tickId);
      if (!tick) throw new Error(`tick ${tickId} vanished`);
      return { outcome, tick, day: result };
    });
  }

  private async touch(trx: Db, dayId: number, at: string): Promise<void> {
    await trx.updateTable('reconciliation_day').set({ updated_at: at }).where('id', '=', dayId).execute();
  }

  private async tickOfDay(trx: Db, dayId: number, tickId: number) {
    const tick = await trx
      .selectFrom('reconciliation_tick')
      .selectAll()
      .where('id', '=', tickId)
      .where('day_id', '=', dayId)
      .executeTakeFirst();
    if (!tick) throw new AppError('NOT_FOUND', `这一天没有编号为 ${tickId} 的勾选记录（可能已经取消），请刷新后再看。`);
    return tick;
  }

  async untick(input: ParsedInputOf<'reconciliation.untick'>, ctx: CallContext): Promise<ReconciliationDay> {
    this.checkDate(input.date);
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const day = await this.openDay(trx, input.date, at);
      const tick = await this.tickOfDay(trx, day.id, input.tickId);
      await trx.deleteFrom('reconciliation_tick').where('id', '=', tick.id).execute();
      await writeAudit(trx, ctx, at, {
        action: 'reconciliation.untick',
        entity: ENTITY,
        entityId: day.id,
        before: {
          date: input.date,
          tickId: tick.id,
          roNumber: tick.ro_number,
          paperStatus: tick.paper_status,
          tickedAt: tick.ticked_at,
          tickedBy: tick.ticked_by,
        },
      });
      await this.touch(trx, day.id, at);
      return this.getDay(input.date, trx);
    });
  }

  async setPaperStatus(
    input: ParsedInputOf<'reconciliation.setPaperStatus'>,
    ctx: CallContext,
  ): Promise<ReconciliationDay> {
    this.checkDate(input.date);
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const day = await this.openDay(trx, input.date, at);
      const tick = await this.tickOfDay(trx, day.id, input.tickId);
      if (tick.paper_status !== input.paperStatus) {
        await trx
          .updateTable('reconciliation_tick')
          .set({ paper_status: input.paperStatus, updated_at: at })
          .where('id', '=', tick.id)
          .execute();
        await writeAudit(trx, ctx, at, {
          action: 'reconciliation.setPaperStatus',
          entity: ENTITY,
          entityId: day.id,
          before: { date: input.date, tickId: tick.id, roNumber: tick.ro_number, paperStatus: tick.paper_status },
          after: { date: input.date, tickId: tick.id, roNumber: tick.ro_number, paperStatus: input.paperStatus },
        });
        await this.touch(trx, day.id, at);
      }
      return this.getDay(input.date, trx);
    });
  }

  async annotate(input: ParsedInputOf<'reconciliation.annotate'>, ctx: CallContext): Promise<ReconciliationDay> {
    this.checkDate(input.date);
    const at = nowInstant(this.clock.now());
    const actor = actorOf(ctx);
    return this.db.transaction().execute(async (trx) => {
      const day = await this.openDay(trx, input.date, at);
      const current = await this.getDay(input.date, trx);
      const listOf: Record<DiscrepancyKind, Discrepancy[]> = {
        missing_on_paper: current.missingOnPaper,
        missing_in_archive: current.missingInArchive,
        status_mismatch: current.statusMismatch,
      };
      const target = listOf[input.kind].find((d) => d.roNumber === input.roNumber);
      if (!target)
        throw new AppError(
          'NOT_FOUND',
          `${input.date} 没有“${input.roNumber} ${DISCREPANCY_KIND_LABELS[input.kind]}”这条差异（可能已经消除），请刷新后再看。`,
        );
      const existing = await trx
        .selectFrom('reconciliation_note')
        .selectAll()
        .where('day_id', '=', day.id)
        .where('ro_number', '=', input.roNumber)
        .where('kind', '=', input.kind)
        .executeTakeFirst();
      const before = existing ? { note: existing.note, resolved: existing.is_resolved === 1 } : null;
      const after = {
        note: input.note ?? before?.note ?? '',
        resolved: input.resolved ?? before?.resolved ?? false,
      };
      if (before && before.note === after.note && before.resolved === after.resolved) return current;
      if (!before && after.note === '' && !after.resolved) return current;
      const values = {
        note: after.note,
        is_resolved: after.resolved ? 1 : 0,
        updated_at: at,
        updated_by_user_id: actor.userId,
        updated_by: actor.name,
      };
      if (existing) await trx.updateTable('reconciliation_note').set(values).where('id', '=', existing.id).execute();
      else
        await trx
          .insertInto('reconciliation_note')
          .values({
            ...values,
            day_id: day.id,
            ro_number: input.roNumber,
            kind: input.kind,
            repair_order_id: target.repairOrderId,
            created_at: at,
          })
          .execute();
      const subject = { date: input.date, roNumber: input.roNumber, kind: input.kind };
      await writeAudit(trx, ctx, at, {
        action: 'reconciliation.annotate',
        entity: ENTITY,
        entityId: day.id,
        ...(before ? { before: { ...subject, ...before } } : {}),
        after: { ...subject, ...after },
      });
      await this.touch(trx, day.id, at);
      return this.getDay(input.date, trx);
    });
  }

  async complete(input: ParsedInputOf<'reconciliation.complete'>, ctx: CallContext): Promise<ReconciliationDay> {
    this.checkDate(input.date);
    const at = nowInstant(this.clock.now());
    const actor = actorOf(ctx);
    return this.db.transaction().execute(async (trx) => {
      const day = await this.openDay(trx, input.date, at);
      const current = await this.getDay(input.date, trx);
      const open = [...current.missingOnPaper, ...current.missingInArchive, ...current.statusMismatch].filter(
        (d) => d.open,
      );
      if (open.length > 0) {
        const shown = open
          .slice(0, 5)
          .map((d) => `${d.roNumber}（${DISCREPANCY_KIND_LABELS[d.kind]}）`)
          .join('、');
        throw new AppError(
          'CONFLICT',
          `还有 ${open.length} 条差异没有说明也没有标记已处理：${shown}${open.length > 5 ? ' 等' : ''}。请逐条填写说明或勾选“已处理”后再完成对单。`,
          { open: open.map((d) => ({ kind: d.kind, roNumber: d.roNumber })) },
        );
      }
      const summary: ReconciliationSummary = { ...current.summary, completedAt: at, completedBy: actor.name };
      await trx
        .updateTable('reconciliation_day')
        .set({
          completed_at: at,
          completed_by_user_id: actor.userId,
          completed_by: actor.name,
          completed_summary_json: JSON.stringify(summary),
          updated_at: at,
        })
        .where('id', '=', day.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'reconciliation.complete',
        entity: ENTITY,
        entityId: day.id,
        after: summary,
      });
      return this.getDay(input.date, trx);
    });
  }

  async reopen(input: ParsedInputOf<'reconciliation.reopen'>, ctx: CallContext): Promise<ReconciliationDay> {
    this.checkDate(input.date);
    const at = nowInstant(this.clock.now());
    return this.db.transaction().execute(async (trx) => {
      const day = await this.dayRow(trx, input.date, true);
      if (!day || day.completed_at === null)
        throw new AppError('CONFLICT', `${input.date} 的对单还没有完成，不需要重新打开。`);
      await trx
        .updateTable('reconciliation_day')
        .set({
          completed_at: null,
          completed_by_user_id: null,
          completed_by: null,
          completed_summary_json: null,
          updated_at: at,
        })
        .where('id', '=', day.id)
        .execute();
      await writeAudit(trx, ctx, at, {
        action: 'reconciliation.reopen',
        entity: ENTITY,
        entityId: day.id,
        before: day.completed_summary_json ? JSON.parse(day.completed_summary_json) : { date: input.date },
        after: { date: input.date, completedAt: null },
      });
      return this.getDay(input.date, trx);
    });
  }
}
