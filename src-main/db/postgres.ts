/**
 * The archive on a PostgreSQL server: several counters (and a manager's PC) share one archive.
 * Same Kysely services, same migration history (migrations/ddl.ts), same checks at open as the
 * file: unreachable or misconfigured servers are refused with a clear message before anything is
 * written, an archive written by a newer ClerkDesk is refused, and another program's database is
 * never written into.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../../src-shared/errors';
import type { Archive, OpenOptions } from './database';
import { displayPostgresUrl, preparedName } from './dialect';
import { MIGRATIONS } from './migrations/index';
import type { Database } from './schema';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const BOOL_OID = 16;

/**
 * Values read as SQLite gives them, so services and figures are the same on both: 64-bit integers
 * and numerics (count(*), sum(…)) as numbers, booleans (a comparison in a SELECT) as 1/0.
 */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    if (oid === BOOL_OID) return (value: string) => (value === 't' ? 1 : 0);
    // biome-ignore lint/suspicious/noExplicitAny: pg-types' overloads
    return (pg.types.getTypeParser as any)(oid, format);
  },
} as pg.CustomTypesConfig;

/** The migration lock: one ClerkDesk at a time migrates a shared archive (others wait). */
const MIGRATION_LOCK = 0x436c_6b44; // "ClkD"

/** Collations that order text by code point, as SQLite does: the same lists in the same order. */
const CODE_POINT_COLLATIONS = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'ucs_basic']);

function unreachable(url: string, cause: unknown): AppError {
  const error = cause as { code?: string; message?: string };
  const where = displayPostgresUrl(url);
  const code = error?.code ?? '';
  let why: string;
  if (code === 'ECONNREFUSED') why = '服务器拒绝连接（服务没有启动，或端口不对）';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') why = '找不到这个服务器地址（主机名写错，或网络不通）';
  else if (code === 'ETIMEDOUT' || /timeout/i.test(error?.message ?? ''))
    why = '连接超时（网络不通，或防火墙挡住了端口）';
  else if (code === '28P01' || code === '28000') why = '用户名或密码不对';
  else if (code === '3D000') why = '服务器上没有这个数据库（请先按说明建库）';
  else why = `连接失败：${String(error?.message ?? cause).slice(0, 200)}`;
  return new AppError(
    'ARCHIVE_UNREACHABLE',
    `无法打开共享档案库 ${where}：${why}。请检查档案库地址（--db / CLERKDESK_DB / 设置）、服务器是否开着、用户名和密码；什么都没有改动。`,
    { url: where, code },
  );
}

/** Encoding and collation of the database a client is connected to, as read for the check at open. */
export interface DatabaseSetup {
  encoding: string;
  collate: string;
  /** 'i' for an ICU database (PostgreSQL 15+), 'c' for libc, null on older servers. */
  provider: string | null;
  /** UTF8 with a code-point collation: lists sort as in the file. */
  acceptable: boolean;
}

/**
 * Reads the connected database's encoding and collation and says whether ClerkDesk can use it.
 * Reads only: the check at open and 设置 → 档案库's connection test (which must not change anything) share it.
 */
export async function readDatabaseSetup(client: pg.ClientBase): Promise<DatabaseSetup> {
  // datlocprovider (PostgreSQL 15+; read through to_jsonb so older servers answer null): an ICU
  // database orders text by its ICU locale whatever datcollate says.
  const setup = await client.query<{ encoding: string; collate: string; provider: string | null }>(
    `SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate,
            to_jsonb(d) ->> 'datlocprovider' AS provider
       FROM pg_database d WHERE datname = current_database()`,
  );
  const { encoding, collate, provider } = setup.rows[0] ?? { encoding: '', collate: '', provider: null };
  const acceptable = encoding === 'UTF8' && CODE_POINT_COLLATIONS.has(collate) && provider !== 'i';
  return { encoding, collate, provider, acceptable };
}

/** The refusal of a database in another encoding or collation: what it is, and how to make one that fits. */
export function databaseSetupRefusal(where: string, setup: DatabaseSetup): AppError {
  const { encoding, collate, provider } = setup;
  return new AppError(
    'ARCHIVE_MISCONFIGURED',
    `共享档案库 ${where} 的数据库是 ${encoding || '未知'} 编码、${provider === 'i' ? 'ICU' : collate || '未知'} 排序规则；ClerkDesk 需要 UTF8 编码和 C 排序规则（与本机档案库的排序一致）。请让管理员按 README 用 “CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'” 新建一个数据库。什么都没有改动。`,
    { url: where, encoding, collate, provider },
  );
}

async function checkDatabaseSetup(client: pg.ClientBase, where: string): Promise<void> {
  const setup = await readDatabaseSetup(client);
  if (!setup.acceptable) throw databaseSetupRefusal(where, setup);
}

type QueryFn = (...args: unknown[]) => unknown;

/** Sends a registered text by name: Kysely calls query(text, values), which pg would plan every time. */
function namePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    const name = typeof text === 'string' ? preparedName(text) : undefined;
    return name ? query({ name, text, values }, callback) : query(...args);
  };
}

/** A pool on the server, with the archive's own value parsers. */
export function postgresPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: TYPES,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'ClerkDesk',
  });
  pool.on('connect', namePreparedStatements);
  return pool;
}

export async function openPostgresArchive(url: string, options: OpenOptions = {}): Promise<Archive> {
  const migrations = options.migrations ?? MIGRATIONS;
  const pool = postgresPool(url, options.poolSize ?? 10);
  // An unreachable server must not leave an error event unhandled on an idle client.
  pool.on('error', () => {});
  const where = displayPostgresUrl(url);
  try {
    const client = await pool.connect();
    try {
      await checkDatabaseSetup(client, where);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof AppError) throw error;
    throw unreachable(url, error);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await db.connection().execute(async (conn) => {
      // Two counters starting the same new version at once: the second waits, then finds nothing to do.
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
      try {
        const tables = new Set(
          (
            await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(conn)
          ).rows.map((r) => r.name),
        );
        if (tables.size > 0 && !tables.has('schema_migration')) {
          throw new AppError(
            'ARCHIVE_MISCONFIGURED',
            `共享档案库 ${where} 里已有别的程序的表（不是 ClerkDesk 的档案库），不会写入。请为 ClerkDesk 新建一个空数据库。`,
            { url: where },
          );
        }
        if (options.readonly && tables.size === 0) {
          throw new AppError('ARCHIVE_MISCONFIGURED', `共享档案库 ${where} 是空的（还没有 ClerkDesk 的档案）。`, {
            url: where,
          });
        }
        await sql`CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(
          conn,
        );
        const applied = new Set(
          (await sql<{ name: string }>`SELECT name FROM schema_migration`.execute(conn)).rows.map((r) => r.name),
        );
        const known = new Set(migrations.map((m) => m.name));
        const unknown = [...applied].filter((name) => !known.has(name)).sort();
        if (unknown.length > 0) {
          throw new AppError(
            'ARCHIVE_TOO_NEW',
            `这个共享档案库由更新版本的 ClerkDesk 写入（含 ${unknown[unknown.length - 1]}），本版本不能打开，以免损坏数据。请升级本机的 ClerkDesk 后再打开。`,
            { unknownMigrations: unknown },
          );
        }
        for (const migration of migrations.filter((m) => !applied.has(m.name))) {
          // PostgreSQL runs DDL inside transactions: each migration is all or nothing.
          await conn.transaction().execute(async (trx) => {
            await migration.up(trx as unknown as Kysely<unknown>);
            await sql`INSERT INTO schema_migration (name, applied_at) VALUES (${migration.name}, ${new Date().toISOString()})`.execute(
              trx,
            );
          });
        }
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn).catch(() => {});
      }
    });
  } catch (error) {
    await db.destroy().catch(() => {});
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string })?.code ?? '';
    if (/^(08|28|3D|57P)/.test(code) || /^E[A-Z]+$/.test(code)) throw unreachable(url, error);
    throw error;
  }
  const last = await sql<{ name: string | null }>`SELECT max(name) AS name FROM schema_migration`.execute(db);
  const store = await sql<{ time_zone: string }>`SELECT time_zone FROM store_profile WHERE id = 1`.execute(db);
  return {
    dialect: 'postgres',
    path: where,
    url,
    sqlite: null,
    db,
    schemaVersion: last.rows[0]?.name ?? '',
    backupPath: null,
    ...(store.rows[0] ? { storeTimeZone: store.rows[0].time_zone } : {}),
    close: () => db.destroy(),
  };
}
