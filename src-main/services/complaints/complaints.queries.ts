import type { Selectable } from 'kysely';
import type {
  ComplaintAction,
  ComplaintCallback,
  ComplaintChannel,
  ComplaintLevel,
  ComplaintState,
  ComplaintSummary,
  ComplaintType,
  ComplaintVerdict,
  ResponseHours,
} from '../../../src-shared/domain/complaints';
import type { Department } from '../../../src-shared/domain/revisits';
import type { Db } from '../../db/database';
import { lockForTransaction } from '../../db/dialect';
import type { ComplaintTable } from '../../db/schema';
import { phoneOf } from '../first-service/candidates';

/**
 * The complaint's rows as the service reads them: one statement for the complaint with its customer,
 * vehicle, RO, owner and linked comeback (each by primary key or a unique probe), so the list is one
 * indexed range plus the joins, never a query per complaint.
 */

export type ComplaintRow = Selectable<ComplaintTable>;

export const complaintsQuery = (db: Db) =>
  db
    .selectFrom('complaint as k')
    .leftJoin('customer as c', 'c.id', 'k.customer_id')
    .leftJoin('vehicle as v', 'v.id', 'k.vehicle_id')
    .leftJoin('repair_order as r', 'r.id', 'k.ro_id')
    .leftJoin('app_user as u', 'u.id', 'k.owner_user_id')
    .selectAll('k')
    .select([
      'c.name as customer_name',
      'c.mobile as customer_mobile',
      'c.other_phones as customer_other_phones',
      'v.plate as vehicle_plate',
      'v.vin as vehicle_vin',
      'v.model as vehicle_model',
      'r.ro_number as ro_number',
      'r.advisor_name as ro_advisor',
      'u.name as owner_name',
    ])
    // The comeback opened from it (comeback_complaint index): the first one when there were several.
    .select((eb) =>
      eb
        .selectFrom('comeback as b')
        .select((b) => b.fn.min('b.id').as('id'))
        .whereRef('b.complaint_id', '=', 'k.id')
        .as('comeback_id'),
    );

export type ComplaintRecord = Awaited<ReturnType<ReturnType<typeof complaintsQuery>['executeTakeFirstOrThrow']>>;

/** Past a deadline at `now` (an instant of the store clock) and `today` (its date). */
export function overdueOf(
  r: Pick<ComplaintRow, 'state' | 'responded_at' | 'respond_by' | 'resolve_by' | 'callback_due_by'>,
  nowMs: number,
  today: string,
): ComplaintSummary['overdue'] {
  const active = r.state !== 'closed';
  return {
    // Instants of one store may carry different offsets over the years: compared as moments.
    response: active && r.responded_at === null && nowMs > Date.parse(r.respond_by),
    resolution: r.state === 'open' && today > r.resolve_by,
    callback: r.state === 'resolved' && r.callback_due_by !== null && today > r.callback_due_by,
  };
}

export function toSummary(r: ComplaintRecord, nowMs: number, today: string): ComplaintSummary {
  return {
    id: r.id,
    no: r.no,
    channel: r.channel as ComplaintChannel,
    customerId: r.customer_id,
    customerName: r.customer_name,
    phone: phoneOf(r.customer_mobile, r.customer_other_phones),
    vehicleId: r.vehicle_id,
    plate: r.vehicle_plate,
    vin: r.vehicle_vin,
    model: r.vehicle_model ?? '',
    roId: r.ro_id,
    roNumber: r.ro_number,
    advisor: r.ro_advisor ?? '',
    department: r.department as Department,
    secondaryDepartments: JSON.parse(r.secondary_departments_json) as Department[],
    type: r.type as ComplaintType,
    level: r.level as ComplaintLevel,
    description: r.description,
    demand: r.demand,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    respondWithinHours: r.respond_within_hours as ResponseHours,
    respondBy: r.respond_by,
    respondedAt: r.responded_at,
    resolveWorkingDays: r.resolve_working_days,
    resolveBy: r.resolve_by,
    resolveByApproximate: r.resolve_by_approximate === 1,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    resolution: r.resolution,
    customerAccepted: r.customer_accepted === null ? null : r.customer_accepted === 1,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    callbackDueBy: r.callback_due_by,
    verdict: r.verdict as ComplaintVerdict | null,
    closedLoop: r.closed_loop === null ? null : r.closed_loop === 1,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    state: r.state as ComplaintState,
    reopened: r.reopened,
    callProblemId: r.call_problem_id,
    callId: r.call_id,
    comebackId: r.comeback_id ?? null,
    overdue: overdueOf(r, nowMs, today),
    version: r.version,
  };
}

export async function actionsOf(db: Db, complaintId: number): Promise<ComplaintAction[]> {
  const rows = await db
    .selectFrom('complaint_action')
    .select(['id', 'at', 'by_user_id', 'by_name', 'text'])
    .where('complaint_id', '=', complaintId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((a) => ({ id: a.id, at: a.at, byUserId: a.by_user_id, byName: a.by_name, text: a.text }));
}

export async function callbacksOf(db: Db, complaintId: number): Promise<ComplaintCallback[]> {
  const rows = await db
    .selectFrom('complaint_callback')
    .select(['id', 'at', 'by_name', 'verdict', 'closed_loop', 'words', 'call_id'])
    .where('complaint_id', '=', complaintId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((b) => ({
    id: b.id,
    at: b.at,
    byName: b.by_name,
    verdict: b.verdict as ComplaintVerdict,
    closedLoop: b.closed_loop === 1,
    words: b.words,
    callId: b.call_id,
  }));
}

/** The complaint row itself (inside a transaction, before a write). */
export function complaintRow(db: Db, id: number): Promise<ComplaintRow | undefined> {
  return db.selectFrom('complaint').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The next 投诉单号 of a month: TS202612-0001, TS202612-0002… (inside the creating transaction). */
export async function nextComplaintNo(trx: Db, month: string): Promise<string> {
  const prefix = `TS${month.replace('-', '')}-`;
  // Two counters registering at once on a server take turns for the month's next number.
  await lockForTransaction(trx, `complaint_no:${prefix}`);
  const last = await trx
    .selectFrom('complaint')
    .select((eb) => eb.fn.max('no').as('no'))
    .where('no', '>=', prefix)
    .where('no', '<', `${prefix}~`)
    .executeTakeFirst();
  const n = last?.no ? Number(last.no.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

/** The 回访 call key of a complaint's callback (二次回访). */
export const complaintCallKey = (complaintId: number) => `callback:complaint:${complaintId}`;
