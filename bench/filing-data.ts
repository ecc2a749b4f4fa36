/**
 * 归档 data for the bench archive: the demo seeder's filing writer (src-main/demo/seed-filing.ts,
 * raw prepared statements) for the last 3 months before the month of `until` and that month. The
 * seeder already files the last two months and the current one; this adds the months before, so
 * an archive built before the filing data existed gets all of them. Deterministic.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Rng } from '../src-main/demo/prng';
import { type FilingDataSummary, writeFilingData } from '../src-main/demo/seed-filing';
import { shiftMonth } from '../src-main/services/lost-customers/churn';

/** Months before the month of `until` with papers on the bench archive. */
export const BENCH_FILING_MONTHS = 3;

export function addBenchFiling(
  sqlite: BetterSqlite3.Database,
  until: string,
): (FilingDataSummary & { months: string }) | null {
  const first = shiftMonth(until.slice(0, 7), -BENCH_FILING_MONTHS);
  const earliest = sqlite.prepare(`SELECT min(month) FROM binder WHERE scheme = 'monthly'`).pluck().get() as
    | string
    | null;
  if (earliest !== null && earliest <= first) return null;
  const last = earliest === null ? until.slice(0, 7) : shiftMonth(earliest, -1);
  const summary = sqlite.transaction(() =>
    writeFilingData(sqlite, {
      rng: new Rng(0xf11e),
      until,
      fromMonth: first,
      toMonth: last,
      checkFromMonth: first,
      // The demo's loans and unfiled hand-over are there already when the seeder wrote the recent months.
      scene: earliest === null,
    }),
  )();
  return { ...summary, months: `${first}..${last}` };
}
