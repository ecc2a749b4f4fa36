import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/db/database';
import type { Clock } from '../../src-main/services/context';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, rowCounts, tempDir, VIN_A } from '../support/archive';
import { onPostgres } from '../support/pg';

/**
 * Fault tests of issue 10: a real child process doing real work on a real archive file, killed
 * with SIGKILL at random (seeded) moments, then the archive opened as the app opens it and checked:
 * integrity, all or nothing, earlier data intact, and no commit the child reported lost.
 *
 * The child (tests/support/fault-child.ts, which drives the CLI's import and the dispatcher) is
 * bundled once with esbuild: a `node --import tsx` start costs ~1.5 s here, the bundle ~0.3 s, so
 * 20+ trials per fault fit the time budget. Packages stay external (resolved from node_modules).
 */
const root = path.resolve(__dirname, '../..');
const TRIALS = 22;
const IMPORT_ROWS = 3_000;
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };

/** Deterministic random moments (mulberry32): the same kill delays on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = tempDir('clerkdesk-faults-');
let bundleDir = '';
let childFile = '';
const totals = {
  imports: { trials: 0, killedBeforeDone: 0, killedWhileWriting: 0 },
  signs: { trials: 0, killed: 0, killedBetweenConfirmAndSign: 0, daysSigned: 0 },
};

beforeAll(async () => {
  if (onPostgres()) return;
  fs.mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
  bundleDir = fs.mkdtempSync(path.join(root, 'node_modules', '.cache', 'clerkdesk-fault-child-'));
  childFile = path.join(bundleDir, 'fault-child.mjs');
  const worker = path.join(root, 'src-main/services/imports/import.worker.ts');
  await build({
    entryPoints: { 'fault-child': path.join(root, 'tests/support/fault-child.ts') },
    outExtension: { '.js': '.mjs' },
    outdir: bundleDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  // The import worker, where the import service looks for it next to a bundle (import-worker-client.ts).
  if (fs.existsSync(worker))
    await build({
      entryPoints: { 'import-worker': worker },
      outdir: bundleDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  console.log(
    `kill -9: ${totals.imports.trials} trials during imports (${totals.imports.killedBeforeDone} killed before the end, ${totals.imports.killedWhileWriting} while writing), ${totals.signs.trials} during sign-offs (${totals.signs.killed} killed before the end, ${totals.signs.killedBetweenConfirmAndSign} between confirming and signing a day; ${totals.signs.daysSigned} days signed); nothing lost`,
  );
});

interface Run {
  child: ChildProcessWithoutNullStreams;
  /** Lines the child printed on stdout (each after a commit). */
  lines: string[];
  stderr: () => string;
  /** Milliseconds from the start to the first "正在写入" (the import's commit began), if seen. */
  writingAfter: () => number | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runChild(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, [childFile, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const startedAt = Date.now();
  let writingAt: number | null = null;
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
    if (writingAt === null && err.includes('正在写入')) writingAt = Date.now() - startedAt;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close', not 'exit': every byte the child wrote to its pipes has been read by then.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, stderr: () => err, writingAfter: () => writingAt, exited };
}

/** Runs the child, kills it after `delayMs` if still running; says whether the kill came first. */
async function killAfter(run: Run, delayMs: number): Promise<boolean> {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), delayMs);
  const end = await run.exited;
  clearTimeout(timer);
  // The signal may reach a child that has just finished on its own: then it counts as finished.
  if (end.signal === 'SIGKILL') return true;
  expect(end, run.stderr()).toEqual({ code: 0, signal: null });
  return false;
}

const count = (
  sqlite: { prepare(sql: string): { pluck(): { get(...a: unknown[]): unknown } } },
  sql: string,
  ...args: unknown[]
) =>
  sqlite
    .prepare(sql)
    .pluck()
    .get(...args) as number;

// kill -9 of the process writing the FILE, a full disk, a read-only file: about the SQLite file only
// (a server's own crash safety is PostgreSQL's; the two-counter tests cover the server).
describe.skipIf(onPostgres())('kill -9 during an import', () => {
  const PROVINCES = ['苏', '浙', '沪', '京'];
  const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

  /** A DMS export (GBK CSV) of IMPORT_ROWS settled orders, each with its own RO number, plate, VIN and phone. */
  function writeExport(trial: number): string {
    const t = String(trial).padStart(2, '0');
    const plateHead = `${PROVINCES[trial % 4]}${LETTERS[Math.floor(trial / 4)]}`;
    const lines = ['工单号,车牌号,车架号,客户名称,联系电话,进厂时间,行驶里程,维修类别,工单状态,总金额'];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      const n = String(i).padStart(5, '0');
      lines.push(
        `K${t}X${n},${plateHead}${n},${withCheckDigit(`LSVAU2180N${t}${n}`)},客户${t}${n},137${t}${String(i).padStart(6, '0')},2026-11-20 08:00,${1000 + i},定保,已结算,"￥1,${n.slice(2)}.00"`,
      );
    }
    const file = path.join(dir, `export-${t}.csv`);
    fs.writeFileSync(file, iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'));
    return file;
  }

  it(`is all or nothing, keeps earlier data and loses no commit (${TRIALS} trials at random moments)`, async () => {
    const db = path.join(dir, 'import.sqlite');
    const rng = random(20261203);

    // Trial 0 runs to the end: it is the earlier data, and it times a whole import.
    const started = Date.now();
    const first = runChild(['import', db, writeExport(0)]);
    expect(await killAfter(first, 600_000)).toBe(false);
    const whole = Date.now() - started;
    expect(first.lines).toEqual(['imported']);
    const writing = first.writingAfter() ?? 0;

    let expected = await (async () => {
      const archive = await openArchive(db);
      try {
        return {
          batches: count(archive.sqlite!, 'SELECT count(*) FROM import_batch'),
          orders: count(archive.sqlite!, 'SELECT count(*) FROM repair_order'),
          vehicles: count(archive.sqlite!, 'SELECT count(*) FROM vehicle'),
          customers: count(archive.sqlite!, 'SELECT count(*) FROM customer'),
          commits: count(archive.sqlite!, "SELECT count(*) FROM audit_log WHERE action = 'import.commit'"),
          fen: count(archive.sqlite!, 'SELECT coalesce(sum(total_fen), 0) FROM repair_order'),
        };
      } finally {
        await archive.close();
      }
    })();
    expect(expected.orders).toBe(IMPORT_ROWS);

    for (let trial = 1; trial <= TRIALS; trial++) {
      const file = writeExport(trial);
      const prefix = `K${String(trial).padStart(2, '0')}X%`;
      // Odd trials: anywhere from the start of the process to a little past a whole import's time.
      // Even trials: within the commit (as timed by trial 0), the moment that matters most.
      const delay =
        trial % 2 === 1 ? Math.floor(rng() * whole * 1.1) : Math.floor(writing + rng() * Math.max(whole - writing, 1));
      const run = runChild(['import', db, file], { CLERKDESK_TEST_PAUSE_COMMIT_MS: '' });
      const killed = await killAfter(run, delay);
      totals.imports.trials++;
      if (killed) totals.imports.killedBeforeDone++;

      const archive = await openArchive(db);
      try {
        const s = archive.sqlite!;
        expect(s.pragma('integrity_check', { simple: true }), `trial ${trial}`).toBe('ok');
        expect(s.pragma('foreign_key_check')).toEqual([]);
        const mine = count(s, 'SELECT count(*) FROM repair_order WHERE ro_number LIKE ?', prefix);
        const batch = count(s, 'SELECT count(*) FROM import_batch WHERE file_name = ?', path.basename(file));
        const now = {
          batches: count(s, 'SELECT count(*) FROM import_batch'),
          orders: count(s, 'SELECT count(*) FROM repair_order'),
          vehicles: count(s, 'SELECT count(*) FROM vehicle'),
          customers: count(s, 'SELECT count(*) FROM customer'),
          commits: count(s, "SELECT count(*) FROM audit_log WHERE action = 'import.commit'"),
          fen: count(s, 'SELECT coalesce(sum(total_fen), 0) FROM repair_order WHERE ro_number NOT LIKE ?', prefix),
        };
        // Earlier imports untouched, whatever happened to this one.
        expect(now.fen, `trial ${trial}: earlier orders changed`).toBe(expected.fen);
        // A commit the child reported is there.
        if (run.lines.includes('imported')) expect(batch).toBe(1);
        if (batch === 1) {
          expect(mine, `trial ${trial}: batch without all its orders`).toBe(IMPORT_ROWS);
          expect(now).toEqual({
            ...expected,
            batches: expected.batches + 1,
            orders: expected.orders + IMPORT_ROWS,
            vehicles: expected.vehicles + IMPORT_ROWS,
            customers: expected.customers + IMPORT_ROWS,
            commits: expected.commits + 1,
            fen: expected.fen,
          });
          expected = { ...now, fen: count(s, 'SELECT coalesce(sum(total_fen), 0) FROM repair_order') };
        } else {
          expect(batch).toBe(0);
          expect(mine, `trial ${trial}: orders without their batch`).toBe(0);
          expect(now).toEqual(expected);
          if (/正在写入/.test(run.stderr())) totals.imports.killedWhileWriting++;
        }
      } finally {
        await archive.close();
      }
    }
    expect(totals.imports.trials).toBeGreaterThanOrEqual(20);
    // The seeded moments must really cut imports short, not only let them finish.
    expect(totals.imports.killedBeforeDone).toBeGreaterThanOrEqual(10);
  }, 240_000);
});

describe.skipIf(onPostgres())('kill -9 during a sign-off', () => {
  it(`each day is signed with its snapshot or not at all, and no reported signature is lost (${TRIALS} trials)`, async () => {
    const t = await openSetUpArchive({ clock });
    const db = t.file;
    const days: string[] = [];
    try {
      // A settled order on the first day opens the reports; the days after it are signed in turn.
      await t.must('session.login', { userId: 1, pin: '1234' });
      const v = await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A });
      await t.must('repairOrders.create', {
        roNumber: 'RO2601050001',
        vehicleId: v.record.id,
        openedAt: '2026-01-05 09:00',
        type: 'periodic_service',
        status: 'settled',
        completedAt: '2026-01-05 15:00',
        deliveredAt: '2026-01-05 16:00',
        settledAt: '2026-01-05 16:00',
        laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 }],
      });
      // Its paper copy ticked off, so the day has nothing left to settle before signing.
      await t.must('reconciliation.tick', { date: '2026-01-05', roNumber: 'RO2601050001', paperStatus: 'settled' });
      for (
        let d = new Date('2026-01-05T00:00:00Z');
        d < new Date('2026-11-22T00:00:00Z');
        d.setUTCDate(d.getUTCDate() + 1)
      )
        days.push(d.toISOString().slice(0, 10));
      t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      await t.archive.close();
    }

    const rng = random(10);
    const signedReported = new Set<string>();
    const confirmedReported = new Set<string>();
    let next = 0;
    // The first run signs 4 days to the end: it times a process start and a sign-off.
    const started = Date.now();
    const first = runChild(['sign', db, ...days.slice(0, 4)]);
    expect(await killAfter(first, 600_000)).toBe(false);
    const perRun = Date.now() - started;
    for (const l of first.lines) if (l.startsWith('signed ')) signedReported.add(l.split(' ')[1]!);
    expect(signedReported.size).toBe(4);
    next = 4;

    for (let trial = 1; trial <= TRIALS; trial++) {
      const delay = Math.floor(rng() * perRun * 1.5);
      const run = runChild(['sign', db, ...days.slice(next, next + 12)]);
      const killed = await killAfter(run, delay);
      totals.signs.trials++;
      if (killed) totals.signs.killed++;
      for (const l of run.lines) {
        const [what, day] = l.split(' ');
        if (what === 'signed') signedReported.add(day!);
        if (what === 'confirmed') confirmedReported.add(day!);
      }

      const archive = await openArchive(db);
      try {
        const s = archive.sqlite!;
        expect(s.pragma('integrity_check', { simple: true }), `trial ${trial}`).toBe('ok');
        expect(s.pragma('foreign_key_check')).toEqual([]);
        const rows = s
          .prepare(
            'SELECT day, version, status, confirmed_at, confirmed_by, confirmed_fingerprint, signed_at, signed_by, snapshot_json FROM daily_report_version ORDER BY day, version',
          )
          .all() as {
          day: string;
          version: number;
          status: string;
          confirmed_at: string | null;
          confirmed_by: string | null;
          confirmed_fingerprint: string | null;
          signed_at: string | null;
          signed_by: string | null;
          snapshot_json: string | null;
        }[];
        const byDay = new Map(rows.map((r) => [r.day, r]));
        expect(byDay.size, 'one version per day (no correction was started)').toBe(rows.length);
        for (const r of rows) {
          expect(r.version).toBe(1);
          if (r.status === 'signed') {
            expect(
              r.signed_at && r.signed_by && r.confirmed_at && r.snapshot_json,
              `${r.day}: partly signed`,
            ).toBeTruthy();
            const snapshot = JSON.parse(r.snapshot_json!) as { date: string; fingerprint: string };
            expect(snapshot.date).toBe(r.day);
            expect(snapshot.fingerprint).toBe(r.confirmed_fingerprint);
          } else {
            expect(
              r.signed_at ?? r.signed_by ?? r.snapshot_json,
              `${r.day}: signature without the signed state`,
            ).toBeNull();
            if (r.status === 'ready') expect(r.confirmed_at && r.confirmed_by && r.confirmed_fingerprint).toBeTruthy();
            else expect(r.status).toBe('draft');
          }
        }
        const signedDays = rows.filter((r) => r.status === 'signed').map((r) => r.day);
        expect(count(s, "SELECT count(*) FROM audit_log WHERE action = 'dailyReport.sign'")).toBe(signedDays.length);
        // No lost commit: every signature and confirmation the child reported is there.
        for (const day of signedReported) expect(byDay.get(day)?.status, `${day} was reported signed`).toBe('signed');
        for (const day of confirmedReported)
          expect(['ready', 'signed'], `${day} was reported confirmed`).toContain(byDay.get(day)?.status);
        // Signed days are a prefix of the list: the next trial goes on from the first unsigned day.
        expect(signedDays).toEqual(days.slice(0, signedDays.length));
        next = signedDays.length;
        totals.signs.daysSigned = next;
        if (killed && rows.some((r) => r.status === 'ready')) totals.signs.killedBetweenConfirmAndSign++;
      } finally {
        await archive.close();
      }
    }
    expect(totals.signs.trials).toBeGreaterThanOrEqual(20);
    expect(totals.signs.killed).toBeGreaterThanOrEqual(10);
    expect(next).toBeGreaterThan(10);
  }, 240_000);
});

describe.skipIf(onPostgres())('a full disk and a read-only archive during a sign-off and a normal save', () => {
  it('a full disk refuses the save and the sign-off with the cause named, nothing changed; with room again both go through', async () => {
    const t = await openSetUpArchive({ clock });
    try {
      await t.must('session.login', { userId: 1, pin: '1234' });
      // Thirty orders on the day: its signed snapshot needs more room than the page it lives on has.
      for (let i = 10; i < 40; i++) {
        const v = await t.must('vehicles.create', { plate: `京A123${i}` });
        await t.must('repairOrders.create', {
          roNumber: `RO26112100${i}`,
          vehicleId: v.record.id,
          openedAt: '2026-11-21 09:00',
          type: 'periodic_service',
          status: 'settled',
          settledAt: '2026-11-21 16:00',
          laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 }],
        });
        await t.must('reconciliation.tick', { date: '2026-11-21', roNumber: `RO26112100${i}`, paperStatus: 'settled' });
      }
      const view = await t.must('dailyReport.get', { date: '2026-11-21' });
      await t.must('dailyReport.confirm', { date: '2026-11-21', fingerprint: view.fingerprint });
      t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      t.archive.sqlite!.exec('VACUUM');
      const before = await rowCounts(t.archive);
      const pages = t.archive.sqlite!.pragma('page_count', { simple: true }) as number;
      // SQLite cannot grow the file past max_page_count: it answers SQLITE_FULL, as a full disk does.
      t.archive.sqlite!.pragma(`max_page_count = ${pages}`);
      try {
        const save = await t.call('customers.create', { name: '张三', notes: '备注'.repeat(900) });
        expect(save.ok).toBe(false);
        if (!save.ok) expect(save.error.message).toMatch(/磁盘已满.*档案未被修改|档案未被修改.*磁盘已满/);
        const sign = await t.call('dailyReport.sign', {
          date: '2026-11-21',
          signerId: 3,
          pin: '2222',
          fingerprint: view.fingerprint,
        });
        expect(sign.ok).toBe(false);
        if (!sign.ok) {
          expect(sign.error.message).toContain('磁盘已满');
          expect(sign.error.message).toContain('档案未被修改');
        }
        expect(await rowCounts(t.archive)).toEqual(before);
        expect(
          t.archive.sqlite!.prepare("SELECT status FROM daily_report_version WHERE day = '2026-11-21'").pluck().get(),
        ).toBe('ready');
      } finally {
        t.archive.sqlite!.pragma('max_page_count = 1073741823');
      }
      expect((await t.call('customers.create', { name: '张三' })).ok).toBe(true);
      const signed = await t.must('dailyReport.sign', {
        date: '2026-11-21',
        signerId: 3,
        pin: '2222',
        fingerprint: view.fingerprint,
      });
      expect(signed.status).toBe('signed');
      const snapshot = t.archive
        .sqlite!.prepare("SELECT length(snapshot_json) FROM daily_report_version WHERE day = '2026-11-21'")
        .pluck()
        .get() as number;
      expect(snapshot).toBeGreaterThan(4096);
    } finally {
      await t.close();
    }
  });

  it('a read-only archive refuses the sign-off with the cause named; the report stays as it was', async () => {
    const t = await openSetUpArchive({ clock });
    let view: { fingerprint: string };
    try {
      await t.must('session.login', { userId: 1, pin: '1234' });
      const v = await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A });
      await t.must('repairOrders.create', {
        roNumber: 'RO2611200001',
        vehicleId: v.record.id,
        openedAt: '2026-11-20 09:00',
        type: 'periodic_service',
        status: 'settled',
        settledAt: '2026-11-20 16:00',
        laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 }],
      });
      view = await t.must('dailyReport.get', { date: '2026-11-21' });
      await t.must('dailyReport.confirm', { date: '2026-11-21', fingerprint: view.fingerprint });
      t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      await t.archive.close();
    }
    const { createDispatcher } = await import('../../src-main/api/dispatcher');
    const { createHandlers, createServices } = await import('../../src-main/api/handlers');
    const { Session } = await import('../../src-main/services/context');
    const readonly = await openArchive(t.file, { readonly: true });
    try {
      const dispatch = createDispatcher(createHandlers(createServices(readonly, clock)));
      const ctx = { door: 'cli' as const, session: new Session() };
      const before = await rowCounts(readonly);
      const r = await dispatch(
        'dailyReport.sign',
        { date: '2026-11-21', signerId: 3, pin: '2222', fingerprint: view.fingerprint },
        ctx,
      );
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toContain('只读');
        expect(r.error.message).toContain('档案未被修改');
      }
      expect(await rowCounts(readonly)).toEqual(before);
      expect(
        readonly.sqlite!.prepare("SELECT status FROM daily_report_version WHERE day = '2026-11-21'").pluck().get(),
      ).toBe('ready');
    } finally {
      await readonly.close();
      fs.rmSync(t.dir, { recursive: true, force: true });
    }
  });
});
