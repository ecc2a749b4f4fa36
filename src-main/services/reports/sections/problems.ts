import type { ProblemCustomer } from '../../../../src-shared/domain/reports';
import type { Department } from '../../../../src-shared/domain/revisits';
import { dateOf } from '../../../../src-shared/validation/dates';
import type { Db } from '../../../db/database';
import { phoneOf } from '../../first-service/candidates';
import type { PeriodBounds } from '../report-period';

/**
 * 问题客户: the problems (call_problem) of calls closed in the period (revisit_call_closed), with the
 * customer, vehicle, RO, the quick-handling form's action and result, and the complaint it became.
 * By closing day, then the problem's id.
 */
export async function problemCustomers(db: Db, p: PeriodBounds): Promise<ProblemCustomer[]> {
  const rows = await db
    .selectFrom('revisit_call as k')
    .innerJoin('call_problem as p', 'p.call_id', 'k.id')
    .leftJoin('customer as c', 'c.id', 'k.customer_id')
    .leftJoin('vehicle as v', 'v.id', 'k.vehicle_id')
    .leftJoin('repair_order as r', 'r.id', 'k.ro_id')
    .leftJoin('complaint as x', 'x.id', 'p.complaint_id')
    .select([
      'p.id',
      'p.call_id',
      'p.department',
      'p.questions_json',
      'p.words',
      'p.action',
      'p.result',
      'p.done_at',
      'k.closed_at',
      'c.name as customer_name',
      'c.mobile',
      'c.other_phones',
      'v.plate',
      'r.ro_number',
      'x.no as complaint_no',
    ])
    .where('k.closed_at', '>=', p.from)
    .where('k.closed_at', '<', p.end)
    .execute();
  return rows
    .map((r) => {
      const questions = JSON.parse(r.questions_json) as string[];
      return {
        problemId: r.id,
        callId: r.call_id,
        on: dateOf(r.closed_at as string),
        department: r.department as Department,
        customerName: r.customer_name,
        phone: phoneOf(r.mobile, r.other_phones),
        plate: r.plate,
        roNumber: r.ro_number,
        words: [questions.join('、'), r.words].filter((s) => s.trim() !== '').join('：'),
        action: r.action,
        result: r.result,
        doneOn: r.done_at === null ? null : dateOf(r.done_at),
        complaintNo: r.complaint_no,
      };
    })
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.problemId - b.problemId));
}
