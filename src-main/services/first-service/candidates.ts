import type { FirstServiceCandidate } from '../../../src-shared/domain/invitations';
import { addMonths, DEFAULT_SERVICE_RULE } from '../../../src-shared/domain/service-due';
import { addDays, daysBetween } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';

/** A first service whose time limit passed more than this many days ago is no longer a candidate. */
export const CANDIDATE_EXPIRED_DAYS = 30;

interface RuleMonths {
  match: string;
  firstMonths: number;
}

/**
 * The first-service months for a model: the rule whose `match` is contained in the model (longest
 * wins), else the store default (match ''), else DEFAULT_SERVICE_RULE. The rules themselves belong
 * to the service-due area; this reads the rows as they are.
 */
export class FirstMonthsRules {
  private constructor(
    private readonly byModel: readonly RuleMonths[],
    private readonly storeDefault: number,
  ) {}

  static async load(db: Db): Promise<FirstMonthsRules> {
    const rows = await db.selectFrom('service_rule').select(['match', 'first_months']).execute();
    const byModel = rows
      .filter((r) => r.match !== '')
      .map((r) => ({ match: r.match, firstMonths: r.first_months }))
      // Longest match first; ties by name, so the choice never depends on row order.
      .sort((a, b) => b.match.length - a.match.length || a.match.localeCompare(b.match));
    const storeDefault = rows.find((r) => r.match === '')?.first_months ?? DEFAULT_SERVICE_RULE.firstMonths;
    return new FirstMonthsRules(byModel, storeDefault);
  }

  monthsFor(model: string): number {
    return this.byModel.find((r) => model.includes(r.match))?.firstMonths ?? this.storeDefault;
  }

  /** The smallest and largest months any vehicle can get (to narrow the delivery dates read). */
  range(): { min: number; max: number } {
    const all = [this.storeDefault, ...this.byModel.map((r) => r.firstMonths)];
    return { min: Math.min(...all), max: Math.max(...all) };
  }
}

/**
 * Delivered, not sold or scrapped, no first-service RO and no voucher, and the first service's time
 * limit (delivery + the rule's months) falls between CANDIDATE_EXPIRED_DAYS ago and `withinDays`
 * from `today`. Soonest expiry first.
 */
export async function firstServiceCandidates(
  db: Db,
  today: string,
  withinDays: number,
): Promise<FirstServiceCandidate[]> {
  const rules = await FirstMonthsRules.load(db);
  const earliestExpiry = addDays(today, -CANDIDATE_EXPIRED_DAYS);
  const latestExpiry = addDays(today, withinDays);
  const { min, max } = rules.range();
  // Only deliveries whose expiry can fall in the window, whatever rule applies (one index range).
  const deliveredFrom = addMonths(earliestExpiry, -max);
  const deliveredTo = addMonths(latestExpiry, -min);
  const rows = await db
    .selectFrom('vehicle')
    .leftJoin('customer', 'customer.id', 'vehicle.owner_id')
    .select([
      'vehicle.id',
      'vehicle.plate',
      'vehicle.vin',
      'vehicle.model',
      'vehicle.delivery_date',
      'customer.name as customer_name',
      'customer.mobile',
      'customer.other_phones',
    ])
    .where('vehicle.delivery_date', '>=', deliveredFrom)
    .where('vehicle.delivery_date', '<=', deliveredTo)
    .where('vehicle.status', 'not in', ['sold', 'scrapped'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('repair_order')
            .select('repair_order.id')
            .whereRef('repair_order.vehicle_id', '=', 'vehicle.id')
            .where('repair_order.type', '=', 'first_service'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('first_service_voucher')
            .select('first_service_voucher.id')
            .whereRef('first_service_voucher.vehicle_id', '=', 'vehicle.id'),
        ),
      ),
    )
    .execute();
  const candidates: FirstServiceCandidate[] = [];
  for (const r of rows) {
    const deliveryOn = r.delivery_date as string;
    const expiresOn = addMonths(deliveryOn, rules.monthsFor(r.model));
    if (expiresOn < earliestExpiry || expiresOn > latestExpiry) continue;
    candidates.push({
      vehicleId: r.id,
      plate: r.plate,
      vin: r.vin,
      model: r.model,
      customerName: r.customer_name,
      phone: phoneOf(r.mobile, r.other_phones),
      deliveryOn,
      expiresOn,
      daysLeft: daysBetween(today, expiresOn),
    });
  }
  return candidates.sort((a, b) =>
    a.expiresOn !== b.expiresOn ? (a.expiresOn < b.expiresOn ? -1 : 1) : a.vehicleId - b.vehicleId,
  );
}

/** The number to call: the mobile, else the first other phone. */
export function phoneOf(mobile: string | null, otherPhonesJson: string | null): string | null {
  if (mobile) return mobile;
  if (!otherPhonesJson) return null;
  const others = JSON.parse(otherPhonesJson) as string[];
  return others[0] ?? null;
}
