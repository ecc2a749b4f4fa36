/**
 * The `claims` section of the benchmark (`npm run bench -- --only claims`), on the 10-year archive
 * with 18 months of claims (the seeder's src-main/demo/seed-claims.ts; bench/claims-data.ts adds them
 * to an archive built before they existed):
 * - the open claims list (ClaimsService.list, status open: every warranty RO since openFrom that is
 *   not settled, with or without its claim row, the deadline by the rules, the due state, the
 *   warranty part and the old parts kept) next to one raw better-sqlite3 statement reading the same
 *   rows (and the same deadline rule in plain code), interleaved; the same rows checked;
 * - last month's service-fee statement (StatementsService.get) and its PDF once (the first PDF
 *   starts Chromium; a second one warm).
 * It works on its own copy of the archive (the claims may have to be added). The clock is fixed at
 * 10:30 on the day after the archive ends.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { readClaimSettings } from '../src-main/services/claims/claims-settings';
import type { Clock } from '../src-main/services/context';
import { shiftMonth } from '../src-main/services/lost-customers/churn';
import { type ClaimSettings, ruleDeadline } from '../src-shared/domain/claims';
import { addDays } from '../src-shared/validation/dates';
import { addBenchClaims } from './claims-data';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export const CLAIMS_TARGETS = { openListP95Ms: 20 } as const;
const WARMUP = 5;
/** Every open claim in one answer (the list's own default is 500). */
const LIST_LIMIT = 5000;

export interface ClaimsBenchReport {
  date: string;
  setup: {
    copyMs: number;
    added: ReturnType<typeof addBenchClaims>;
    openFrom: string | null;
    counts: { warrantyRosSinceOpenFrom: number; claimRows: number; oldParts: number; outsideOrders: number };
  };
  openList:
    | { samples: number; rows: number; service: Timing; raw: Timing & { rows: number }; ratio: number; same: boolean }
    | { error: string };
  statement:
    | {
        month: string;
        claims: number;
        totalFen: number;
        samples: number;
        get: Timing;
        pdfColdMs: number;
        pdfWarmMs: number;
        pdfBytes: number;
        pages: number;
      }
    | { error: string };
  targets: typeof CLAIMS_TARGETS;
  met: { openListP95Ms: boolean | null };
}

function copyArchive(source: string): string {
  const copy = path.join(path.dirname(source), `claims-${path.basename(source)}`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  fs.copyFileSync(source, copy);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${copy}-wal`);
  return copy;
}

interface RawRow {
  id: number;
  ro_number: string;
  settled_at: string | null;
  plate: string | null;
  vin: string | null;
  model: string;
  customer_name: string | null;
  advisor_name: string;
  claim_type: string | null;
  status: string | null;
  claim_no: string | null;
  deadline: string | null;
  reported_on: string | null;
  approved_fen: number | null;
  version: number | null;
  warranty_fen: number;
  kept: number;
}

/**
 * The open claims in one statement: the warranty ROs since openFrom with their claim row (when
 * any) not settled, the vehicle, customer, warranty part (warranty lines; all lines when none says
 * so; the total without lines) and kept old parts; the deadline by the same rule in plain code.
 */
function rawOpenList(sqlite: BetterSqlite3.Database, settings: ClaimSettings) {
  const statement = sqlite.prepare(
    `WITH ros AS MATERIALIZED (
       SELECT r.id, r.ro_number, r.settled_at, r.vehicle_id, r.customer_id, r.advisor_name, r.payer, r.total_fen,
         c.id AS claim_id, c.claim_type, c.status, c.claim_no, c.deadline, c.reported_on, c.approved_fen, c.version
       FROM repair_order r LEFT JOIN claim c ON c.ro_id = r.id
       WHERE r.type = 'warranty' AND r.opened_at >= @openFrom AND (c.status IS NULL OR c.status <> 'settled')),
     sums AS (
       SELECT x.ro_id, count(*) AS lines, sum(x.payer = 'warranty') AS flagged, sum(x.amount_fen) AS all_fen,
         sum(CASE WHEN x.payer = 'warranty' THEN x.amount_fen ELSE 0 END) AS flagged_fen
       FROM (SELECT ro_id, payer, amount_fen FROM ro_labor_line WHERE ro_id IN (SELECT id FROM ros)
             UNION ALL SELECT ro_id, payer, amount_fen FROM ro_part_line WHERE ro_id IN (SELECT id FROM ros)) x
       GROUP BY x.ro_id)
     SELECT ros.id, ros.ro_number, ros.settled_at, v.plate, v.vin, v.model, cu.name AS customer_name, ros.advisor_name,
       ros.claim_type, ros.status, ros.claim_no, ros.deadline, ros.reported_on, ros.approved_fen, ros.version,
       CASE
         WHEN s.flagged > 0 THEN s.flagged_fen
         WHEN ros.payer = 'warranty' AND s.lines > 0 THEN s.all_fen
         WHEN ros.payer = 'warranty' THEN ros.total_fen
         ELSE 0
       END AS warranty_fen,
       (SELECT count(*) FROM old_part o WHERE o.claim_id = ros.claim_id AND o.state = 'kept' AND o.removed_at IS NULL)
         AS kept
     FROM ros JOIN vehicle v ON v.id = ros.vehicle_id
       LEFT JOIN customer cu ON cu.id = ros.customer_id
       LEFT JOIN sums s ON s.ro_id = ros.id`,
  );
  return () =>
    (statement.all({ openFrom: settings.openFrom ?? '' }) as RawRow[]).map((r) => ({
      roNumber: r.ro_number,
      status: r.status ?? 'draft',
      claimNo: r.claim_no,
      deadline:
        r.deadline ??
        ruleDeadline(
          settings,
          r.settled_at === null ? null : r.settled_at.slice(0, 10),
          r.model,
          r.claim_type ?? settings.defaultClaimType,
        ),
      warrantyFen: r.warranty_fen,
      kept: r.kept,
      plate: r.plate,
      vin: r.vin,
    }));
}

const keyOf = (r: { roNumber: string; status: string; deadline: string | null; warrantyFen: number }) =>
  `${r.roNumber}|${r.status}|${r.deadline}|${r.warrantyFen}`;

export async function runClaimsBench(
  source: string,
  until: string,
  samples: number,
  log: (m: string) => void,
): Promise<ClaimsBenchReport> {
  const today = addDays(until, 1);
  const clock: Clock = { now: () => new Date(`${today}T02:30:00Z`) };
  log('copying the archive (the claims bench may add its claims to its own copy) …');
  const started = performance.now();
  const file = copyArchive(source);
  const copyMs = round3(performance.now() - started);
  const archive = await openArchive(file);
  const services = createServices(archive, clock);
  try {
    const sqlite = archive.sqlite!;
    const count = (sql: string, ...params: unknown[]) =>
      sqlite
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    log('adding 18 months of claims where missing (bench/claims-data.ts) …');
    const added = addBenchClaims(sqlite, until);
    if (added) sqlite.exec('ANALYZE claim; ANALYZE old_part; ANALYZE outside_service; ANALYZE claim_round');
    const settings = await readClaimSettings(archive.db);
    const setup: ClaimsBenchReport['setup'] = {
      copyMs,
      added,
      openFrom: settings.openFrom,
      counts: {
        warrantyRosSinceOpenFrom: count(
          `SELECT count(*) FROM repair_order WHERE type = 'warranty' AND opened_at >= ?`,
          settings.openFrom ?? '',
        ),
        claimRows: count('SELECT count(*) FROM claim'),
        oldParts: count('SELECT count(*) FROM old_part'),
        outsideOrders: count('SELECT count(*) FROM outside_service'),
      },
    };

    // ---- (a) the open claims list ----
    let openList: ClaimsBenchReport['openList'];
    try {
      log('ClaimsService.list (status open) beside the raw query …');
      const raw = rawOpenList(sqlite, settings);
      const list = () => services.claims.list({ status: 'open', text: '', limit: LIST_LIMIT });
      for (let i = 0; i < WARMUP; i++) {
        await list();
        raw();
      }
      let rows: Awaited<ReturnType<typeof list>>['rows'] = [];
      let rawRows: ReturnType<typeof raw> = [];
      const service: number[] = [];
      const viaRaw: number[] = [];
      const n = Math.max(20, Math.round(samples / 3));
      for (let i = 0; i < n; i++) {
        service.push(
          await timeAsync(async () => {
            rows = (await list()).rows;
          }),
        );
        viaRaw.push(
          timeSync(() => {
            rawRows = raw();
          }),
        );
      }
      const a = new Set(rows.map(keyOf));
      const b = new Set(rawRows.map(keyOf));
      const same = rows.length === rawRows.length && a.size === b.size && [...a].every((k) => b.has(k));
      const s = timing(service);
      const r = timing(viaRaw);
      openList = {
        samples: n,
        rows: rows.length,
        service: s,
        raw: { ...r, rows: rawRows.length },
        ratio: round3(s.p95 / Math.max(r.p95, 0.001)),
        same,
      };
    } catch (error) {
      openList = { error: (error as Error).message };
    }

    // ---- (b) last month's statement and its PDF ----
    let statement: ClaimsBenchReport['statement'];
    try {
      const month = shiftMonth(today.slice(0, 7), -1);
      log(`StatementsService.get(${month}) and its PDF …`);
      for (let i = 0; i < 3; i++) await services.statements.get(month);
      const m = Math.max(10, Math.round(samples / 10));
      const times: number[] = [];
      let got = await services.statements.get(month);
      for (let i = 0; i < m; i++)
        times.push(
          await timeAsync(async () => {
            got = await services.statements.get(month);
          }),
        );
      let pdf = { contentBase64: '', pages: 0 };
      const pdfColdMs = await timeAsync(async () => {
        pdf = await services.statements.pdf({ month });
      });
      const pdfWarmMs = await timeAsync(async () => {
        pdf = await services.statements.pdf({ month });
      });
      statement = {
        month,
        claims: got.claims.length,
        totalFen: got.totalFen,
        samples: m,
        get: timing(times),
        pdfColdMs: round3(pdfColdMs),
        pdfWarmMs: round3(pdfWarmMs),
        pdfBytes: Buffer.from(pdf.contentBase64, 'base64').length,
        pages: pdf.pages,
      };
    } catch (error) {
      statement = { error: (error as Error).message };
    }

    return {
      date: today,
      setup,
      openList,
      statement,
      targets: CLAIMS_TARGETS,
      met: { openListP95Ms: 'service' in openList ? openList.service.p95 <= CLAIMS_TARGETS.openListP95Ms : null },
    };
  } finally {
    await services.print.close();
    await archive.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  }
}

export function claimsLines(r: ClaimsBenchReport): string[] {
  const s = r.setup;
  const o = r.openList;
  const st = r.statement;
  const met = (v: boolean | null) => (v === null ? 'not measured' : v ? 'met' : 'MISSED');
  return [
    `set-up on the bench's copy: copy ${s.copyMs} ms; ${s.added ? `added ${JSON.stringify(s.added)}; ` : ''}claims open from ${s.openFrom}: ${s.counts.warrantyRosSinceOpenFrom} warranty ROs, ${s.counts.claimRows} claim rows, ${s.counts.oldParts} old parts, ${s.counts.outsideOrders} outside-service orders`,
    'service' in o
      ? `ClaimsService.list open (${o.samples} samples): p50 ${o.service.p50} p95 ${o.service.p95} ms | raw SQL p50 ${o.raw.p50} p95 ${o.raw.p95} ms | ratio ${o.ratio} | ${o.rows} rows (raw ${o.raw.rows}) | same rows: ${o.same ? 'yes' : 'NO'}`
      : `ClaimsService.list open: not measured (${o.error})`,
    'get' in st
      ? `StatementsService.get ${st.month} (${st.samples} samples, ${st.claims} claims, ${(st.totalFen / 100).toFixed(2)} 元): p50 ${st.get.p50} p95 ${st.get.p95} ms | PDF ${st.pages} pages, ${Math.round(st.pdfBytes / 1024)} KB: cold ${st.pdfColdMs} ms, warm ${st.pdfWarmMs} ms`
      : `StatementsService.get / pdf: not measured (${st.error})`,
    `${'openListP95Ms'.padEnd(20)} target ≤ ${r.targets.openListP95Ms}  actual ${'service' in o ? o.service.p95 : '—'}  ${met(r.met.openListP95Ms)}`,
  ];
}
