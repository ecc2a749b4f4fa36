import type { ClaimRow } from '../../../src-shared/domain/claims';
import type { DayTask } from '../../../src-shared/domain/today';
import { addDays } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { shiftMonth } from '../lost-customers/churn';
import type { DayTaskContributor } from '../today/today.service';
import { readClaimRows } from './claim-queries';
import type { ClaimsService } from './claims.service';
import { readClaimSettings } from './claims-settings';
import { keptDueBy } from './old-parts.service';
import { approvedByMonth } from './statements.service';

/** The 三包/索赔 tabs (src-renderer/features/claims/paths.ts), as plain strings like other areas' tasks. */
const LIST = '/claims/list';
const OLD_PARTS = '/claims/old-parts';
const OUTSIDE = '/claims/outside';
const STATEMENTS = '/claims/statements';

const query = (path: string, q: Record<string, string>) => `${path}?${new URLSearchParams(q).toString()}`;
/** One claim's page when the row is about exactly one, the list (filtered) otherwise. */
const linkTo = (list: readonly ClaimRow[], q: Record<string, string>) =>
  list.length === 1 ? `/claims/ro/${list[0]!.roId}` : query(LIST, q);

/** RO2611001（京A12345）、… (at most three named). */
function named(list: readonly string[], unit: string): string {
  const shown = list.slice(0, 3);
  return `${shown.join('、')}${list.length > shown.length ? ` 等 ${list.length} ${unit}` : ''}`;
}
const claimName = (c: ClaimRow) => `${c.roNumber}${c.plate ? `（${c.plate}）` : ''}`;
/** 2026-11 → 11月. */
const monthName = (month: string) => `${Number(month.slice(5, 7))}月`;

/**
 * 三包/索赔 on the Today board and the end-of-day check: claims due within warnDays and not reported,
 * claims past their deadline, rejected claims to fix, old parts due back, outside-service orders not
 * closed, last month's statement not invoiced after settings.invoiceByDay. A row when there is
 * something to do, and a done row when the day's claims were reported and none is due. Every row is
 * for the end-of-day check: a claim not reported in time is money the store never gets back.
 */
export class ClaimTasks implements DayTaskContributor {
  readonly area = 'claims';

  constructor(
    readonly db: Db,
    readonly claims: ClaimsService,
  ) {}

  async tasks(date: string): Promise<DayTask[]> {
    const settings = await readClaimSettings(this.db);
    const next = addDays(date, 1);
    const tasks: DayTask[] = [];
    const row = (key: string, title: string, link: string) => ({ area: this.area, key, title, link, endOfDay: true });

    // Claims not reported (待填报) with a deadline by date + warnDays: past it, or due soon.
    const dueBy = addDays(date, settings.warnDays);
    const { rows: due } = await readClaimRows(this.db, settings, { status: 'draft', dueBefore: dueBy, today: date });
    const overdue = due.filter((c) => c.dueState === 'overdue');
    const soon = due.filter((c) => c.dueState === 'due_soon');
    if (overdue.length > 0)
      tasks.push({
        ...row('overdue', '索赔单已过上报期限', linkTo(overdue, { status: 'draft', dueBefore: addDays(date, -1) })),
        count: overdue.length,
        state: 'open',
        detail: `${named(
          overdue.map((c) => `${claimName(c)} 期限 ${c.deadline ?? ''}`),
          '张',
        )} 已过厂家上报期限还没有上报：请马上在厂家系统填报，并联系厂家说明情况`,
      });
    if (soon.length > 0) {
      const today = soon.filter((c) => c.deadline === date).length;
      tasks.push({
        ...row('due', '索赔单即将到期', linkTo(soon, { status: 'draft', dueBefore: dueBy })),
        count: soon.length,
        state: 'open',
        detail: `${named(
          soon.map((c) => `${claimName(c)} ${c.deadline === date ? '今天到期' : `${c.deadline ?? ''} 到期`}`),
          '张',
        )} ${settings.warnDays} 天内到上报期限${today > 0 ? `（今天到期 ${today} 张）` : ''}：请填写故障描述后在厂家系统上报，登记索赔单号`,
      });
    } else if (overdue.length === 0) {
      // Nothing due: a done row when claims were reported that day.
      const reported = await this.db
        .selectFrom('claim_round')
        .select((eb) => eb.fn.count<number>('claim_id').distinct().as('n'))
        .where('reported_on', '=', date)
        .executeTakeFirstOrThrow();
      if (Number(reported.n) > 0)
        tasks.push({
          ...row('due', '索赔单即将到期', LIST),
          count: null,
          state: 'done',
          detail: `当天上报了 ${Number(reported.n)} 张索赔单，${settings.warnDays} 天内没有到期未上报的`,
        });
    }

    // Rejected claims to fix and report again.
    const { rows: rejected } = await readClaimRows(this.db, settings, { status: 'rejected', today: date });
    if (rejected.length > 0)
      tasks.push({
        ...row('rejected', '索赔单被驳回', linkTo(rejected, { status: 'rejected' })),
        count: rejected.length,
        state: 'open',
        detail: `${named(rejected.map(claimName), '张')} 被厂家驳回：请按驳回原因修改后重新上报`,
      });

    // Old parts due back to the manufacturer.
    const parts = await keptDueBy(this.db, settings, date).orderBy('r.settled_at').orderBy('p.tag_no').execute();
    if (parts.length > 0) {
      const ros = [...new Set(parts.map((p) => p.ro_number))];
      tasks.push({
        ...row('old-parts', '旧件到期未返厂', query(OLD_PARTS, { due: '1' })),
        count: parts.length,
        state: 'open',
        detail: `${parts.length} 个旧件（${named(ros, '张修理单')}）已到返厂期限：请打包寄回厂家，登记返厂日期和运单号；厂家要求报废的登记报废`,
      });
    }

    // Outside-service orders out by the end of the day and not back by then.
    const out = await this.db
      .selectFrom('outside_service')
      .select(['order_no', 'staff', 'place'])
      .where('out_at', '<', next)
      .where((eb) => eb.or([eb('state', '=', 'out'), eb('back_at', '>=', next)]))
      .orderBy('out_at')
      .orderBy('id')
      .execute();
    if (out.length > 0)
      tasks.push({
        ...row('outside', '外出服务未返回', query(OUTSIDE, { state: 'out' })),
        count: out.length,
        state: 'open',
        detail: `${named(
          out.map((o) => `${o.order_no}（${o.staff}）`),
          '张',
        )} 外出服务还没有登记返回：人员回来后登记返回时间和里程，里程会进入索赔单`,
      });

    // Last month's statement not invoiced after the day of the month settings.invoiceByDay.
    const lastMonth = shiftMonth(date.slice(0, 7), -1);
    if (Number(date.slice(8, 10)) > settings.invoiceByDay) {
      const [sums, statement] = await Promise.all([
        approvedByMonth(this.db, lastMonth, lastMonth),
        this.db.selectFrom('claim_statement').select('state').where('month', '=', lastMonth).executeTakeFirst(),
      ]);
      const sum = sums.get(lastMonth);
      const state = statement?.state ?? 'open';
      if (sum && sum.count > 0 && (state === 'open' || state === 'requested'))
        tasks.push({
          ...row('statement', '服务费未开票', query(STATEMENTS, { month: lastMonth })),
          count: sum.count,
          state: 'open',
          detail: `${monthName(lastMonth)}审核通过 ${sum.count} 张索赔单，共 ¥${(sum.totalFen / 100).toFixed(2)}，已过 ${settings.invoiceByDay} 日还没有开票：${
            state === 'open' ? '请把结算单交站长，申请向厂家开票' : '已申请开票，请催站长开票后登记发票号'
          }`,
        });
    }
    return tasks;
  }
}
