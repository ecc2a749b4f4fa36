/**
 * How the import planner (import-planner.ts) talks to the archive: a few raw statements, written
 * once, run on the archive file (better-sqlite3, prepared statements kept by text) or on a
 * PostgreSQL server (one pg client, inside the commit's transaction). An import writes tens of
 * thousands of rows: Kysely's per-query cost would dominate, so the planner speaks SQL directly.
 *
 * The statements are the same text on both; the few spots where the two differ are the fragments
 * below (a list parameter, SQLite's index hint), and the placeholders (`?` here, `$n` on
 * PostgreSQL, rewritten once per statement). Rows come back as SQLite gives them on both (the pg
 * client has the archive's value parsers: integers as numbers).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { Dialect } from '../../db/dialect';

/** A value known now, or a promise of it: the file answers at once, a server later. */
export type Maybe<T> = T | Promise<T>;

export interface PlannerSql {
  readonly dialect: Dialect;
  /** `column IN (the list)`, the list as one parameter (give it as `list(values)`). */
  inList(column: string): string;
  list(values: readonly (string | number)[]): unknown;
  /** The column with SQLite's "do not use its index" hint (PostgreSQL has no such hint: the column). */
  unindexed(column: string): string;
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params: readonly unknown[]): Promise<T | undefined>;
  /** Runs a write: the number of rows it changed (at once on the file). */
  run(sql: string, params: readonly unknown[]): Maybe<number>;
  /**
   * Runs an `INSERT` of one row into a table with an `id` key; resolves to the new row's id. SQLite
   * reads it from the connection (its RETURNING made the import's inserts about half as slow again:
   * it collects the rows apart before handing them out); PostgreSQL adds `RETURNING id`.
   */
  insert(sql: string, params: readonly unknown[]): Maybe<number>;
  /**
   * The same `INSERT INTO t (cols) VALUES (?, …) <tail>` for many rows. SQLite runs the prepared
   * statement once per row (that is its fastest way); PostgreSQL sends a few multi-row statements
   * (a round trip per row to the server would dominate the import).
   */
  insertMany(head: string, columns: number, tail: string, rows: readonly (readonly unknown[])[]): Maybe<void>;
  /**
   * Ids for `count` new rows of `table`, taken from its sequence in one round trip, so the rows can
   * go to the server later in a few multi-row INSERTs with their ids (PostgreSQL: a round trip per
   * inserted row would dominate the import). Null on the file: one insert at a time, the id from
   * the connection, is cheapest there.
   */
  reserveIds(table: 'repair_order', count: number): Promise<number[]> | null;
}

const placeholders = (columns: number) => `(${Array.from({ length: columns }, () => '?').join(', ')})`;

/** Parameters as one array: better-sqlite3 binds it as it is (a spread call costs more, per row). */
const bind = (params: readonly unknown[]) => params as unknown[];

/** The archive file: cached prepared statements; reads answer in settled promises, writes at once. */
export class SqlitePlannerSql implements PlannerSql {
  readonly dialect = 'sqlite' as const;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  private statement(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.sqlite.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  inList(column: string): string {
    return `${column} IN (SELECT value FROM json_each(?))`;
  }

  list(values: readonly (string | number)[]): unknown {
    return JSON.stringify(values);
  }

  unindexed(column: string): string {
    return `+${column}`;
  }

  async all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.statement(sql).all(bind(params)) as T[];
  }

  async get<T>(sql: string, params: readonly unknown[]): Promise<T | undefined> {
    return this.statement(sql).get(bind(params)) as T | undefined;
  }

  run(sql: string, params: readonly unknown[]): number {
    return this.statement(sql).run(bind(params)).changes;
  }

  insert(sql: string, params: readonly unknown[]): number {
    return Number(this.statement(sql).run(bind(params)).lastInsertRowid);
  }

  insertMany(head: string, columns: number, tail: string, rows: readonly (readonly unknown[])[]): void {
    if (rows.length === 0) return;
    const insert = this.statement(`${head} VALUES ${placeholders(columns)} ${tail}`);
    for (const row of rows) insert.run(bind(row));
  }

  reserveIds(): null {
    return null;
  }
}

/** `?` → `$1, $2, …` (the planner's statements hold no `?` inside quotes). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Rows per multi-row INSERT on PostgreSQL (well under its 65,535 parameters). */
const ROWS_PER_INSERT = 1000;

/**
 * One pg client (the caller's: inside its transaction). Statements are prepared on the server once
 * per connection (named), as the file's are.
 */
export class PostgresPlannerSql implements PlannerSql {
  readonly dialect = 'postgres' as const;
  private readonly names = new Map<string, { name: string; text: string }>();

  constructor(private readonly client: pg.ClientBase) {}

  private query(sql: string, params: readonly unknown[]): Promise<pg.QueryResult> {
    let known = this.names.get(sql);
    if (!known) {
      known = { name: `clerkdesk_import_${this.names.size + 1}`, text: numberedPlaceholders(sql) };
      this.names.set(sql, known);
    }
    return this.client.query({ name: known.name, text: known.text, values: [...params] });
  }

  inList(column: string): string {
    return `${column} = ANY(?)`;
  }

  list(values: readonly (string | number)[]): unknown {
    return [...values];
  }

  unindexed(column: string): string {
    return column;
  }

  async all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async get<T>(sql: string, params: readonly unknown[]): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async run(sql: string, params: readonly unknown[]): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async insert(sql: string, params: readonly unknown[]): Promise<number> {
    return Number((await this.query(`${sql} RETURNING id`, params)).rows[0].id);
  }

  async reserveIds(table: 'repair_order', count: number): Promise<number[]> {
    const { rows } = await this.query(
      `SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id FROM generate_series(1, ?::int)`,
      [count],
    );
    return rows.map((r: { id: number }) => Number(r.id)).sort((a, b) => a - b);
  }

  async insertMany(head: string, columns: number, tail: string, rows: readonly (readonly unknown[])[]): Promise<void> {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const group = rows.slice(start, start + ROWS_PER_INSERT);
      const values = group.map(() => placeholders(columns)).join(', ');
      const sql = `${head} VALUES ${values} ${tail}`;
      // A full group has the same text every time: prepared once. The last, shorter one is not kept.
      if (group.length === ROWS_PER_INSERT) await this.query(sql, group.flat());
      else await this.client.query(numberedPlaceholders(sql), group.flat());
    }
  }
}
