import type { RevisitSettings } from '../../../../src-shared/domain/revisits';
import { addDays } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { chunks } from '../../invitations/vehicle-changes';
import { CUSTOMER_COLUMNS, joinedCustomer, monthDay, type QueueContributor, type Subject, shiftDate } from './subjects';

const vehiclesQuery = (db: Db) =>
  db
    .selectFrom('vehicle as v')
    .leftJoin('customer as c', 'c.id', 'v.owner_id')
    .leftJoin('contact_preference as p', (join) =>
      join.onRef('p.customer_id', '=', 'c.id').on('p.channel', '=', 'phone').on('p.allowed', '=', 0),
    )
    .select(CUSTOMER_COLUMNS)
    .select(['v.id', 'v.plate', 'v.model', 'v.owner_id', 'v.delivery_date', 'v.anonymised_at']);
type VehicleRow = Awaited<ReturnType<ReturnType<typeof vehiclesQuery>['execute']>>[number];

function subject(v: VehicleRow, settings: RevisitSettings): Subject | null {
  if (v.delivery_date === null) return null;
  return {
    key: `delivery:vehicle:${v.id}`,
    kind: 'delivery',
    reason: `新车交车 ${settings.deliveryDays} 天回访（${monthDay(v.delivery_date)} 交车）`,
    dueOn: shiftDate(v.delivery_date, settings.deliveryDays),
    roId: null,
    roNumber: null,
    vehicleId: v.id,
    plate: v.plate,
    model: v.model,
    customerId: v.owner_id,
    marketing: false,
    anonymised: v.anonymised_at !== null,
    joined: joinedCustomer(v),
  };
}

/**
 * The new-car revisit (新车交车回访) `deliveryDays` after the vehicle's sales delivery date, for
 * stores where the clerk makes the sales revisits too (off by default). Key delivery:vehicle:<id>.
 * One range on vehicle_delivery_date.
 */
export const deliveryContributor: QueueContributor = {
  kind: 'delivery',
  prefix: 'delivery:vehicle',
  enabled: (settings) => settings.deliveryRevisit,
  async dueBetween(db: Db, from: string, to: string, settings: RevisitSettings): Promise<Subject[]> {
    const rows = await vehiclesQuery(db)
      .where('v.delivery_date', '>=', addDays(from, -settings.deliveryDays))
      .where('v.delivery_date', '<=', addDays(to, -settings.deliveryDays))
      .execute();
    return rows.map((v) => subject(v, settings)).filter((s): s is Subject => s !== null);
  },
  async byIds(db: Db, ids: readonly number[], settings: RevisitSettings): Promise<Subject[]> {
    const out: Subject[] = [];
    for (const part of chunks([...ids], 500))
      for (const v of await vehiclesQuery(db).where('v.id', 'in', part).execute()) {
        const s = subject(v, settings);
        if (s) out.push(s);
      }
    return out;
  },
};
