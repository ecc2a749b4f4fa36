import type { ParsedInputOf } from '../../../src-shared/contract/index';
import { COMPLAINT_LEVELS, COMPLAINT_TYPES } from '../../../src-shared/domain/complaints';
import { RO_TYPES, type RoType } from '../../../src-shared/domain/enums';
import type { StatisticsRecords, StatisticsView } from '../../../src-shared/domain/reports';
import { DEPARTMENTS, type Department } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import { addDays, daysBetween, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { Clock } from '../context';
import { churnMonth, monthsFromTo } from '../lost-customers/churn';
import { readRevisitSettings } from '../revisits/revisit-settings';
import { invitationFunnel } from './sections/invitations';
import { statisticsRecords } from './statistics-records';
import { answeredCalls } from './statistics-satisfaction';

/** The longest period the page charts: about two years (a chart of more is unreadable). */
export const MAX_STATISTICS_DAYS = 731;
/** The default period: the last 30 days, today included. */
export const DEFAULT_STATISTICS_DAYS = 30;

const count = (row: { n: number | string | bigint } | undefined) => Number(row?.n ?? 0);

/**
 * The period asked for, checked against the store clock: the end not after today, the start not
 * after the end, at most MAX_STATISTICS_DAYS days. Defaults: the last 30 days ending today (or
 * ending `to`).
 */
export function statisticsPeriod(today: string, input: { from?: string; to?: string }): { from: string; to: string } {
  const to = input.to ?? today;
  if (to > today)
    throw AppError.validation('to', '结束日期', `${to} 还没到（今天是 ${today}），请选择今天或以前的日期`);
  const from = input.from ?? addDays(to, -(DEFAULT_STATISTICS_DAYS - 1));
  if (from > to) throw AppError.validation('from', '开始日期', `${from} 在结束日期 ${to} 之后，请重新选择`);
  const days = daysBetween(from, to) + 1;
  if (days > MAX_STATISTICS_DAYS)
    throw AppError.validation(
      'from',
      '开始日期',
      `时间段最长 ${MAX_STATISTICS_DAYS} 天（约两年），${from} 至 ${to} 是 ${days} 天，请缩短`,
    );
  return { from, to };
}

/** 统计 page: the charts' figures for a period, and the records behind one bar. */
export class StatisticsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  private period(input: { from?: string; to?: string }) {
    return statisticsPeriod(todayDate(this.clock.now()), input);
  }

  async view(input: ParsedInputOf<'statistics.view'>): Promise<StatisticsView> {
    const { from, to } = this.period(input);
    const end = addDays(to, 1);
    const db = this.db;

    // ROs per day and type: one range on repair_order.opened_at.
    const roRows = await db
      .selectFrom('repair_order')
      .select((eb) => [
        eb.fn<string>('substr', ['opened_at', eb.lit(1), eb.lit(10)]).as('day'),
        'type',
        eb.fn.countAll<number>().as('n'),
      ])
      .where('opened_at', '>=', from)
      .where('opened_at', '<', end)
      .groupBy(['day', 'type'])
      .execute();
    const perDay = new Map<string, { count: number; byType: Partial<Record<RoType, number>> }>();
    for (let d = from; d <= to; d = addDays(d, 1)) perDay.set(d, { count: 0, byType: {} });
    for (const r of roRows) {
      const entry = perDay.get(r.day);
      if (!entry) continue;
      const n = Number(r.n);
      entry.count += n;
      const type = (RO_TYPES as readonly string[]).includes(r.type) ? (r.type as RoType) : 'repair';
      entry.byType[type] = (entry.byType[type] ?? 0) + n;
    }
    const roPerDay = [...perDay].map(([date, e]) => ({ date, count: e.count, byType: e.byType }));

    // Satisfaction per month × department (only departments with answers).
    const settings = await readRevisitSettings(db);
    const tally = new Map<string, { answers: number; satisfied: number }>();
    for (const call of await answeredCalls(db, from, to, settings))
      for (const a of call.answers) {
        const key = `${call.closedAt.slice(0, 7)}|${a.department}`;
        const t = tally.get(key) ?? { answers: 0, satisfied: 0 };
        t.answers++;
        if (a.satisfied) t.satisfied++;
        tally.set(key, t);
      }
    const satisfaction: StatisticsView['satisfaction'] = [];
    for (const month of monthsFromTo(from.slice(0, 7), to.slice(0, 7)))
      for (const department of DEPARTMENTS) {
        const t = tally.get(`${month}|${department}`);
        if (t)
          satisfaction.push({
            month,
            department: department as Department,
            ...t,
            rate: t.answers === 0 ? null : t.satisfied / t.answers,
          });
      }

    // The invitation funnel over the rows due in the period (the reports' 招揽 funnel).
    const funnel = await invitationFunnel(db, from, to);

    // Churn for every month the period touches.
    const churn = [];
    for (const month of monthsFromTo(from.slice(0, 7), to.slice(0, 7))) churn.push(await churnMonth(db, month));

    // Complaints opened in the period by type and by level (every key, zeros included).
    const byType = await db
      .selectFrom('complaint')
      .select((eb) => ['type', eb.fn.countAll<number>().as('n')])
      .where('opened_at', '>=', from)
      .where('opened_at', '<', end)
      .groupBy('type')
      .execute();
    const byLevel = await db
      .selectFrom('complaint')
      .select((eb) => ['level', eb.fn.countAll<number>().as('n')])
      .where('opened_at', '>=', from)
      .where('opened_at', '<', end)
      .groupBy('level')
      .execute();
    const typeCount = new Map(byType.map((r) => [r.type, count(r)]));
    const levelCount = new Map(byLevel.map((r) => [r.level, count(r)]));

    return {
      from,
      to,
      roPerDay,
      satisfaction,
      funnel,
      churn,
      complaintsByType: COMPLAINT_TYPES.map((type) => ({ type, count: typeCount.get(type) ?? 0 })),
      complaintsByLevel: COMPLAINT_LEVELS.map((level) => ({ level, count: levelCount.get(level) ?? 0 })),
    };
  }

  async records(input: ParsedInputOf<'statistics.records'>): Promise<StatisticsRecords> {
    const { from, to } = this.period(input);
    return statisticsRecords(this.db, { from, to }, input.drill);
  }
}
