/**
 * 三包/索赔 data for the bench archive: the demo seeder's claims writer (src-main/demo/seed-claims.ts,
 * raw prepared statements) with the seeder's settings (claims open from the first day of the month
 * 18 months before the day after `until`, the Today board's scene). The seeder writes them already;
 * this adds them to an archive built before the claims data existed. Deterministic.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Rng } from '../src-main/demo/prng';
import { type ClaimsDataSummary, writeClaimsData } from '../src-main/demo/seed-claims';
import { shiftMonth } from '../src-main/services/lost-customers/churn';
import { addDays } from '../src-shared/validation/dates';

/** Months of claims on the bench archive (as the seeder writes them). */
export const BENCH_CLAIM_MONTHS = 18;

export function addBenchClaims(
  sqlite: BetterSqlite3.Database,
  until: string,
): (ClaimsDataSummary & { openFrom: string }) | null {
  const claims = sqlite.prepare('SELECT count(*) FROM claim').pluck().get() as number;
  if (claims > 0) return null;
  const openFrom = `${shiftMonth(addDays(until, 1).slice(0, 7), -BENCH_CLAIM_MONTHS)}-01`;
  const summary = sqlite.transaction(() =>
    writeClaimsData(sqlite, { rng: new Rng(0xc1a1), until, openFrom, scene: true }),
  )();
  return { ...summary, openFrom };
}
