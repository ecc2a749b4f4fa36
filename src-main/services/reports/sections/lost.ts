import { LOST_REASONS, type LostReason } from '../../../../src-shared/domain/complaints';
import type { LostSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import { churnMonth } from '../../lost-customers/churn';
import type { PeriodBounds } from '../report-period';

/**
 * 流失: the month's churn (the lost-customer area's churnMonth), the reasons recorded in the month
 * (in LOST_REASONS order, zeros dropped), and the 流失召回 calls (reminder:vehicle:N) closed in the
 * month (revisit_call_closed; cancelled ones were never made) with those that reached the customer.
 */
export async function lostSection(db: Db, month: string, p: PeriodBounds): Promise<LostSection> {
  const churn = await churnMonth(db, month);
  const reasons = await db
    .selectFrom('lost_vehicle')
    .select((eb) => ['reason', eb.fn.countAll<number>().as('n')])
    .where('reason_at', '>=', p.from)
    .where('reason_at', '<', p.end)
    .where('reason', 'is not', null)
    .groupBy('reason')
    .execute();
  const countOf = new Map(reasons.map((r) => [r.reason as LostReason, Number(r.n)]));
  const calls = await db
    .selectFrom('revisit_call')
    .select(['last_outcome'])
    .where('closed_at', '>=', p.from)
    .where('closed_at', '<', p.end)
    .where('call_key', 'like', 'reminder:vehicle:%')
    .where('state', 'in', ['done', 'unreached'])
    .execute();
  return {
    churn,
    reasons: LOST_REASONS.filter((r) => (countOf.get(r) ?? 0) > 0).map((reason) => ({
      reason,
      count: countOf.get(reason)!,
    })),
    winbackCalls: calls.length,
    winbackReached: calls.filter((c) => c.last_outcome === 'reached').length,
  };
}
