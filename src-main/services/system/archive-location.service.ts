/**
 * 设置 → 档案库: which archive this PC opens. The admin points it at a shared PostgreSQL server (or
 * back at the file) from the UI instead of hand-writing archive.json. A server is tested first, read
 * only (no migration, no table, no row), and saved only when this version could open it; the new
 * place is used from the next start. The password is kept in archive.json, in the user's own profile,
 * and never answered, shown or audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type {
  ArchiveLocation,
  ArchiveLocationSaved,
  ArchivePlace,
  ArchiveServerCheck,
} from '../../../src-shared/contract/system.contract';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import { headerProblem } from '../../db/archive-check';
import {
  type Archive,
  archiveSettingFile,
  type Db,
  defaultArchivePath,
  readArchiveSetting,
  resolveArchivePath,
  writeArchiveSetting,
} from '../../db/database';
import { displayPostgresUrl, isPostgresUrl, sameArchive } from '../../db/dialect';
import { MIGRATIONS } from '../../db/migrations/index';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';

/** What chose the archive at start: `--db`, CLERKDESK_DB, archive.json, or nothing (the default file). */
export type ArchiveSource = 'cli' | 'env' | 'setting' | 'default';

/** How the running app chose its archive, and the environment it read the setting from. */
export interface ArchiveChoice {
  /** The file path or server address opened. */
  target: string;
  source: ArchiveSource;
  /** Where archive.json is looked for (XDG_CONFIG_HOME / APPDATA); tests pass a temporary one. */
  env: NodeJS.ProcessEnv;
}

/** resolveArchivePath, saying which of its sources decided (the host and the window pass this on). */
export function chooseArchive(cliPath: string | null | undefined, env: NodeJS.ProcessEnv = process.env): ArchiveChoice {
  const target = resolveArchivePath(cliPath, env);
  const source: ArchiveSource = cliPath
    ? 'cli'
    : env.CLERKDESK_DB
      ? 'env'
      : readArchiveSetting(env) !== null
        ? 'setting'
        : 'default';
  return { target, source, env };
}

type ServerAddress = ParsedInputOf<'archiveLocation.testServer'>;

/** The connection address of the fields typed (user name and password percent-encoded). */
export function serverUrl(address: ServerAddress, options: { withPassword?: boolean } = {}): string {
  const host = address.host.includes(':') && !address.host.startsWith('[') ? `[${address.host}]` : address.host;
  const password =
    options.withPassword !== false && address.password !== '' ? `:${encodeURIComponent(address.password)}` : '';
  return `postgres://${encodeURIComponent(address.user)}${password}@${host}:${address.port}/${encodeURIComponent(address.database)}`;
}

/** A server address with its password taken out (not starred): for a command line the admin completes. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url.trim());
    u.password = '';
    return u.toString();
  } catch {
    return displayPostgresUrl(url);
  }
}

function placeOf(target: string): ArchivePlace {
  return isPostgresUrl(target)
    ? { kind: 'server', display: displayPostgresUrl(target) }
    : { kind: 'file', display: target };
}

/** How long the test waits for the server (to connect, and for each look). */
export const SERVER_TEST_TIMEOUT_MS = 5_000;

const KNOWN_MIGRATIONS = new Set(MIGRATIONS.map((m) => m.name));
const NEWEST_MIGRATION =
  MIGRATIONS.map((m) => m.name)
    .sort()
    .at(-1) ?? '';

/** Passwords out of a driver's message (it may quote what it was given). */
function scrub(text: string, address: ServerAddress): string {
  let out = text;
  if (address.password.length >= 3) out = out.split(address.password).join('***');
  return out.slice(0, 200);
}

/** A failed connection, told as the field to fix. */
function connectionProblem(
  error: unknown,
  address: ServerAddress,
): { field: ArchiveServerCheck['field']; message: string } {
  const e = error as { code?: string; message?: string } | null;
  const code = e?.code ?? '';
  const text = String(e?.message ?? error);
  const where = `${address.host}:${address.port}`;
  const seconds = SERVER_TEST_TIMEOUT_MS / 1000;
  if (code === 'ECONNREFUSED')
    return {
      field: 'port',
      message: `服务器 ${address.host} 的端口 ${address.port} 上没有 PostgreSQL 服务（连接被拒绝）。请检查“端口”（通常是 5432）和“服务器地址”，并确认服务器上的 PostgreSQL 已启动、允许别的电脑连接（listen_addresses）。`,
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return {
      field: 'host',
      message: `找不到服务器“${address.host}”。请检查“服务器地址”（也可以填 IP 地址，如 192.168.1.10）和这台电脑的网络。`,
    };
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /timeout|timed out/i.test(text))
    return {
      field: 'host',
      message: `连接 ${where} 没有回应（${seconds} 秒内）。请检查“服务器地址”和“端口”，以及服务器的防火墙是否放行端口 ${address.port}。`,
    };
  if (code === '28P01')
    return {
      field: 'password',
      message: `用户名或密码不对：服务器拒绝了用户“${address.user}”的密码。请检查“用户名”和“密码”。`,
    };
  if (/password must be a string|no password was provided|password authentication/i.test(text))
    return { field: 'password', message: `服务器要求用户“${address.user}”输入密码：请填写“密码”。` };
  if (code === '28000')
    return {
      field: 'user',
      message: `服务器不允许用户“${address.user}”从这台电脑连接数据库“${address.database}”（用户名不存在，或服务器的 pg_hba.conf 没有放行这台电脑）。请检查“用户名”，或请服务器管理员放行。`,
    };
  if (code === '3D000')
    return {
      field: 'database',
      message: `服务器上没有名为“${address.database}”的数据库。请检查“数据库”名称，或请服务器管理员按 README 新建一个（UTF8 编码、C 排序规则）。`,
    };
  if (code === '42501')
    return {
      field: 'user',
      message: `用户“${address.user}”没有权限连接或读取数据库“${address.database}”。请检查“用户名”，或请服务器管理员授权（如把这个数据库的所有者设为该用户）。`,
    };
  if (code === '53300')
    return { field: null, message: `服务器 ${where} 的连接数已满。请稍后再试，或请服务器管理员调大 max_connections。` };
  if (code === '57P03') return { field: null, message: `服务器 ${where} 正在启动或关闭，暂时不接受连接。请稍后再试。` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /terminated unexpectedly|unexpected message|protocol/i.test(text))
    return {
      field: 'port',
      message: `${where} 上回应的不像 PostgreSQL 服务器（连接被中断）。请检查“端口”（PostgreSQL 通常是 5432）和“服务器地址”。`,
    };
  return {
    field: null,
    message: `连接 ${where} 失败：${scrub(text, address)}。请检查服务器地址、端口、用户名和密码。`,
  };
}

/** What is in the database (read only): its tables in the current schema, its migrations, its store. */
async function lookInside(
  client: pg.Client,
): Promise<{ tables: string[]; migrations: string[] | null; storeName: string | null }> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).rows.map((r) => r.name);
  if (!tables.includes('schema_migration')) return { tables, migrations: null, storeName: null };
  const migrations = (await client.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name')).rows.map(
    (r) => r.name,
  );
  let storeName: string | null = null;
  if (tables.includes('store_profile')) {
    // A savepoint: a store table this user may not read leaves the name unknown, the look goes on.
    await client.query('SAVEPOINT store_name');
    try {
      const store = await client.query<{ name: string }>('SELECT name FROM store_profile WHERE id = 1');
      storeName = store.rows[0]?.name ?? null;
      await client.query('RELEASE SAVEPOINT store_name');
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT store_name');
    }
  }
  return { tables, migrations, storeName };
}

export class ArchiveLocationService {
  private readonly db: Db;

  constructor(
    private readonly archive: Archive,
    private readonly clock: Clock,
    /** How the running app chose its archive; absent at the command line, which cannot change it. */
    private readonly choice?: ArchiveChoice,
  ) {
    this.db = archive.db;
  }

  private get env(): NodeJS.ProcessEnv {
    return this.choice?.env ?? process.env;
  }

  /** The archive open now, as it was given to openArchive (a server's address may hold its password). */
  private get currentTarget(): string {
    return this.archive.url ?? this.archive.path;
  }

  private source(): ArchiveSource {
    if (this.choice) return this.choice.source;
    // Not told (the command line): as resolveArchivePath would have decided without --db.
    if (this.env.CLERKDESK_DB) return 'env';
    try {
      return sameArchive(resolveArchivePath(null, this.env), this.currentTarget, { sameUser: true })
        ? 'setting'
        : 'cli';
    } catch {
      return 'cli';
    }
  }

  async get(): Promise<ArchiveLocation> {
    const env = this.env;
    let named: string | null = null;
    let settingProblem: string | null = null;
    try {
      named = readArchiveSetting(env);
    } catch (error) {
      settingProblem = error instanceof AppError ? error.message : String(error);
    }
    const next = named ?? defaultArchivePath(env);
    const source = this.source();
    const overridden = source === 'cli' || source === 'env' ? source : null;
    return {
      current: {
        kind: this.archive.dialect === 'postgres' ? 'server' : 'file',
        display: this.archive.dialect === 'postgres' ? displayPostgresUrl(this.currentTarget) : this.archive.path,
      },
      setting: { file: archiveSettingFile(env), db: named === null ? null : placeOf(named).display },
      next: placeOf(next),
      overridden,
      restartNeeded:
        overridden === null && settingProblem === null && !sameArchive(next, this.currentTarget, { sameUser: true }),
      settingProblem,
    };
  }

  /** The copy into an empty server database, as the admin types it (the password left out: they add it). */
  private migrateCommand(address: ServerAddress): string {
    const from = isPostgresUrl(this.currentTarget) ? withoutPassword(this.currentTarget) : this.currentTarget;
    return `clerkdesk migrate-archive --from "${from}" --to "${serverUrl(address, { withPassword: false })}"`;
  }

  /** 测试连接: connects and looks inside in a read-only transaction; nothing on the server changes. */
  async testServer(address: ServerAddress): Promise<ArchiveServerCheck> {
    const url = serverUrl(address);
    const shown = displayPostgresUrl(url);
    const result: ArchiveServerCheck = {
      address: shown,
      reachable: false,
      encodingOk: null,
      state: null,
      schemaVersion: null,
      newerThanApp: false,
      storeName: null,
      usable: false,
      field: null,
      message: '',
      migrateCommand: null,
    };
    // Loaded on first use, as openArchive loads the server's driver: a file-only PC never does.
    const [{ default: pgModule }, { databaseSetupRefusal, readDatabaseSetup }] = await Promise.all([
      import('pg'),
      import('../../db/postgres'),
    ]);
    const client = new pgModule.Client({
      connectionString: url,
      connectionTimeoutMillis: SERVER_TEST_TIMEOUT_MS,
      query_timeout: SERVER_TEST_TIMEOUT_MS,
      application_name: 'ClerkDesk connection test',
    });
    // A server that drops the connection later must not leave an unhandled error event.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      return { ...result, ...connectionProblem(error, address) };
    }
    try {
      result.reachable = true;
      await client.query('BEGIN READ ONLY');
      const setup = await readDatabaseSetup(client);
      result.encodingOk = setup.acceptable;
      if (!setup.acceptable)
        return { ...result, field: 'encoding', message: databaseSetupRefusal(shown, setup).message };
      const inside = await lookInside(client);
      if (inside.migrations === null && inside.tables.length > 0) {
        const some = inside.tables.slice(0, 3).join('、');
        return {
          ...result,
          state: 'foreign',
          field: 'database',
          message: `数据库“${address.database}”里已有别的程序的表（如 ${some}），不是 ClerkDesk 的档案库；ClerkDesk 不会写入。请在“数据库”中填一个为 ClerkDesk 新建的空数据库。`,
        };
      }
      // Only the migration table, nothing applied: a first open that stopped before its first migration.
      if (inside.migrations === null || (inside.migrations.length === 0 && inside.tables.length <= 1)) {
        return {
          ...result,
          state: 'empty',
          usable: true,
          migrateCommand: this.migrateCommand(address),
          message: `连接正常：${shown} 是一个空数据库（UTF8、C 排序规则，可以使用）。它还没有任何档案：保存后请先关闭 ClerkDesk，在命令行运行下面的命令把现在的档案复制进去（把地址中的“${address.user}@”改为“${address.user}:密码@”，密码不在这里显示），复制完成后再启动 ClerkDesk。`,
        };
      }
      const unknown = inside.migrations.filter((name) => !KNOWN_MIGRATIONS.has(name));
      const schemaVersion = inside.migrations.at(-1) ?? '';
      const store = inside.storeName;
      const base = { ...result, state: 'clerkdesk' as const, schemaVersion, storeName: store };
      if (unknown.length > 0)
        return {
          ...base,
          newerThanApp: true,
          message: `${shown} 是由更新版本的 ClerkDesk 写入的档案库（含 ${unknown.at(-1)}），本版本不能打开，以免损坏数据。请先把这台电脑的 ClerkDesk 升级到与其他柜台相同的版本。`,
        };
      const upgrade =
        schemaVersion < NEWEST_MIGRATION
          ? '本版本打开时会升级它的数据结构（其他柜台也需要升级到本版本），升级前请让管理员在服务器上用 pg_dump 备份。'
          : '';
      if (store === null)
        return {
          ...base,
          usable: true,
          migrateCommand: this.migrateCommand(address),
          message: `连接正常：${shown} 是 ClerkDesk 档案库，但还没有门店信息（空档案库）。如要用现在的档案，保存后请先关闭 ClerkDesk，在命令行运行下面的命令复制进去（把地址中的“${address.user}@”改为“${address.user}:密码@”），复制完成后再启动。${upgrade}`,
        };
      return {
        ...base,
        usable: true,
        message: `连接正常：${shown} 是 ClerkDesk 档案库（门店：${store}，数据结构版本 ${schemaVersion}），本版本可以打开。${upgrade}`,
      };
    } catch (error) {
      return { ...result, ...connectionProblem(error, address) };
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      await client.end().catch(() => {});
    }
  }

  /**
   * Writes archive.json (only after the server passed the same test), audited without the password.
   * The archive open now stays open: the new place is used from the next start.
   */
  async set(input: ParsedInputOf<'archiveLocation.set'>, ctx: CallContext): Promise<ArchiveLocationSaved> {
    if (!this.choice)
      throw new AppError(
        'FORBIDDEN',
        `命令行不能更改档案库位置：请在 ClerkDesk 的 设置 → 档案库 中更改，或用 --db 指定要打开的档案库（设置文件：${archiveSettingFile(this.env)}）。`,
      );
    const env = this.choice.env;
    let db: string | null;
    let place: ArchivePlace;
    let note = '';
    if (input.target === 'server') {
      const { target: _target, ...address } = input;
      const check = await this.testServer(address);
      if (!check.usable)
        throw new AppError(
          check.reachable ? 'ARCHIVE_MISCONFIGURED' : 'ARCHIVE_UNREACHABLE',
          `${check.message}设置没有改动。`,
          {
            field: check.field,
            address: check.address,
          },
        );
      db = serverUrl(address);
      place = { kind: 'server', display: check.address };
      if (check.migrateCommand)
        note = `服务器上还没有档案：重新启动前，请先关闭 ClerkDesk 并在命令行运行 ${check.migrateCommand}（把地址中的“${address.user}@”改为“${address.user}:密码@”）把现在的档案复制进去。`;
    } else {
      const file = input.path ?? null;
      if (file !== null) {
        if (isPostgresUrl(file))
          throw AppError.validation('path', '档案库文件路径', '这是服务器地址：请选择“共享服务器”并分项填写。');
        if (!path.isAbsolute(file))
          throw AppError.validation(
            'path',
            '档案库文件路径',
            '请填写完整路径（如 D:\\ClerkDesk\\archive.sqlite），或不填以使用默认位置',
          );
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        if (stat?.isDirectory())
          throw AppError.validation(
            'path',
            '档案库文件路径',
            '这是一个文件夹：请填写其中的档案库文件，如 archive.sqlite',
          );
        const problem = stat && stat.size > 0 ? headerProblem(file) : null;
        if (problem)
          throw AppError.validation('path', '档案库文件路径', `这个文件不是档案库（${problem}），设置没有改动`);
      }
      db = file === null ? null : path.resolve(file);
      place = { kind: 'file', display: db ?? defaultArchivePath(env) };
      if (this.archive.dialect === 'postgres')
        note = `本机文件里只有迁移到服务器之前的档案：服务器上之后录入的不会自动复制回来。如需要，关闭 ClerkDesk 后运行 clerkdesk migrate-archive --from "${withoutPassword(this.currentTarget)}" --to "${place.display}"（目标须是不存在或空的文件）。`;
      else if (!fs.existsSync(place.display)) note = '这个文件还不存在：重新启动后会新建一个空档案库。';
    }
    const before = await this.get();
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await writeAudit(trx, ctx, at, {
        action: 'archiveLocation.set',
        entity: 'archive_setting',
        entityId: null,
        before: { db: before.setting.db },
        after: { target: place.kind, db: db === null ? null : place.display },
      });
      // Written last, inside the transaction: if the file cannot be written the audit entry goes too.
      writeArchiveSetting(db, env);
    });
    const location = await this.get();
    const settingFile = location.setting.file;
    const message = location.overridden
      ? `已保存到 ${settingFile}。这次是用 ${location.overridden === 'cli' ? '启动参数 --db' : '环境变量 CLERKDESK_DB'} 指定的档案库启动的：只有不带它启动时才会打开 ${place.display}。${note}`
      : location.restartNeeded
        ? `已保存，重新启动 ClerkDesk 后使用 ${place.display}。${note}`
        : `已保存：${place.display} 就是现在打开的档案库，无需重新启动。`;
    return { location, restartNeeded: location.restartNeeded, message };
  }
}
