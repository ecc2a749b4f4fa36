import {
  ISO_WEEK_PATTERN,
  isoWeekRange,
  monthRange,
  previousMonth,
  previousWeek,
  type ReportPeriod,
} from '../../../src-shared/domain/reports';
import { AppError } from '../../../src-shared/errors';
import { addDays, dateOf } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';

/**
 * The period of a report: an ISO week (周报) or a calendar month (月报), checked against the store's
 * today (not after it) and the archive's first day (not wholly before it). Every section compares
 * the archive's instants (ISO text with the store's offset) against `from` and `end` as text:
 * `from <= at < end`; dates (YYYY-MM-DD) against `from` and `to`.
 */

/** A period's bounds as the sections query them. */
export interface PeriodBounds {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive (for YYYY-MM-DD columns). */
  to: string;
  /** The day after `to` (for instants: `< end`). */
  end: string;
  /** The store's today (no-shows are judged against it). */
  today: string;
}

export function boundsOf(period: Pick<ReportPeriod, 'from' | 'to'>, today: string): PeriodBounds {
  return { from: period.from, to: period.to, end: addDays(period.to, 1), today };
}

/** `11月23日` (no leading zeros). */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 2026-W48 → `2026年第48周（11月23日—11月29日）`. */
export function weekLabel(week: string, range: { from: string; to: string }): string {
  return `${week.slice(0, 4)}年第${Number(week.slice(6, 8))}周（${monthDay(range.from)}—${monthDay(range.to)}）`;
}

/** 2026-11 → `2026年11月`. */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** The archive's first day: the earliest RO's opening day (null: no ROs, no lower bound). One index probe. */
export async function archiveStart(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('repair_order')
    .select((eb) => eb.fn.min('opened_at').as('first'))
    .executeTakeFirst();
  return row?.first ? dateOf(String(row.first)) : null;
}

/** Refuses a period that starts after today, or ends before the archive begins. */
function check(
  period: ReportPeriod,
  field: 'week' | 'month',
  today: string,
  start: string | null,
  mentions: { future: string },
): ReportPeriod {
  const label = field === 'week' ? '周' : '月份';
  if (period.from > today)
    throw AppError.validation(field, label, `${period.key} 还没到（今天是 ${today}），${mentions.future}`);
  if (start !== null && period.to < start)
    throw AppError.validation(field, label, `档案从 ${start} 开始，${period.label} 在此之前，没有数据`);
  return period;
}

/** The week asked for (default: last week), checked. */
export function weekPeriod(week: string | undefined, today: string, start: string | null): ReportPeriod {
  const key = week ?? previousWeek(today);
  if (!ISO_WEEK_PATTERN.test(key))
    throw AppError.validation('week', '周', '周的格式应为 YYYY-Www（ISO 周，周一至周日），如 2026-W48');
  const range = isoWeekRange(key);
  if (!range)
    throw AppError.validation(
      'week',
      '周',
      `${key.slice(0, 4)} 年没有第 ${Number(key.slice(6, 8))} 周（该年只有 52 周），请选择 ${key.slice(0, 4)}-W01 至 ${key.slice(0, 4)}-W52`,
    );
  const period: ReportPeriod = {
    kind: 'weekly',
    key,
    from: range.from,
    to: range.to,
    label: weekLabel(key, range),
    partial: today <= range.to,
  };
  return check(period, 'week', today, start, { future: '请选择本周或以前的周' });
}

/** The month asked for (default: last month), checked. */
export function monthPeriod(month: string | undefined, today: string, start: string | null): ReportPeriod {
  const key = month ?? previousMonth(today);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(key))
    throw AppError.validation('month', '月份', '月份格式应为 YYYY-MM（如 2026-11）');
  const range = monthRange(key);
  const period: ReportPeriod = {
    kind: 'monthly',
    key,
    from: range.from,
    to: range.to,
    label: monthLabel(key),
    partial: today <= range.to,
  };
  return check(period, 'month', today, start, { future: '请选择本月或以前的月份' });
}

/** The rate and percent helpers the sections use, shared with the screen and the exports. */
export { percentText, rateOf } from '../../../src-shared/domain/report-format';
