/**
 * The `daily-report` section of the benchmark (`npm run bench -- --only daily-report`): building a
 * day's report (dailyReport.get through the dispatcher: figures with their RO rows, the tally's
 * checks, the 对单 summary, the fingerprint) for the archive's last day and for a day in the middle
 * of it, next to raw better-sqlite3 statements computing the same counts and totals in the same run.
 * The two are interleaved so both see the same cache state; each side is warmed up first (the
 * archive connection caches prepared statements, so the samples measure the steady state).
 * The clock is fixed the day after the archive ends, so the figures do not change with the calendar.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import type { DailyReportView } from '../src-shared/domain/daily-report';
import { addDays, daysBetween } from '../src-shared/validation/dates';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export const DAILY_REPORT_TARGETS = { lastDayP95Ms: 20 } as const;
const WARMUP = 10;

/** The counts and totals both sides compute. */
interface Counts {
  opened: number;
  inRepair: number;
  completed: number;
  delivered: number;
  settled: number;
  laborFen: number;
  partsFen: number;
  totalFen: number;
}

export interface DailyReportDayBench {
  date: string;
  samples: number;
  /** ROs in the report's three sections (rows built, joined with vehicle and customer). */
  rows: number;
  checks: number;
  figures: Counts;
  dispatcher: Timing;
  raw: Timing;
  ratio: number;
  sameCounts: boolean;
}

export interface DailyReportBenchReport {
  lastDay: DailyReportDayBench;
  midDay: DailyReportDayBench;
  targets: typeof DAILY_REPORT_TARGETS;
  met: { lastDayP95Ms: boolean };
}

/**
 * The same definitions as the service (src-shared/domain/daily-report.ts), as plain SQL on the
 * same indexes; "finished" is completed_at, else delivered_at, else settled_at.
 */
class RawDailyCounts {
  private readonly count: BetterSqlite3.Statement;
  private readonly delivered: BetterSqlite3.Statement;
  private readonly inRepair: BetterSqlite3.Statement;

  constructor(sqlite: BetterSqlite3.Database) {
    this.count = sqlite.prepare(
      `SELECT
         (SELECT count(*) FROM repair_order WHERE opened_at >= @day AND opened_at < @next) AS opened,
         (SELECT count(*) FROM repair_order WHERE completed_at >= @day AND completed_at < @next) AS completed,
         (SELECT count(*) FROM repair_order WHERE settled_at >= @day AND settled_at < @next) AS settled`,
    );
    this.delivered = sqlite.prepare(
      `SELECT count(*) AS delivered, coalesce(sum(labor_fen), 0) AS laborFen, coalesce(sum(parts_fen), 0) AS partsFen,
              coalesce(sum(total_fen), 0) AS totalFen
       FROM (SELECT labor_fen, parts_fen, total_fen FROM repair_order WHERE delivered_at >= @day AND delivered_at < @next
             UNION ALL
             SELECT labor_fen, parts_fen, total_fen FROM repair_order
             WHERE settled_at >= @day AND settled_at < @next AND delivered_at IS NULL)`,
    );
    this.inRepair = sqlite.prepare(
      `SELECT
         (SELECT count(*) FROM repair_order WHERE completed_at >= @next AND opened_at < @next)
       + (SELECT count(*) FROM repair_order WHERE completed_at IS NULL AND delivered_at >= @next AND opened_at < @next)
       + (SELECT count(*) FROM repair_order
          WHERE completed_at IS NULL AND delivered_at IS NULL AND settled_at >= @next AND opened_at < @next)
       + (SELECT count(*) FROM repair_order
          WHERE completed_at IS NULL AND delivered_at IS NULL AND settled_at IS NULL AND opened_at < @next) AS n`,
    );
  }

  counts(day: string): Counts {
    const p = { day, next: addDays(day, 1) };
    const c = this.count.get(p) as { opened: number; completed: number; settled: number };
    const d = this.delivered.get(p) as { delivered: number; laborFen: number; partsFen: number; totalFen: number };
    const r = this.inRepair.get(p) as { n: number };
    return { ...c, ...d, inRepair: r.n };
  }
}

function countsOf(v: DailyReportView): Counts {
  const f = v.figures;
  return {
    opened: f.opened,
    inRepair: f.inRepair,
    completed: f.completed,
    delivered: f.delivered,
    settled: f.settled,
    ...f.totals,
  };
}

function sameCounts(a: Counts, b: Counts): boolean {
  return (Object.keys(a) as (keyof Counts)[]).every((k) => a[k] === b[k]);
}

export async function runDailyReportBench(
  file: string,
  until: string,
  samples: number,
  log: (m: string) => void,
): Promise<DailyReportBenchReport> {
  // 10:00 at the store on the day after the archive's last day.
  const clock: Clock = { now: () => new Date(`${addDays(until, 1)}T02:00:00Z`) };
  const archive = await openArchive(file);
  try {
    const dispatch = createDispatcher(createHandlers(createServices(archive, clock)), {
      onInternalError: (method, error) => log(`internal error in ${method}: ${String(error)}`),
    });
    const ctx: CallContext = { door: 'cli', session: new Session() };
    const get = async (date: string): Promise<DailyReportView> => {
      const r = await dispatch('dailyReport.get', { date }, ctx);
      if (!r.ok) throw new Error(`dailyReport.get ${date}: ${r.error.message}`);
      return r.value as DailyReportView;
    };
    const raw = new RawDailyCounts(archive.sqlite!);
    const range = archive
      .sqlite!.prepare('SELECT min(opened_at) AS first, max(opened_at) AS last FROM repair_order')
      .get() as { first: string; last: string };
    const lastDay = range.last.slice(0, 10);
    const firstDay = range.first.slice(0, 10);
    const midDay = addDays(firstDay, Math.floor(daysBetween(firstDay, lastDay) / 2));

    const day = async (date: string): Promise<DailyReportDayBench> => {
      log(`daily report ${date} …`);
      for (let i = 0; i < WARMUP; i++) {
        await get(date);
        raw.counts(date);
      }
      const viaDispatcher: number[] = [];
      const viaRaw: number[] = [];
      let view: DailyReportView | null = null;
      let counts: Counts | null = null;
      for (let i = 0; i < samples; i++) {
        viaDispatcher.push(
          await timeAsync(async () => {
            view = await get(date);
          }),
        );
        viaRaw.push(
          timeSync(() => {
            counts = raw.counts(date);
          }),
        );
      }
      const v = view as DailyReportView | null;
      const c = counts as Counts | null;
      if (!v || !c) throw new Error('no samples');
      const d = timing(viaDispatcher);
      const r = timing(viaRaw);
      const s = v.figures.sections;
      return {
        date,
        samples,
        rows: s.opened.length + s.inRepair.length + s.delivered.length,
        checks: v.checks.length,
        figures: countsOf(v),
        dispatcher: d,
        raw: r,
        ratio: round3(d.p95 / r.p95),
        sameCounts: sameCounts(countsOf(v), c),
      };
    };
    const last = await day(lastDay);
    const mid = await day(midDay);
    return {
      lastDay: last,
      midDay: mid,
      targets: DAILY_REPORT_TARGETS,
      met: { lastDayP95Ms: last.dispatcher.p95 <= DAILY_REPORT_TARGETS.lastDayP95Ms },
    };
  } finally {
    await archive.close();
  }
}

export function dailyReportLines(r: DailyReportBenchReport): string[] {
  const line = (label: string, d: DailyReportDayBench) =>
    `dailyReport.get ${label} ${d.date}: p50 ${d.dispatcher.p50} p95 ${d.dispatcher.p95} ms | raw counts p50 ${d.raw.p50} p95 ${d.raw.p95} ms | ratio ${d.ratio} | ${d.rows} rows, ${d.checks} checks, opened ${d.figures.opened}, in repair ${d.figures.inRepair}, delivered ${d.figures.delivered} | same counts: ${d.sameCounts ? 'yes' : 'NO'}`;
  return [
    line('last day', r.lastDay),
    line('mid day ', r.midDay),
    `${'dailyReportLastDay'.padEnd(20)} target ≤ ${r.targets.lastDayP95Ms} ms  actual ${r.lastDay.dispatcher.p95}  ${r.met.lastDayP95Ms ? 'met' : 'MISSED'}`,
  ];
}
