import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import {
  type ComplaintSettings,
  LOST_REASON_FILTERS,
  LOST_REASONS,
  LOST_STAGES,
  type LostCustomer,
  type LostCustomerPage,
  type LostLevel,
  type LostReason,
  type LostReasonFilter,
  type LostStage,
} from '../../../src-shared/domain/complaints';
import { addMonths } from '../../../src-shared/domain/service-due';
import { daysBetween } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { phoneOf } from '../first-service/candidates';
import { chunks } from '../invitations/vehicle-changes';

/** The win-back call's key (queue/winback.ts): one per vehicle. */
export const winbackKey = (vehicleId: number) => `reminder:vehicle:${vehicleId}`;

/** Reasons that take a vehicle off the list: it will not come back here (搬家, 车已卖). */
export const OFF_LIST_REASONS: readonly LostReason[] = ['moved', 'sold'];
const STAYING_REASONS = LOST_REASONS.filter((r) => !OFF_LIST_REASONS.includes(r));

/**
 * The two cut-offs of a day: a last visit before `lostBefore` is 已流失 (more than lostMonths
 * months away), one from `lostBefore` up to (not including) `atRiskBefore` is 流失预警.
 */
export function cutoffs(asOf: string, settings: Pick<ComplaintSettings, 'lostMonths' | 'atRiskMonths'>) {
  return { lostBefore: addMonths(asOf, -settings.lostMonths), atRiskBefore: addMonths(asOf, -settings.atRiskMonths) };
}

/** Whole calendar months from `from` to `to` (2025-03-31 → 2026-02-28 is 10 months: the 31st is not reached). */
export function monthsBetween(from: string, to: string): number {
  let n = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
  if (n > 0 && addMonths(from, n) > to) n--;
  return Math.max(0, n);
}

/** The stage from vehicle_service_summary.service_visits (first/periodic service ROs done here). */
export function stageOf(services: number): LostStage {
  return services === 0 ? 'never_serviced' : services === 1 ? 'after_first' : services === 2 ? 'after_second' : 'later';
}

/** The stage as a condition on service_visits (kept in the summary: no RO is read). */
const STAGE_VISITS: Record<LostStage, ['=' | '>=', number]> = {
  never_serviced: ['=', 0],
  after_first: ['=', 1],
  after_second: ['=', 2],
  later: ['>=', 3],
};

export interface LostFilters {
  stage?: LostStage | undefined;
  reason?: LostReasonFilter | undefined;
}

type Range = { from: string | null; before: string };

function rangeOf(settings: ComplaintSettings, asOf: string, level: LostLevel | 'all') {
  const { lostBefore, atRiskBefore } = cutoffs(asOf, settings);
  const range: Range =
    level === 'lost'
      ? { from: null, before: lostBefore }
      : level === 'at_risk'
        ? { from: lostBefore, before: atRiskBefore }
        : { from: null, before: atRiskBefore };
  return { range, lostBefore };
}

/**
 * The selection, with no columns yet: a range on vehicle_service_summary_last_visit (covering:
 * last visit, vehicle id, service visits), the vehicle by primary key and its reason. Sold and
 * scrapped vehicles, anonymised ones and those whose reason takes them off (搬家, 车已卖) are left
 * out; status 'lost' (marked by hand) stays.
 */
function selection(db: Db, range: Range) {
  let q = db
    .selectFrom('vehicle_service_summary as s')
    // CROSS JOIN makes SQLite walk the last-visit index and look the vehicle up by id, whatever the
    // statistics say about vehicle_status_updated (an inner join everywhere else).
    .crossJoin('vehicle as v')
    .whereRef('v.id', '=', 's.vehicle_id')
    .leftJoin('lost_vehicle as l', 'l.vehicle_id', 's.vehicle_id')
    .where('s.last_visit_on', '<', range.before)
    .where('v.status', 'in', ['active', 'lost'])
    .where('v.anonymised_at', 'is', null)
    .where((eb) => eb.or([eb('l.reason', 'is', null), eb('l.reason', 'in', STAYING_REASONS)]));
  if (range.from !== null) q = q.where('s.last_visit_on', '>=', range.from);
  return q;
}
type Selection = ReturnType<typeof selection>;
type SelectionEb =
  Selection extends SelectQueryBuilder<infer DB, infer TB, infer _O> ? ExpressionBuilder<DB, TB> : never;

function stageIs(eb: SelectionEb, stage: LostStage) {
  const [op, n] = STAGE_VISITS[stage];
  return eb('s.service_visits', op, n);
}

function reasonIs(eb: SelectionEb, reason: LostReasonFilter) {
  return reason === 'none' ? eb('l.reason', 'is', null) : eb('l.reason', '=', reason);
}

function filtered(q: Selection, filters: LostFilters): Selection {
  let out = q;
  const { stage, reason } = filters;
  if (stage) out = out.where((eb) => stageIs(eb, stage));
  if (reason) out = out.where((eb) => reasonIs(eb, reason));
  return out;
}

/** Most recently lost first: a backward walk of the last-visit index. */
const newestFirst = (q: Selection) => q.orderBy('s.last_visit_on', 'desc').orderBy('s.vehicle_id', 'desc');

/** The selection's vehicle ids in list order (a page of them, or all). */
async function selectedIds(
  db: Db,
  range: Range,
  filters: LostFilters,
  page: { limit: number; offset: number } | null,
): Promise<number[]> {
  let q = newestFirst(filtered(selection(db, range), filters)).select('s.vehicle_id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  return (await q.execute()).map((r) => r.vehicle_id);
}

/**
 * One statement over the whole selection: the count per stage and per reason (and, with filters,
 * how many match them), as sums of CASE (one row, no grouping).
 */
async function selectionCounts(db: Db, range: Range, filters: LostFilters) {
  const filtering = filters.stage !== undefined || filters.reason !== undefined;
  const row = (await selection(db, range)
    .select((eb) => {
      const countWhen = (condition: Expression<SqlBool>) =>
        eb.fn.sum<number | null>(eb.case().when(condition).then(1).else(0).end());
      return [
        eb.fn.countAll<number>().as('all'),
        ...LOST_STAGES.map((stage) => countWhen(stageIs(eb, stage)).as(`stage_${stage}`)),
        ...LOST_REASON_FILTERS.filter((r) => r === 'none' || STAYING_REASONS.includes(r)).map((reason) =>
          countWhen(reasonIs(eb, reason)).as(`reason_${reason}`),
        ),
        ...(filtering
          ? [
              countWhen(
                eb.and([
                  ...(filters.stage ? [stageIs(eb, filters.stage)] : []),
                  ...(filters.reason ? [reasonIs(eb, filters.reason)] : []),
                ]),
              ).as('matching'),
            ]
          : []),
      ];
    })
    .executeTakeFirstOrThrow()) as Record<string, number | string | bigint | null>;
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    total: filtering ? n('matching') : n('all'),
    byStage: Object.fromEntries(LOST_STAGES.map((s) => [s, n(`stage_${s}`)])) as Record<LostStage, number>,
    byReason: Object.fromEntries(LOST_REASON_FILTERS.map((r) => [r, n(`reason_${r}`)])) as Record<
      LostReasonFilter,
      number
    >,
  };
}

/** What a row shows, for these vehicles only (≤ 500): the summary, the vehicle, its owner and reason. */
function detailsQuery(db: Db, ids: readonly number[]) {
  return db
    .selectFrom('vehicle_service_summary as s')
    .innerJoin('vehicle as v', 'v.id', 's.vehicle_id')
    .leftJoin('customer as c', 'c.id', 'v.owner_id')
    .leftJoin('lost_vehicle as l', 'l.vehicle_id', 's.vehicle_id')
    .select([
      's.vehicle_id',
      's.last_visit_on',
      's.last_reading_on',
      's.last_reading_km',
      's.pace_km_day',
      's.service_visits',
      'v.plate',
      'v.vin',
      'v.model',
      'v.owner_id',
      'c.name as c_name',
      'c.mobile as c_mobile',
      'c.other_phones as c_other_phones',
      'c.anonymised_at as c_anonymised',
      'l.reason',
      'l.words',
      'l.reason_at',
      'l.winback_on',
    ])
    .where('s.vehicle_id', 'in', ids);
}
type DetailRow = Awaited<ReturnType<ReturnType<typeof detailsQuery>['execute']>>[number];

/** Invitation rows each vehicle was on since its last visit without coming: one grouped query per 500. */
async function missedFor(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  const missed = new Map<number, number>();
  for (const part of chunks([...ids], 500)) {
    const m = await db
      .selectFrom('invitation_row as r')
      .innerJoin('vehicle_service_summary as s', 's.vehicle_id', 'r.vehicle_id')
      .select(['r.vehicle_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('r.vehicle_id', 'in', part)
      // Listed after the last visit (an instant compares after its own day's date), never come, not removed.
      .whereRef('r.created_at', '>', 's.last_visit_on')
      .where('r.came_on', 'is', null)
      .where('r.removed_at', 'is', null)
      .groupBy('r.vehicle_id')
      .execute();
    for (const r of m) missed.set(r.vehicle_id, Number(r.n));
  }
  return missed;
}

/** The win-back calls of vehicles put in the queue: their records by key (one per 500). */
async function winbackStates(
  db: Db,
  rows: readonly { vehicle_id: number; winback_on: string | null }[],
): Promise<Map<number, LostCustomer['winbackState']>> {
  const out = new Map<number, LostCustomer['winbackState']>();
  const queued = rows.filter((r) => r.winback_on !== null);
  for (const part of chunks(queued, 500)) {
    const records = await db
      .selectFrom('revisit_call')
      .select(['vehicle_id', 'state', 'created_at'])
      .where(
        'call_key',
        'in',
        part.map((r) => winbackKey(r.vehicle_id)),
      )
      .execute();
    const byVehicle = new Map(records.map((r) => [r.vehicle_id, r]));
    for (const r of part) {
      const record = byVehicle.get(r.vehicle_id);
      // Not tried yet (or only a call from an earlier win-back): in the queue since winback_on.
      if (!record || record.created_at.slice(0, 10) < r.winback_on!) out.set(r.vehicle_id, 'open');
      else
        out.set(r.vehicle_id, record.state === 'open' ? 'open' : record.state === 'unreached' ? 'unreached' : 'done');
    }
  }
  return out;
}

function toLostCustomer(
  r: DetailRow,
  asOf: string,
  lostBefore: string,
  missed: Map<number, number>,
  winback: Map<number, LostCustomer['winbackState']>,
): LostCustomer {
  const lastVisit = r.last_visit_on!;
  const live = r.c_anonymised === null && r.c_name !== null;
  let estimated: number | null = null;
  if (r.last_reading_on !== null && r.last_reading_km !== null) {
    const days = Math.max(0, daysBetween(r.last_reading_on, asOf));
    estimated = Math.round((r.last_reading_km + r.pace_km_day * days) / 100) * 100;
  }
  return {
    vehicleId: r.vehicle_id,
    plate: r.plate,
    vin: r.vin,
    model: r.model,
    customerId: r.owner_id,
    customer: live ? r.c_name : null,
    phone: live ? phoneOf(r.c_mobile, r.c_other_phones) : null,
    level: lastVisit < lostBefore ? 'lost' : 'at_risk',
    lastVisit,
    monthsAway: monthsBetween(lastVisit, asOf),
    lastMileage: r.last_reading_km,
    estimatedMileage: estimated,
    stage: stageOf(r.service_visits),
    missedInvitations: missed.get(r.vehicle_id) ?? 0,
    reason: (r.reason as LostReason | null) ?? null,
    reasonWords: r.words ?? '',
    reasonAt: r.reason_at,
    winbackOn: r.winback_on,
    winbackState: winback.get(r.vehicle_id) ?? null,
  };
}

/** The rows of these vehicles (already selected, in this order): details, missed invitations and win-back calls by id. */
async function rowsOf(db: Db, ids: readonly number[], asOf: string, lostBefore: string): Promise<LostCustomer[]> {
  const details: DetailRow[] = [];
  for (const part of chunks([...ids], 500)) details.push(...(await detailsQuery(db, part).execute()));
  const byId = new Map(details.map((d) => [d.vehicle_id, d]));
  const ordered = ids.map((id) => byId.get(id)).filter((d): d is DetailRow => d !== undefined);
  const missed = await missedFor(db, ids);
  const winback = await winbackStates(db, ordered);
  return ordered.map((r) => toLostCustomer(r, asOf, lostBefore, missed, winback));
}

/**
 * One page of the lost customers of a day, most recently lost first: the counts over the whole
 * selection (one statement of sums), the page's ids (a backward walk of the last-visit index that
 * stops after the page), then the rows of those ids only.
 */
export async function lostCustomersPage(
  db: Db,
  settings: ComplaintSettings,
  asOf: string,
  level: LostLevel | 'all',
  filters: LostFilters,
  page: { page: number; pageSize: number },
): Promise<LostCustomerPage> {
  const { range, lostBefore } = rangeOf(settings, asOf, level);
  const counts = await selectionCounts(db, range, filters);
  const ids = await selectedIds(db, range, filters, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { rows: await rowsOf(db, ids, asOf, lostBefore), ...counts, asOf };
}

/**
 * Every lost customer of a day in list order (the workbook and the CLI), or — `vehicleIds` — only
 * those of these vehicles that are on the list (winback, one row after a reason), looked up by id.
 */
export async function lostCustomers(
  db: Db,
  settings: ComplaintSettings,
  asOf: string,
  level: LostLevel | 'all',
  options: LostFilters & { vehicleIds?: readonly number[] } = {},
): Promise<LostCustomer[]> {
  const { range, lostBefore } = rangeOf(settings, asOf, level);
  let ids: number[];
  if (options.vehicleIds) {
    ids = [];
    for (const part of chunks([...options.vehicleIds], 500))
      ids.push(
        ...(
          await newestFirst(filtered(selection(db, range), options))
            .select('s.vehicle_id')
            .where('s.vehicle_id', 'in', part)
            .execute()
        ).map((r) => r.vehicle_id),
      );
  } else ids = await selectedIds(db, range, options, null);
  return rowsOf(db, ids, asOf, lostBefore);
}
