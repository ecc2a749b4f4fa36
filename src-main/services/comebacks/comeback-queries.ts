import type { Selectable } from 'kysely';
import { REPAIR_RO_TYPES } from '../../../src-shared/domain/complaints';
import { addDays, daysBetween } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { ComebackTable } from '../../db/schema';

/**
 * The rows behind 返修: the proposals read from the ROs, and what the details of a comeback are
 * made of (ROs, vehicles, customers, the earlier RO's labour lines), read in batches by id.
 * Rows only: the service turns them into Comebacks.
 */

export type ComebackRow = Selectable<ComebackTable>;

const REPAIR_TYPES: string[] = [...REPAIR_RO_TYPES];

/** Ids per `IN (…)` list: well under any dialect's limit on bound parameters. */
const CHUNK = 500;

async function inChunks<T>(ids: readonly number[], read: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await read(unique.slice(i, i + CHUNK))));
  return out;
}

/** A new RO with the RO it may be a comeback of, before the window is checked. */
export interface CandidateRow {
  id: number;
  vehicle_id: number;
  customer_id: number | null;
  opened_at: string;
  type: string;
  /** The vehicle's latest repair RO opened before this one (not 首保/定保). */
  earlier_repair_id: number | null;
  earlier_repair_opened_at: string | null;
  earlier_repair_type: string | null;
  /** The vehicle's previous RO of any type (the earlier RO of an RO typed 返修). */
  previous_id: number | null;
  /** A comeback already stored for this RO (decided). */
  decided_id: number | null;
}

/**
 * The ROs opened in [from, to] (one range on repair_order_opened), or one RO, each with the
 * vehicle's latest earlier repair RO and previous RO (index probes on repair_order_vehicle_opened:
 * same vehicle, opened before — an equal opening time is broken by id). `since` bounds the search
 * for the earlier repair RO (no proposal reaches further back than the window).
 */
export function candidateQuery(db: Db, scope: { from: string; to: string } | { roId: number }, comebackDays: number) {
  let query = db
    .selectFrom('repair_order as r')
    .leftJoin('comeback as cb', 'cb.ro_id', 'r.id')
    .select(['r.id', 'r.vehicle_id', 'r.customer_id', 'r.opened_at', 'r.type', 'cb.id as decided_id']);
  const since = 'from' in scope ? addDays(scope.from, -comebackDays) : null;
  query = query.select((eb) => {
    const earlierRepair = eb
      .selectFrom('repair_order as p')
      .where((pb) =>
        pb.and([
          pb('p.vehicle_id', '=', pb.ref('r.vehicle_id')),
          pb('p.opened_at', '<=', pb.ref('r.opened_at')),
          pb.or([pb('p.opened_at', '<', pb.ref('r.opened_at')), pb('p.id', '<', pb.ref('r.id'))]),
        ]),
      )
      .where('p.type', 'in', REPAIR_TYPES)
      .$if(since !== null, (q) => q.where('p.opened_at', '>=', since as string))
      .orderBy('p.opened_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(1);
    return [
      earlierRepair.select('p.id').as('earlier_repair_id'),
      earlierRepair.select('p.opened_at').as('earlier_repair_opened_at'),
      earlierRepair.select('p.type').as('earlier_repair_type'),
      eb
        .selectFrom('repair_order as q')
        .select('q.id')
        .where((qb) =>
          qb.and([
            qb('q.vehicle_id', '=', qb.ref('r.vehicle_id')),
            qb('q.opened_at', '<=', qb.ref('r.opened_at')),
            qb.or([qb('q.opened_at', '<', qb.ref('r.opened_at')), qb('q.id', '<', qb.ref('r.id'))]),
          ]),
        )
        .orderBy('q.opened_at', 'desc')
        .orderBy('q.id', 'desc')
        .limit(1)
        .as('previous_id'),
    ];
  });
  query =
    'from' in scope
      ? query.where('r.opened_at', '>=', scope.from).where('r.opened_at', '<', addDays(scope.to, 1))
      : query.where('r.id', '=', scope.roId);
  return query;
}

export async function candidateRows(
  db: Db,
  scope: { from: string; to: string } | { roId: number },
  comebackDays: number,
): Promise<CandidateRow[]> {
  return (await candidateQuery(db, scope, comebackDays).execute()) as CandidateRow[];
}

export type ProposalSource = 'detected' | 'imported';

export interface ProposalRow {
  roId: number;
  vehicleId: number;
  customerId: number | null;
  date: string;
  source: ProposalSource;
  earlierRoId: number | null;
}

/**
 * Which new RO can be a comeback of which earlier one: a service (首保/定保) or an accident
 * (保险理赔) is not a comeback whatever came before; a mechanical repair (维修, 索赔) comes back
 * for a mechanical repair (维修, 索赔, 返修); a paint job (钣喷) for a paint or accident job
 * (钣喷, 保险理赔). A service after a repair is the car's routine, not the repair failing.
 */
export function comesBackFor(type: string, earlierType: string | null): boolean {
  if (earlierType === null) return false;
  if (type === 'repair' || type === 'warranty') return ['repair', 'warranty', 'comeback'].includes(earlierType);
  if (type === 'body_paint') return ['body_paint', 'insurance'].includes(earlierType);
  return false;
}

/**
 * A candidate is a proposal when it is typed 返修 (imported: its earlier RO is the previous one, if
 * any), or when the vehicle had a repair RO at most `comebackDays` days before it that it can be a
 * comeback of (detected; see comesBackFor).
 * Decided ones (a row exists for the RO) are not proposals any more.
 */
export function proposalOf(row: CandidateRow, comebackDays: number): ProposalRow | null {
  if (row.decided_id !== null) return null;
  const date = row.opened_at.slice(0, 10);
  const base = { roId: row.id, vehicleId: row.vehicle_id, customerId: row.customer_id, date };
  if (row.type === 'comeback') return { ...base, source: 'imported', earlierRoId: row.previous_id };
  if (row.earlier_repair_id === null || row.earlier_repair_opened_at === null) return null;
  if (!comesBackFor(row.type, row.earlier_repair_type)) return null;
  if (daysBetween(row.earlier_repair_opened_at.slice(0, 10), date) > comebackDays) return null;
  return { ...base, source: 'detected', earlierRoId: row.earlier_repair_id };
}

/**
 * Comebacks marked before the vehicle came back (from a call, a complaint: no RO yet) of these
 * vehicles, not dismissed: a proposal about the same earlier RO is that comeback, not a new one.
 */
export async function markedWithoutRo(
  db: Db,
  vehicleIds: readonly number[],
): Promise<{ vehicle_id: number; earlier_ro_id: number | null }[]> {
  return inChunks(vehicleIds, (chunk) =>
    db
      .selectFrom('comeback')
      .select(['vehicle_id', 'earlier_ro_id'])
      .where('vehicle_id', 'in', chunk)
      .where('ro_id', 'is', null)
      .where('state', '<>', 'dismissed')
      .execute(),
  );
}

/** Stored comebacks dated in [from, to]. */
export function storedRows(db: Db, from: string, to: string, states?: readonly string[]): Promise<ComebackRow[]> {
  let query = db.selectFrom('comeback').selectAll().where('date', '>=', from).where('date', '<=', to);
  if (states) query = query.where('state', 'in', [...states]);
  return query.execute();
}

export function comebackById(db: Db, id: number): Promise<ComebackRow | undefined> {
  return db.selectFrom('comeback').selectAll().where('id', '=', id).executeTakeFirst();
}

export function comebackOfRo(db: Db, roId: number): Promise<ComebackRow | undefined> {
  return db.selectFrom('comeback').selectAll().where('ro_id', '=', roId).executeTakeFirst();
}

export interface RoFacts {
  id: number;
  ro_number: string;
  vehicle_id: number;
  customer_id: number | null;
  advisor_name: string;
  opened_at: string;
  type: string;
  complaint: string;
}

export function rosByIds(db: Db, ids: readonly number[]): Promise<RoFacts[]> {
  return inChunks(ids, (chunk) =>
    db
      .selectFrom('repair_order')
      .select(['id', 'ro_number', 'vehicle_id', 'customer_id', 'advisor_name', 'opened_at', 'type', 'complaint'])
      .where('id', 'in', chunk)
      .execute(),
  );
}

export function vehiclesByIds(db: Db, ids: readonly number[]) {
  return inChunks(ids, (chunk) =>
    db.selectFrom('vehicle').select(['id', 'plate', 'vin', 'model', 'owner_id']).where('id', 'in', chunk).execute(),
  );
}

export function customersByIds(db: Db, ids: readonly number[]) {
  return inChunks(ids, (chunk) =>
    db.selectFrom('customer').select(['id', 'name', 'mobile', 'other_phones']).where('id', 'in', chunk).execute(),
  );
}

/** The work done on each RO (its labour lines' descriptions, in line order). */
export async function workOf(db: Db, roIds: readonly number[]): Promise<Map<number, string[]>> {
  const lines = await inChunks(roIds, (chunk) =>
    db
      .selectFrom('ro_labor_line')
      .select(['ro_id', 'description'])
      .where('ro_id', 'in', chunk)
      .orderBy('ro_id')
      .orderBy('line_no')
      .orderBy('id')
      .execute(),
  );
  const work = new Map<number, string[]>();
  for (const l of lines) {
    if (l.description.trim() === '') continue;
    const list = work.get(l.ro_id) ?? [];
    list.push(l.description.trim());
    work.set(l.ro_id, list);
  }
  return work;
}

/** The vehicle's latest repair RO opened before `before` (an instant), or at all. */
export async function lastRepairRo(db: Db, vehicleId: number, before: string | null): Promise<number | null> {
  let query = db
    .selectFrom('repair_order')
    .select('id')
    .where('vehicle_id', '=', vehicleId)
    .where('type', 'in', REPAIR_TYPES)
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);
  if (before !== null) query = query.where('opened_at', '<', before);
  return (await query.executeTakeFirst())?.id ?? null;
}

/** Distinct vehicles with a repair RO opened in each month of [fromMonth, toMonth] (`YYYY-MM`). */
export async function repairedPerMonth(db: Db, fromMonth: string, afterToMonth: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('repair_order')
    .select((eb) => [
      eb.fn<string>('substr', ['opened_at', eb.val(1), eb.val(7)]).as('month'),
      eb.fn.count<number>('vehicle_id').distinct().as('n'),
    ])
    .where('opened_at', '>=', `${fromMonth}-01`)
    .where('opened_at', '<', `${afterToMonth}-01`)
    .where('type', 'in', REPAIR_TYPES)
    .groupBy('month')
    .execute();
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}
