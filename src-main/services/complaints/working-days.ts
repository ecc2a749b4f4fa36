import { createRequire } from 'node:module';
import { addDays } from '../../../src-shared/validation/dates';

/**
 * Chinese working days (工作日), for the complaint's resolution deadline (解决期限, 3 working days
 * by default). A day is a working day when it is Monday to Friday and not a public holiday (放假),
 * or when it is a weekend day the State Council made a working day (调休上班, e.g. Saturday
 * 2026-10-10 after 国庆). The holiday arrangement comes from lunar-javascript's HolidayUtil (the
 * published 国务院办公厅 notices), not a hand-kept list. A year the library has no arrangement for
 * (published each December for the year after) counts weekends only, and the answer says it is
 * approximate.
 */

type LunarModule = typeof import('lunar-javascript').default;
type HolidayUtil = LunarModule['HolidayUtil'];
let holidayUtil: HolidayUtil | null = null;

/** lunar-javascript is loaded when a deadline is first counted, not when the host starts. */
function holidays(): HolidayUtil {
  holidayUtil ??= (createRequire(import.meta.url)('lunar-javascript') as LunarModule).HolidayUtil;
  return holidayUtil;
}

const knownYears = new Map<number, boolean>();
/** Whether the library has the holiday arrangement of `year` (remembered per year). */
export function hasHolidayData(year: number): boolean {
  let known = knownYears.get(year);
  if (known === undefined) {
    known = holidays().getHolidays(year).length > 0;
    knownYears.set(year, known);
  }
  return known;
}

/** Monday to Friday by the calendar alone (0 = Sunday). */
function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/**
 * Whether `date` (YYYY-MM-DD) is a working day, and whether that is only approximate (its year has
 * no holiday arrangement in the library: weekends only).
 */
export function workingDay(date: string): { working: boolean; approximate: boolean } {
  if (!hasHolidayData(Number(date.slice(0, 4)))) return { working: isWeekday(date), approximate: true };
  const holiday = holidays().getHoliday(date);
  return { working: holiday ? holiday.isWork() : isWeekday(date), approximate: false };
}

/**
 * The `n`-th working day after `fromDate` (the day itself never counts): opened Wednesday
 * 2026-09-30 with 3 working days → 10-01..10-07 off (国庆), 10-08 day 1, 10-09 day 2, Saturday
 * 10-10 (调休上班) day 3 → 2026-10-10. `approximate` when a day counted fell in a year without a
 * holiday arrangement. n = 0 is the day itself.
 */
export function addWorkingDays(fromDate: string, n: number): { date: string; approximate: boolean } {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let date = fromDate;
  let approximate = false;
  for (let counted = 0; counted < n; ) {
    date = addDays(date, 1);
    const day = workingDay(date);
    if (day.approximate) approximate = true;
    if (day.working) counted++;
  }
  return { date, approximate };
}
