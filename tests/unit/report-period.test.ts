/**
 * The reports' periods: ISO weeks (Monday-Sunday, week 1 holds the year's first Thursday) at year
 * boundaries and in 53-week years, months (February in leap and common years), the report due on a
 * day (last week, last month), the labels, and the checks (a week in the future, a week that does not
 * exist, a period before the archive begins). Expected dates worked out on a calendar.
 */
import { describe, expect, it } from 'vitest';
import {
  monthLabel,
  monthPeriod,
  percentText,
  rateOf,
  weekLabel,
  weekPeriod,
} from '../../src-main/services/reports/report-period';
import { isoWeekOf, isoWeekRange, monthRange, previousMonth, previousWeek } from '../../src-shared/domain/reports';
import { AppError } from '../../src-shared/errors';

/** The refusal a call throws (fails the test when it did not throw). */
function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('ISO weeks', () => {
  it('2026-W48 is Monday 23 to Sunday 29 November 2026', () => {
    expect(isoWeekRange('2026-W48')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(isoWeekOf('2026-11-23')).toBe('2026-W48');
    expect(isoWeekOf('2026-11-29')).toBe('2026-W48');
    expect(isoWeekOf('2026-11-30')).toBe('2026-W49');
  });

  it('2026-W01 starts on Monday 29 December 2025 (1 January 2026 is a Thursday)', () => {
    expect(isoWeekRange('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2025-12-28')).toBe('2025-W52');
  });

  it('2020 has a week 53 (2020-12-28 to 2021-01-03); 2021 has none', () => {
    expect(isoWeekRange('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2021-01-04')).toBe('2021-W01');
    expect(isoWeekRange('2021-W53')).toBeNull();
    // 2026 starts on a Thursday: 53 weeks, the last ending on Sunday 3 January 2027.
    expect(isoWeekRange('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('a year whose 1 January is a Friday: its first days belong to the previous year', () => {
    // 2027-01-01 is a Friday: in 2026-W53; 2027-W01 starts on Monday 4 January.
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekRange('2027-W01')).toEqual({ from: '2027-01-04', to: '2027-01-10' });
  });
});

describe('months', () => {
  it('February has 29 days in leap years (2024, 2000) and 28 otherwise (2026, 2100)', () => {
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2000-02')).toEqual({ from: '2000-02-01', to: '2000-02-29' });
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2100-02')).toEqual({ from: '2100-02-01', to: '2100-02-28' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
});

describe('the report due on a day', () => {
  it('last week, across year boundaries', () => {
    // Thursday 3 December 2026 is in W49: last week is W48.
    expect(previousWeek('2026-12-03')).toBe('2026-W48');
    // Monday 30 November 2026 (W49): last week is W48 too.
    expect(previousWeek('2026-11-30')).toBe('2026-W48');
    // Thursday 1 January 2026 is in 2026-W01: last week is 2025-W52.
    expect(previousWeek('2026-01-01')).toBe('2025-W52');
    // Monday 4 January 2021 (2021-W01): last week is 2020-W53.
    expect(previousWeek('2021-01-04')).toBe('2020-W53');
    // Monday 5 January 2026 (2026-W02): last week is 2026-W01, which began in 2025.
    expect(previousWeek('2026-01-05')).toBe('2026-W01');
  });

  it('last month, across year boundaries', () => {
    expect(previousMonth('2026-12-03')).toBe('2026-11');
    expect(previousMonth('2027-01-03')).toBe('2026-12');
    expect(previousMonth('2026-03-31')).toBe('2026-02');
  });
});

describe('labels', () => {
  it('name the week with its days and the month in Chinese', () => {
    expect(weekLabel('2026-W48', { from: '2026-11-23', to: '2026-11-29' })).toBe('2026年第48周（11月23日—11月29日）');
    expect(weekLabel('2026-W01', { from: '2025-12-29', to: '2026-01-04' })).toBe('2026年第1周（12月29日—1月4日）');
    expect(monthLabel('2026-11')).toBe('2026年11月');
    expect(monthLabel('2027-01')).toBe('2027年1月');
  });

  it('rates are null with nothing to divide by, shown as —', () => {
    expect(rateOf(2, 3)).toBeCloseTo(0.6667, 4);
    expect(rateOf(0, 0)).toBeNull();
    expect(percentText(2 / 3)).toBe('66.7%');
    expect(percentText(null)).toBe('—');
  });
});

describe('the period checked', () => {
  const today = '2026-12-03';

  it('defaults to last week and last month; the current week is partial', () => {
    expect(weekPeriod(undefined, today, null)).toEqual({
      kind: 'weekly',
      key: '2026-W48',
      from: '2026-11-23',
      to: '2026-11-29',
      label: '2026年第48周（11月23日—11月29日）',
      partial: false,
    });
    expect(monthPeriod(undefined, today, '2016-12-05')).toEqual({
      kind: 'monthly',
      key: '2026-11',
      from: '2026-11-01',
      to: '2026-11-30',
      label: '2026年11月',
      partial: false,
    });
    expect(weekPeriod('2026-W49', today, null)).toMatchObject({ from: '2026-11-30', to: '2026-12-06', partial: true });
    expect(monthPeriod('2026-12', today, null)).toMatchObject({ partial: true });
  });

  it('refuses a week or month that starts after today, naming the field', () => {
    const week = refusal(() => weekPeriod('2026-W50', today, null));
    expect(week.code).toBe('VALIDATION');
    expect(week.details?.fields?.[0]).toEqual({
      path: 'week',
      label: '周',
      message: '2026-W50 还没到（今天是 2026-12-03），请选择本周或以前的周',
    });
    const month = refusal(() => monthPeriod('2027-01', today, null));
    expect(month.details?.fields?.[0]).toEqual({
      path: 'month',
      label: '月份',
      message: '2027-01 还没到（今天是 2026-12-03），请选择本月或以前的月份',
    });
  });

  it('refuses a week 53 of a 52-week year, naming the field', () => {
    const e = refusal(() => weekPeriod('2021-W53', today, null));
    expect(e.details?.fields?.[0]).toMatchObject({ path: 'week', label: '周' });
    expect(e.message).toContain('2021 年没有第 53 周');
  });

  it('refuses a period that ends before the archive begins; the week holding its first day is allowed', () => {
    const e = refusal(() => monthPeriod('2015-11', today, '2016-12-05'));
    expect(e.details?.fields?.[0]).toEqual({
      path: 'month',
      label: '月份',
      message: '档案从 2016-12-05 开始，2015年11月 在此之前，没有数据',
    });
    // 2016-12-05 is a Monday (2016-W49): W48 ended the day before.
    expect(refusal(() => weekPeriod('2016-W48', today, '2016-12-05')).details?.fields?.[0]?.path).toBe('week');
    expect(weekPeriod('2016-W49', today, '2016-12-05').from).toBe('2016-12-05');
    expect(monthPeriod('2016-12', today, '2016-12-05').from).toBe('2016-12-01');
  });
});
