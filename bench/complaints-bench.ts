/**
 * The `complaints` section of the benchmark (`npm run bench -- --only complaints`), on the 10-year archive:
 * - the lost-customer list's first page (lostCustomers.list through the dispatcher: the counts by
 *   stage and reason over the whole selection, the page's ids from a backward walk of the covering
 *   last-visit index, then the rows, missed invitations and win-back calls of those ids) next to the
 *   same statements written by hand in raw better-sqlite3, interleaved; and, as an extra line, every
 *   row at once (the workbook's and the CLI's path) next to its raw statements;
 * - one month's churn rate (churn.months for one month) next to its raw statements;
 * - the complaint list (complaints.list of the last month, through the dispatcher).
 * It works on its own copy of the archive (the service summary is built there on first use; an
 * archive built before bench/complaints-data.ts gets its complaints, comebacks and reasons there
 * too). The clock is fixed at 10:30 on the day after the archive ends.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import {
  LAST_VISIT_INDEX,
  SERVICE_VISITS_BACKFILL,
  SERVICE_VISITS_COLUMN,
} from '../src-main/db/migrations/202612031200_complaints';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import type { ChurnMonth, ComplaintSummary, LostCustomerPage } from '../src-shared/domain/complaints';
import { DEFAULT_COMPLAINT_SETTINGS } from '../src-shared/domain/complaints';
import { addMonths } from '../src-shared/domain/service-due';
import { addDays } from '../src-shared/validation/dates';
import { addBenchComplaints } from './complaints-data';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export const COMPLAINTS_TARGETS = { lostListP95Ms: 100, churnMonthP95Ms: 100, complaintListP95Ms: 20 } as const;
const WARMUP = 3;
/** The full list (every row at once) is measured with fewer samples: it is an extra line, not a target. */
const FULL_SAMPLES = 5;

export interface ComplaintsBenchReport {
  date: string;
  setup: {
    copyMs: number;
    summaryMs: number;
    added: { complaints: number; comebacks: number; lostReasons: number } | null;
    /** The archive was migrated before service_visits: the column, its backfill and the index were added to the copy. */
    serviceVisitsAdded: boolean;
    counts: { complaints: number; comebacks: number; lostReasons: number };
  };
  lostList: {
    samples: number;
    /** The first page's rows and the selection's total. */
    rows: number;
    total: number;
    dispatcher: Timing;
    raw: Timing & { rows: number; total: number };
    ratio: number;
    sameSelection: boolean;
    /** Every row at once (LostCustomersService.all: the workbook; the CLI pages through the list). */
    full: {
      samples: number;
      rows: number;
      service: Timing;
      raw: Timing & { rows: number };
      ratio: number;
      same: boolean;
    };
  };
  churnMonth: {
    samples: number;
    month: string;
    churn: number | null;
    dispatcher: Timing;
    raw: Timing;
    ratio: number;
    same: boolean;
  };
  complaintList: { samples: number; rows: number; dispatcher: Timing } | { error: string };
  targets: typeof COMPLAINTS_TARGETS;
  met: { lostListP95Ms: boolean; churnMonthP95Ms: boolean; complaintListP95Ms: boolean | null };
}

const STAYING = `('elsewhere','dissatisfied','price','distance','little_use','other')`;
const SELECTION = `FROM vehicle_service_summary s CROSS JOIN vehicle v
     LEFT JOIN lost_vehicle l ON l.vehicle_id = s.vehicle_id
     WHERE v.id = s.vehicle_id AND s.last_visit_on < ? AND v.status IN ('active','lost') AND v.anonymised_at IS NULL
       AND (l.reason IS NULL OR l.reason IN ${STAYING})`;

/**
 * The lost list's statements by hand: the counts over the selection (sums of CASE), the page's ids
 * (newest first), then per ≤ 500 ids the rows, the missed invitations and the win-back calls.
 */
function rawLostList(sqlite: BetterSqlite3.Database) {
  const counts = sqlite.prepare(
    `SELECT count(*) AS n,
       sum(CASE WHEN s.service_visits = 0 THEN 1 ELSE 0 END) AS s0, sum(CASE WHEN s.service_visits = 1 THEN 1 ELSE 0 END) AS s1,
       sum(CASE WHEN s.service_visits = 2 THEN 1 ELSE 0 END) AS s2, sum(CASE WHEN s.service_visits >= 3 THEN 1 ELSE 0 END) AS s3,
       ${['elsewhere', 'dissatisfied', 'price', 'distance', 'little_use', 'other']
         .map((r) => `sum(CASE WHEN l.reason = '${r}' THEN 1 ELSE 0 END) AS r_${r}`)
         .join(', ')},
       sum(CASE WHEN l.reason IS NULL THEN 1 ELSE 0 END) AS r_none
     ${SELECTION}`,
  );
  const page = sqlite.prepare(
    `SELECT s.vehicle_id ${SELECTION} ORDER BY s.last_visit_on DESC, s.vehicle_id DESC LIMIT ? OFFSET ?`,
  );
  const all = sqlite.prepare(`SELECT s.vehicle_id ${SELECTION} ORDER BY s.last_visit_on DESC, s.vehicle_id DESC`);
  const marks = (n: number) => Array(n).fill('?').join(',');
  const perIds = new Map<number, [BetterSqlite3.Statement, BetterSqlite3.Statement]>();
  const statementsFor = (n: number) => {
    let st = perIds.get(n);
    if (!st) {
      st = [
        sqlite.prepare(
          `SELECT s.vehicle_id, s.last_visit_on, s.last_reading_on, s.last_reading_km, s.pace_km_day, s.service_visits,
                  v.plate, v.vin, v.model, v.owner_id, c.name, c.mobile, c.other_phones, c.anonymised_at,
                  l.reason, l.words, l.reason_at, l.winback_on
           FROM vehicle_service_summary s JOIN vehicle v ON v.id = s.vehicle_id
           LEFT JOIN customer c ON c.id = v.owner_id LEFT JOIN lost_vehicle l ON l.vehicle_id = s.vehicle_id
           WHERE s.vehicle_id IN (${marks(n)})`,
        ),
        sqlite.prepare(
          `SELECT r.vehicle_id, count(*) AS n FROM invitation_row r JOIN vehicle_service_summary s ON s.vehicle_id = r.vehicle_id
           WHERE r.vehicle_id IN (${marks(n)}) AND r.created_at > s.last_visit_on
             AND r.came_on IS NULL AND r.removed_at IS NULL GROUP BY r.vehicle_id`,
        ),
      ];
      perIds.set(n, st);
    }
    return st;
  };
  const rowsOf = (ids: number[]) => {
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const [details, missed] = statementsFor(part.length);
      const rows = details.all(...part) as { vehicle_id: number; winback_on: string | null }[];
      missed.all(...part);
      const queued = rows.filter((r) => r.winback_on !== null).map((r) => `reminder:vehicle:${r.vehicle_id}`);
      if (queued.length > 0)
        sqlite
          .prepare(`SELECT vehicle_id, state, created_at FROM revisit_call WHERE call_key IN (${marks(queued.length)})`)
          .all(...queued);
    }
  };
  return {
    page(before: string, pageSize: number): { ids: number[]; total: number } {
      const total = (counts.get(before) as { n: number }).n;
      const ids = (page.all(before, pageSize, 0) as { vehicle_id: number }[]).map((r) => r.vehicle_id);
      rowsOf(ids);
      return { ids, total };
    },
    all(before: string): number[] {
      const ids = (all.all(before) as { vehicle_id: number }[]).map((r) => r.vehicle_id);
      rowsOf(ids);
      return ids;
    },
  };
}

/** An archive migrated before service_visits was added to the (not yet landed) migration: the copy gets it. */
function addServiceVisits(sqlite: BetterSqlite3.Database): boolean {
  const columns = sqlite.prepare('PRAGMA table_info(vehicle_service_summary)').all() as { name: string }[];
  if (columns.some((c) => c.name === 'service_visits')) return false;
  sqlite.exec(SERVICE_VISITS_COLUMN);
  sqlite.exec(SERVICE_VISITS_BACKFILL);
  sqlite.exec('DROP INDEX IF EXISTS vehicle_service_summary_last_visit');
  sqlite.exec(LAST_VISIT_INDEX);
  return true;
}

/** One month's churn by hand: the four counts. */
function rawChurn(sqlite: BetterSqlite3.Database) {
  const base = sqlite.prepare(
    'SELECT count(DISTINCT vehicle_id) FROM repair_order WHERE opened_at >= ? AND opened_at < ?',
  );
  const returned = sqlite.prepare(
    `SELECT count(DISTINCT r.vehicle_id) FROM repair_order r WHERE r.opened_at >= @from AND r.opened_at < @to
     AND EXISTS (SELECT 1 FROM repair_order n WHERE n.vehicle_id = r.vehicle_id AND n.opened_at >= @to AND n.opened_at < @end)`,
  );
  const firstBase = sqlite.prepare(
    `SELECT count(DISTINCT vehicle_id) FROM repair_order WHERE opened_at >= ? AND opened_at < ? AND type = 'first_service'`,
  );
  const second = sqlite.prepare(
    `SELECT count(DISTINCT r.vehicle_id) FROM repair_order r WHERE r.opened_at >= @from AND r.opened_at < @to
     AND r.type = 'first_service' AND EXISTS (SELECT 1 FROM repair_order n WHERE n.vehicle_id = r.vehicle_id
       AND n.opened_at > r.opened_at AND n.opened_at < @end AND n.type = 'periodic_service')`,
  );
  return (month: string) => {
    const baseMonth = addMonths(`${month}-01`, -6).slice(0, 7);
    const from = `${baseMonth}-01`;
    const to = addMonths(from, 1);
    const end = addMonths(`${month}-01`, 1);
    return {
      base: base.pluck().get(from, to) as number,
      returned: returned.pluck().get({ from, to, end }) as number,
      firstServiceBase: firstBase.pluck().get(from, to) as number,
      secondService: second.pluck().get({ from, to, end }) as number,
    };
  };
}

function copyArchive(source: string): string {
  const copy = path.join(path.dirname(source), `complaints-${path.basename(source)}`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  fs.copyFileSync(source, copy);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${copy}-wal`);
  return copy;
}

export async function runComplaintsBench(
  source: string,
  until: string,
  samples: number,
  log: (m: string) => void,
): Promise<ComplaintsBenchReport> {
  const today = addDays(until, 1);
  const clock: Clock = { now: () => new Date(`${today}T02:30:00Z`) };
  log('copying the archive (the complaints bench writes to its own copy) …');
  let started = performance.now();
  const file = copyArchive(source);
  const copyMs = round3(performance.now() - started);
  const archive = await openArchive(file);
  try {
    const sqlite = archive.sqlite!;
    const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    let added: ComplaintsBenchReport['setup']['added'] = null;
    if (count('complaint') === 0) {
      log('adding complaints, comebacks and lost reasons (archive built before complaints-data.ts) …');
      added = addBenchComplaints(sqlite, until);
    }
    const serviceVisitsAdded = addServiceVisits(sqlite);
    const services = createServices(archive, clock);
    const dispatch = createDispatcher(createHandlers(services), {
      onInternalError: (method, error) => log(`internal error in ${method}: ${String(error)}`),
    });
    const ctx: CallContext = { door: 'cli', session: new Session() };
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const r = await dispatch(method, input, ctx);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as T;
    };

    log('the service summary (built on first use) …');
    started = performance.now();
    await call('lostCustomers.list', {});
    const summaryMs = round3(performance.now() - started);

    log('lostCustomers.list (the first page) …');
    const before = addMonths(today, -DEFAULT_COMPLAINT_SETTINGS.lostMonths);
    const raw = rawLostList(sqlite);
    const list = () => call<LostCustomerPage>('lostCustomers.list', {});
    for (let i = 0; i < WARMUP; i++) {
      await list();
      raw.page(before, 100);
    }
    const viaDispatcher: number[] = [];
    const viaRaw: number[] = [];
    let first: LostCustomerPage | null = null;
    let rawPage: { ids: number[]; total: number } = { ids: [], total: 0 };
    for (let i = 0; i < samples; i++) {
      viaDispatcher.push(
        await timeAsync(async () => {
          first = await list();
        }),
      );
      viaRaw.push(
        timeSync(() => {
          rawPage = raw.page(before, 100);
        }),
      );
    }
    const ld = timing(viaDispatcher);
    const lr = timing(viaRaw);
    const page = first as LostCustomerPage | null;

    log('the whole list at once (the workbook) …');
    const full = () => services.lostCustomers.all(today, 'lost');
    await full();
    raw.all(before);
    const fullService: number[] = [];
    const fullRaw: number[] = [];
    let fullRows: { vehicleId: number }[] = [];
    let fullIds: number[] = [];
    for (let i = 0; i < FULL_SAMPLES; i++) {
      fullService.push(
        await timeAsync(async () => {
          fullRows = await full();
        }),
      );
      fullRaw.push(
        timeSync(() => {
          fullIds = raw.all(before);
        }),
      );
    }
    const fs_ = timing(fullService);
    const fr = timing(fullRaw);

    log('churn.months (one month) …');
    const month = addMonths(`${until.slice(0, 7)}-01`, -1).slice(0, 7);
    const churnRaw = rawChurn(sqlite);
    const churn = () => call<ChurnMonth[]>('churn.months', { from: month, to: month });
    for (let i = 0; i < WARMUP; i++) {
      await churn();
      churnRaw(month);
    }
    const cd: number[] = [];
    const cr: number[] = [];
    let m: ChurnMonth | undefined;
    let rawCounts: ReturnType<ReturnType<typeof rawChurn>> | null = null;
    for (let i = 0; i < samples; i++) {
      cd.push(
        await timeAsync(async () => {
          [m] = await churn();
        }),
      );
      cr.push(
        timeSync(() => {
          rawCounts = churnRaw(month);
        }),
      );
    }
    const cdt = timing(cd);
    const crt = timing(cr);
    const rc = rawCounts as ReturnType<ReturnType<typeof rawChurn>> | null;
    const same =
      m !== undefined &&
      rc !== null &&
      m.base === rc.base &&
      m.returned === rc.returned &&
      m.firstServiceBase === rc.firstServiceBase &&
      m.secondService === rc.secondService;

    log('complaints.list (the last month) …');
    let complaintList: ComplaintsBenchReport['complaintList'];
    try {
      const input = { from: addDays(until, -30), to: until, state: 'all' };
      let n = 0;
      for (let i = 0; i < WARMUP; i++) await call<ComplaintSummary[]>('complaints.list', input);
      const times: number[] = [];
      for (let i = 0; i < samples; i++)
        times.push(
          await timeAsync(async () => {
            n = (await call<ComplaintSummary[]>('complaints.list', input)).length;
          }),
        );
      complaintList = { samples, rows: n, dispatcher: timing(times) };
    } catch (error) {
      complaintList = { error: (error as Error).message };
    }

    return {
      date: today,
      setup: {
        copyMs,
        summaryMs,
        added,
        serviceVisitsAdded,
        counts: { complaints: count('complaint'), comebacks: count('comeback'), lostReasons: count('lost_vehicle') },
      },
      lostList: {
        samples,
        rows: page?.rows.length ?? 0,
        total: page?.total ?? 0,
        dispatcher: ld,
        raw: { ...lr, rows: rawPage.ids.length, total: rawPage.total },
        ratio: round3(ld.p95 / lr.p95),
        sameSelection:
          page !== null &&
          page.total === rawPage.total &&
          page.rows.length === rawPage.ids.length &&
          page.rows.every((r, i) => r.vehicleId === rawPage.ids[i]),
        full: {
          samples: FULL_SAMPLES,
          rows: fullRows.length,
          service: fs_,
          raw: { ...fr, rows: fullIds.length },
          ratio: round3(fs_.p95 / fr.p95),
          same: fullRows.length === fullIds.length && fullRows.every((r, i) => r.vehicleId === fullIds[i]),
        },
      },
      churnMonth: {
        samples,
        month,
        churn: m?.churn ?? null,
        dispatcher: cdt,
        raw: crt,
        ratio: round3(cdt.p95 / crt.p95),
        same,
      },
      complaintList,
      targets: COMPLAINTS_TARGETS,
      met: {
        lostListP95Ms: ld.p95 <= COMPLAINTS_TARGETS.lostListP95Ms,
        churnMonthP95Ms: cdt.p95 <= COMPLAINTS_TARGETS.churnMonthP95Ms,
        complaintListP95Ms:
          'dispatcher' in complaintList ? complaintList.dispatcher.p95 <= COMPLAINTS_TARGETS.complaintListP95Ms : null,
      },
    };
  } finally {
    await archive.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  }
}

export function complaintsLines(r: ComplaintsBenchReport): string[] {
  const l = r.lostList;
  const c = r.churnMonth;
  const s = r.setup;
  const cl = r.complaintList;
  const met = (v: boolean | null) => (v === null ? 'not measured' : v ? 'met' : 'MISSED');
  return [
    `set-up on the bench's copy: copy ${s.copyMs} ms; ${s.serviceVisitsAdded ? 'service_visits added; ' : ''}service summary ${s.summaryMs} ms; ${s.added ? `added ${JSON.stringify(s.added)}; ` : ''}complaints ${s.counts.complaints}, comebacks ${s.counts.comebacks}, lost reasons ${s.counts.lostReasons}`,
    `lostCustomers.list ${r.date} (已流失, first page): p50 ${l.dispatcher.p50} p95 ${l.dispatcher.p95} ms | raw p50 ${l.raw.p50} p95 ${l.raw.p95} ms (${l.raw.rows} rows of ${l.raw.total}) | ratio ${l.ratio} | ${l.rows} rows of ${l.total} | same page and total: ${l.sameSelection ? 'yes' : 'NO'}`,
    `  the whole list at once (workbook; ${l.full.samples} samples): p50 ${l.full.service.p50} p95 ${l.full.service.p95} ms | raw p50 ${l.full.raw.p50} p95 ${l.full.raw.p95} ms | ratio ${l.full.ratio} | ${l.full.rows} rows | same rows: ${l.full.same ? 'yes' : 'NO'}`,
    `churn.months ${c.month}: p50 ${c.dispatcher.p50} p95 ${c.dispatcher.p95} ms | raw p50 ${c.raw.p50} p95 ${c.raw.p95} ms | ratio ${c.ratio} | churn ${c.churn === null ? '—' : round3(c.churn)} | same counts: ${c.same ? 'yes' : 'NO'}`,
    'dispatcher' in cl
      ? `complaints.list (last 30 days): p50 ${cl.dispatcher.p50} p95 ${cl.dispatcher.p95} ms (${cl.rows} rows)`
      : `complaints.list: not measured (${cl.error})`,
    `${'lostListP95Ms'.padEnd(20)} target ≤ ${r.targets.lostListP95Ms}  actual ${l.dispatcher.p95}  ${met(r.met.lostListP95Ms)}`,
    `${'churnMonthP95Ms'.padEnd(20)} target ≤ ${r.targets.churnMonthP95Ms}  actual ${c.dispatcher.p95}  ${met(r.met.churnMonthP95Ms)}`,
    `${'complaintListP95Ms'.padEnd(20)} target ≤ ${r.targets.complaintListP95Ms}  actual ${'dispatcher' in cl ? cl.dispatcher.p95 : '—'}  ${met(r.met.complaintListP95Ms)}`,
  ];
}
