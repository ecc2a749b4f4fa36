import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/db/database';
import { listBackupsIn, recordFileOf, removeLeftovers } from '../../src-main/services/backup/backup-files';
import { checkFile } from '../../src-main/services/backup/backup-verify';
import { tempDir } from '../support/archive';
import { addRecords } from '../support/backup';
import { onPostgres } from '../support/pg';

/**
 * kill -9 during backups: a child process takes backups one after another of a live archive while
 * saving customers, and is killed at a random moment, 20 times on the same archive and backups
 * folder. After each kill: the archive passes integrity_check, every save the child reported is in
 * it, every backup under a final name is whole (integrity_check, and its recorded SHA-256 where it
 * has a record), what a half-made backup left is not listed, and is removed by the next backup.
 */
const root = path.resolve(__dirname, '../..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const TRIALS = 20;

const dir = tempDir('clerkdesk-backup-kill-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Trial {
  saved: number[];
  backups: string[];
  killedAfterMs: number;
}

/**
 * Each trial's child runs its own store clock from `startAt` (an hour apart per trial): backups are
 * named to the second, and under faketime every process starts at the same frozen second, so a
 * later child would otherwise meet an earlier one's backup name.
 */
function runAndKill(db: string, killAfterMs: number, startAt: string): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, 'tests/support/backup-fault-child.ts', db], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLERKDESK_FAKE_NOW: startAt },
    });
    const saved: number[] = [];
    const backups: string[] = [];
    let stderr = '';
    let buffer = '';
    let timer: NodeJS.Timeout | null = null;
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => {
      buffer += String(d);
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const l of lines) {
        if (l === 'ready') timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (l.startsWith('saved ')) saved.push(Number(l.slice(6)));
        else if (l.startsWith('backup ')) backups.push(l.slice(7));
      }
    });
    child.once('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${signal}): ${stderr}`));
      else resolve({ saved, backups, killedAfterMs: killAfterMs });
    });
  });
}

/** One archive with its backups folder, killed `trials` times in a row; returns what it saw. */
async function lane(laneDir: string, trials: number): Promise<{ saves: number; backups: number; leftovers: boolean }> {
  const db = path.join(laneDir, 'archive.sqlite');
  const backupsDir = path.join(laneDir, 'backups');
  // Moderately sized (a few MB): a backup and its check take a few hundred milliseconds.
  const archive = await openArchive(db);
  addRecords(archive.sqlite!, 2_000, 'K');
  await archive.close();
  const allSaved: number[] = [];
  const allBackups = new Set<string>();
  let sawLeftover = false;
  const verified = new Set<string>();
  for (let trial = 0; trial < trials; trial++) {
    const killAfterMs = 30 + Math.floor(Math.random() * 1_500);
    const t = await runAndKill(db, killAfterMs, new Date(Date.UTC(2026, 10, 1, 2) + trial * 3_600_000).toISOString());
    allSaved.push(...t.saved);
    for (const b of t.backups) allBackups.add(b);
    const where = `${path.basename(laneDir)} trial ${trial} (killed ${killAfterMs} ms after start)`;

    const check = await checkFile({ file: db });
    expect(check.integrity, where).toBe('ok');
    const sqlite = new BetterSqlite3(db, { readonly: true });
    const ids = new Set(sqlite.prepare('SELECT id FROM customer').pluck().all() as number[]);
    sqlite.close();
    expect(
      allSaved.filter((id) => !ids.has(id)),
      `${where}: saves reported but missing`,
    ).toEqual([]);

    const names = fs.existsSync(backupsDir) ? fs.readdirSync(backupsDir) : [];
    if (names.some((n) => n.includes('.tmp'))) sawLeftover = true;
    const listed = listBackupsIn(backupsDir, db, 'local');
    // Only whole backups carry a final name; a temporary copy is never listed.
    expect(listed.every((e) => !e.id.includes('.tmp'))).toBe(true);
    for (const e of listed.filter((e) => !verified.has(e.id))) {
      verified.add(e.id);
      const c = await checkFile({ file: e.file, sha256: true });
      expect(c.integrity, `${e.id} after ${where}`).toBe('ok');
      if (fs.existsSync(recordFileOf(e.file))) expect(c.sha256, `${e.id} checksum`).toBe(e.sha256);
    }
    // Every backup the child reported done is listed, unless retention removed it for a newer one of its kind.
    for (const name of t.backups) {
      if (listed.some((e) => e.id === name)) continue;
      const kind = /-([a-z-]+)\.sqlite$/.exec(name)![1];
      expect(
        listed.some((e) => e.kind === kind && e.id > name),
        `${name} vanished after ${where}`,
      ).toBe(true);
    }
  }
  // What the kills left (temporary copies of dead processes) goes at the next look.
  removeLeftovers(backupsDir);
  expect(fs.readdirSync(backupsDir).filter((n) => n.includes('.tmp'))).toEqual([]);
  return { saves: allSaved.length, backups: allBackups.size, leftovers: sawLeftover };
}

// Backups are of the archive FILE; a shared archive on a server is backed up by the server (backup.test.ts).
describe.skipIf(onPostgres())('kill -9 during backups', () => {
  it(`${TRIALS} kills at random moments: archive whole, no commit lost, no half-made backup under a final name`, async () => {
    // Four archives side by side, five kills each, so the run stays bounded on a slow machine.
    const lanes = await Promise.all(
      [0, 1, 2, 3].map((i) => {
        const laneDir = path.join(dir, `lane-${i}`);
        fs.mkdirSync(laneDir);
        return lane(laneDir, TRIALS / 4);
      }),
    );
    const backups = lanes.reduce((n, l) => n + l.backups, 0);
    const saves = lanes.reduce((n, l) => n + l.saves, 0);
    expect(saves).toBeGreaterThan(0);
    expect(backups).toBeGreaterThan(0);
    console.info(
      `backup kill trials: ${TRIALS}, backups completed ${backups}, saves ${saves}, kills that left a half-made copy: ${lanes.some((l) => l.leftovers)}`,
    );
  }, 150_000);
});
