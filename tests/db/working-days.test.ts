import { describe, expect, it } from 'vitest';
import { addWorkingDays, hasHolidayData, workingDay } from '../../src-main/services/complaints/working-days';

/**
 * The resolution deadline in Chinese working days (issue 12): lunar-javascript's holiday
 * arrangement (国务院办公厅 notices), worked out by hand from the 2026 calendar:
 * - 国庆 2026: 10-01 (Thu) .. 10-07 off; Sunday 09-20 and Saturday 10-10 worked (调休上班).
 * - 春节 2026: 02-15 (Sun) .. 02-23 off; Saturday 02-14 and Saturday 02-28 worked.
 * - 2027: no arrangement in lunar-javascript 1.7.7 (weekends only, approximate).
 */
describe('addWorkingDays', () => {
  it('across 国庆 2026: opened Wednesday 09-30, the holiday week skipped, Saturday 10-10 worked', () => {
    expect(addWorkingDays('2026-09-30', 1)).toEqual({ date: '2026-10-08', approximate: false });
    expect(addWorkingDays('2026-09-30', 2)).toEqual({ date: '2026-10-09', approximate: false });
    expect(addWorkingDays('2026-09-30', 3)).toEqual({ date: '2026-10-10', approximate: false });
    // Sunday 10-11 is an ordinary Sunday again: day 4 is Monday 10-12.
    expect(addWorkingDays('2026-09-30', 4)).toEqual({ date: '2026-10-12', approximate: false });
    // Opened on a holiday: the next working day is day 1.
    expect(addWorkingDays('2026-10-03', 1)).toEqual({ date: '2026-10-08', approximate: false });
  });

  it('an adjusted working Sunday (2026-09-20) counts, the Saturday before does not', () => {
    expect(workingDay('2026-09-19')).toEqual({ working: false, approximate: false });
    expect(workingDay('2026-09-20')).toEqual({ working: true, approximate: false });
    expect(addWorkingDays('2026-09-18', 1)).toEqual({ date: '2026-09-20', approximate: false });
    expect(addWorkingDays('2026-09-18', 2)).toEqual({ date: '2026-09-21', approximate: false });
  });

  it('春节 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked', () => {
    expect(workingDay('2026-02-16')).toEqual({ working: false, approximate: false });
    expect(workingDay('2026-02-14')).toEqual({ working: true, approximate: false });
    expect(addWorkingDays('2026-02-13', 1)).toEqual({ date: '2026-02-14', approximate: false });
    // From Saturday 02-14: nine days off, then Tue 24, Wed 25, Thu 26.
    expect(addWorkingDays('2026-02-14', 3)).toEqual({ date: '2026-02-26', approximate: false });
    // Fri 27, then the worked Saturday 28.
    expect(addWorkingDays('2026-02-26', 2)).toEqual({ date: '2026-02-28', approximate: false });
  });

  it('a plain week: weekends skipped, the opening day never counts', () => {
    expect(addWorkingDays('2026-11-23', 3)).toEqual({ date: '2026-11-26', approximate: false });
    // Thu 26 → Fri 27, Mon 30, Tue 12-01.
    expect(addWorkingDays('2026-11-26', 3)).toEqual({ date: '2026-12-01', approximate: false });
    expect(addWorkingDays('2026-11-28', 1)).toEqual({ date: '2026-11-30', approximate: false });
    expect(addWorkingDays('2026-11-23', 0)).toEqual({ date: '2026-11-23', approximate: false });
  });

  it('a year without holiday data counts weekends only and says the answer is approximate', () => {
    expect(hasHolidayData(2026)).toBe(true);
    expect(hasHolidayData(2027)).toBe(false);
    // Wed 2027-09-29 → Thu 30, Fri 10-01 (国庆, unknown yet), Mon 10-04.
    expect(addWorkingDays('2027-09-29', 3)).toEqual({ date: '2027-10-04', approximate: true });
    // Crossing into 2027 from a known year: Thu 12-31, Fri 01-01 (元旦, unknown), Mon 01-04.
    expect(addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-04', approximate: true });
    // Ending before the unknown year: exact.
    expect(addWorkingDays('2026-12-29', 1)).toEqual({ date: '2026-12-30', approximate: false });
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-11-23', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5)).toThrow(RangeError);
  });
});
