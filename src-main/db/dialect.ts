// biome-ignore-all lint/suspicious/noExplicitAny: fragments for any database schema
import fs from 'node:fs';
import path from 'node:path';
import { type Expression, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

/**
 * Which database an archive lives in: the local SQLite file (the one-counter default) or a shared
 * PostgreSQL server. Services are written once with Kysely; where the two need different SQL the
 * difference is named here (or in the migration, side by side), never guessed at a call site.
 */
export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function isPostgres(db: Kysely<any>): boolean {
  return dialectOf(db) === 'postgres';
}

/** `postgres://…` or `postgresql://…`: an archive on a PostgreSQL server rather than a file. */
export function isPostgresUrl(target: string | null | undefined): target is string {
  return typeof target === 'string' && /^postgres(ql)?:\/\//i.test(target.trim());
}

/** The server address as it may be shown and logged: the password never. */
export function displayPostgresUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://（地址无法解析）';
  }
}

/**
 * Two names for one archive: the same file (links followed), or the same database on the same
 * server. With `sameUser` a server address must also name the same user: another user is another
 * connection (设置 → 档案库 then asks for a restart), while migrate-archive only asks whether it
 * would copy a database onto itself.
 */
export function sameArchive(a: string, b: string, options: { sameUser?: boolean } = {}): boolean {
  if (isPostgresUrl(a) !== isPostgresUrl(b)) return false;
  if (!isPostgresUrl(a)) {
    const real = (p: string) => {
      try {
        return fs.realpathSync(p);
      } catch {
        return path.resolve(p);
      }
    };
    return real(a) === real(b);
  }
  try {
    const key = (text: string) => {
      const u = new URL(text.trim());
      return [
        options.sameUser ? decodeURIComponent(u.username) : '',
        u.hostname.toLowerCase(),
        u.port || '5432',
        decodeURIComponent(u.pathname.replace(/^\//, '')),
      ].join('\u0000');
    };
    return key(a) === key(b);
  } catch {
    return a.trim() === b.trim();
  }
}

// ---- SQL fragments that differ between the two (one place for each difference) ----

/** `a LIKE b` ignoring ASCII case, as SQLite's LIKE does by default (PostgreSQL: ILIKE). Backslash escapes. */
export function likeIgnoringCase(db: Kysely<any>, expr: RawBuilder<unknown> | Expression<unknown>, pattern: string) {
  return isPostgres(db)
    ? sql<boolean>`${expr} ILIKE ${pattern} ESCAPE '\\'`
    : sql<boolean>`${expr} LIKE ${pattern} ESCAPE '\\'`;
}

/** The values of a group joined by `separator` (SQLite group_concat, PostgreSQL string_agg). */
export function stringAgg(db: Kysely<any>, expr: RawBuilder<unknown> | Expression<unknown>, separator: string) {
  return isPostgres(db)
    ? sql<string | null>`string_agg(${expr}, ${separator})`
    : sql<string | null>`group_concat(${expr}, ${separator})`;
}

/** A 'YYYY-MM-DD' text date plus whole days, as 'YYYY-MM-DD' text. */
export function addDays(db: Kysely<any>, dateExpr: RawBuilder<unknown> | Expression<unknown>, days: number) {
  const n = Math.trunc(days);
  return isPostgres(db)
    ? sql<string>`to_char(CAST(${dateExpr} AS date) + ${sql.lit(n)}, 'YYYY-MM-DD')`
    : sql<string>`date(${dateExpr}, ${`${n >= 0 ? '+' : ''}${n} days`})`;
}

/** The larger of two values (SQLite's two-argument max, PostgreSQL's greatest). */
export function greatest(
  db: Kysely<any>,
  a: RawBuilder<unknown> | Expression<unknown>,
  b: RawBuilder<unknown> | Expression<unknown>,
) {
  return isPostgres(db) ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;
}

/** The smaller of two values (SQLite's two-argument min, PostgreSQL's least). */
export function least(
  db: Kysely<any>,
  a: RawBuilder<unknown> | Expression<unknown>,
  b: RawBuilder<unknown> | Expression<unknown>,
) {
  return isPostgres(db) ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`;
}

/**
 * `column IN (the list)` with the whole list as ONE parameter, so the statement text is the same
 * whatever the list's length (SQLite: a JSON array through json_each; PostgreSQL: an array, = ANY).
 */
export function inList(db: Kysely<any>, column: string, values: readonly (string | number)[]) {
  return isPostgres(db)
    ? sql<boolean>`${sql.ref(column)} = ANY(${[...values]})`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * Locks the rows a read-modify-write transaction reads, so a second counter's write to the same
 * row waits for this one and then sees its result (PostgreSQL: FOR UPDATE). SQLite needs nothing:
 * one writer at a time holds the whole file.
 */
export function forUpdate<QB extends { forUpdate(): QB }>(db: Kysely<any>, qb: QB): QB {
  return isPostgres(db) ? qb.forUpdate() : qb;
}

/**
 * The parameter value `inList` binds for `values`: for a query compiled once with `inList(db, column, [])`
 * and run again with other lists (SQLite: the JSON text; PostgreSQL: the array itself).
 */
export function inListParameter(db: Kysely<any>, values: readonly (string | number)[]): unknown {
  return isPostgres(db) ? [...values] : JSON.stringify(values);
}

/**
 * Inside a transaction: takes a lock named by `key` (held until COMMIT or ROLLBACK), so two counters
 * changing the same thing take turns even where no row exists yet to lock FOR UPDATE — e.g. a day's
 * report before its first version (PostgreSQL: a transaction-level advisory lock on the key's hash).
 * SQLite needs nothing: one writer at a time holds the whole file.
 */
export async function lockForTransaction(trx: Kysely<any>, key: string): Promise<void> {
  if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** SQL texts run as named prepared statements, with their names (see preparedOnServer). */
const PREPARED = new Map<string, string>();

/**
 * Marks a query compiled once as one to prepare on the server: each connection plans it the first
 * time and reuses the plan. For the hot, many-joined reads (the quick search), where planning costs
 * more than running; the query's text must not vary with its parameters. On a file it changes nothing.
 */
export function preparedOnServer<Q extends { readonly sql: string }>(query: Q): Q {
  if (!PREPARED.has(query.sql)) PREPARED.set(query.sql, `clerkdesk_${PREPARED.size + 1}`);
  return query;
}

/** The statement name a registered text is prepared under on each server connection, if it is one. */
export function preparedName(text: string): string | undefined {
  return PREPARED.get(text);
}
