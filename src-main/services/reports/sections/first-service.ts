import type { FirstServiceSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import type { PeriodBounds } from '../report-period';

/**
 * 首保: vouchers registered for first services in the month (by service day) and of those handed
 * over to sales; every voucher still waiting to be handed over, whatever its month.
 */
export async function firstServiceSection(db: Db, p: PeriodBounds): Promise<FirstServiceSection> {
  const month = await db
    .selectFrom('first_service_voucher')
    .select((eb) => [eb.fn.countAll<number>().as('registered'), eb.fn.count<number>('handed_over_at').as('handed')])
    .where('service_on', '>=', p.from)
    .where('service_on', '<=', p.to)
    .executeTakeFirst();
  const waiting = await db
    .selectFrom('first_service_voucher')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('handed_over_at', 'is', null)
    .executeTakeFirst();
  return {
    registered: Number(month?.registered ?? 0),
    handedOver: Number(month?.handed ?? 0),
    waiting: Number(waiting?.n ?? 0),
  };
}
