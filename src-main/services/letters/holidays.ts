import { createRequire } from 'node:module';
import type { Holiday } from '../../../src-shared/domain/letters';

/**
 * The holidays a greeting letter is sent for. The traditional ones fall on a lunar date and move
 * every year (春节 2026-02-17, 2027-02-06): lunar-javascript converts them; 元旦 and 国庆 are solar.
 */
const LUNAR_HOLIDAYS: readonly [name: string, month: number, day: number][] = [
  ['春节', 1, 1],
  ['元宵节', 1, 15],
  ['端午节', 5, 5],
  ['中秋节', 8, 15],
  ['重阳节', 9, 9],
];
const SOLAR_HOLIDAYS: readonly [name: string, month: number, day: number][] = [
  ['元旦', 1, 1],
  ['国庆节', 10, 1],
];

type Lunar = typeof import('lunar-javascript').default;
let lunarModule: Lunar | null = null;

/** lunar-javascript is loaded when a holiday is first asked for, not when the host starts. */
function loadLunar(): Lunar {
  lunarModule ??= createRequire(import.meta.url)('lunar-javascript') as Lunar;
  return lunarModule;
}

/** The holidays of one Gregorian year, in date order. (The lunar year starting in it gives its dates.) */
export function holidaysOf(year: number): Holiday[] {
  const lunar = loadLunar();
  const out: Holiday[] = [
    ...LUNAR_HOLIDAYS.map(([name, m, d]) => ({
      name,
      date: lunar.Lunar.fromYmd(year, m, d).getSolar().toYmd(),
      lunar: true,
    })),
    ...SOLAR_HOLIDAYS.map(([name, m, d]) => ({
      name,
      date: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      lunar: false,
    })),
  ];
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The first holiday on or after `date` (this year's or next year's). */
export function nextHoliday(date: string): Holiday {
  const year = Number(date.slice(0, 4));
  return [...holidaysOf(year), ...holidaysOf(year + 1)].find((h) => h.date >= date)!;
}
