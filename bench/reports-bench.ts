/**
 * The `reports` section of the benchmark (`npm run bench -- --only reports`), on its own copy of the
 * 10-year archive with a realistic last month added where missing (bench/reports-data.ts: worked
 * calls with answers and problems, complaints, comebacks, an invitation list, appointments, lost
 * reasons, first-service vouchers; the claims of bench/claims-data.ts):
 * - last month's report (ReportsService.monthly) next to one raw better-sqlite3 pass doing its
 *   heaviest part (the month's RO volume by type and by advisor, and the scan of every answer of the
 *   calls closed in the month with its question's department), interleaved;
 * - each section of the report timed on its own (p50/p95), so a missed target says where;
 * - the monthly PDF with its charts, cold (Chromium starts) and warm.
 * The clock is fixed at 10:30 on the day after the archive ends.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { createServices } from '../src-main/api/handlers';
import { openArchive } from '../src-main/db/database';
import type { Clock } from '../src-main/services/context';
import { shiftMonth } from '../src-main/services/lost-customers/churn';
import { boundsOf, monthPeriod } from '../src-main/services/reports/report-period';
import { claimsSection } from '../src-main/services/reports/sections/claims';
import { complaintSection } from '../src-main/services/reports/sections/complaints';
import { filingSection } from '../src-main/services/reports/sections/filing';
import { firstServiceSection } from '../src-main/services/reports/sections/first-service';
import { invitationSection } from '../src-main/services/reports/sections/invitations';
import { lostSection } from '../src-main/services/reports/sections/lost';
import { problemCustomers } from '../src-main/services/reports/sections/problems';
import { revisitSection } from '../src-main/services/reports/sections/revisits';
import { roVolumeSection } from '../src-main/services/reports/sections/ro-volume';
import { satisfactionSection } from '../src-main/services/reports/sections/satisfaction';
import { readRevisitSettings } from '../src-main/services/revisits/revisit-settings';
import { addDays } from '../src-shared/validation/dates';
import { addBenchClaims } from './claims-data';
import { addBenchReports } from './reports-data';
import { round3, type Timing, timeAsync, timeSync, timing } from './stats';

export const REPORTS_TARGETS = { monthlyP95Ms: 300, pdfMs: 3000 } as const;
const WARMUP = 3;

export interface ReportsBenchReport {
  date: string;
  month: string;
  setup: {
    copyMs: number;
    added: { reports: ReturnType<typeof addBenchReports>; claims: boolean };
    counts: { ros: number; answeredCalls: number; problems: number; complaints: number; invitationRows: number };
  };
  monthly:
    | {
        samples: number;
        service: Timing;
        raw: Timing & { ros: number; answers: number };
        ratio: number;
        figures: { ros: number; totalFen: number; answers: number; satisfied: number };
        sameRoVolume: boolean;
      }
    | { error: string };
  sections: Record<string, Timing> | { error: string };
  /** htmlMs: the report and its A4 page with the charts' SVG (reports.html), without Chromium. */
  pdf: { coldMs: number; warmMs: number; htmlMs: number; bytes: number; pages: number } | { error: string };
  targets: typeof REPORTS_TARGETS;
  met: { monthlyP95Ms: boolean | null; pdfMs: boolean | null };
}

function copyArchive(source: string): string {
  const copy = path.join(path.dirname(source), `reports-${path.basename(source)}`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  fs.copyFileSync(source, copy);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${copy}-wal`);
  return copy;
}

/**
 * The report's heaviest part in plain SQL: the month's ROs by type and by advisor, and every
 * scored answer of the calls closed in the month with its question (scale, department) and
 * whether it is above the store's threshold (the default thresholds).
 */
function rawHeaviest(sqlite: BetterSqlite3.Database, from: string, next: string) {
  const byType = sqlite.prepare(
    `SELECT type, count(*) AS n, sum(total_fen) AS fen FROM repair_order
     WHERE opened_at >= ? AND opened_at < ? GROUP BY type`,
  );
  const byAdvisor = sqlite.prepare(
    `SELECT advisor_name, count(*) AS n, sum(total_fen) AS fen FROM repair_order
     WHERE opened_at >= ? AND opened_at < ? GROUP BY advisor_name ORDER BY n DESC, advisor_name`,
  );
  // The questions once (a handful of versions); the answers parsed per call, as any reader of answers_json must.
  const questions = new Map(
    (
      sqlite.prepare('SELECT id, questions_json FROM questionnaire').all() as { id: number; questions_json: string }[]
    ).map((q) => [
      q.id,
      new Map(
        (JSON.parse(q.questions_json) as { key: string; scale: string; department: string | null }[]).map((x) => [
          x.key,
          x,
        ]),
      ),
    ]),
  );
  const calls = sqlite.prepare(
    `SELECT questionnaire_id, answers_json FROM revisit_call
     WHERE closed_at >= ? AND closed_at < ? AND state = 'done' AND questionnaire_id IS NOT NULL`,
  );
  const above: Record<string, (v: number) => boolean> = {
    yesno: (v) => v !== 0,
    five: (v) => v > 3,
    ten: (v) => v > 6,
    nps: (v) => v > 6,
  };
  return () => {
    const types = byType.all(from, next) as { type: string; n: number; fen: number }[];
    const advisors = byAdvisor.all(from, next) as { advisor_name: string; n: number; fen: number }[];
    const byDepartment = new Map<string | null, { answers: number; satisfied: number }>();
    let answers = 0;
    let satisfied = 0;
    for (const c of calls.all(from, next) as { questionnaire_id: number; answers_json: string }[]) {
      const asked = questions.get(c.questionnaire_id);
      for (const a of JSON.parse(c.answers_json) as { key: string; value: number | null }[]) {
        const q = asked?.get(a.key);
        if (!q || q.scale === 'choice' || a.value === null) continue;
        const ok = above[q.scale]?.(a.value) ?? false;
        const d = byDepartment.get(q.department) ?? { answers: 0, satisfied: 0 };
        d.answers++;
        if (ok) d.satisfied++;
        byDepartment.set(q.department, d);
        answers++;
        if (ok) satisfied++;
      }
    }
    return {
      ros: types.reduce((s, t) => s + t.n, 0),
      totalFen: types.reduce((s, t) => s + t.fen, 0),
      types,
      advisors,
      byDepartment,
      answers,
      satisfied,
    };
  };
}

export async function runReportsBench(
  source: string,
  until: string,
  samples: number,
  log: (m: string) => void,
): Promise<ReportsBenchReport> {
  const today = addDays(until, 1);
  const month = shiftMonth(today.slice(0, 7), -1);
  const clock: Clock = { now: () => new Date(`${today}T02:30:00Z`) };
  log('copying the archive (the reports bench adds its month of data to its own copy) …');
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
    log(
      'adding last month’s calls, answers, complaints, invitations, appointments where missing (bench/reports-data.ts) …',
    );
    const reports = addBenchReports(sqlite, until);
    const claims = addBenchClaims(sqlite, until) !== null;
    if (reports || claims) sqlite.exec('ANALYZE');
    const from = `${month}-01`;
    const next = `${shiftMonth(month, 1)}-01`;
    const setup: ReportsBenchReport['setup'] = {
      copyMs,
      added: { reports, claims },
      counts: {
        ros: count('SELECT count(*) FROM repair_order WHERE opened_at >= ? AND opened_at < ?', from, next),
        answeredCalls: count(
          'SELECT count(*) FROM revisit_call WHERE questionnaire_id IS NOT NULL AND closed_at >= ? AND closed_at < ?',
          from,
          next,
        ),
        problems: count('SELECT count(*) FROM call_problem'),
        complaints: count('SELECT count(*) FROM complaint WHERE opened_at >= ? AND opened_at < ?', from, next),
        invitationRows: count('SELECT count(*) FROM invitation_row WHERE due_on >= ? AND due_on < ?', from, next),
      },
    };

    // ---- (a) the monthly report beside the raw heaviest part ----
    let monthly: ReportsBenchReport['monthly'];
    try {
      log(`ReportsService.monthly(${month}) beside the raw query …`);
      const raw = rawHeaviest(sqlite, from, next);
      const build = () => services.reports.monthly({ month });
      for (let i = 0; i < WARMUP; i++) {
        await build();
        raw();
      }
      const service: number[] = [];
      const viaRaw: number[] = [];
      let report = await build();
      let rawOut = raw();
      const n = Math.max(20, Math.round(samples / 10));
      for (let i = 0; i < n; i++) {
        service.push(
          await timeAsync(async () => {
            report = await build();
          }),
        );
        viaRaw.push(
          timeSync(() => {
            rawOut = raw();
          }),
        );
      }
      const s = timing(service);
      const r = timing(viaRaw);
      const typeOf = new Map(rawOut.types.map((t) => [t.type, t.n]));
      monthly = {
        samples: n,
        service: s,
        raw: { ...r, ros: rawOut.ros, answers: rawOut.answers },
        ratio: round3(s.p95 / Math.max(r.p95, 0.001)),
        figures: {
          ros: report.roVolume.total.count,
          totalFen: report.roVolume.total.totalFen,
          answers: report.satisfaction.overall.answers,
          satisfied: report.satisfaction.overall.satisfied,
        },
        sameRoVolume:
          report.roVolume.total.count === rawOut.ros &&
          report.roVolume.total.totalFen === rawOut.totalFen &&
          report.roVolume.byType.every((t) => (typeOf.get(t.type) ?? 0) === t.count) &&
          report.roVolume.byAdvisor.length === rawOut.advisors.length,
      };
    } catch (error) {
      monthly = { error: (error as Error).message };
    }

    // ---- (b) each section on its own: where the time goes ----
    let sections: ReportsBenchReport['sections'];
    try {
      log('each section of the monthly report …');
      const period = monthPeriod(month, today, null);
      const p = boundsOf(period, today);
      const settings = await readRevisitSettings(archive.db);
      const parts: [string, () => Promise<unknown>][] = [
        ['revisits', () => revisitSection(archive.db, p, settings)],
        ['satisfaction', () => satisfactionSection(archive.db, p, settings)],
        ['problems', () => problemCustomers(archive.db, p)],
        ['complaints', () => complaintSection(archive.db, p)],
        ['lost', () => lostSection(archive.db, period.key, p)],
        ['firstService', () => firstServiceSection(archive.db, p)],
        ['invitations', () => invitationSection(archive.db, p)],
        ['roVolume', () => roVolumeSection(archive.db, p)],
        ['filing', () => filingSection(archive.db, period.key)],
        ['claims', () => claimsSection(archive.db, period.key, p)],
      ];
      const m = Math.max(10, Math.round(samples / 30));
      sections = {};
      for (const [name, run] of parts) {
        await run();
        const times: number[] = [];
        for (let i = 0; i < m; i++) times.push(await timeAsync(run));
        sections[name] = timing(times);
      }
    } catch (error) {
      sections = { error: (error as Error).message };
    }

    // ---- (c) the monthly PDF with its charts ----
    let pdf: ReportsBenchReport['pdf'];
    try {
      log(`the monthly PDF of ${month} (cold: Chromium starts; then warm) …`);
      let out = { contentBase64: '', pages: 0 };
      const coldMs = await timeAsync(async () => {
        out = await services.reports.pdf({ month, unmasked: false });
      });
      const warmMs = await timeAsync(async () => {
        out = await services.reports.pdf({ month, unmasked: false });
      });
      const htmlMs = await timeAsync(() => services.reports.html({ month, unmasked: false }));
      pdf = {
        htmlMs: round3(htmlMs),
        coldMs: round3(coldMs),
        warmMs: round3(warmMs),
        bytes: Buffer.from(out.contentBase64, 'base64').length,
        pages: out.pages,
      };
    } catch (error) {
      pdf = { error: (error as Error).message };
    }

    return {
      date: today,
      month,
      setup,
      monthly,
      sections,
      pdf,
      targets: REPORTS_TARGETS,
      met: {
        monthlyP95Ms: 'service' in monthly ? monthly.service.p95 <= REPORTS_TARGETS.monthlyP95Ms : null,
        pdfMs: 'coldMs' in pdf ? Math.max(pdf.coldMs, pdf.warmMs) <= REPORTS_TARGETS.pdfMs : null,
      },
    };
  } finally {
    await services.print.close();
    await archive.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  }
}

export function reportsLines(r: ReportsBenchReport): string[] {
  const s = r.setup;
  const m = r.monthly;
  const p = r.pdf;
  const met = (v: boolean | null) => (v === null ? 'not measured' : v ? 'met' : 'MISSED');
  const sections =
    'error' in r.sections
      ? `sections: not measured (${r.sections.error})`
      : `sections p50/p95 ms: ${Object.entries(r.sections as Record<string, Timing>)
          .map(([k, t]) => `${k} ${t.p50}/${t.p95}`)
          .join(', ')}`;
  return [
    `set-up on the bench's copy: copy ${s.copyMs} ms; ${s.added.reports ? `added ${JSON.stringify(s.added.reports)}; ` : ''}${s.added.claims ? 'added the claims; ' : ''}${r.month}: ${s.counts.ros} ROs, ${s.counts.answeredCalls} answered calls, ${s.counts.complaints} complaints, ${s.counts.invitationRows} invitation rows due; ${s.counts.problems} problems in all`,
    'service' in m
      ? `ReportsService.monthly ${r.month} (${m.samples} samples): p50 ${m.service.p50} p95 ${m.service.p95} ms | raw SQL (RO volume by type and advisor + answers scan) p50 ${m.raw.p50} p95 ${m.raw.p95} ms | ratio ${m.ratio} | ${m.figures.ros} ROs (raw ${m.raw.ros}), ${m.figures.answers} answers (raw ${m.raw.answers}) | same RO volume: ${m.sameRoVolume ? 'yes' : 'NO'}`
      : `ReportsService.monthly: not measured (${m.error})`,
    sections,
    'coldMs' in p
      ? `monthly PDF with charts: ${p.pages} pages, ${Math.round(p.bytes / 1024)} KB: cold ${p.coldMs} ms (with browser start), warm ${p.warmMs} ms; of which the report and its page with the charts' SVG (reports.html) ${p.htmlMs} ms, the rest Chromium`
      : `monthly PDF: not measured (${p.error})`,
    `${'monthlyP95Ms'.padEnd(20)} target ≤ ${r.targets.monthlyP95Ms}  actual ${'service' in m ? m.service.p95 : '—'}  ${met(r.met.monthlyP95Ms)}`,
    `${'pdfMs'.padEnd(20)} target ≤ ${r.targets.pdfMs}  actual ${'coldMs' in p ? Math.max(p.coldMs, p.warmMs) : '—'}  ${met(r.met.pdfMs)}`,
  ];
}
