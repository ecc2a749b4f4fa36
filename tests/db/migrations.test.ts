import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultArchivePath, openArchive, resolveArchivePath } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';
import { AppError } from '../../src-shared/errors';
import { tempDir } from '../support/archive';

const dirs: string[] = [];
function freshFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'sub', 'archive.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('archive file', () => {
  it('creates the folder and file, with WAL, foreign keys and STRICT tables', async () => {
    const file = freshFile();
    const a = await openArchive(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(a.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(a.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = a
      .sqlite!.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'store_profile',
        'app_user',
        'customer',
        'vehicle',
        'repair_order',
        'ro_labor_line',
        'ro_part_line',
        'mileage_reading',
        'audit_log',
        'search_term',
      ]),
    );
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);
    expect(a.schemaVersion).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.name);
    await a.close();
  });

  it('resolves the archive place: --db, then CLERKDESK_DB, then the user-data folder', () => {
    expect(resolveArchivePath('/x/a.sqlite', { CLERKDESK_DB: '/y/b.sqlite' })).toBe(path.resolve('/x/a.sqlite'));
    expect(resolveArchivePath(null, { CLERKDESK_DB: '/y/b.sqlite' })).toBe(path.resolve('/y/b.sqlite'));
    expect(defaultArchivePath({ APPDATA: 'C:\\Users\\k\\AppData\\Roaming' }, 'win32')).toBe(
      path.join('C:\\Users\\k\\AppData\\Roaming', 'ClerkDesk', 'archive.sqlite'),
    );
    expect(defaultArchivePath({ XDG_CONFIG_HOME: '/home/k/.config' }, 'linux')).toBe(
      '/home/k/.config/ClerkDesk/archive.sqlite',
    );
  });

  it('reopening applies nothing and keeps the data', async () => {
    const file = freshFile();
    const a = await openArchive(file);
    a.sqlite!.prepare("INSERT INTO app_setting (key, value) VALUES ('k', 'v')").run();
    await a.close();
    const b = await openArchive(file);
    expect(b.backupPath).toBeNull();
    expect(b.sqlite!.prepare("SELECT value FROM app_setting WHERE key = 'k'").get()).toEqual({ value: 'v' });
    await b.close();
  });

  it('migrates N-1 → N keeping the data, after writing a backup', async () => {
    const file = freshFile();
    const a = await openArchive(file, { migrations: MIGRATIONS });
    a.sqlite!.prepare(
      "INSERT INTO customer (name, created_at, updated_at) VALUES ('张三', '2026-01-01T00:00:00+08:00', '2026-01-01T00:00:00+08:00')",
    ).run();
    await a.close();
    const next = {
      name: '209901010000_test_add_column',
      async up(db: Kysely<unknown>) {
        await sql`ALTER TABLE customer ADD COLUMN wechat TEXT NOT NULL DEFAULT ''`.execute(db);
      },
    };
    const b = await openArchive(file, { migrations: [...MIGRATIONS, next] });
    expect(b.backupPath).not.toBeNull();
    expect(fs.existsSync(b.backupPath!)).toBe(true);
    expect(b.sqlite!.prepare('SELECT name, wechat FROM customer').all()).toEqual([{ name: '张三', wechat: '' }]);
    await b.close();
  });

  it('issue 11: an archive of the previous version gains the 回访 tables with the default questionnaires and SMS templates, its data kept', async () => {
    const file = freshFile();
    const upTo = MIGRATIONS.findIndex((m) => m.name === '202612031000_revisits');
    const a = await openArchive(file, { migrations: MIGRATIONS.slice(0, upTo) });
    a.sqlite!.prepare(
      "INSERT INTO customer (name, created_at, updated_at) VALUES ('张三', '2026-01-01T00:00:00+08:00', '2026-01-01T00:00:00+08:00')",
    ).run();
    await a.close();
    const b = await openArchive(file, { migrations: MIGRATIONS });
    expect(b.sqlite!.prepare('SELECT name FROM customer').all()).toEqual([{ name: '张三' }]);
    const questionnaires = b
      .sqlite!.prepare('SELECT kind, version, is_current, questions_json FROM questionnaire ORDER BY id')
      .all() as { kind: string; version: number; is_current: number; questions_json: string }[];
    expect(questionnaires.map((q) => [q.kind, q.version, q.is_current, JSON.parse(q.questions_json).length])).toEqual([
      ['csi', 1, 1, 13],
      ['followup7', 1, 1, 3],
      ['delivery', 1, 1, 4],
    ]);
    expect(
      (b.sqlite!.prepare('SELECT name FROM sms_template ORDER BY id').all() as { name: string }[]).map((t) => t.name),
    ).toEqual(['保养提醒', '预约提醒', '未接通回访', '交车关怀']);
    expect(b.sqlite!.prepare('SELECT count(*) AS n FROM revisit_call').get()).toEqual({ n: 0 });
    await b.close();
  });

  it('issue 15: an archive of the previous version gains report_delivery, empty, whose checks refuse a bad kind, period or format', async () => {
    const file = freshFile();
    const upTo = MIGRATIONS.findIndex((m) => m.name === '202612032000_reports');
    expect(upTo).toBeGreaterThan(0);
    const a = await openArchive(file, { migrations: MIGRATIONS.slice(0, upTo) });
    expect(a.sqlite!.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'report_delivery'").get()).toEqual({
      n: 0,
    });
    a.sqlite!.prepare(
      "INSERT INTO customer (name, created_at, updated_at) VALUES ('张三', '2026-01-01T00:00:00+08:00', '2026-01-01T00:00:00+08:00')",
    ).run();
    await a.close();
    const b = await openArchive(file, { migrations: MIGRATIONS.slice(0, upTo + 1) });
    expect(b.backupPath).not.toBeNull();
    expect(b.schemaVersion).toBe('202612032000_reports');
    expect(b.sqlite!.prepare('SELECT name FROM customer').all()).toEqual([{ name: '张三' }]);
    expect(b.sqlite!.prepare('SELECT count(*) AS n FROM report_delivery').get()).toEqual({ n: 0 });
    expect(
      b
        .sqlite!.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'report_delivery'")
        .pluck()
        .get(),
    ).toMatch(/STRICT/);
    expect(
      b
        .sqlite!.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'report_delivery'")
        .pluck()
        .all(),
    ).toContain('report_delivery_period');
    const insert = b.sqlite!.prepare(
      'INSERT INTO report_delivery (kind, period, format, unmasked, at, by_user_id, by_name) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const AT = '2026-12-07T09:00:00+08:00';
    insert.run('weekly', '2026-W49', 'pdf', 0, AT, null, '命令行');
    insert.run('monthly', '2026-11', 'print', 1, AT, null, '李经理');
    const bad: [string, unknown[]][] = [
      ['a kind that is not weekly/monthly', ['daily', '2026-11-30', 'pdf', 0, AT, null, '小王']],
      ['a month key on a weekly report', ['weekly', '2026-11', 'pdf', 0, AT, null, '小王']],
      ['a week key on a monthly report', ['monthly', '2026-W49', 'xlsx', 0, AT, null, '小王']],
      ['a format that is not xlsx/pdf/print', ['monthly', '2026-11', 'docx', 0, AT, null, '小王']],
      ['unmasked other than 0/1', ['monthly', '2026-11', 'pdf', 2, AT, null, '小王']],
      ['a user who does not exist', ['monthly', '2026-11', 'pdf', 0, AT, 999, '小王']],
    ];
    for (const [why, values] of bad) expect(() => insert.run(...values), why).toThrow(/constraint/i);
    expect(b.sqlite!.prepare('SELECT kind, period, format, unmasked FROM report_delivery ORDER BY id').all()).toEqual([
      { kind: 'weekly', period: '2026-W49', format: 'pdf', unmasked: 0 },
      { kind: 'monthly', period: '2026-11', format: 'print', unmasked: 1 },
    ]);
    await b.close();
  });

  it('a migration that fails half-way leaves the archive as it was', async () => {
    const file = freshFile();
    (await openArchive(file)).close();
    const broken = {
      name: '209901010000_broken',
      async up(db: Kysely<unknown>) {
        await sql`CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT`.execute(db);
        await sql`THIS IS NOT SQL`.execute(db);
      },
    };
    await expect(openArchive(file, { migrations: [...MIGRATIONS, broken] })).rejects.toThrow();
    const c = await openArchive(file);
    expect(c.sqlite!.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({
      n: 0,
    });
    expect(
      c.sqlite!.prepare("SELECT count(*) AS n FROM schema_migration WHERE name = '209901010000_broken'").get(),
    ).toEqual({ n: 0 });
    await c.close();
  });

  it('refuses an archive written by a newer version, with a clear message', async () => {
    const file = freshFile();
    const a = await openArchive(file);
    a.sqlite!.prepare(
      "INSERT INTO schema_migration (name, applied_at) VALUES ('209912312359_future', '2099-12-31')",
    ).run();
    await a.close();
    const error = await openArchive(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ARCHIVE_TOO_NEW');
    expect((error as AppError).message).toMatch(/更新版本/);
  });

  it('refuses a damaged file without touching it', async () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'this is not a database, just text '.repeat(200));
    const before = fs.readFileSync(file);
    const error = await openArchive(file).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('ARCHIVE_DAMAGED');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('keeps the audit log append-only', async () => {
    const file = freshFile();
    const a = await openArchive(file);
    a.sqlite!.prepare(
      "INSERT INTO audit_log (at, actor, action, entity) VALUES ('2026-01-01T00:00:00+08:00', 'x', 'y', 'z')",
    ).run();
    expect(() => a.sqlite!.prepare("UPDATE audit_log SET actor = 'evil'").run()).toThrow(/append-only/);
    expect(() => a.sqlite!.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    await a.close();
  });
});

describe('a write that fills the disk', () => {
  it('reports SQLite’s own error (not a failed ROLLBACK) and keeps what was committed', async () => {
    const file = freshFile();
    const a = await openArchive(file);
    a.sqlite!.exec("INSERT INTO app_setting (key, value) VALUES ('kept', 'yes')");
    const pages = a.sqlite!.pragma('page_count', { simple: true }) as number;
    a.sqlite!.pragma(`max_page_count = ${pages}`);
    const error = await a.db
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < 2000; i++)
          await sql`INSERT INTO app_setting (key, value) VALUES (${`k${i}`}, ${'x'.repeat(400)})`.execute(trx);
      })
      .catch((e: unknown) => e);
    expect(String((error as { code?: string }).code)).toMatch(/^SQLITE_FULL/);
    a.sqlite!.pragma('max_page_count = 1073741823');
    expect(a.sqlite!.inTransaction).toBe(false);
    expect(a.sqlite!.prepare('SELECT key FROM app_setting ORDER BY key').all()).toEqual([{ key: 'kept' }]);
    await a.close();
  });
});
