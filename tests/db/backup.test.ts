import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveRuntime } from '../../src-main/api/archive-runtime';
import { runCli } from '../../src-main/cli/main';
import { openArchive } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';
import {
  backupsToRemove,
  DEFAULT_BACKUP_SETTINGS,
  filesCopyOf,
  recordFileOf,
} from '../../src-main/services/backup/backup-files';
import { checkFile } from '../../src-main/services/backup/backup-verify';
import { type CallContext, type Clock, Session } from '../../src-main/services/context';
import type { BackupEntry, BackupKind } from '../../src-shared/contract/backup.contract';
import { contract } from '../../src-shared/contract/index';
import { tempDir } from '../support/archive';
import { addRecords, countsOf, flipByte, leafPageOffset } from '../support/backup';
import { freshPgDatabase, onPostgres, testPgAdminUrl } from '../support/pg';

/** A clock the test moves: backups of one test are hours apart, as in a working day. */
class StepClock implements Clock {
  constructor(private ms = Date.parse('2026-12-03T09:00:00+08:00')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advanceHours(h: number): void {
    this.ms += h * 3_600_000;
  }
}

const cli: CallContext = { door: 'cli', session: new Session() };
const dirs: string[] = [];
const runtimes: ArchiveRuntime[] = [];

afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(file: string, clock: Clock = new StepClock()): Promise<ArchiveRuntime> {
  const runtime = await ArchiveRuntime.start({ archivePath: file, clock, schedule: false });
  runtimes.push(runtime);
  return runtime;
}

async function call<T>(runtime: ArchiveRuntime, method: string, input: unknown, ctx: CallContext = cli): Promise<T> {
  const result = await runtime.dispatch(method, input, ctx);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function freshArchivePath(): string {
  const dir = tempDir('clerkdesk-backup-');
  dirs.push(dir);
  return path.join(dir, 'archive.sqlite');
}

async function archiveWith(n: number): Promise<{ file: string; runtime: ArchiveRuntime; clock: StepClock }> {
  const file = freshArchivePath();
  const clock = new StepClock();
  const runtime = await start(file, clock);
  addRecords(runtime.archive!.sqlite!, n, 'A');
  return { file, runtime, clock };
}

// Backups, restore and the checks at open are of the archive FILE: run on the SQLite pass; what a
// shared archive on a server does instead is the last section.
describe.skipIf(onPostgres())('backups', () => {
  it('立即备份 makes a verified copy under its final name, with its record, listed with its counts', async () => {
    const { file, runtime } = await archiveWith(30);
    const entry = await call<BackupEntry>(runtime, 'backup.create', {});
    expect(entry.kind).toBe('manual');
    expect(path.dirname(entry.file)).toBe(path.join(path.dirname(file), 'backups'));
    expect(entry.counts).toEqual({ customers: 30, vehicles: 30, repairOrders: 30 });
    // The record beside it carries time, kind, schema version, counts and the SHA-256 of the file.
    const record = JSON.parse(fs.readFileSync(recordFileOf(entry.file), 'utf8'));
    expect(record).toMatchObject({ kind: 'manual', schemaVersion: MIGRATIONS.at(-1)!.name, counts: entry.counts });
    const check = await checkFile({ file: entry.file, sha256: true });
    expect(check).toMatchObject({ ok: true, integrity: 'ok', sha256: record.sha256 });
    // No temporary copies left behind; the list shows it.
    expect(fs.readdirSync(path.dirname(entry.file)).filter((n) => n.includes('.tmp'))).toEqual([]);
    const list = await call<BackupEntry[]>(runtime, 'backup.list', {});
    expect(list.map((e) => e.id)).toEqual([entry.id]);
    const status = await call<{ lastGood: { file: string } | null; stale: boolean }>(runtime, 'backup.status', {});
    expect(status.lastGood?.file).toBe(entry.file);
    expect(status.stale).toBe(false);
  });

  it('the copy is checked in parts (quick_check + each table with its indexes): an index that disagrees with its table is caught', async () => {
    const file = freshArchivePath();
    const made = await openArchive(file);
    // An index whose entries no longer match its table: quick_check does not look, integrity_check does.
    made.sqlite!.exec('CREATE TABLE probe (a INTEGER, b INTEGER); CREATE INDEX probe_a ON probe (a);');
    const insert = made.sqlite!.prepare('INSERT INTO probe (a, b) VALUES (?, ?)');
    for (let i = 0; i < 200; i++) insert.run(i, 1000 + i);
    made.sqlite!.unsafeMode(true); // lets writable_schema edit sqlite_master (SQLite's defensive mode is off)
    made.sqlite!.pragma('writable_schema = ON');
    made
      .sqlite!.prepare("UPDATE sqlite_master SET sql = 'CREATE INDEX probe_a ON probe (b)' WHERE name = 'probe_a'")
      .run();
    made.sqlite!.pragma('writable_schema = OFF');
    made.sqlite!.unsafeMode(false);
    await made.close();
    const quick = new BetterSqlite3(file, { readonly: true });
    expect(quick.prepare('PRAGMA quick_check').pluck().all()).toEqual(['ok']);
    quick.close();
    const copy = path.join(path.dirname(file), 'copy.sqlite');
    const check = await checkFile({ file: copy, copyFrom: file, finalizeCopy: true, sha256: true });
    expect(check.ok).toBe(false);
    expect(check.integrity).toMatch(/probe_a/);
    // The same check on a sound archive passes and hashes the file as it is on disk.
    const sound = freshArchivePath();
    await (await openArchive(sound)).close();
    const good = await checkFile({ file: `${sound}.copy`, copyFrom: sound, finalizeCopy: true, sha256: true });
    expect(good).toMatchObject({ ok: true, integrity: 'ok' });
    expect((await checkFile({ file: `${sound}.copy`, sha256: true })).sha256).toBe(good.sha256);
  });

  it('takes the copy online: calls are answered while a backup runs, and what they wrote is in the archive', async () => {
    const { runtime } = await archiveWith(2000);
    let backupDone = false;
    const backup = runtime.backup.create('manual').finally(() => {
      backupDone = true;
    });
    // Writes while the copy is made (in a worker, from its own connection): the copy is of one moment,
    // the archive keeps them all, and the event loop answers meanwhile.
    let answered = 0;
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++)
      writes.push(
        new Promise((resolve) => setImmediate(resolve)).then(() => {
          addRecords(runtime.archive!.sqlite!, 1, `W${i}`);
          answered++;
        }),
      );
    await Promise.all(writes);
    expect(answered).toBe(5);
    expect(backupDone).toBe(false);
    const entry = await backup;
    expect(countsOf(runtime.archive!.sqlite!).customers).toBe(2005);
    const check = await checkFile({ file: entry.file });
    expect(check.integrity).toBe('ok');
    expect(check.counts.customers).toBe(entry.counts!.customers);
  });

  it('includes the file store of scans beside the archive, and links unchanged files of the previous backup', async () => {
    const { file, runtime, clock } = await archiveWith(3);
    const store = `${file}.files`;
    fs.mkdirSync(path.join(store, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(store, 'ab', 'abcdef.pdf'), 'scan one');
    fs.writeFileSync(path.join(store, 'cd.jpg'), 'scan two');
    const first = await runtime.backup.create('manual');
    expect(first.files).toEqual({ count: 2, bytes: 16 });
    expect(fs.readFileSync(path.join(filesCopyOf(first.file), 'ab', 'abcdef.pdf'), 'utf8')).toBe('scan one');
    fs.writeFileSync(path.join(store, 'ef.png'), 'scan three');
    clock.advanceHours(1);
    const second = await runtime.backup.create('manual');
    expect(second.files).toEqual({ count: 3, bytes: 26 });
    const inode = (f: string) => fs.statSync(f).ino;
    expect(inode(path.join(filesCopyOf(second.file), 'cd.jpg'))).toBe(
      inode(path.join(filesCopyOf(first.file), 'cd.jpg')),
    );
    // A restore brings the scans back with the archive.
    fs.rmSync(store, { recursive: true });
    await call(runtime, 'backup.restore', { id: second.id, where: 'local', confirm: '恢复' });
    expect(fs.readFileSync(path.join(store, 'ef.png'), 'utf8')).toBe('scan three');
  });

  it('backs up before a migration through the backup service: verified, listed, restorable', async () => {
    const file = freshArchivePath();
    const a = await openArchive(file);
    addRecords(a.sqlite!, 12, 'M');
    await a.close();
    const next = {
      name: '209901010000_test_add_column',
      async up(db: Kysely<unknown>) {
        await sql`ALTER TABLE customer ADD COLUMN wechat TEXT NOT NULL DEFAULT ''`.execute(db);
      },
    };
    const b = await openArchive(file, { migrations: [...MIGRATIONS, next] });
    await b.close();
    expect(b.backupPath).not.toBeNull();
    expect(path.basename(b.backupPath!)).toMatch(/^archive-\d{8}-\d{6}-\d{3}-pre-migration\.sqlite$/);
    const record = JSON.parse(fs.readFileSync(recordFileOf(b.backupPath!), 'utf8'));
    expect(record).toMatchObject({ kind: 'pre-migration', schemaVersion: MIGRATIONS.at(-1)!.name });
    expect(record.counts.customers).toBe(12);
    const check = await checkFile({ file: b.backupPath!, sha256: true });
    expect(check).toMatchObject({ ok: true, sha256: record.sha256 });
  });

  it('retention keeps 7 daily, 4 weekly and 12 monthly automatic backups, and the newest 5 of each other kind', () => {
    const entries: BackupEntry[] = [];
    const day0 = Date.parse('2026-12-03T12:00:00Z');
    const entry = (ms: number, kind: BackupKind, n: number): BackupEntry => {
      const createdAt = `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;
      return {
        id: `archive-${n}-${kind}.sqlite`,
        where: 'local',
        file: `/x/${n}`,
        kind,
        createdAt,
        schemaVersion: '',
        counts: null,
        bytes: 0,
        sha256: null,
        files: null,
      };
    };
    // Two automatic backups a day for 400 days, a manual one every 10 days, a pre-migration every 50.
    let n = 0;
    for (let d = 0; d < 400; d++) {
      entries.push(entry(day0 - d * 86_400_000, 'scheduled', n++));
      entries.push(entry(day0 - d * 86_400_000 - 4 * 3_600_000, 'exit', n++));
      if (d % 10 === 0) entries.push(entry(day0 - d * 86_400_000 - 3_600_000, 'manual', n++));
      if (d % 50 === 0) entries.push(entry(day0 - d * 86_400_000 - 2 * 3_600_000, 'pre-migration', n++));
    }
    const now = `${new Date(day0 + 8 * 3_600_000 + 60_000).toISOString().slice(0, 23)}+08:00`;
    const removed = new Set(backupsToRemove(entries, DEFAULT_BACKUP_SETTINGS, now).map((e) => e.id));
    const kept = entries.filter((e) => !removed.has(e.id));
    const auto = kept.filter((e) => e.kind === 'scheduled' || e.kind === 'exit');
    const days = new Set(auto.map((e) => e.createdAt.slice(0, 10)));
    const months = new Set(auto.map((e) => e.createdAt.slice(0, 7)));
    // 7 days (the last day's two count once), up to 4 more weeks, up to 12 months: never more than 23 + the last day's.
    expect(auto.length).toBeLessThanOrEqual(7 + 4 + 12 + 2);
    expect(days.size).toBeGreaterThanOrEqual(7);
    expect(months.size).toBe(12);
    for (let d = 0; d < 7; d++) {
      const day = new Date(day0 + 8 * 3_600_000 - d * 86_400_000).toISOString().slice(0, 10);
      expect(days.has(day)).toBe(true);
    }
    expect(kept.filter((e) => e.kind === 'manual')).toHaveLength(5);
    expect(kept.filter((e) => e.kind === 'pre-migration')).toHaveLength(5);
    expect(kept.filter((e) => e.kind === 'manual').map((e) => e.id)).toEqual(
      entries
        .filter((e) => e.kind === 'manual')
        .slice(0, 5)
        .map((e) => e.id),
    );
  });

  it('restores every kind of backup (scheduled, exit, manual, pre-migration, second place) to the same counts, a safety backup first', async () => {
    const file = freshArchivePath();
    const second = tempDir('clerkdesk-second-');
    dirs.push(second);
    const clock = new StepClock();
    // Pre-migration: an archive one migration behind, opened by this version.
    const old = await openArchive(file, { migrations: MIGRATIONS.slice(0, -1) });
    addRecords(old.sqlite!, 5, 'P');
    await old.close();
    let runtime = await start(file, clock);
    const preMigration = runtime.backup.list().find((e) => e.kind === 'pre-migration')!;
    expect(preMigration.counts?.customers).toBe(5);
    await call(runtime, 'backup.updateSettings', { secondPlace: second });

    addRecords(runtime.archive!.sqlite!, 5, 'S');
    await runtime.tick(); // no backup yet: one is due
    const scheduled = runtime.backup.list().find((e) => e.kind === 'scheduled' && e.where === 'local')!;
    expect(scheduled.counts?.customers).toBe(10);

    clock.advanceHours(1);
    addRecords(runtime.archive!.sqlite!, 5, 'M');
    const manual = await call<BackupEntry>(runtime, 'backup.create', {});
    expect(manual.counts?.customers).toBe(15);

    clock.advanceHours(1);
    addRecords(runtime.archive!.sqlite!, 5, 'E');
    await runtime.close({ exitBackup: true });
    runtimes.splice(runtimes.indexOf(runtime), 1);
    runtime = await start(file, clock);
    const exit = runtime.backup.list().find((e) => e.kind === 'exit' && e.where === 'local')!;
    expect(exit.counts?.customers).toBe(20);
    const fromSecond = runtime.backup.list().find((e) => e.where === 'second' && e.id === manual.id)!;
    expect(fromSecond).toBeDefined();

    clock.advanceHours(1);
    addRecords(runtime.archive!.sqlite!, 7, 'X');
    for (const entry of [scheduled, exit, manual, preMigration, fromSecond]) {
      clock.advanceHours(1);
      const before = countsOf(runtime.archive!.sqlite!);
      const restoredBefore = runtime.backup.list().filter((e) => e.kind === 'pre-restore' && e.where === 'local');
      const result = await call<{ counts: unknown; safetyCopy: string }>(runtime, 'backup.restore', {
        id: entry.id,
        where: entry.where,
        confirm: '恢复',
      });
      expect(result.counts).toEqual(entry.counts);
      expect(countsOf(runtime.archive!.sqlite!)).toEqual(entry.counts);
      // The state before was kept first, verified, with what it held.
      const safety = runtime.backup
        .list()
        .filter((e) => e.kind === 'pre-restore' && e.where === 'local')
        .find((e) => !restoredBefore.some((r) => r.id === e.id))!;
      expect(safety.file).toBe(result.safetyCopy);
      expect(safety.counts).toEqual(before);
      expect((await checkFile({ file: result.safetyCopy })).ok).toBe(true);
      // The restored archive is the current schema (the pre-migration one was migrated on reopen).
      expect(runtime.archive!.schemaVersion).toBe(MIGRATIONS.at(-1)!.name);
    }
    const audit = runtime
      .archive!.sqlite!.prepare("SELECT count(*) FROM audit_log WHERE action = 'backup.restore'")
      .pluck()
      .get();
    expect(audit).toBe(1); // the last restore's entry, in the archive it restored
  });

  it('refuses a restore without the typed confirmation, and only an admin may restore', async () => {
    const { runtime } = await archiveWith(2);
    const entry = await runtime.backup.create('manual');
    const refused = await runtime.dispatch('backup.restore', { id: entry.id, where: 'local', confirm: '是' }, cli);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.message).toContain('恢复');
    }
    expect(contract['backup.restore'].roles).toEqual(['admin']);
    expect(contract['backup.updateSettings'].roles).toEqual(['admin']);
    const anonymous = await runtime.dispatch(
      'backup.restore',
      { id: entry.id, where: 'local', confirm: '恢复' },
      { door: 'http', session: new Session() },
    );
    expect(anonymous.ok).toBe(false);
    expect(runtime.backup.list().filter((e) => e.kind === 'pre-restore')).toHaveLength(0);
  });

  it('a second place that cannot be reached is reported, the local backup is still made', async () => {
    const { runtime } = await archiveWith(2);
    const second = tempDir('clerkdesk-usb-');
    await call(runtime, 'backup.updateSettings', { secondPlace: second });
    fs.rmSync(second, { recursive: true }); // the USB drive was pulled out
    const entry = await call<BackupEntry>(runtime, 'backup.create', {});
    expect(fs.existsSync(entry.file)).toBe(true);
    const status = runtime.backup.status();
    expect(status.secondPlace).toMatchObject({ path: second, ok: false });
    expect(status.secondPlace?.message).toMatch(/不存在或无法访问/);
    expect(status.lastGood?.file).toBe(entry.file);
    // Choosing a folder that does not exist is refused with the field named.
    const bad = await runtime.dispatch('backup.updateSettings', { secondPlace: second }, cli);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^第二备份位置：/);
  });

  it('the status turns stale when the last good backup is older than the setting', async () => {
    const { runtime, clock } = await archiveWith(1);
    expect(runtime.backup.status().stale).toBe(true); // none yet
    await runtime.backup.create('manual');
    clock.advanceHours(25);
    expect(runtime.backup.status().stale).toBe(false);
    clock.advanceHours(2);
    expect(runtime.backup.status().stale).toBe(true);
    await call(runtime, 'backup.updateSettings', { staleAfterHours: 48 });
    expect(runtime.backup.status().stale).toBe(false);
  });

  it('the restore drill restores into a temporary place and compares; a tampered backup is caught', async () => {
    const { runtime } = await archiveWith(40);
    const entry = await runtime.backup.create('manual');
    const before = fs.readdirSync(path.dirname(entry.file));
    const report = await call<{ ok: boolean; countsMatch: boolean; opens: boolean; checksumMatches: boolean }>(
      runtime,
      'backup.drill',
      { id: entry.id, where: 'local' },
    );
    expect(report).toMatchObject({ ok: true, countsMatch: true, opens: true, checksumMatches: true });
    expect(fs.readdirSync(path.dirname(entry.file))).toEqual(before);
    // A byte changed in the backup after it was taken: the drill says so, the restore refuses it.
    flipByte(entry.file, fs.statSync(entry.file).size - 10);
    const tampered = await call<{ ok: boolean; checksumMatches: boolean; problems: string[] }>(
      runtime,
      'backup.drill',
      {
        id: entry.id,
        where: 'local',
      },
    );
    expect(tampered.ok).toBe(false);
    expect(tampered.checksumMatches).toBe(false);
    const refused = await runtime.dispatch('backup.restore', { id: entry.id, where: 'local', confirm: '恢复' }, cli);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/校验值/);
    expect(countsOf(runtime.archive!.sqlite!).customers).toBe(40);
  });
});

describe.skipIf(onPostgres())('safe open', () => {
  it('a flipped byte in the header: not opened for writing, only the way to a restore', async () => {
    const { file, runtime } = await archiveWith(10);
    const good = await runtime.backup.create('manual');
    addRecords(runtime.archive!.sqlite!, 3, 'L');
    await runtime.close();
    runtimes.splice(0);
    flipByte(file, 0); // "SQLite format 3" → not a database
    const before = fs.readFileSync(file);
    const damaged = await start(file);
    expect(damaged.archive).toBeNull();
    expect(damaged.damaged?.reason).toBe('notadb');
    const read = await damaged.dispatch('customers.list', {}, cli);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.code).toBe('ARCHIVE_DAMAGED');
    const info = await damaged.dispatch('app.getInfo', {}, { door: 'http', session: new Session() });
    expect(info.ok).toBe(false);
    if (!info.ok) {
      expect(info.error.code).toBe('ARCHIVE_DAMAGED');
      expect(info.error.message).toMatch(/请从最近的备份恢复/);
    }
    // Without login (the users are in the damaged archive): the backups found, and the restore.
    const anon: CallContext = { door: 'http', session: new Session() };
    const list = await call<BackupEntry[]>(damaged, 'backup.list', {}, anon);
    expect(list.map((e) => e.id)).toEqual([good.id]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const result = await call<{ safetyCopy: string }>(
      damaged,
      'backup.restore',
      { id: good.id, where: 'local', confirm: '恢复' },
      anon,
    );
    // The damaged file is kept aside as it was; the restored archive is open and whole.
    expect(fs.readFileSync(result.safetyCopy).equals(before)).toBe(true);
    expect(damaged.damaged).toBeNull();
    expect(countsOf(damaged.archive!.sqlite!).customers).toBe(10);
    expect((await damaged.dispatch('customers.list', {}, cli)).ok).toBe(true);
  });

  it('a flipped byte in a data page: the check reports it, the archive is closed for writing, the backup offered', async () => {
    const { file, runtime } = await archiveWith(3000);
    const good = await runtime.backup.create('manual');
    await runtime.close();
    runtimes.splice(0);
    const probe = new BetterSqlite3(file, { readonly: true });
    const offset = leafPageOffset(file, probe);
    probe.close();
    flipByte(file, offset);
    const check = await checkFile({ file });
    expect(check.ok).toBe(false);
    expect(check.integrity).not.toBe('ok');
    // The cheap check at open passes (header fine); the full check in the background finds it.
    const runtime2 = await start(file);
    expect(runtime2.archive).not.toBeNull();
    expect(await runtime2.fullCheck()).toBe(false);
    expect(runtime2.archive).toBeNull();
    expect(runtime2.damaged?.reason).toBe('integrity');
    const write = await runtime2.dispatch('customers.create', { name: '新客户' }, cli);
    expect(write.ok).toBe(false);
    if (!write.ok) expect(write.error.code).toBe('ARCHIVE_DAMAGED');
    await runtime2.close();
    runtimes.splice(0);
    // Next start: the recorded failure makes it check before opening, and it stays closed.
    const runtime3 = await start(file);
    expect(runtime3.archive).toBeNull();
    expect(runtime3.damaged?.reason).toBe('integrity');
    expect(runtime3.backup.list().map((e) => e.id)).toEqual([good.id]);
  });

  it('a missing archive where one was, and a foreign SQLite file, are not created over or written into', async () => {
    const { file, runtime } = await archiveWith(4);
    await runtime.backup.create('manual');
    await runtime.close();
    runtimes.splice(0);
    fs.rmSync(file);
    const missing = await start(file);
    expect(missing.damaged?.reason).toBe('missing');
    expect(fs.existsSync(file)).toBe(false);

    const foreignFile = freshArchivePath();
    const foreign = new BetterSqlite3(foreignFile);
    foreign.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos VALUES (1, 'a')");
    foreign.close();
    const before = fs.readFileSync(foreignFile);
    const opened = await start(foreignFile);
    expect(opened.damaged?.reason).toBe('foreign');
    expect(opened.damaged?.message).toMatch(/不是 ClerkDesk 档案库/);
    expect(fs.readFileSync(foreignFile).equals(before)).toBe(true);
  });
});

describe.skipIf(onPostgres())('command line: backup, restore, check', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  }

  it('backup --out makes a verified copy; check --json reports it; restore needs --yes and keeps the state before', async () => {
    const file = freshArchivePath();
    const a = await openArchive(file);
    addRecords(a.sqlite!, 8, 'C');
    await a.close();
    const out = path.join(path.dirname(file), 'usb', 'copy.sqlite');

    let r = io();
    expect(await runCli(['backup', '--db', file, '--out', out], r.io, {})).toBe(0);
    expect(r.out.join('\n')).toMatch(/完整性检查通过/);
    expect((await checkFile({ file: out })).counts.customers).toBe(8);
    r = io();
    expect(await runCli(['backup', '--db', file, '--out', out], r.io, {})).toBe(1); // never overwrites
    expect(r.err.join('\n')).toMatch(/已存在/);

    r = io();
    expect(await runCli(['check', '--db', file, '--json'], r.io, {})).toBe(0);
    expect(JSON.parse(r.out.join('\n'))).toEqual({
      ok: true,
      integrity: 'ok',
      schemaVersion: MIGRATIONS.at(-1)!.name,
      counts: { customers: 8, vehicles: 8, repairOrders: 8 },
    });

    const later = await openArchive(file);
    addRecords(later.sqlite!, 4, 'D');
    await later.close();
    r = io();
    expect(await runCli(['restore', out, '--db', file], r.io, {})).toBe(2);
    expect(r.err.join('\n')).toMatch(/--yes/);
    expect((await checkFile({ file })).counts.customers).toBe(12);
    r = io();
    expect(await runCli(['restore', out, '--db', file, '--yes', '--json'], r.io, {})).toBe(0);
    const result = JSON.parse(r.out.join('\n'));
    expect(result).toMatchObject({ ok: true, counts: { customers: 8 } });
    expect((await checkFile({ file: result.safetyCopy })).counts.customers).toBe(12);
    expect(path.basename(result.safetyCopy)).toMatch(/-pre-restore\.sqlite$/);
  });

  it('check exits 1 on a damaged archive and names the problem', async () => {
    const file = freshArchivePath();
    const a = await openArchive(file);
    addRecords(a.sqlite!, 3000, 'F');
    await a.close();
    const probe = new BetterSqlite3(file, { readonly: true });
    const offset = leafPageOffset(file, probe);
    probe.close();
    flipByte(file, offset);
    let r = io();
    expect(await runCli(['check', '--db', file, '--json'], r.io, {})).toBe(1);
    const page = JSON.parse(r.out.join('\n'));
    expect(page.ok).toBe(false);
    expect(page.integrity).not.toBe('ok');
    flipByte(file, offset);
    flipByte(file, 17); // the page size in the header
    r = io();
    expect(await runCli(['check', '--db', file, '--json'], r.io, {})).toBe(1);
    expect(JSON.parse(r.out.join('\n'))).toMatchObject({ ok: false, integrity: expect.stringMatching(/页大小/) });
  });
});

describe.skipIf(!testPgAdminUrl())('a shared archive on a PostgreSQL server: the server’s own backup applies', () => {
  it('status says so (never overdue), the list is empty, backup/restore/drill/settings are refused NOT_ON_SERVER; no schedule, nothing written beside a URL', async () => {
    const server = await freshPgDatabase();
    // A password in the address: it must never be shown (trust auth here ignores it).
    const url = new URL(server.url);
    url.username = 'postgres';
    url.password = 'secret-pw';
    const lines: string[] = [];
    const runtime = await ArchiveRuntime.start({
      archivePath: url.toString(),
      clock: new StepClock(),
      schedule: { firstDelayMs: 1, everyMs: 5 },
      scanWatch: false,
      log: (line) => lines.push(line),
    });
    try {
      expect(runtime.onServer).toBe(true);
      expect(runtime.displayPath).not.toContain('secret-pw');
      const info = await call<{ archivePath: string; archiveKind: string }>(runtime, 'app.getInfo', {});
      expect(info.archiveKind).toBe('server');
      expect(info.archivePath).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\//);
      const status = await call<{
        server: string | null;
        stale: boolean;
        lastGood: unknown;
        lastError: unknown;
        archivePath: string;
      }>(runtime, 'backup.status', {});
      expect(status.server).toMatch(/服务器自己的备份.*pg_dump/);
      expect(status).toMatchObject({ stale: false, lastGood: null, lastError: null });
      expect(status.archivePath).not.toContain('secret-pw');
      expect(await call(runtime, 'backup.list', {})).toEqual([]);
      const ref = { id: 'archive-20261203-090000-000-manual.sqlite', where: 'local' as const };
      for (const [method, input] of [
        ['backup.create', {}],
        ['backup.restorePreview', ref],
        ['backup.drill', ref],
        ['backup.restore', { ...ref, confirm: '恢复' }],
        ['backup.updateSettings', { intervalHours: 2 }],
      ] as const) {
        const r = await runtime.dispatch(method, input, cli);
        expect(r.ok, method).toBe(false);
        if (!r.ok) {
          expect(r.error.code, method).toBe('NOT_ON_SERVER');
          expect(r.error.message, method).toMatch(/pg_dump/);
        }
      }
      // The schedule is not started on a server: a look by hand does nothing either.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await runtime.tick();
      expect(await runtime.fullCheck()).toBe(true);
      expect(runtime.backup.isDue()).toBe(false);
    } finally {
      await runtime.close({ exitBackup: true });
      await server.drop();
    }
    // No backup was tried (no error logged), and no folder named after the address appeared here.
    expect(lines.filter((l) => /备份|完整性/.test(l))).toEqual([]);
    expect(fs.readdirSync(process.cwd()).filter((n) => /^postgres/i.test(n))).toEqual([]);
  });
});
