/**
 * The `backup` section of the benchmark (`npm run bench -- --only backup`), on the 10-year archive:
 * - the check at every open (header read, then openArchive as the hosts call it), warm;
 * - a backup as the host takes it (online backup API, integrity_check and SHA-256 of the copy, all in
 *   a worker thread with its own connection; then the rename), into a temporary folder, while calls go
 *   through the real dispatcher every 20 ms: each call's latency counts from when it was due, so a
 *   blocked event loop shows in it;
 * - the background full integrity check of the live archive (worker thread), with the same calls.
 * Nothing is written to the bench archive; the copies are removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { headerProblem } from '../src-main/db/archive-check';
import { openArchive } from '../src-main/db/database';
import { Rng } from '../src-main/demo/prng';
import { makeVerifiedBackup } from '../src-main/services/backup/backup-copy';
import { checkFile } from '../src-main/services/backup/backup-verify';
import { type CallContext, Session } from '../src-main/services/context';
import { percentile, round3 } from './stats';

export const BACKUP_TARGETS = { backupSeconds: 5, maxCallLatencyMs: 100, openCheckMs: 200 } as const;
const OPEN_RUNS = 5;
const CALL_EVERY_MS = 20;

export interface CallLatency {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface BackupBenchReport {
  archiveMb: number;
  openCheck: { headerMs: number; openRunsMs: number[]; openMedianMs: number };
  backup: { seconds: number; copySeconds: number; checkSeconds: number; mb: number; integrity: string };
  /** The same calls for 5 s with nothing else running: what the machine gives without a backup. */
  baseline: CallLatency;
  duringBackup: CallLatency;
  fullCheck: { seconds: number; integrity: string };
  duringFullCheck: CallLatency;
  targets: typeof BACKUP_TARGETS;
  met: { backupSeconds: boolean; maxCallLatencyMs: boolean; openCheckMs: boolean };
}

/** Calls through the dispatcher every CALL_EVERY_MS while `work` runs; latency from when each was due. */
async function whileCalling(call: (i: number) => Promise<unknown>, work: () => Promise<void>): Promise<CallLatency> {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    let i = 0;
    let due = performance.now();
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      if (!running) break;
      await call(i++);
      latencies.push(performance.now() - due);
      due += CALL_EVERY_MS;
      // A call that waited past its successor's slot is one late call, not a backlog.
      if (due < performance.now()) due = performance.now();
    }
  })();
  await work();
  running = false;
  await loop;
  return {
    calls: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: round3(Math.max(...latencies)),
  };
}

export async function runBackupBench(file: string, log: (line: string) => void): Promise<BackupBenchReport> {
  const archiveMb = round3(fs.statSync(file).size / 1048576);
  log(`check at open (${OPEN_RUNS} runs) …`);
  // Migrate first (the bench archive may predate the newest migration), outside the timing.
  await (await openArchive(file)).close();
  let t = performance.now();
  headerProblem(file);
  const headerMs = round3(performance.now() - t);
  const openRunsMs: number[] = [];
  for (let i = 0; i < OPEN_RUNS; i++) {
    t = performance.now();
    const a = await openArchive(file, { expectExisting: true });
    openRunsMs.push(round3(performance.now() - t));
    await a.close();
  }
  const openMedianMs = percentile(openRunsMs, 50);

  const archive = await openArchive(file);
  const services = createServices(archive);
  const dispatch = createDispatcher(createHandlers(services));
  const ctx: CallContext = { door: 'cli', session: new Session() };
  const maxCustomer = Number(archive.sqlite!.prepare('SELECT max(id) FROM customer').pluck().get());
  const plates = archive
    .sqlite!.prepare('SELECT plate FROM vehicle WHERE plate IS NOT NULL LIMIT 200')
    .pluck()
    .all() as string[];
  const rng = new Rng(0xbac);
  const call = async (i: number) => {
    const r =
      i % 2 === 0
        ? await dispatch('customers.get', { id: rng.int(1, maxCustomer) }, ctx)
        : await dispatch('search.quick', { text: plates[rng.int(0, plates.length - 1)]!.slice(0, 4), limit: 20 }, ctx);
    if (!r.ok && r.error.code !== 'NOT_FOUND') throw new Error(`call failed: ${r.error.message}`);
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-bench-backup-'));
  try {
    log('the same calls alone (baseline, 5 s) …');
    const baseline = await whileCalling(call, () => new Promise((resolve) => setTimeout(resolve, 5_000)));
    log('backup of the live archive while calls go on …');
    let copyMs = 0;
    let checkMs = 0;
    let backupMs = 0;
    let bytes = 0;
    const duringBackup = await whileCalling(call, async () => {
      const started = performance.now();
      const entry = await makeVerifiedBackup({
        sqlite: archive.sqlite!,
        archivePath: file,
        kind: 'manual',
        now: new Date(),
        dir,
        onChecked: (c) => {
          copyMs = c.copyMillis ?? 0;
          checkMs = c.checkMillis;
        },
      });
      backupMs = performance.now() - started;
      bytes = entry.bytes;
    });
    log('full integrity check of the live archive while calls go on …');
    let fullMs = 0;
    let fullIntegrity = '';
    const duringFullCheck = await whileCalling(call, async () => {
      const started = performance.now();
      const c = await checkFile({ file });
      fullMs = performance.now() - started;
      fullIntegrity = c.integrity;
    });
    await services.print.close();
    await archive.close();
    const backup = {
      seconds: round3(backupMs / 1000),
      copySeconds: round3(copyMs / 1000),
      checkSeconds: round3(checkMs / 1000),
      mb: round3(bytes / 1048576),
      integrity: 'ok',
    };
    const maxLatency = Math.max(duringBackup.maxMs, duringFullCheck.maxMs);
    return {
      archiveMb,
      openCheck: { headerMs, openRunsMs, openMedianMs },
      backup,
      baseline,
      duringBackup,
      fullCheck: { seconds: round3(fullMs / 1000), integrity: fullIntegrity },
      duringFullCheck,
      targets: BACKUP_TARGETS,
      met: {
        backupSeconds: backup.seconds <= BACKUP_TARGETS.backupSeconds,
        maxCallLatencyMs: maxLatency <= BACKUP_TARGETS.maxCallLatencyMs,
        openCheckMs: openMedianMs <= BACKUP_TARGETS.openCheckMs,
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function backupLines(r: BackupBenchReport): string[] {
  const lat = (l: CallLatency) => `${l.calls} calls, p50 ${l.p50Ms} p99 ${l.p99Ms} max ${l.maxMs} ms`;
  return [
    `archive ${r.archiveMb} MB; check at open: header ${r.openCheck.headerMs} ms, openArchive median ${r.openCheck.openMedianMs} ms (${r.openCheck.openRunsMs.join(', ')})`,
    `calls alone (baseline): ${lat(r.baseline)}`,
    `backup ${r.backup.mb} MB: ${r.backup.seconds} s (in a worker thread: online copy ${r.backup.copySeconds} s, integrity_check + SHA-256 ${r.backup.checkSeconds} s); calls meanwhile: ${lat(r.duringBackup)}`,
    `full integrity check of the live archive (worker): ${r.fullCheck.seconds} s (${r.fullCheck.integrity}); calls meanwhile: ${lat(r.duringFullCheck)}`,
    `${'backupSeconds'.padEnd(20)} target ≤ ${r.targets.backupSeconds}  actual ${r.backup.seconds}  ${r.met.backupSeconds ? 'met' : 'MISSED'}`,
    `${'maxCallLatencyMs'.padEnd(20)} target ≤ ${r.targets.maxCallLatencyMs}  actual ${Math.max(r.duringBackup.maxMs, r.duringFullCheck.maxMs)}  ${r.met.maxCallLatencyMs ? 'met' : 'MISSED'}`,
    `${'openCheckMs'.padEnd(20)} target ≤ ${r.targets.openCheckMs}  actual ${r.openCheck.openMedianMs}  ${r.met.openCheckMs ? 'met' : 'MISSED'}`,
  ];
}
