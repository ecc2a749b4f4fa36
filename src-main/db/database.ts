import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { AppError } from '../../src-shared/errors';
import { MIGRATIONS } from './migrations/index';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface Archive {
  path: string;
  sqlite: BetterSqlite3.Database;
  db: Db;
  /** Name of the newest migration applied. */
  schemaVersion: string;
  /** Backup written before migrating an existing archive, if any. */
  backupPath: string | null;
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

/** `--db` wins, then `CLERKDESK_DB`, then the platform's user-data place. */
export function resolveArchivePath(cliPath?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (cliPath) return path.resolve(cliPath);
  if (env.CLERKDESK_DB) return path.resolve(env.CLERKDESK_DB);
  return defaultArchivePath(env);
}

export interface OpenOptions {
  /** Skip migrating (used by tests that build an archive at an older version). */
  migrations?: readonly { name: string; up(db: Kysely<unknown>): Promise<void> }[];
  readonly?: boolean;
  /**
   * Path of a better_sqlite3.node built for the running runtime. Electron needs its own build
   * (a different ABI from the Node copy in node_modules); see docs/desktop-build.md.
   */
  nativeBinding?: string;
}

function applyPragmas(sqlite: BetterSqlite3.Database, readonly: boolean): void {
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
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
  const migrations = options.migrations ?? MIGRATIONS;
  const existed = fs.existsSync(filePath) && fs.statSync(filePath).size > 0;
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(filePath, {
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    applyPragmas(sqlite, options.readonly ?? false);
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (cause) {
    throw new AppError(
      'ARCHIVE_DAMAGED',
      `无法打开档案库 ${filePath}：文件已损坏或不是 ClerkDesk 档案库。请从备份恢复，或用 --db 指定另一个文件。`,
      { cause: String(cause) },
    );
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
    if (pending.length > 0 && existed && applied.size > 0) {
      backupPath = `${filePath}.before-${pending[0]!.name}.bak`;
      fs.rmSync(backupPath, { force: true });
      sqlite.prepare('VACUUM INTO ?').run(backupPath);
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
    throw error;
  }
  const last = sqlite.prepare('SELECT max(name) AS name FROM schema_migration').get() as { name: string | null };
  return {
    path: filePath,
    sqlite,
    db,
    schemaVersion: last.name ?? '',
    backupPath,
    close: () => db.destroy(),
  };
}
