/**
 * The import worker's own connection to the archive, on the file or on a PostgreSQL server: the
 * planner's SQL port (import-sql.ts), a Kysely instance on the SAME connection (audit entries and
 * the batch row are written inside the import's transaction), and that transaction.
 *
 * One import at a time per store: on the file BEGIN IMMEDIATE takes SQLite's write lock (another
 * writer waits, busy_timeout); on a server the commit's transaction takes a transaction-level
 * advisory lock first, so a second counter's import waits for the first one's COMMIT and then
 * plans its rows against what the first wrote (READ COMMITTED: each statement sees it).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type PostgresPool, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { withStatementCache } from '../../db/database';
import type { Dialect } from '../../db/dialect';
import type { Database } from '../../db/schema';
import type { PlannerSql } from './import-sql';
import { PostgresPlannerSql, SqlitePlannerSql } from './import-sql';
import type { ArchiveAccess } from './import-worker-protocol';

/** The advisory lock an import's commit holds on a server ("ClkI"): one import at a time per archive. */
export const IMPORT_LOCK = 0x436c_6b49;

export interface ImportConnection {
  readonly dialect: Dialect;
  readonly sql: PlannerSql;
  readonly db: Kysely<Database>;
  /**
   * Starts the commit's transaction, once no other import of the store is writing; `waiting` is
   * told if it has to wait for one.
   */
  begin(waiting: () => void): Promise<void>;
  commit(): Promise<void>;
  /** Rolls back if a transaction is open (the database may have ended it already). */
  rollback(): Promise<void>;
  /** Closes the connection (again: nothing). */
  close(): Promise<void>;
}

/** The archive file: its own better-sqlite3 connection, with the host's mode and limits. */
function openFile(access: ArchiveAccess): ImportConnection {
  const sqlite = new BetterSqlite3(access.path, {
    readonly: access.readonly,
    fileMustExist: true,
    ...(access.nativeBinding ? { nativeBinding: access.nativeBinding } : {}),
  });
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // It waits for locks here, which blocks no one but this thread.
  sqlite.pragma('busy_timeout = 30000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  sqlite.pragma('temp_store = MEMORY');
  // The host's limits apply here too (a test simulates a full disk with max_page_count).
  if (access.maxPageCount !== null) sqlite.pragma(`max_page_count = ${Math.trunc(access.maxPageCount)}`);
  return {
    dialect: 'sqlite',
    sql: new SqlitePlannerSql(sqlite),
    // Prepared statements kept by SQL text, as on the host's connection (Kysely prepares every query anew).
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
    async begin(waiting) {
      // Another process writing the file (a second window, the CLI): say so before the wait,
      // which blocks this thread (busy_timeout) and so could not say anything meanwhile.
      sqlite.pragma('busy_timeout = 0');
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
      } finally {
        sqlite.pragma('busy_timeout = 30000');
      }
      waiting();
      sqlite.exec('BEGIN IMMEDIATE');
    },
    async commit() {
      sqlite.exec('COMMIT');
    },
    async rollback() {
      // SQLite may have rolled back by itself (SQLITE_FULL, SQLITE_IOERR): then there is nothing to undo.
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    },
    async close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** A server: one client of a one-connection pool, shared by the planner's port and Kysely. */
async function openServer(url: string): Promise<ImportConnection> {
  // Loaded only for a server archive (the file's worker never needs pg).
  const { postgresPool } = await import('../../db/postgres');
  const pool = postgresPool(url, 1);
  pool.on('error', () => {});
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end().catch(() => {});
    throw error;
  });
  // An error on the idle client (the server went away) fails the next query; it must not crash the worker.
  client.on('error', () => {});
  // Kysely gets the same client every time (released for real only at close).
  const shared = { query: client.query.bind(client), release() {} } as unknown as Awaited<
    ReturnType<PostgresPool['connect']>
  >;
  const single: PostgresPool = { connect: async () => shared, end: async () => {} };
  let inTransaction = false;
  let broken = false;
  let closed = false;
  return {
    dialect: 'postgres',
    sql: new PostgresPlannerSql(client as pg.ClientBase),
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) }),
    async begin(waiting) {
      await client.query('BEGIN');
      inTransaction = true;
      const free = await client.query<{ ok: number }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [IMPORT_LOCK]);
      if (free.rows[0]?.ok) return;
      waiting();
      await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    },
    async commit() {
      await client.query('COMMIT');
      inTransaction = false;
    },
    async rollback() {
      if (!inTransaction) return;
      inTransaction = false;
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      client.release(broken);
      await pool.end().catch(() => {});
    },
  };
}

/** Opens the worker's connection as the host told it (`access.url`: a server, else the file). */
export async function openImportConnection(access: ArchiveAccess): Promise<ImportConnection> {
  return access.url ? openServer(access.url) : openFile(access);
}
