import type { RevisitSettings } from '../../../../src-shared/domain/revisits';
import { addDays } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { chunks } from '../../invitations/vehicle-changes';
import {
  CUSTOMER_COLUMNS,
  joinedCustomer,
  type QueueContributor,
  type Subject,
  type SubjectKind,
  shiftDate,
} from './subjects';

/**
 * The calls about an RO some days after its delivery (7-day follow-up, satisfaction revisit). An RO
 * is delivered on the day the daily report counts it (daily-report/figures.ts): its delivered_at,
 * or its settled_at when it has no delivery time. Two range queries, on repair_order_delivered and
 * repair_order_settled.
 */
function rosQuery(db: Db) {
  return (
    db
      .selectFrom('repair_order as r')
      .innerJoin('vehicle as v', 'v.id', 'r.vehicle_id')
      // Whoever brought the car in (the RO's customer), else the owner.
      .leftJoin('customer as c', (join) =>
        join.on((eb) => eb('c.id', '=', eb.fn.coalesce('r.customer_id', 'v.owner_id'))),
      )
      .leftJoin('contact_preference as p', (join) =>
        join.onRef('p.customer_id', '=', 'c.id').on('p.channel', '=', 'phone').on('p.allowed', '=', 0),
      )
      .select(CUSTOMER_COLUMNS)
      .select([
        'r.id',
        'r.ro_number',
        'r.customer_id',
        'r.delivered_at',
        'r.settled_at',
        'r.vehicle_id',
        'v.plate',
        'v.model',
        'v.owner_id',
        'v.anonymised_at',
      ])
  );
}
type RoRow = Awaited<ReturnType<ReturnType<typeof rosQuery>['execute']>>[number];

/**
 * The ROs delivered from `from` to `to`. With `closedBefore`, those whose call of `kind` was closed
 * before that day are left out in SQL (by revisit_call_ro, before the vehicle and customer are
 * read): on a store that works its calls, most of the look-back's ROs are done and cost one probe.
 */
export async function deliveredBetween(
  db: Db,
  from: string,
  to: string,
  skip?: { kind: SubjectKind; closedBefore: string },
): Promise<RoRow[]> {
  const next = addDays(to, 1);
  const notClosed = <Q extends ReturnType<typeof rosQuery>>(q: Q): Q =>
    skip
      ? (q.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('revisit_call as k')
                .select('k.id')
                .whereRef('k.ro_id', '=', 'r.id')
                .where('k.kind', '=', skip.kind)
                .where('k.state', '<>', 'open')
                .where('k.closed_at', '<', skip.closedBefore),
            ),
          ),
        ) as Q)
      : q;
  const [delivered, settled] = [
    await notClosed(rosQuery(db).where('r.delivered_at', '>=', from).where('r.delivered_at', '<', next)).execute(),
    await notClosed(
      rosQuery(db)
        .where('r.settled_at', '>=', from)
        .where('r.settled_at', '<', next)
        .where('r.delivered_at', 'is', null),
    ).execute(),
  ];
  return [...delivered, ...settled];
}

export class DeliveredRoContributor implements QueueContributor {
  readonly prefix: string;

  constructor(
    readonly kind: Extract<SubjectKind, 'followup7' | 'csi'>,
    private readonly daysOf: (settings: RevisitSettings) => number,
    private readonly isEnabled: (settings: RevisitSettings) => boolean,
    private readonly reasonOf: (days: number, deliveredOn: string) => string,
  ) {
    this.prefix = `${kind}:ro`;
  }

  enabled(settings: RevisitSettings): boolean {
    return this.isEnabled(settings);
  }

  private subject(r: RoRow, settings: RevisitSettings): Subject | null {
    const delivered = r.delivered_at ?? r.settled_at;
    if (delivered === null) return null;
    const days = this.daysOf(settings);
    const deliveredOn = delivered.slice(0, 10);
    return {
      key: `${this.prefix}:${r.id}`,
      kind: this.kind,
      reason: this.reasonOf(days, deliveredOn),
      dueOn: shiftDate(deliveredOn, days),
      roId: r.id,
      roNumber: r.ro_number,
      vehicleId: r.vehicle_id,
      plate: r.plate,
      model: r.model,
      // Whoever brought the car in (the RO's customer), else the owner.
      customerId: r.customer_id ?? r.owner_id,
      marketing: false,
      anonymised: r.anonymised_at !== null,
      joined: joinedCustomer(r),
    };
  }

  async dueBetween(db: Db, from: string, to: string, settings: RevisitSettings): Promise<Subject[]> {
    const days = this.daysOf(settings);
    // A call closed before `to` is not shown (a record closed that day or still waiting is read by key).
    const rows = await deliveredBetween(db, addDays(from, -days), addDays(to, -days), {
      kind: this.kind,
      closedBefore: to,
    });
    return rows.map((r) => this.subject(r, settings)).filter((s): s is Subject => s !== null);
  }

  async byIds(db: Db, ids: readonly number[], settings: RevisitSettings): Promise<Subject[]> {
    const out: Subject[] = [];
    for (const part of chunks([...ids], 500))
      for (const r of await rosQuery(db).where('r.id', 'in', part).execute()) {
        const s = this.subject(r, settings);
        if (s) out.push(s);
      }
    return out;
  }
}
