import {
  DELIVERY_FORMAT_LABELS,
  isoWeekRange,
  monthRange,
  previousMonth,
  previousWeek,
  type ReportDelivery,
} from '../../../src-shared/domain/reports';
import type { DayTask } from '../../../src-shared/domain/today';
import { addDays } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { DayTaskContributor } from '../today/today.service';
import { deliveredKeys, listDeliveries, type ReportKey } from './deliveries';

/** Monday 0 … Sunday 6, of a YYYY-MM-DD day. */
function weekdayOf(date: string): number {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
  return (d.getUTCDay() + 6) % 7;
}

/** 11月23日 */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 12-01 09:12 (store time, as the instant was written). */
const shortAt = (at: string) => `${at.slice(5, 10)} ${at.slice(11, 16)}`;

function deliveredText(d: ReportDelivery): string {
  const what = d.format === 'print' ? '已打印' : `已${DELIVERY_FORMAT_LABELS[d.format]}`;
  return `${what}（${d.byName}，${shortAt(d.at)}）`;
}

/** The report one day may ask for, with what the row says about it. */
interface DueReport {
  key: ReportKey;
  /** The report's own due day: a done row is shown on it only. */
  isDueDay: boolean;
  to: string;
  title: string;
  link: string;
  /** 2026年第48周（11月23日—11月29日）的周报 */
  name: string;
  /** When it fell due, for the later days: 周一 / 3 日. */
  dueWhen: string;
}

/**
 * 统计 on the Today board: on Monday last week's report (周报) and from the 3rd last month's report
 * (月报), due until it has been exported or printed (report_delivery). On its due day a delivered
 * report shows as done; on the later days of the week or month an undelivered one stays open. A
 * store whose archive has no RO by the period's end has nothing to report.
 */
export class ReportTasks implements DayTaskContributor {
  readonly area = 'statistics';

  constructor(readonly db: Db) {}

  private dueOn(date: string): DueReport[] {
    const due: DueReport[] = [];
    const week = previousWeek(date);
    const weekRange = isoWeekRange(week);
    if (weekRange)
      due.push({
        key: { kind: 'weekly', period: week },
        isDueDay: weekdayOf(date) === 0,
        to: weekRange.to,
        title: '周报（上周）',
        link: `/statistics/weekly?week=${week}`,
        name: `${week.slice(0, 4)}年第${Number(week.slice(6))}周（${monthDay(weekRange.from)}—${monthDay(weekRange.to)}）的周报`,
        dueWhen: '周一',
      });
    const day = Number(date.slice(8, 10));
    if (day >= 3) {
      const month = previousMonth(date);
      due.push({
        key: { kind: 'monthly', period: month },
        isDueDay: day === 3,
        to: monthRange(month).to,
        title: '月报（上月）',
        link: `/statistics/monthly?month=${month}`,
        name: `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月的月报`,
        dueWhen: '3 日',
      });
    }
    return due;
  }

  /** True when some RO was opened by the period's end (else a new store: nothing to report yet). */
  private async hasRoBy(to: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('repair_order')
      .select('id')
      .where('opened_at', '<', addDays(to, 1))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async tasks(date: string): Promise<DayTask[]> {
    const candidates = this.dueOn(date);
    const due: DueReport[] = [];
    for (const report of candidates) if (await this.hasRoBy(report.to)) due.push(report);
    if (due.length === 0) return [];
    const delivered = await deliveredKeys(
      this.db,
      due.map((r) => r.key),
    );
    const tasks: DayTask[] = [];
    for (const report of due) {
      const base = {
        area: this.area,
        key: report.key.kind,
        title: report.title,
        link: report.link,
        endOfDay: true,
      };
      if (delivered.has(`${report.key.kind}:${report.key.period}`)) {
        if (!report.isDueDay) continue;
        const [latest] = await listDeliveries(this.db, report.key);
        tasks.push({
          ...base,
          count: null,
          state: 'done',
          detail: `${report.name}${latest ? deliveredText(latest) : '已交'}`,
        });
      } else {
        tasks.push({
          ...base,
          count: null,
          state: 'open',
          detail: report.isDueDay
            ? `${report.name}今天要交：请导出 Excel、导出 PDF 或打印`
            : `${report.name}还没有导出或打印（${report.dueWhen}应交）：请导出 Excel、导出 PDF 或打印`,
        });
      }
    }
    return tasks;
  }
}
