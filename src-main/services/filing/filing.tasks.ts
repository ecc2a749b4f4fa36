import type { DayTask } from '../../../src-shared/domain/today';
import { addDays, todayDate, toInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { DayTaskContributor } from '../today/today.service';
import { readFilingSettings } from './filing-settings';
import type { LoansService } from './loans.service';
import { HEALTH_LOOKBACK_DAYS, type MissingService } from './missing.service';
import { readLoans } from './paper-queries';

/** The 归档 tabs (src-renderer/features/filing/paths.ts), as plain strings like other areas' tasks. */
const DESK = '/filing/desk';
const MISSING = '/filing/missing';
const LOANS = '/filing/loans';

/** 京A12345、京B22222… (at most three named). */
function named(list: readonly string[], unit: string): string {
  const shown = list.slice(0, 3);
  return `${shown.join('、')}${list.length > shown.length ? ` 等 ${list.length} ${unit}` : ''}`;
}

/**
 * 归档 on the Today board and the end-of-day check: papers received and not filed, the day's
 * settled ROs without their papers, settled ROs not uploaded to the 电子健康档案 in time, new
 * customer files left incomplete, borrowed papers overdue. A row when there is something to do
 * (open), or, for the day's own work, a done row saying it is all in; every row is for the
 * end-of-day check. Deadlines are judged at the store clock's moment for today, at the end of the
 * day for an earlier day.
 */
export class FilingTasks implements DayTaskContributor {
  readonly area = 'filing';

  constructor(
    readonly db: Db,
    readonly missing: MissingService,
    readonly loans: LoansService,
  ) {}

  async tasks(date: string): Promise<DayTask[]> {
    const now = this.missing.clock.now();
    const today = todayDate(now);
    const next = addDays(date, 1);
    const at = date >= today ? now.getTime() : Date.parse(toInstant(`${next}T00:00`) ?? `${next}T00:00:00Z`);
    const settings = await readFilingSettings(this.db);
    const tasks: DayTask[] = [];
    const row = (key: string, title: string, link: string) => ({ area: this.area, key, title, link, endOfDay: true });

    // Papers handed in and not filed yet (by the day); a done row when the day's papers are all filed.
    const received = await this.db
      .selectFrom('paper')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>(eb.case().when('received_on', '=', date).then(1).end()).as('today'),
      ])
      .where('state', '=', 'received')
      .where('received_on', '<=', date)
      .executeTakeFirstOrThrow();
    const waiting = Number(received.n);
    if (waiting > 0)
      tasks.push({
        ...row('received', '资料未归档', DESK),
        count: waiting,
        state: 'open',
        detail: `${waiting} 份资料已收到还没有归档${Number(received.today) > 0 ? `（当天收到 ${Number(received.today)} 份）` : ''}：请在归档台扫描单号放入资料夹`,
      });
    else {
      const filedToday = await this.db
        .selectFrom('paper')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('received_on', '=', date)
        .where('state', '=', 'filed')
        .executeTakeFirstOrThrow();
      if (Number(filedToday.n) > 0)
        tasks.push({
          ...row('received', '资料未归档', DESK),
          count: null,
          state: 'done',
          detail: `当天收到的 ${Number(filedToday.n)} 份资料都已归档`,
        });
    }

    // The day's settled ROs without their papers.
    const missing = await this.missing.settledOn(date);
    const ros = [...new Set(missing.map((m) => m.roNumber ?? ''))];
    if (missing.length > 0)
      tasks.push({
        ...row('settled', '今日结算单据未归档', MISSING),
        count: ros.length,
        state: 'open',
        detail: `${named(ros, '张')} 已结算，还缺 ${missing.length} 份单据（${[...new Set(missing.map((m) => m.kindLabel))].join('、')}）：请收齐后归档`,
      });
    else {
      const settled = await this.db
        .selectFrom('repair_order')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('settled_at', '>=', date)
        .where('settled_at', '<', next)
        .executeTakeFirstOrThrow();
      if (Number(settled.n) > 0)
        tasks.push({
          ...row('settled', '今日结算单据未归档', MISSING),
          count: null,
          state: 'done',
          detail: `当天结算的 ${Number(settled.n)} 张修理单单据齐全`,
        });
    }

    // 电子健康档案: settled ROs (the last HEALTH_LOOKBACK_DAYS days) not uploaded in time.
    if (settings.healthRecordCheck) {
      const from = addDays(date, -HEALTH_LOOKBACK_DAYS);
      const late = await this.missing.uploadsBetween(
        settings.checkFrom !== null && settings.checkFrom > from ? settings.checkFrom : from,
        next,
        'late',
        at,
      );
      if (late.length > 0)
        tasks.push({
          ...row('health', '电子健康档案未上传', MISSING),
          count: late.length,
          state: 'open',
          detail: `${named(
            late.map((u) => u.roNumber),
            '张',
          )} 结算超过 ${settings.healthRecordHours} 小时还没有上传电子健康档案：请上传后在“缺失”里标记已上传`,
        });
    }

    // New customer and vehicle files left incomplete, per advisor.
    const incomplete = await this.missing.incompleteFiles(date);
    if (incomplete.length > 0) {
      const perAdvisor = new Map<string, number>();
      for (const f of incomplete) perAdvisor.set(f.advisor, (perAdvisor.get(f.advisor) ?? 0) + 1);
      tasks.push({
        ...row('incomplete', '新建档案不完整', MISSING),
        count: incomplete.length,
        state: 'open',
        detail: `当天新建的 ${incomplete.length} 份客户/车辆档案缺少必填信息：${[...perAdvisor]
          .map(([advisor, n]) => `${advisor} ${n} 份`)
          .join('、')}，请服务顾问补全`,
      });
    }

    // Borrowed papers and binders past their due day (also on the board).
    const overdue = await readLoans(this.db, settings, { state: 'overdue', today: date });
    if (overdue.length > 0)
      tasks.push({
        ...row('loans', '借阅逾期', LOANS),
        count: overdue.length,
        state: 'open',
        detail: `${named(
          overdue.map((l) => `${l.borrower}（${l.what}，应还 ${l.dueOn}）`),
          '项',
        )} 已过归还日期：请催还，归还后在借阅登记里点“归还”`,
      });
    return tasks;
  }
}
