/**
 * Plain SQL for arranging and checking a test archive on either dialect: the statement is written
 * once with `?` placeholders (as better-sqlite3 takes them) and runs through the archive's Kysely
 * connection, so the same test line works on the SQLite file and on a PostgreSQL database.
 * Write SQL both understand (no `INSERT OR IGNORE`, no `date(x, '+1 day')`, no "double-quoted" text).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Archive } from '../../src-main/db/database';

/** The text around each `?` placeholder; a `?` inside quoted text is text. */
function fragmentsOf(query: string): string[] {
  const fragments: string[] = [];
  let quote: string | null = null;
  let fragment = '';
  for (const ch of query) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      fragments.push(fragment);
      fragment = '';
      continue;
    }
    fragment += ch;
  }
  fragments.push(fragment);
  return fragments;
}

function statement<T>(query: string, params: readonly unknown[]): RawBuilder<T> {
  const fragments = fragmentsOf(query);
  if (fragments.length - 1 !== params.length)
    throw new Error(`raw SQL has ${fragments.length - 1} placeholders and ${params.length} values: ${query}`);
  return sql<T>(Object.assign([...fragments], { raw: fragments }) as unknown as TemplateStringsArray, ...params);
}

export interface RawSql {
  /** Every row. */
  all<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of the first row (better-sqlite3's `.pluck().get()`). */
  value<T = unknown>(query: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of every row (better-sqlite3's `.pluck().all()`). */
  column<T = unknown>(query: string, ...params: unknown[]): Promise<T[]>;
  /** A statement that returns nothing; the rows it changed. */
  run(query: string, ...params: unknown[]): Promise<number>;
  /** An INSERT of one row; the new row's id (RETURNING id, on both). */
  insert(query: string, ...params: unknown[]): Promise<number>;
}

/**
 * Raw SQL on the archive (or on whichever archive the getter gives when called: `() => t.archive`),
 * or on a connection such as a transaction's `trx`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any archive schema
export function rawSql(archive: Archive | (() => Archive) | Kysely<any>): RawSql {
  const db = () =>
    typeof archive === 'function' ? archive().db : 'getExecutor' in archive ? archive : (archive as Archive).db;
  const all = async <T>(query: string, ...params: unknown[]) =>
    (await statement<T>(query, params).execute(db())).rows as T[];
  const firstValue = (row: unknown) => (row === undefined ? undefined : Object.values(row as object)[0]);
  return {
    all,
    get: async <T>(query: string, ...params: unknown[]) => (await all<T>(query, ...params))[0],
    value: async <T>(query: string, ...params: unknown[]) =>
      firstValue((await all(query, ...params))[0]) as T | undefined,
    column: async <T>(query: string, ...params: unknown[]) =>
      (await all(query, ...params)).map((r) => firstValue(r) as T),
    run: async (query: string, ...params: unknown[]) =>
      Number((await statement(query, params).execute(db())).numAffectedRows ?? 0),
    insert: async (query: string, ...params: unknown[]) =>
      Number((await all<{ id: number }>(`${query} RETURNING id`, ...params))[0]?.id),
  };
}
