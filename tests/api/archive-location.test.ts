import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import {
  archiveSettingFile,
  defaultArchivePath,
  openArchive,
  resolveArchivePath,
  writeArchiveSetting,
} from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';
import { type CallContext, Session } from '../../src-main/services/context';
import { type ArchiveChoice, chooseArchive } from '../../src-main/services/system/archive-location.service';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/contract/index';
import type { ArchiveServerCheck } from '../../src-shared/contract/system.contract';
import type { Result } from '../../src-shared/errors';
import { openSetUpArchive, SETUP_PINS, type TestArchive, tempDir } from '../support/archive';
import { emptyPgDatabase, freshPgDatabase, testPgAdminUrl, withPgClient } from '../support/pg';

/**
 * 设置 → 档案库 (issue 16): pointing this PC at a shared server, or back at the file, through the
 * real dispatcher. The servers tested against are real databases on the PostgreSQL server of the
 * test run (CLERKDESK_TEST_PG); archive.json is written in a temporary user-data folder
 * (XDG_CONFIG_HOME / APPDATA), never the real one.
 */

const clock = { now: () => new Date('2026-12-03T02:00:00Z') };
const adminUrl = testPgAdminUrl();
/** A password the trust-auth test server ignores, so it can be looked for everywhere it must not be. */
const PASSWORD = 'Pw-never-shown-7Qz';

let t: TestArchive;
let configHome: string;
let env: NodeJS.ProcessEnv;
let dispatch: Dispatch;
let ctx: CallContext;

/** The window's or the browser host's services: told how the archive was chosen. */
async function openDoor(choice: Omit<ArchiveChoice, 'env'>): Promise<void> {
  const services = createServices(t.archive, clock, { archiveChoice: { ...choice, env } });
  dispatch = createDispatcher(createHandlers(services), {
    onInternalError: (method, error) => {
      throw new Error(`internal error in ${method}: ${String((error as Error)?.stack ?? error)}`);
    },
  });
  ctx = { door: 'ipc', session: new Session() };
  await loginAs('admin');
}

async function loginAs(who: keyof typeof SETUP_PINS): Promise<void> {
  const { name, pin } = SETUP_PINS[who];
  const users = await must('users.list', {});
  await must('session.login', { userId: users.find((u) => u.name === name)!.id, pin });
}

function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> {
  return dispatch(method, input, ctx) as Promise<Result<OutputOf<M>>>;
}

async function must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const r = await call(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function refused<M extends MethodName>(method: M, input: InputOf<M>) {
  const r = await call(method, input);
  if (r.ok) throw new Error(`${method} should have been refused: ${JSON.stringify(r.value)}`);
  return r.error;
}

const settingFile = () => archiveSettingFile(env);
const settingBytes = () => (fs.existsSync(settingFile()) ? fs.readFileSync(settingFile()) : null);

beforeEach(async () => {
  t = await openSetUpArchive({ clock });
  configHome = tempDir('clerkdesk-config-');
  env = { XDG_CONFIG_HOME: configHome, APPDATA: configHome };
});
afterEach(async () => {
  await t.close();
  fs.rmSync(configHome, { recursive: true, force: true });
});

describe('archiveLocation.get: what is open, what the setting names, what overrides it', () => {
  it('opened by the setting: nothing overrides it, no restart needed; the same archive twice', async () => {
    writeArchiveSetting(t.file, env);
    const choice = chooseArchive(null, env);
    expect(choice).toMatchObject({ target: t.file, source: 'setting' });
    await openDoor(choice);
    const location = await must('archiveLocation.get', {});
    expect(location).toMatchObject({
      current: { kind: t.archive.dialect === 'postgres' ? 'server' : 'file', display: t.archive.path },
      setting: { file: path.join(configHome, 'ClerkDesk', 'archive.json') },
      overridden: null,
      restartNeeded: false,
      settingProblem: null,
    });
  });

  it('opened with --db or CLERKDESK_DB: says the setting applies only without them', async () => {
    await openDoor(chooseArchive(t.file, env));
    expect(await must('archiveLocation.get', {})).toMatchObject({ overridden: 'cli', restartNeeded: false });
    env.CLERKDESK_DB = t.file;
    await openDoor(chooseArchive(null, env));
    const location = await must('archiveLocation.get', {});
    expect(location).toMatchObject({
      overridden: 'env',
      setting: { db: null },
      next: { kind: 'file', display: defaultArchivePath(env) },
      restartNeeded: false,
    });
  });

  it('a setting naming another archive than the one open: a restart is needed', async () => {
    await openDoor({ target: t.file, source: 'default' });
    const location = await must('archiveLocation.get', {});
    expect(location.setting.db).toBeNull();
    expect(location.next).toEqual({ kind: 'file', display: defaultArchivePath(env) });
    expect(location.restartNeeded).toBe(true);
  });

  it('an archive.json that cannot be read is reported, not guessed at', async () => {
    fs.mkdirSync(path.dirname(settingFile()), { recursive: true });
    fs.writeFileSync(settingFile(), '{ "db": 42 }');
    await openDoor({ target: t.file, source: 'cli' });
    const location = await must('archiveLocation.get', {});
    expect(location.settingProblem).toMatch(/格式不对/);
    expect(location.restartNeeded).toBe(false);
  });
});

describe('archiveLocation.set to the file, and who may', () => {
  it('back to the default file: the db key is removed, other keys are kept, the next start opens the default file', async () => {
    fs.mkdirSync(path.dirname(settingFile()), { recursive: true });
    fs.writeFileSync(settingFile(), JSON.stringify({ db: 'postgres://clerk@server/clerkdesk', theme: 'dark' }));
    await openDoor({ target: t.file, source: 'setting' });
    const saved = await must('archiveLocation.set', { target: 'file' });
    expect(JSON.parse(fs.readFileSync(settingFile(), 'utf8'))).toEqual({ theme: 'dark' });
    expect(resolveArchivePath(null, env)).toBe(defaultArchivePath(env));
    expect(saved.restartNeeded).toBe(true);
    expect(saved.message).toContain(defaultArchivePath(env));
    expect(saved.message).toMatch(/重新启动/);
    const audit = await t.archive.db
      .selectFrom('audit_log')
      .select(['actor', 'before_json', 'after_json'])
      .where('action', '=', 'archiveLocation.set')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('管理员');
    expect(JSON.parse(audit[0]!.before_json!)).toEqual({ db: 'postgres://clerk@server/clerkdesk' });
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ target: 'file', db: null });
  });

  it('a file path: must be absolute and, if it is there, an archive file', async () => {
    await openDoor({ target: t.file, source: 'default' });
    const relative = await refused('archiveLocation.set', { target: 'file', path: 'archive.sqlite' });
    expect(relative).toMatchObject({ code: 'VALIDATION' });
    expect(relative.message).toMatch(/^档案库文件路径：请填写完整路径/);
    const notAnArchive = path.join(configHome, 'notes.txt');
    fs.writeFileSync(notAnArchive, '这不是档案库'.repeat(50));
    const wrong = await refused('archiveLocation.set', { target: 'file', path: notAnArchive });
    expect(wrong.message).toMatch(/^档案库文件路径：这个文件不是档案库/);
    expect(settingBytes()).toBeNull();

    const elsewhere = path.join(configHome, 'D', 'archive.sqlite');
    const saved = await must('archiveLocation.set', { target: 'file', path: elsewhere });
    expect(resolveArchivePath(null, env)).toBe(elsewhere);
    // From a server archive the answer warns that the server's data stays there instead.
    expect(saved.message).toMatch(
      t.archive.dialect === 'postgres' ? /只有迁移到服务器之前的档案/ : /还不存在.*新建一个空档案库/,
    );
    // The setting holds the password of a server: readable by this user only.
    if (process.platform !== 'win32') expect(fs.statSync(settingFile()).mode & 0o077).toBe(0);
  });

  it('only an admin: a clerk and a manager are refused by the dispatcher, and nothing is written', async () => {
    await openDoor({ target: t.file, source: 'default' });
    for (const who of ['clerk', 'manager'] as const) {
      await loginAs(who);
      for (const [method, input] of [
        ['archiveLocation.get', {}],
        ['archiveLocation.testServer', { host: '127.0.0.1', port: 1, database: 'x', user: 'x' }],
        ['archiveLocation.set', { target: 'file' }],
      ] as const) {
        const error = await refused(method, input as never);
        expect(error.code, `${who} ${method}`).toBe('FORBIDDEN');
        expect(error.message).toMatch(/只有管理员可以操作/);
      }
    }
    expect(settingBytes()).toBeNull();
  });

  it('the command line (not told how the archive was chosen) cannot change it', async () => {
    await t.loginAs('admin');
    const error = await t.call('archiveLocation.set', { target: 'file' });
    expect(error).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!error.ok) expect(error.error.message).toMatch(/命令行不能更改档案库位置/);
  });

  it('field by field: a refusal names the field in Chinese', async () => {
    await openDoor({ target: t.file, source: 'default' });
    const cases: [InputOf<'archiveLocation.testServer'>, RegExp][] = [
      [{ host: '', database: 'd', user: 'u' }, /^服务器地址：请填写服务器地址/],
      [{ host: 'postgres://server', database: 'd', user: 'u' }, /^服务器地址：.*不要带 postgres:\/\//],
      [{ host: 'server', port: 70000, database: 'd', user: 'u' }, /^端口：端口应在 1–65535 之间/],
      [{ host: 'server', database: 'a/b', user: 'u' }, /^数据库：/],
      [{ host: 'server', database: 'd', user: '' }, /^用户名：请填写用户名/],
      [{ host: 'server', database: 'd', user: 'u', password: 'a\u0000b' }, /^密码：/],
    ];
    for (const [input, message] of cases) {
      const error = await refused('archiveLocation.testServer', input);
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toMatch(message);
    }
  });
});

/** The test server's address, field by field. */
function serverFields(database: string, extra: Partial<InputOf<'archiveLocation.testServer'>> = {}) {
  const u = new URL(adminUrl!);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    database,
    user: decodeURIComponent(u.username),
    password: PASSWORD,
    ...extra,
  };
}

const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

const tablesOf = (url: string) =>
  withPgClient(url, async (c) =>
    (
      await c.query<{ n: string }>(
        `SELECT table_name AS n FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
      )
    ).rows.map((r) => r.n),
  );

describe.skipIf(!adminUrl)(
  'archiveLocation.testServer and set on a real PostgreSQL server (needs CLERKDESK_TEST_PG)',
  () => {
    const dropLater: (() => Promise<void>)[] = [];
    let empty: string;
    let setUp: string;
    let migratedEmpty: string;
    let foreign: string;
    let newer: string;
    let asciiName: string;

    beforeAll(async () => {
      const track = async (made: Promise<{ url: string; drop(): Promise<void> }>) => {
        const db = await made;
        dropLater.push(db.drop);
        return db.url;
      };
      empty = await track(emptyPgDatabase());
      foreign = await track(emptyPgDatabase());
      await withPgClient(foreign, (c) => c.query('CREATE TABLE invoice (id integer PRIMARY KEY, total numeric)'));
      migratedEmpty = await track(freshPgDatabase());
      newer = await track(freshPgDatabase());
      await withPgClient(newer, (c) =>
        c.query("INSERT INTO schema_migration (name, applied_at) VALUES ('209912312359_from_a_newer_clerkdesk', 'x')"),
      );
      setUp = await track(freshPgDatabase());
      const archive = await openArchive(setUp, { poolSize: 1 });
      const services = createServices(archive, clock);
      const r = await createDispatcher(createHandlers(services))(
        'setup.complete',
        {
          store: { name: '服务器上的门店' },
          users: [{ name: '管理员', role: 'admin', pin: '1234' }],
          demo: null,
        },
        { door: 'cli', session: new Session() },
      );
      await archive.close();
      expect(r.ok).toBe(true);
      asciiName = `clerkdesk_ascii_${process.pid}`;
      await withPgClient(adminUrl!, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${asciiName}`);
        await c.query(
          `CREATE DATABASE ${asciiName} TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'`,
        );
      });
      dropLater.push(() =>
        withPgClient(adminUrl!, (c) => c.query(`DROP DATABASE IF EXISTS ${asciiName} WITH (FORCE)`)).then(),
      );
    }, 60_000);
    afterAll(async () => {
      for (const drop of dropLater) await drop().catch(() => {});
    });

    async function check(fields: InputOf<'archiveLocation.testServer'>): Promise<ArchiveServerCheck> {
      const result = await must('archiveLocation.testServer', fields);
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
      expect(result.message).toMatch(/[\u4e00-\u9fff]/);
      return result;
    }

    it('an empty database: usable, with the migrate-archive command; the test wrote nothing into it', async () => {
      await openDoor({ target: t.file, source: 'default' });
      const fields = serverFields(nameOf(empty));
      const result = await check(fields);
      expect(result).toMatchObject({ reachable: true, encodingOk: true, state: 'empty', usable: true, field: null });
      const to = `postgres://${fields.user}@${fields.host}:${fields.port}/${fields.database}`;
      expect(result.migrateCommand).toContain(`--to "${to}"`);
      expect(result.migrateCommand).toMatch(/^clerkdesk migrate-archive --from "/);
      if (t.archive.dialect === 'sqlite') expect(result.migrateCommand).toContain(`--from "${t.file}"`);
      expect(result.message).toMatch(/空数据库.*命令行.*密码/);
      // No migration, no schema_migration table: the test only looked.
      expect(await tablesOf(empty)).toEqual([]);
    });

    it('a ClerkDesk archive: its store, its version, not newer; a migrated one without a store says to copy', async () => {
      await openDoor({ target: t.file, source: 'default' });
      const newest = MIGRATIONS.map((m) => m.name)
        .sort()
        .at(-1);
      expect(await check(serverFields(nameOf(setUp)))).toMatchObject({
        state: 'clerkdesk',
        storeName: '服务器上的门店',
        schemaVersion: newest,
        newerThanApp: false,
        usable: true,
        migrateCommand: null,
      });
      const blank = await check(serverFields(nameOf(migratedEmpty)));
      expect(blank).toMatchObject({ state: 'clerkdesk', storeName: null, usable: true });
      expect(blank.migrateCommand).toContain('migrate-archive');
    });

    it('a newer ClerkDesk archive, another program’s tables, the wrong encoding: refused, saying what to do', async () => {
      await openDoor({ target: t.file, source: 'default' });
      const newerCheck = await check(serverFields(nameOf(newer)));
      expect(newerCheck).toMatchObject({ state: 'clerkdesk', newerThanApp: true, usable: false });
      expect(newerCheck.message).toMatch(/更新版本的 ClerkDesk.*升级/);
      const foreignCheck = await check(serverFields(nameOf(foreign)));
      expect(foreignCheck).toMatchObject({ state: 'foreign', usable: false, field: 'database' });
      expect(foreignCheck.message).toMatch(/别的程序的表（如 invoice）.*“数据库”/);
      expect(await tablesOf(foreign)).toEqual(['invoice']);
      const ascii = await check(serverFields(asciiName));
      expect(ascii).toMatchObject({ reachable: true, encodingOk: false, usable: false, field: 'encoding' });
      expect(ascii.message).toMatch(/SQL_ASCII 编码.*UTF8/);
    });

    it('unreachable or wrong: the message names the field to fix', async () => {
      await openDoor({ target: t.file, source: 'default' });
      const wrongPort = await check(serverFields(nameOf(empty), { port: 1 }));
      expect(wrongPort).toMatchObject({ reachable: false, field: 'port', usable: false });
      expect(wrongPort.message).toMatch(/端口 1 上没有 PostgreSQL 服务.*“端口”/);
      const wrongDb = await check(serverFields('clerkdesk_no_such_database'));
      expect(wrongDb).toMatchObject({ reachable: false, field: 'database' });
      expect(wrongDb.message).toMatch(/没有名为“clerkdesk_no_such_database”的数据库.*“数据库”/);
      const wrongHost = await check(serverFields(nameOf(empty), { host: 'no-such-server.invalid' }));
      expect(wrongHost).toMatchObject({ reachable: false, field: 'host' });
      expect(wrongHost.message).toMatch(/找不到服务器“no-such-server.invalid”.*“服务器地址”/);
      const wrongUser = await check(serverFields(nameOf(empty), { user: 'clerkdesk_no_such_user' }));
      expect(wrongUser).toMatchObject({ reachable: false });
      expect(wrongUser.field === 'user' || wrongUser.field === 'password').toBe(true);
      expect(wrongUser.message).toMatch(/“用户名”/);
    });

    it('set to a set-up server: archive.json names it (other keys kept), the next start opens it; no password shown or audited', async () => {
      fs.mkdirSync(path.dirname(settingFile()), { recursive: true });
      fs.writeFileSync(settingFile(), '{ "theme": "dark" }');
      await openDoor({ target: t.file, source: 'default' });
      const fields = serverFields(nameOf(setUp));
      const saved = await must('archiveLocation.set', { target: 'server', ...fields });
      const expected = `postgres://${fields.user}:${PASSWORD}@${fields.host}:${fields.port}/${fields.database}`;
      expect(JSON.parse(fs.readFileSync(settingFile(), 'utf8'))).toEqual({ theme: 'dark', db: expected });
      expect(resolveArchivePath(null, env)).toBe(expected);
      expect(chooseArchive(null, env)).toMatchObject({ target: expected, source: 'setting' });
      expect(saved.restartNeeded).toBe(true);
      expect(saved.message).toMatch(/^已保存，重新启动 ClerkDesk 后使用 postgres:\/\//);
      expect(saved.location).toMatchObject({ next: { kind: 'server' }, overridden: null, restartNeeded: true });
      expect(saved.location.setting.db).toBe(
        `postgres://${fields.user}:***@${fields.host}:${fields.port}/${fields.database}`,
      );
      const location = await must('archiveLocation.get', {});
      for (const answer of [saved, location]) expect(JSON.stringify(answer)).not.toContain(PASSWORD);
      const audit = await t.archive.db.selectFrom('audit_log').selectAll().execute();
      expect(audit.some((row) => row.action === 'archiveLocation.set')).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(PASSWORD);

      // What the next start does with it: the same archive the test looked at.
      const next = await openArchive(resolveArchivePath(null, env), { poolSize: 1 });
      try {
        expect(next.dialect).toBe('postgres');
        const store = await next.db.selectFrom('store_profile').select('name').executeTakeFirstOrThrow();
        expect(store.name).toBe('服务器上的门店');
      } finally {
        await next.close();
      }
    });

    it('set to an empty server: saved, and the answer says to copy with migrate-archive first', async () => {
      await openDoor({ target: t.file, source: 'default' });
      const saved = await must('archiveLocation.set', { target: 'server', ...serverFields(nameOf(empty)) });
      expect(saved.message).toMatch(/还没有档案.*clerkdesk migrate-archive --from .* --to "postgres:\/\/[^:"]+@/);
      expect(saved.message).not.toContain(PASSWORD);
      expect(await tablesOf(empty)).toEqual([]);
    });

    it('set when the test fails: refused with the reason, archive.json byte for byte as it was, nothing audited', async () => {
      fs.mkdirSync(path.dirname(settingFile()), { recursive: true });
      fs.writeFileSync(settingFile(), '{\n  "db": "/srv/clerkdesk/archive.sqlite",\n  "x": 1\n}\n');
      const before = settingBytes();
      await openDoor({ target: t.file, source: 'default' });
      const cases = [
        [serverFields(nameOf(empty), { port: 1 }), 'ARCHIVE_UNREACHABLE', /端口/],
        [serverFields('clerkdesk_no_such_database'), 'ARCHIVE_UNREACHABLE', /数据库/],
        [serverFields(nameOf(foreign)), 'ARCHIVE_MISCONFIGURED', /别的程序的表/],
        [serverFields(nameOf(newer)), 'ARCHIVE_MISCONFIGURED', /更新版本/],
        [serverFields(asciiName), 'ARCHIVE_MISCONFIGURED', /UTF8/],
      ] as const;
      for (const [fields, code, message] of cases) {
        const error = await refused('archiveLocation.set', { target: 'server', ...fields });
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
        expect(error.message).toMatch(/设置没有改动。$/);
        expect(JSON.stringify(error)).not.toContain(PASSWORD);
        expect(settingBytes()!.equals(before!)).toBe(true);
      }
      const audited = await t.archive.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'archiveLocation.set')
        .execute();
      expect(audited).toEqual([]);
    });

    it('on a server archive, going back to the file says the server’s data is not copied back', async () => {
      const server = await freshPgDatabase();
      const serverArchive = await openArchive(server.url, { poolSize: 2 });
      try {
        const services = createServices(serverArchive, clock, {
          archiveChoice: { target: server.url, source: 'setting', env },
        });
        const d = createDispatcher(createHandlers(services));
        const cli: CallContext = { door: 'cli', session: new Session() };
        const r = await d('archiveLocation.set', { target: 'file' }, cli);
        if (!r.ok) throw new Error(r.error.message);
        const saved = r.value as OutputOf<'archiveLocation.set'>;
        expect(saved.message).toMatch(/只有迁移到服务器之前的档案.*migrate-archive --from "postgres:\/\/[^"]*" --to "/);
        expect(saved.location.current).toEqual({ kind: 'server', display: serverArchive.path });
        expect(resolveArchivePath(null, env)).toBe(defaultArchivePath(env));
      } finally {
        await serverArchive.close();
        await server.drop();
      }
    });
  },
);
