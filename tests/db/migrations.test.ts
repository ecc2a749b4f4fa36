import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveSettingFile, defaultArchivePath, openArchive, resolveArchivePath } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';
import { AppError } from '../../src-shared/errors';
import { tempDir } from '../support/archive';
import { databaseUrl, emptyPgDatabase, onPostgres, testPgAdminUrl } from '../support/pg';

const dirs: string[] = [];
function freshFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'sub', 'archive.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

// The file itself (WAL, pragmas, bytes): the same on every pass, run once (the PostgreSQL section is below).
describe.skipIf(onPostgres())('archive file', () => {
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

  it('the user-data folder’s archive.json names a server (or a file) when neither --db nor CLERKDESK_DB does', () => {
    const home = tempDir();
    dirs.push(home);
    const env = { XDG_CONFIG_HOME: home };
    const setting = archiveSettingFile(env, 'linux');
    expect(setting).toBe(path.join(home, 'ClerkDesk', 'archive.json'));
    // No setting: the default file.
    expect(resolveArchivePath(null, env)).toBe(path.join(home, 'ClerkDesk', 'archive.sqlite'));
    fs.mkdirSync(path.dirname(setting), { recursive: true });
    fs.writeFileSync(setting, JSON.stringify({ db: 'postgres://clerk:pw@db.local:5432/clerkdesk' }));
    expect(resolveArchivePath(null, env)).toBe('postgres://clerk:pw@db.local:5432/clerkdesk');
    // --db and CLERKDESK_DB still win.
    expect(resolveArchivePath('/x/a.sqlite', env)).toBe(path.resolve('/x/a.sqlite'));
    expect(resolveArchivePath(null, { ...env, CLERKDESK_DB: '/y/b.sqlite' })).toBe(path.resolve('/y/b.sqlite'));
    // A relative file is taken from the folder of the setting.
    fs.writeFileSync(setting, JSON.stringify({ db: 'other.sqlite' }));
    expect(resolveArchivePath(null, env)).toBe(path.join(home, 'ClerkDesk', 'other.sqlite'));
    // A setting of the wrong shape is refused with the file named, never guessed around.
    fs.writeFileSync(setting, JSON.stringify({ db: 42 }));
    const error = (() => {
      try {
        return resolveArchivePath(null, env);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ARCHIVE_MISCONFIGURED');
    expect((error as AppError).message).toContain('archive.json');
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

describe.skipIf(onPostgres())('a write that fills the disk', () => {
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

/**
 * The same checks at open on a PostgreSQL server (tests/support/pg.ts: an administrator's address on
 * a throwaway server, CLERKDESK_TEST_PG). Each case gets its own database, dropped afterwards.
 */
describe.skipIf(!testPgAdminUrl())('a shared archive on a PostgreSQL server', () => {
  const drops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const drop of drops.splice(0)) await drop().catch(() => {});
  });
  async function empty(): Promise<string> {
    const db = await emptyPgDatabase();
    drops.push(db.drop);
    return db.url;
  }
  async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const tablesOf = (url: string) =>
    admin(url, async (c) =>
      (
        await c.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
        )
      ).rows.map((r) => r.name),
    );

  it('a fresh empty database migrates to the latest, and reopening applies nothing', async () => {
    const url = await empty();
    const a = await openArchive(url);
    expect(a.dialect).toBe('postgres');
    expect(a.sqlite).toBeNull();
    expect(a.schemaVersion).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.name);
    const applied = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migration`.execute(a.db);
    expect(applied.rows[0]!.n).toBe(MIGRATIONS.length);
    expect(await tablesOf(url)).toEqual(expect.arrayContaining(['customer', 'vehicle', 'repair_order', 'audit_log']));
    await sql`INSERT INTO app_setting (key, value) VALUES ('kept', 'yes')`.execute(a.db);
    await a.close();
    const b = await openArchive(url);
    const kept = await sql<{ value: string }>`SELECT value FROM app_setting WHERE key = 'kept'`.execute(b.db);
    expect(kept.rows).toEqual([{ value: 'yes' }]);
    const again = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migration`.execute(b.db);
    expect(again.rows[0]!.n).toBe(MIGRATIONS.length);
    await b.close();
  });

  it('a database written by a newer ClerkDesk is refused with ARCHIVE_TOO_NEW and nothing changes', async () => {
    const url = await empty();
    const a = await openArchive(url);
    await sql`INSERT INTO schema_migration (name, applied_at) VALUES ('209912312359_future', '2099-12-31')`.execute(
      a.db,
    );
    await a.close();
    const snapshot = () =>
      admin(url, async (c) => ({
        migrations: (await c.query('SELECT name FROM schema_migration ORDER BY name')).rows,
        tables: (
          await c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
        ).rows,
      }));
    const before = await snapshot();
    const error = await openArchive(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ARCHIVE_TOO_NEW');
    expect((error as AppError).message).toMatch(/更新版本/);
    expect(await snapshot()).toEqual(before);
  });

  it('a database holding another program’s table is refused and not written into', async () => {
    const url = await empty();
    await admin(url, (c) =>
      c.query('CREATE TABLE invoices (id int PRIMARY KEY, total numeric); INSERT INTO invoices VALUES (1, 9.5)'),
    );
    const error = await openArchive(url).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('ARCHIVE_MISCONFIGURED');
    expect((error as AppError).message).toMatch(/别的程序/);
    expect(await tablesOf(url)).toEqual(['invoices']);
  });

  it('a database that is not UTF8, or orders text by a language (ICU), is refused before anything is written', async () => {
    const adminUrl = testPgAdminUrl()!;
    const names = [`clerkdesk_enc_${process.pid}`, `clerkdesk_icu_${process.pid}`];
    for (const name of names) {
      drops.push(() => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}));
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
    await admin(adminUrl, (c) =>
      c.query(`CREATE DATABASE ${names[0]} TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'`),
    );
    const notUtf8 = await openArchive(databaseUrl(adminUrl, names[0]!)).catch((e: unknown) => e);
    expect((notUtf8 as AppError).code).toBe('ARCHIVE_MISCONFIGURED');
    expect((notUtf8 as AppError).message).toMatch(/SQL_ASCII 编码.*需要 UTF8 编码和 C 排序规则/);
    expect(await tablesOf(databaseUrl(adminUrl, names[0]!))).toEqual([]);
    // A libc locale such as en_US.UTF-8 is not installed on every test machine; an ICU locale is
    // built into PostgreSQL 15+ (with ICU): a database whose text sorts as en-US, not by code point.
    const icu = await admin(adminUrl, (c) =>
      c
        .query(
          `CREATE DATABASE ${names[1]} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LC_COLLATE 'C' LC_CTYPE 'C'`,
        )
        .then(
          () => true,
          () => false,
        ),
    );
    if (icu) {
      const error = await openArchive(databaseUrl(adminUrl, names[1]!)).catch((e: unknown) => e);
      expect((error as AppError).code).toBe('ARCHIVE_MISCONFIGURED');
      expect((error as AppError).message).toMatch(/ICU 排序规则/);
      expect(await tablesOf(databaseUrl(adminUrl, names[1]!))).toEqual([]);
    }
  });

  it('an unreachable server gives ARCHIVE_UNREACHABLE in Chinese, without the password', async () => {
    const error = await openArchive('postgres://clerk:secret-pw@127.0.0.1:1/clerkdesk').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ARCHIVE_UNREACHABLE');
    expect((error as AppError).message).toMatch(/无法打开共享档案库.*服务器拒绝连接.*什么都没有改动/);
    expect((error as AppError).message).not.toContain('secret-pw');
    // A database that does not exist on a reachable server: named as such.
    const missing = new URL(testPgAdminUrl()!);
    missing.pathname = `/clerkdesk_missing_${process.pid}`;
    const noDb = await openArchive(missing.toString()).catch((e: unknown) => e);
    expect((noDb as AppError).code).toBe('ARCHIVE_UNREACHABLE');
    expect((noDb as AppError).message).toMatch(/没有这个数据库/);
  });

  it('two ClerkDesks opening the same new database at once both succeed, migrated once (advisory lock)', async () => {
    const url = await empty();
    const [a, b] = await Promise.all([openArchive(url, { poolSize: 2 }), openArchive(url, { poolSize: 2 })]);
    expect(a.schemaVersion).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.name);
    expect(b.schemaVersion).toBe(a.schemaVersion);
    const applied = await sql<{ name: string; n: number }>`
      SELECT name, count(*) AS n FROM schema_migration GROUP BY name HAVING count(*) > 1`.execute(a.db);
    expect(applied.rows).toEqual([]);
    const total = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migration`.execute(b.db);
    expect(total.rows[0]!.n).toBe(MIGRATIONS.length);
    await a.close();
    await b.close();
  });
});
