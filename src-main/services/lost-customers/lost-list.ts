import {
  type ComplaintSettings,
  LOST_REASONS,
  type LostCustomer,
  type LostLevel,
  type LostReason,
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
/** first_service / periodic_service: the services that say when a vehicle stopped coming. */
const SERVICE_TYPES = ['first_service', 'periodic_service'];

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

export function stageOf(services: number): LostStage {
  return services === 0 ? 'never_serviced' : services === 1 ? 'after_first' : services === 2 ? 'after_second' : 'later';
}

/**
 * The list's one statement: a range on vehicle_service_summary_last_visit (oldest first), the
 * vehicle by primary key, its owner and the reason. Sold and scrapped vehicles, anonymised ones and
 * those whose reason takes them off (搬家, 车已卖) are left out; status 'lost' (marked by hand) stays.
 */
function listQuery(db: Db, range: { from: string | null; before: string }) {
  let q = db
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
    .where('s.last_visit_on', '<', range.before)
    .where('v.status', 'in', ['active', 'lost'])
    .where('v.anonymised_at', 'is', null)
    .where((eb) => eb.or([eb('l.reason', 'is', null), eb('l.reason', 'in', STAYING_REASONS)]));
  if (range.from !== null) q = q.where('s.last_visit_on', '>=', range.from);
  return q;
}
type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

/** Services done here per vehicle, and invitation rows it was on since its last visit without coming: one grouped query each per 500. */
async function countsFor(db: Db, ids: readonly number[]) {
  const services = new Map<number, number>();
  const missed = new Map<number, number>();
  for (const part of chunks([...ids], 500)) {
    const s = await db
      .selectFrom('repair_order')
      .select(['vehicle_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('vehicle_id', 'in', part)
      .where('type', 'in', SERVICE_TYPES)
      .groupBy('vehicle_id')
      .execute();
    for (const r of s) services.set(r.vehicle_id, Number(r.n));
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
  return { services, missed };
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
  r: ListRow,
  asOf: string,
  lostBefore: string,
  counts: Awaited<ReturnType<typeof countsFor>>,
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
    stage: stageOf(counts.services.get(r.vehicle_id) ?? 0),
    missedInvitations: counts.missed.get(r.vehicle_id) ?? 0,
    reason: (r.reason as LostReason | null) ?? null,
    reasonWords: r.words ?? '',
    reasonAt: r.reason_at,
    winbackOn: r.winback_on,
    winbackState: winback.get(r.vehicle_id) ?? null,
  };
}

/**
 * The lost customers of a day (oldest last visit first): one range on the last-visit index with
 * the vehicle, owner and reason joined, then the service count and missed invitations grouped per
 * 500 vehicles and the win-back calls by key. `vehicleIds`: only these (winback, one row after a reason).
 */
export async function lostCustomers(
  db: Db,
  settings: ComplaintSettings,
  asOf: string,
  level: LostLevel | 'all',
  options: { stage?: LostStage; vehicleIds?: readonly number[] } = {},
): Promise<LostCustomer[]> {
  const { lostBefore, atRiskBefore } = cutoffs(asOf, settings);
  const range =
    level === 'lost'
      ? { from: null, before: lostBefore }
      : level === 'at_risk'
        ? { from: lostBefore, before: atRiskBefore }
        : { from: null, before: atRiskBefore };
  let rows: ListRow[];
  if (options.vehicleIds) {
    rows = [];
    for (const part of chunks([...options.vehicleIds], 500))
      rows.push(...(await listQuery(db, range).where('s.vehicle_id', 'in', part).execute()));
  } else rows = await listQuery(db, range).orderBy('s.last_visit_on').orderBy('s.vehicle_id').execute();
  const ids = rows.map((r) => r.vehicle_id);
  const counts = await countsFor(db, ids);
  const winback = await winbackStates(db, rows);
  const out = rows.map((r) => toLostCustomer(r, asOf, lostBefore, counts, winback));
  return options.stage ? out.filter((x) => x.stage === options.stage) : out;
}
