import { COMPLAINT_TYPE_LABELS, type ComplaintType } from '../../../../src-shared/domain/complaints';
import type { RevisitSettings } from '../../../../src-shared/domain/revisits';
import { addDays, dateOf } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { chunks } from '../../invitations/vehicle-changes';
import { CUSTOMER_COLUMNS, joinedCustomer, type QueueContributor, type Subject } from './subjects';

const complaintsQuery = (db: Db) =>
  db
    .selectFrom('complaint as k')
    .innerJoin('customer as c', 'c.id', 'k.customer_id')
    .leftJoin('contact_preference as p', (join) =>
      join.onRef('p.customer_id', '=', 'c.id').on('p.channel', '=', 'phone').on('p.allowed', '=', 0),
    )
    .leftJoin('vehicle as v', 'v.id', 'k.vehicle_id')
    .leftJoin('repair_order as r', 'r.id', 'k.ro_id')
    .select(CUSTOMER_COLUMNS)
    .select([
      'k.id',
      'k.no',
      'k.type',
      'k.state',
      'k.customer_id',
      'k.vehicle_id',
      'k.ro_id',
      'k.opened_at',
      'k.resolved_at',
      'k.closed_at',
      'k.callback_due_by',
      'v.plate',
      'v.model',
      'v.anonymised_at',
      'r.ro_number',
    ]);
type ComplaintRow = Awaited<ReturnType<ReturnType<typeof complaintsQuery>['execute']>>[number];

function subject(k: ComplaintRow): Subject {
  const type = COMPLAINT_TYPE_LABELS[k.type as ComplaintType] ?? k.type;
  // Due the day it was resolved; a complaint not waiting for its callback (closed, or reopened and
  // being handled again) is only read by id, for its call record: it shows as that record says.
  const when =
    k.state === 'resolved' ? `${k.callback_due_by} 前` : k.state === 'closed' ? '已闭环' : '处理中，尚未处理完毕';
  return {
    key: `callback:complaint:${k.id}`,
    kind: 'callback',
    reason: `投诉二次回访：${type}（${k.no}，${when}）`,
    dueOn: dateOf(k.resolved_at ?? k.closed_at ?? k.opened_at),
    roId: k.ro_id,
    roNumber: k.ro_number,
    vehicleId: k.vehicle_id,
    plate: k.plate,
    model: k.model ?? '',
    customerId: k.customer_id,
    // The customer's own complaint: not marketing (a phone refusal or 勿扰 still skips it).
    marketing: false,
    anonymised: k.anonymised_at !== null,
    joined: joinedCustomer(k),
  };
}

/**
 * The complaint callback (投诉二次回访): a resolved complaint, due from the day it was resolved,
 * to be called within the store's days (投诉设置). Key callback:complaint:<complaint id>, kind
 * 'callback' (the call screen shows the complaint and records the verdict and 是否闭环; see
 * ComplaintsService.callRecorded). One range on complaint_state (state, then the resolution
 * moment); by id in any state, so a call record whose complaint has moved on still shows.
 */
export const complaintCallbackContributor: QueueContributor = {
  kind: 'callback',
  prefix: 'callback:complaint',
  enabled: () => true,
  async dueBetween(db: Db, from: string, to: string, _settings: RevisitSettings): Promise<Subject[]> {
    const rows = await complaintsQuery(db)
      .where('k.state', '=', 'resolved')
      .where('k.resolved_at', '>=', from)
      .where('k.resolved_at', '<', addDays(to, 1))
      .execute();
    return rows.map(subject);
  },
  async byIds(db: Db, ids: readonly number[], _settings: RevisitSettings): Promise<Subject[]> {
    const out: Subject[] = [];
    for (const part of chunks([...ids], 500))
      for (const k of await complaintsQuery(db).where('k.id', 'in', part).execute()) out.push(subject(k));
    return out;
  },
};
