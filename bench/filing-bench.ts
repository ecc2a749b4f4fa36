/**
 * The `filing` section of the benchmark (`npm run bench -- --only filing`), on the 10-year archive
 * with 3 months of papers (bench/filing-data.ts):
 * - filing one paper through FilingService.file (each sample a different settled RO lacking that
 *   kind: the binder and position chosen, the duplicate check, the row, the audit entry, the answer
 *   read back) next to a raw better-sqlite3 insert of the same row in its own transaction;
 * - the month's missing list (MissingService.month for the last full month) next to one raw SQL
 *   statement computing the same rows;
 * - storing a 5 MB scan (ScansService.upload: base64 decoded, checked by its bytes, hashed, written
 *   to the content-addressed store, its row) and the bare ScanStore.put, next to a raw
 *   fs.writeFile of the same bytes.
 * It works on its own copy of the archive (and its own scan folder, removed afterwards). The clock
 * is fixed at 10:30 on the day after the archive ends.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import { readFilingSettings } from '../src-main/services/filing/filing-settings';
import { shiftMonth } from '../src-main/services/lost-customers/churn';
import { ScanStore, scanFolderFor } from '../src-main/services/scans/scan-store';
import type { MissingPaper } from '../src-shared/domain/filing';
import { addDays } from '../src-shared/validation/dates';
import { addBenchFiling } from './filing-data';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export const FILING_TARGETS = { fileP95Ms: 5, missingMonthP95Ms: 100, scan5MbMs: 200 } as const;
const WARMUP = 3;
const SCAN_BYTES = 5 * 1024 * 1024;

export interface FilingBenchReport {
  date: string;
  setup: {
    copyMs: number;
    added: ReturnType<typeof addBenchFiling>;
    counts: { papers: number; binders: number; settledRosSinceCheckFrom: number };
    checkFrom: string | null;
  };
  file: { samples: number; service: Timing; raw: Timing; ratio: number; example: string } | { error: string };
  missingMonth:
    | {
        samples: number;
        month: string;
        rows: number;
        service: Timing;
        raw: Timing & { rows: number };
        ratio: number;
        same: boolean;
      }
    | { error: string };
  scan:
    | {
        samples: number;
        mb: number;
        upload: Timing;
        storePut: Timing;
        raw: Timing;
        ratio: number;
      }
    | { error: string };
  targets: typeof FILING_TARGETS;
  met: { fileP95Ms: boolean | null; missingMonthP95Ms: boolean | null; scan5MbMs: boolean | null };
}

function copyArchive(source: string): string {
  const copy = path.join(path.dirname(source), `filing-${path.basename(source)}`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  fs.rmSync(scanFolderFor(copy), { recursive: true, force: true });
  fs.copyFileSync(source, copy);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${copy}-wal`);
  return copy;
}

/** The month's missing papers in one statement (the default rules: base kinds, major-only, warranty; sales papers). */
function rawMissing(sqlite: BetterSqlite3.Database) {
  const statement = sqlite.prepare(
    `WITH req(kind, major, rtype) AS (VALUES ('ro_sheet', 0, NULL), ('consultation', 0, NULL),
         ('settlement', 0, NULL), ('inspection', 1, NULL), ('certificate', 1, NULL), ('warranty_claim', 0, 'warranty')),
       vreq(kind) AS (VALUES ('warranty_registration'), ('pdi')),
       ros AS MATERIALIZED (SELECT r.id, r.ro_number, r.type, r.settled_at, r.vehicle_id, r.customer_id,
                 coalesce((SELECT sum(l.hours) FROM ro_labor_line l WHERE l.ro_id = r.id), 0) AS h
               FROM repair_order r WHERE r.settled_at >= @from AND r.settled_at < @to AND r.settled_at >= @checkFrom)
     SELECT ros.ro_number AS ro, v.plate, v.vin, c.name, req.kind, substr(ros.settled_at, 1, 10) AS since
     FROM ros JOIN vehicle v ON v.id = ros.vehicle_id LEFT JOIN customer c ON c.id = ros.customer_id
       JOIN req ON (req.major = 0 OR ros.type IN ('body_paint', 'insurance') OR ros.h >= 8)
                AND (req.rtype IS NULL OR req.rtype = ros.type)
     WHERE NOT EXISTS (SELECT 1 FROM paper p WHERE p.ro_id = ros.id AND p.kind = req.kind AND p.state IN ('received', 'filed'))
     UNION ALL
     SELECT NULL, v.plate, v.vin, c.name, vreq.kind, v.delivery_date
     FROM vehicle v CROSS JOIN vreq LEFT JOIN customer c ON c.id = v.owner_id
     WHERE v.delivery_date >= @from AND v.delivery_date < @to AND v.delivery_date >= @checkFrom
       AND NOT EXISTS (SELECT 1 FROM paper p WHERE p.vehicle_id = v.id AND p.ro_id IS NULL AND p.kind = vreq.kind
                       AND p.state IN ('received', 'filed'))`,
  );
  return (month: string, checkFrom: string) =>
    statement.all({ from: `${month}-01`, to: `${shiftMonth(month, 1)}-01`, checkFrom }) as {
      ro: string | null;
      vin: string | null;
      kind: string;
    }[];
}

const keyOf = (r: { ro: string | null; vin: string | null; kind: string }) => `${r.ro ?? r.vin}:${r.kind}`;

export async function runFilingBench(
  source: string,
  until: string,
  samples: number,
  log: (m: string) => void,
): Promise<FilingBenchReport> {
  const today = addDays(until, 1);
  const clock: Clock = { now: () => new Date(`${today}T02:30:00Z`) };
  log('copying the archive (the filing bench writes to its own copy) …');
  const started = performance.now();
  const file = copyArchive(source);
  const copyMs = round3(performance.now() - started);
  const archive = await openArchive(file);
  try {
    const sqlite = archive.sqlite!;
    const count = (sql: string, ...params: unknown[]) =>
      sqlite
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    log('adding 3 months of papers where missing (bench/filing-data.ts) …');
    const added = addBenchFiling(sqlite, until);
    const services = createServices(archive, clock);
    const ctx: CallContext = { door: 'cli', session: new Session() };
    const settings = await readFilingSettings(archive.db);
    const checkFrom = settings.checkFrom;
    const setup: FilingBenchReport['setup'] = {
      copyMs,
      added,
      counts: {
        papers: count('SELECT count(*) FROM paper'),
        binders: count('SELECT count(*) FROM binder'),
        settledRosSinceCheckFrom: count('SELECT count(*) FROM repair_order WHERE settled_at >= ?', checkFrom ?? ''),
      },
      checkFrom,
    };

    // ---- (a) filing one paper ----
    let fileReport: FilingBenchReport['file'];
    try {
      log('FilingService.file (one paper, a different RO each time) …');
      // Settled ROs lacking a base kind, newest first: the open month's first, then the bound ones.
      const lacking = sqlite
        .prepare(
          `SELECT r.id, k.kind FROM repair_order r
           CROSS JOIN (SELECT 'ro_sheet' AS kind UNION ALL SELECT 'consultation' UNION ALL SELECT 'settlement') k
           WHERE r.settled_at >= ? AND NOT EXISTS (
             SELECT 1 FROM paper p WHERE p.ro_id = r.id AND p.kind = k.kind AND p.state IN ('received', 'filed'))
           ORDER BY r.settled_at DESC, r.id, k.kind`,
        )
        .all(checkFrom ?? `${shiftMonth(until.slice(0, 7), -3)}-01`) as { id: number; kind: string }[];
      // One sample per RO (each a different RO), its first missing kind.
      const seen = new Set<number>();
      const pairs = lacking.filter((p) => {
        if (seen.has(p.id)) return false;
        seen.add(p.id);
        return true;
      });
      const n = Math.min(samples, pairs.length - WARMUP);
      if (n < 10) throw new Error(`only ${pairs.length} settled ROs lack a paper`);
      const insertRaw = sqlite.prepare(
        `INSERT INTO paper (kind, ro_id, vehicle_id, customer_id, doc_date, received_on, received_from, handover_id,
           state, binder_id, position, filed_at, filed_by, keep_forever, note, created_at, created_by, updated_at, version)
         VALUES (@kind, @roId, @vehicleId, @customerId, @docDate, @receivedOn, '', NULL, 'filed', @binderId, @position,
           @at, '信息员', 0, '', @at, '信息员', @at, 1)`,
      );
      const fileOne = (pair: { id: number; kind: string }) =>
        services.filing.file(
          {
            roId: pair.id,
            vehicleId: null,
            customerId: null,
            kinds: [pair.kind],
            receivedOn: null,
            note: '',
            confirmClosedBinder: true,
          },
          ctx,
        );
      const service: number[] = [];
      const raw: number[] = [];
      let example = '';
      for (let i = 0; i < n + WARMUP; i++) {
        const pair = pairs[i]!;
        let filed: Awaited<ReturnType<typeof fileOne>> | null = null;
        const ms = await timeAsync(async () => {
          filed = await fileOne(pair);
        });
        const paper = (filed as Awaited<ReturnType<typeof fileOne>> | null)?.papers[0];
        if (!paper) throw new Error('filing.file answered no paper');
        if (i === WARMUP)
          example = `${paper.roNumber} ${paper.kindLabel} → ${paper.binderTitle} 第 ${paper.position} 位`;
        // The same row again, by hand (a kind of its own, so the service's duplicate check never sees it).
        const row = {
          kind: 'x_bench_raw',
          roId: paper.roId,
          vehicleId: paper.vehicleId,
          customerId: paper.customerId,
          docDate: paper.docDate,
          receivedOn: paper.receivedOn,
          binderId: paper.binderId,
          position: paper.position,
          at: paper.filedAt,
        };
        const rawMs = timeSync(() => sqlite.transaction(() => insertRaw.run(row))());
        if (i >= WARMUP) {
          service.push(ms);
          raw.push(rawMs);
        }
      }
      const s = timing(service);
      const r = timing(raw);
      fileReport = { samples: n, service: s, raw: r, ratio: round3(s.p95 / Math.max(r.p95, 0.001)), example };
    } catch (error) {
      fileReport = { error: (error as Error).message };
    }

    // ---- (b) the month's missing list ----
    let missingReport: FilingBenchReport['missingMonth'];
    try {
      const month = shiftMonth(until.slice(0, 7), -1);
      log(`MissingService.month(${month}) …`);
      const raw = rawMissing(sqlite);
      const from = checkFrom ?? '0000-00-00';
      const m = Math.max(10, Math.round(samples / 5));
      let rows: MissingPaper[] = [];
      let rawRows: ReturnType<typeof raw> = [];
      for (let i = 0; i < WARMUP; i++) {
        await services.missing.month(month);
        raw(month, from);
      }
      const service: number[] = [];
      const viaRaw: number[] = [];
      for (let i = 0; i < m; i++) {
        service.push(
          await timeAsync(async () => {
            rows = await services.missing.month(month);
          }),
        );
        viaRaw.push(
          timeSync(() => {
            rawRows = raw(month, from);
          }),
        );
      }
      const a = new Set(rows.map((r) => keyOf({ ro: r.roNumber, vin: r.vin, kind: r.kind })));
      const b = new Set(rawRows.map(keyOf));
      const same = a.size === b.size && [...a].every((k) => b.has(k)) && rows.length === rawRows.length;
      const s = timing(service);
      const r = timing(viaRaw);
      missingReport = {
        samples: m,
        month,
        rows: rows.length,
        service: s,
        raw: { ...r, rows: rawRows.length },
        ratio: round3(s.p95 / Math.max(r.p95, 0.001)),
        same,
      };
    } catch (error) {
      missingReport = { error: (error as Error).message };
    }

    // ---- (c) storing a 5 MB scan ----
    let scanReport: FilingBenchReport['scan'];
    const rawDir = path.join(path.dirname(file), 'filing-bench-raw');
    try {
      log('storing 5 MB scans (ScansService.upload, ScanStore.put, fs.writeFile) …');
      fs.mkdirSync(rawDir, { recursive: true });
      const store = new ScanStore(scanFolderFor(file));
      const k = Math.max(5, Math.min(20, Math.round(samples / 15)));
      const scanBytes = () => {
        const bytes = randomBytes(SCAN_BYTES);
        bytes.write('%PDF-1.7\n', 0, 'latin1');
        return bytes;
      };
      const upload: number[] = [];
      const put: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < k + 1; i++) {
        const a = scanBytes();
        const base64 = a.toString('base64');
        const u = await timeAsync(() =>
          services.scans.upload({ paperId: null, name: `bench-${i}.pdf`, contentBase64: base64 }, ctx),
        );
        const b = scanBytes();
        const p = await timeAsync(() => store.put(b));
        const c = scanBytes();
        const w = await timeAsync(() => fs.promises.writeFile(path.join(rawDir, `raw-${i}.pdf`), c));
        if (i > 0) {
          upload.push(u);
          put.push(p);
          raw.push(w);
        }
      }
      const u = timing(upload);
      const r = timing(raw);
      scanReport = {
        samples: k,
        mb: SCAN_BYTES / 1024 / 1024,
        upload: u,
        storePut: timing(put),
        raw: r,
        ratio: round3(u.p95 / Math.max(r.p95, 0.001)),
      };
    } catch (error) {
      scanReport = { error: (error as Error).message };
    } finally {
      fs.rmSync(rawDir, { recursive: true, force: true });
    }

    return {
      date: today,
      setup,
      file: fileReport,
      missingMonth: missingReport,
      scan: scanReport,
      targets: FILING_TARGETS,
      met: {
        fileP95Ms: 'service' in fileReport ? fileReport.service.p95 <= FILING_TARGETS.fileP95Ms : null,
        missingMonthP95Ms:
          'service' in missingReport ? missingReport.service.p95 <= FILING_TARGETS.missingMonthP95Ms : null,
        scan5MbMs: 'upload' in scanReport ? scanReport.upload.p95 <= FILING_TARGETS.scan5MbMs : null,
      },
    };
  } finally {
    await archive.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    fs.rmSync(scanFolderFor(file), { recursive: true, force: true });
  }
}

export function filingLines(r: FilingBenchReport): string[] {
  const s = r.setup;
  const f = r.file;
  const m = r.missingMonth;
  const c = r.scan;
  const met = (v: boolean | null) => (v === null ? 'not measured' : v ? 'met' : 'MISSED');
  return [
    `set-up on the bench's copy: copy ${s.copyMs} ms; ${s.added ? `added ${JSON.stringify(s.added)}; ` : ''}papers ${s.counts.papers}, binders ${s.counts.binders}, settled ROs since checkFrom ${s.checkFrom}: ${s.counts.settledRosSinceCheckFrom}`,
    'service' in f
      ? `FilingService.file (one paper, ${f.samples} ROs): p50 ${f.service.p50} p95 ${f.service.p95} ms | raw insert p50 ${f.raw.p50} p95 ${f.raw.p95} ms | ratio ${f.ratio} | e.g. ${f.example}`
      : `FilingService.file: not measured (${f.error})`,
    'service' in m
      ? `MissingService.month ${m.month} (${m.samples} samples): p50 ${m.service.p50} p95 ${m.service.p95} ms | raw SQL p50 ${m.raw.p50} p95 ${m.raw.p95} ms | ratio ${m.ratio} | ${m.rows} rows (raw ${m.raw.rows}) | same rows: ${m.same ? 'yes' : 'NO'}`
      : `MissingService.month: not measured (${m.error})`,
    'upload' in c
      ? `store a ${c.mb} MB scan (${c.samples} samples): ScansService.upload p50 ${c.upload.p50} p95 ${c.upload.p95} ms | ScanStore.put p50 ${c.storePut.p50} p95 ${c.storePut.p95} ms | raw fs.writeFile p50 ${c.raw.p50} p95 ${c.raw.p95} ms | ratio ${c.ratio}`
      : `store a scan: not measured (${c.error})`,
    `${'fileP95Ms'.padEnd(20)} target ≤ ${r.targets.fileP95Ms}  actual ${'service' in f ? f.service.p95 : '—'}  ${met(r.met.fileP95Ms)}`,
    `${'missingMonthP95Ms'.padEnd(20)} target ≤ ${r.targets.missingMonthP95Ms}  actual ${'service' in m ? m.service.p95 : '—'}  ${met(r.met.missingMonthP95Ms)}`,
    `${'scan5MbMs'.padEnd(20)} target ≤ ${r.targets.scan5MbMs}  actual ${'upload' in c ? c.upload.p95 : '—'}  ${met(r.met.scan5MbMs)}`,
  ];
}
