import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { AppError } from '../../src-shared/errors';
import { makeVerifiedBackup } from '../services/backup/backup-copy';
import { backupsDirFor } from '../services/backup/backup-files';
import { archiveDamaged, damageReasonOf, headerProblem } from './archive-check';
import { type Dialect, isPostgresUrl } from './dialect';
import { MIGRATIONS } from './migrations/index';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** The file's own connection, for what only the SQLite archive has (online backup, integrity check). */
export function sqliteOf(archive: Archive, what: string): BetterSqlite3.Database {
  if (archive.sqlite) return archive.sqlite;
  throw new AppError(
    'NOT_ON_SERVER',
    `${what}只用于本机档案库文件；共享档案库（PostgreSQL 服务器）上请用服务器自己的工具（如 pg_dump 备份），详见 README“共享服务器”。`,
  );
}

export interface Archive {
  /** The local file (SQLite) or a shared server (PostgreSQL); see db/dialect.ts. */
  dialect: Dialect;
  /** The file's path, or the server's address without its password (shown and logged). */
  path: string;
  /** The server's connection address (PostgreSQL only; it may hold the password: never shown). */
  url?: string;
  /** The file's own connection (SQLite only; null on a server). */
  sqlite: BetterSqlite3.Database | null;
  db: Db;
  /** Name of the newest migration applied. */
  schemaVersion: string;
  /** Backup written before migrating an existing archive, if any. */
  backupPath: string | null;
  /** The better_sqlite3.node it was opened with, if not the default (a worker's connection needs the same). */
  nativeBinding?: string;
  /** The store's time zone as read at open (PostgreSQL: services cannot read it synchronously later). */
  storeTimeZone?: string;
  close(): Promise<void>;
}

/** `%APPDATA%\ClerkDesk\archive.sqlite`, `~/.config/ClerkDesk/archive.sqlite`, `~/Library/Application Support/ClerkDesk/archive.sqlite`. */
export function defaultArchivePath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  let base: string;
  if (platform === 'win32') base = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') base = path.join(home, 'Library', 'Application Support');
  else base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(base, 'ClerkDesk', 'archive.sqlite');
}

/** The user-data folder's setting naming the archive: `archive.json` beside the default archive file. */
export function archiveSettingFile(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return path.join(path.dirname(defaultArchivePath(env, platform)), 'archive.json');
}

/**
 * The archive named by `archive.json` in the user-data folder (`{ "db": "postgres://…" }` or a file
 * path; a relative path is taken from that folder), or null when there is no such file. A file that
 * is there but cannot be read as that is refused: guessing would open another archive.
 */
export function readArchiveSetting(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | null {
  const file = archiveSettingFile(env, platform);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('ARCHIVE_MISCONFIGURED', `档案库设置文件 ${file} 读不出来：${String(error)}`);
  }
  let db: unknown;
  try {
    db = (JSON.parse(text.replace(/^\uFEFF/, '')) as { db?: unknown } | null)?.db;
  } catch {
    db = undefined;
  }
  if (db === undefined || db === null || db === '') return null;
  if (typeof db !== 'string')
    throw new AppError(
      'ARCHIVE_MISCONFIGURED',
      `档案库设置文件 ${file} 的格式不对：应为 { "db": "postgres://用户@服务器:5432/数据库" } 或 { "db": "档案库文件路径" }。`,
    );
  return isPostgresUrl(db) ? db.trim() : path.resolve(path.dirname(file), db);
}

/**
 * Names the archive in `archive.json` (the setting readArchiveSetting reads): a `postgres://…`
 * address or a file path, or null for the default file (the key is removed). Other keys in the file
 * are kept. Written to a temporary file, flushed and renamed over the old one, so a crash leaves the
 * old setting or the new one, never half of either. Readable by this user only: a server address
 * may hold its password.
 */
export function writeArchiveSetting(
  db: string | null,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const file = archiveSettingFile(env, platform);
  let setting: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      setting = parsed as Record<string, unknown>;
  } catch {
    // Missing or unreadable as JSON: nothing to keep (an unreadable one would stop the next start anyway).
  }
  if (db === null) delete setting.db;
  else setting.db = db;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(setting, null, 2)}\n`, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new AppError(
      'ARCHIVE_MISCONFIGURED',
      `档案库设置文件 ${file} 写不进去：${String((error as Error)?.message ?? error)}。设置没有改动。`,
    );
  }
  return file;
}

/**
 * `--db` wins, then `CLERKDESK_DB`, then `archive.json` in the user-data folder (readArchiveSetting),
 * then the platform's user-data place. A `postgres://…` address (a shared archive on a server) is
 * kept as it is; a file path is made absolute.
 */
export function resolveArchivePath(cliPath?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const given = cliPath || env.CLERKDESK_DB;
  if (given) return isPostgresUrl(given) ? given.trim() : path.resolve(given);
  return readArchiveSetting(env) ?? defaultArchivePath(env);
}

export interface OpenOptions {
  /** Skip migrating (used by tests that build an archive at an older version). */
  migrations?: readonly { name: string; up(db: Kysely<unknown>): Promise<void> }[];
  readonly?: boolean;
  /**
   * An archive is known to have existed here (the backup state beside it says so): a missing or
   * empty file is then a loss to restore from a backup, not a first start.
   */
  expectExisting?: boolean;
  /** A verified backup before migrating an existing archive (default true; a restore drill's temporary copy skips it). */
  backupBeforeMigrate?: boolean;
  /**
   * How long SQLite itself waits for another writer's lock. It waits synchronously, so the host keeps
   * this tiny (HOST_BUSY_TIMEOUT_MS) and retries asynchronously instead (api/busy-retry.ts); the CLI,
   * with no other callers to keep answering, can wait longer.
   */
  busyTimeoutMs?: number;
  /**
   * Path of a better_sqlite3.node built for the running runtime. Electron needs its own build
   * (a different ABI from the Node copy in node_modules); see docs/desktop-build.md.
   */
  nativeBinding?: string;
  /** Connections in the pool (PostgreSQL only; default 10). */
  poolSize?: number;
}

/** The host's busy_timeout: a lock held elsewhere blocks its event loop for no longer than this. */
export const HOST_BUSY_TIMEOUT_MS = 20;

function applyPragmas(sqlite: BetterSqlite3.Database, readonly: boolean, busyTimeoutMs: number): void {
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('mmap_size = 268435456');
}

/**
 * Kysely prepares every query anew; this keeps the most recent prepared statements by SQL text.
 * Saves the prepare (7 µs for a short query, more with joins) and the garbage collection of
 * Statement objects. Safe because Kysely runs one statement at a time on the single connection;
 * it would not be for two interleaved `.stream()` calls of the same SQL (none in this code).
 */
const NO_OP_STATEMENT = {
  reader: false,
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  all: () => [],
  iterate: () => [][Symbol.iterator](),
} as unknown as BetterSqlite3.Statement;

export function withStatementCache(sqlite: BetterSqlite3.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, …);
      // Kysely's ROLLBACK would then fail with "no transaction is active" and hide the cause the
      // clerk must see. With no transaction open there is nothing to roll back.
      if (sqlText === 'rollback' && !sqlite.inTransaction) return NO_OP_STATEMENT;
      let stmt = cache.get(sqlText);
      if (stmt) {
        cache.delete(sqlText);
      } else {
        stmt = sqlite.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sqlText, stmt);
      return stmt;
    },
  };
}

/**
 * Opens (creating if needed) the archive, refuses one written by a newer ClerkDesk, backs an
 * existing archive up before migrating it, and applies each pending migration in its own transaction.
 */
export async function openArchive(filePath: string, options: OpenOptions = {}): Promise<Archive> {
  if (isPostgresUrl(filePath)) {
    const { openPostgresArchive } = await import('./postgres');
    return openPostgresArchive(filePath, options);
  }
  const migrations = options.migrations ?? MIGRATIONS;
  const existed = fs.existsSync(filePath) && fs.statSync(filePath).size > 0;
  if (!existed && options.expectExisting) throw archiveDamaged(filePath, 'missing');
  // The cheap check at every open; the full integrity check runs in the background and at backups.
  const badHeader = existed ? headerProblem(filePath) : null;
  if (badHeader) throw archiveDamaged(filePath, 'notadb', badHeader);
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  let sqlite: BetterSqlite3.Database;
  let tables: Set<string>;
  try {
    sqlite = new BetterSqlite3(filePath, {
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    // Read before any pragma writes to it (journal_mode): another program's file is left as it is.
    tables = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  } catch (cause) {
    throw archiveDamaged(filePath, damageReasonOf(cause) ?? 'notadb', String(cause));
  }
  // Another program's database (tables, but not ours) is never written into.
  if (tables.size > 0 && !tables.has('schema_migration')) {
    sqlite.close();
    throw archiveDamaged(filePath, 'foreign');
  }
  try {
    applyPragmas(sqlite, options.readonly ?? false, options.busyTimeoutMs ?? HOST_BUSY_TIMEOUT_MS);
  } catch (cause) {
    sqlite.close();
    throw archiveDamaged(filePath, damageReasonOf(cause) ?? 'notadb', String(cause));
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  let backupPath: string | null = null;
  try {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`);
    const applied = new Set(
      (sqlite.prepare('SELECT name FROM schema_migration').all() as { name: string }[]).map((r) => r.name),
    );
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...applied].filter((name) => !known.has(name)).sort();
    if (unknown.length > 0) {
      throw new AppError(
        'ARCHIVE_TOO_NEW',
        `这个档案库由更新版本的 ClerkDesk 写入（含 ${unknown[unknown.length - 1]}），本版本不能打开，以免损坏数据。请升级 ClerkDesk 后再打开。`,
        { unknownMigrations: unknown },
      );
    }
    const pending = migrations.filter((m) => !applied.has(m.name));
    if (pending.length > 0 && existed && applied.size > 0 && options.backupBeforeMigrate !== false) {
      // Online copy, integrity_check, then renamed into place and listed with the other backups.
      const entry = await makeVerifiedBackup({
        sqlite,
        archivePath: filePath,
        kind: 'pre-migration',
        now: new Date(),
        dir: backupsDirFor(filePath),
        nativeBinding: options.nativeBinding,
      });
      backupPath = entry.file;
    }
    for (const migration of pending) {
      // Kysely does not wrap SQLite migrations in a transaction: each one is all or nothing here.
      await db.transaction().execute(async (trx) => {
        await migration.up(trx as unknown as Kysely<unknown>);
        await sql`INSERT INTO schema_migration (name, applied_at) VALUES (${migration.name}, ${new Date().toISOString()})`.execute(
          trx,
        );
      });
    }
  } catch (error) {
    await db.destroy();
    const reason = damageReasonOf(error);
    throw reason ? archiveDamaged(filePath, reason, String(error)) : error;
  }
  const last = sqlite.prepare('SELECT max(name) AS name FROM schema_migration').get() as { name: string | null };
  return {
    dialect: 'sqlite',
    path: filePath,
    sqlite,
    db,
    schemaVersion: last.name ?? '',
    backupPath,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    close: () => db.destroy(),
  };
}
