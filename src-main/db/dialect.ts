import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Which database an archive lives in: the local SQLite file (the one-counter default) or a shared
 * PostgreSQL server. Services are written once with Kysely; where the two need different SQL the
 * difference is named here (or in the migration, side by side), never guessed at a call site.
 */
export type Dialect = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: any database schema
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

// biome-ignore lint/suspicious/noExplicitAny: any database schema
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
