import type { RevisitSettings } from '../../../../src-shared/domain/revisits';
import type { Db } from '../../../db/database';
import { chunks } from '../../invitations/vehicle-changes';
import { monthsBetween } from '../../lost-customers/lost-list';
import { CUSTOMER_COLUMNS, joinedCustomer, type QueueContributor, type Subject } from './subjects';

const winbackQuery = (db: Db) =>
  db
    .selectFrom('vehicle as v')
    .leftJoin('lost_vehicle as l', 'l.vehicle_id', 'v.id')
    .leftJoin('vehicle_service_summary as s', 's.vehicle_id', 'v.id')
    .leftJoin('customer as c', 'c.id', 'v.owner_id')
    .leftJoin('contact_preference as p', (join) =>
      join.onRef('p.customer_id', '=', 'c.id').on('p.channel', '=', 'phone').on('p.allowed', '=', 0),
    )
    .select(CUSTOMER_COLUMNS)
    .select(['v.id', 'v.plate', 'v.model', 'v.owner_id', 'v.anonymised_at', 'l.winback_on', 's.last_visit_on']);
type WinbackRow = Awaited<ReturnType<ReturnType<typeof winbackQuery>['execute']>>[number];

function subject(v: WinbackRow, date: string): Subject {
  const dueOn = v.winback_on ?? date;
  const reason =
    v.last_visit_on === null
      ? '流失召回：没有进厂记录'
      : `流失召回：上次进厂 ${v.last_visit_on}（${monthsBetween(v.last_visit_on, dueOn)} 个月未回厂）`;
  return {
    key: `reminder:vehicle:${v.id}`,
    kind: 'reminder',
    reason,
    dueOn,
    roId: null,
    roNumber: null,
    vehicleId: v.id,
    plate: v.plate,
    model: v.model,
    customerId: v.owner_id,
    // Asking a customer who stopped coming to come back is marketing: only with consent.
    marketing: true,
    anonymised: v.anonymised_at !== null,
    joined: joinedCustomer(v),
  };
}

/**
 * The win-back call (流失召回): a lost customer put in the queue from 流失客户 (lost_vehicle.winback_on),
 * due that day. Key reminder:vehicle:<vehicle id>, kind 'reminder' (marketing: only customers who
 * agreed to it). The call screen asks for the reason (流失原因). One range on lost_vehicle_winback.
 */
export const winbackContributor: QueueContributor = {
  kind: 'reminder',
  prefix: 'reminder:vehicle',
  enabled: () => true,
  async dueBetween(db: Db, from: string, to: string, _settings: RevisitSettings): Promise<Subject[]> {
    const rows = await winbackQuery(db).where('l.winback_on', '>=', from).where('l.winback_on', '<=', to).execute();
    return rows.map((v) => subject(v, to));
  },
  async byIds(db: Db, ids: readonly number[], _settings: RevisitSettings, date: string): Promise<Subject[]> {
    const out: Subject[] = [];
    for (const part of chunks([...ids], 500))
      out.push(...(await winbackQuery(db).where('v.id', 'in', part).execute()).map((v) => subject(v, date)));
    return out;
  },
};
