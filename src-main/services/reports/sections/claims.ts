import type { ClaimsSection } from '../../../../src-shared/domain/reports';
import type { Db } from '../../../db/database';
import { claimDeadline } from '../../claims/claim-queries';
import { claimTypeLabel, readClaimSettings } from '../../claims/claims-settings';
import { approvedByMonth } from '../../claims/statements.service';
import type { PeriodBounds } from '../report-period';

/**
 * 索赔: first reports (round 1) made in the month and of those by the claim's deadline (the clerk's,
 * else the rules' from the settlement day; none yet: not late); approved in the month as the
 * 服务费结算 counts them (approvedByMonth), per claim type; rounds answered 驳回 in the month; the
 * claims settled by a statement paid in the month.
 */
export async function claimsSection(db: Db, month: string, p: PeriodBounds): Promise<ClaimsSection> {
  const settings = await readClaimSettings(db);
  const firsts = await db
    .selectFrom('claim_round as d')
    .innerJoin('claim as c', 'c.id', 'd.claim_id')
    .innerJoin('repair_order as r', 'r.id', 'c.ro_id')
    .innerJoin('vehicle as v', 'v.id', 'r.vehicle_id')
    .select(['d.reported_on', 'c.deadline', 'c.claim_type', 'r.settled_at', 'v.model'])
    .where('d.round', '=', 1)
    .where('d.reported_on', '>=', p.from)
    .where('d.reported_on', '<=', p.to)
    .execute();
  const onTime = firsts.filter((f) => {
    const deadline = claimDeadline(settings, f.deadline, f.settled_at, f.model, f.claim_type);
    return deadline === null || f.reported_on <= deadline;
  }).length;

  const approved = (await approvedByMonth(db, month, month)).get(month) ?? { count: 0, totalFen: 0 };
  // The same claims per type (approvedByMonth's filter: warranty ROs, approved or settled, approved in the month).
  const types = await db
    .selectFrom('claim as c')
    .innerJoin('repair_order as r', 'r.id', 'c.ro_id')
    .select((eb) => ['c.claim_type', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('c.approved_fen').as('fen')])
    .where('r.type', '=', 'warranty')
    .where('c.status', 'in', ['approved', 'settled'])
    .where('c.approved_on', '>=', p.from)
    .where('c.approved_on', '<=', p.to)
    .groupBy('c.claim_type')
    .execute();
  const typeOf = new Map(types.map((t) => [t.claim_type, { n: Number(t.n), fen: Number(t.fen ?? 0) }]));
  const order = [...new Set([...settings.claimTypes.map((t) => t.code), ...typeOf.keys()])];

  const rejected = await db
    .selectFrom('claim_round')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('result', '=', 'rejected')
    .where('result_on', '>=', p.from)
    .where('result_on', '<=', p.to)
    .executeTakeFirst();
  const paid = await db
    .selectFrom('claim_statement as s')
    .innerJoin('claim as c', 'c.statement_month', 's.month')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('c.approved_fen').as('fen')])
    .where('s.paid_on', '>=', p.from)
    .where('s.paid_on', '<=', p.to)
    .where('c.status', '=', 'settled')
    .executeTakeFirst();
  return {
    reported: firsts.length,
    reportedOnTime: onTime,
    approved: approved.count,
    approvedFen: approved.totalFen,
    rejected: Number(rejected?.n ?? 0),
    paid: Number(paid?.n ?? 0),
    paidFen: Number(paid?.fen ?? 0),
    byType: order
      .filter((code) => typeOf.has(code))
      .map((code) => ({
        type: code,
        label: claimTypeLabel(settings, code),
        approved: typeOf.get(code)!.n,
        approvedFen: typeOf.get(code)!.fen,
      })),
  };
}
