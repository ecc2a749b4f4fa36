import { addDays } from '../../../src-shared/validation/dates';

export { percentText } from '../../../src-shared/domain/report-format';

const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
function shiftMonth(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The picker's presets, from the store's today: 近30天, 本月, 上月, 近3个月, 今年. */
export function periodPresets(today: string) {
  const lastMonth = shiftMonth(today.slice(0, 7), -1);
  return {
    last30: { from: addDays(today, -29), to: today },
    thisMonth: { from: monthStart(today), to: today },
    lastMonth: { from: `${lastMonth}-01`, to: addDays(`${today.slice(0, 7)}-01`, -1) },
    last3Months: { from: `${shiftMonth(today.slice(0, 7), -2)}-01`, to: today },
    thisYear: { from: `${today.slice(0, 4)}-01-01`, to: today },
  };
}
