/**
 * 统计 data for the bench archive: the demo seeder's reports writer (src-main/demo/seed-reports.ts,
 * raw prepared statements): last month's and this month's worked revisit calls with answers and
 * problems, complaints, comebacks, an invitation list, appointments, lost reasons with their win-back
 * calls, first-service vouchers. The seeder writes them already; this adds them to an archive built
 * before they existed (none of last month's calls has a questionnaire). Deterministic.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Rng } from '../src-main/demo/prng';
import { type ReportsDataSummary, writeReportsData } from '../src-main/demo/seed-reports';
import { shiftMonth } from '../src-main/services/lost-customers/churn';
import { addDays } from '../src-shared/validation/dates';

export function addBenchReports(sqlite: BetterSqlite3.Database, until: string): ReportsDataSummary | null {
  const from = `${shiftMonth(addDays(until, 1).slice(0, 7), -1)}-01`;
  const answered = sqlite
    .prepare('SELECT count(*) FROM revisit_call WHERE questionnaire_id IS NOT NULL AND closed_at >= ?')
    .pluck()
    .get(from) as number;
  if (answered > 0) return null;
  return sqlite.transaction(() => writeReportsData(sqlite, { rng: new Rng(0x15e), until }))();
}
