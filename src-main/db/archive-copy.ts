/**
 * A whole archive copied from one database into another: file → server when a store moves to a
 * shared archive, server → file for a local copy, file → file too. The target must be empty (as its
 * migrations left it); everything is written in one transaction on the target and verified inside
 * it (row count and checksum per table, read the same way on both sides), so nothing lands
 * unverified: a mismatch rolls the whole copy back.
 *
 * Scans (the files beside an archive file, `archive.sqlite.files/`) are not in the database and are
 * not copied; the CLI says so.
 */
import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { AppError } from '../../src-shared/errors';
import { type Archive, openArchive } from './database';
import { isPostgres } from './dialect';

// biome-ignore lint/suspicious/noExplicitAny: tables are read from the database, not from the schema type
type AnyDb = Kysely<any>;

export interface CopyProgress {
  table: string;
  done: number;
  total: number;
}

export interface CopyOptions {
  onProgress?(p: CopyProgress): void;
  /** Rows per INSERT (default 500; fewer for wide tables, under both databases' parameter limits). */
  batchRows?: number;
}

export interface TableCopy {
  name: string;
  rows: number;
  /** SHA-256 (hex) of the table's rows in primary-key order, the same on both dialects. */
  checksum: string;
}

export interface CopyReport {
  /** In the order copied (parents before the tables that refer to them). */
  tables: TableCopy[];
  millis: number;
}

/** A table as read from the database itself (not from the Kysely schema type). */
interface TableShape {
  name: string;
  columns: string[];
  /** Primary-key columns in key order: rows are read, copied and hashed in this order. */
  key: string[];
}

/** Its own history, not archive data: both sides must have the same one, written at their own times. */
const MIGRATION_TABLE = 'schema_migration';

/** Both databases' limits on parameters per statement (SQLite 32766, PostgreSQL 65535), with room. */
const MAX_PARAMETERS = 30_000;

/** Rows read per page when hashing (keyset pages: no OFFSET to rescan). */
const READ_PAGE_ROWS = 2_000;

// ---------------------------------------------------------------------------------------------
// Reading the shape of an archive from either database

async function tableNamesOf(db: AnyDb): Promise<string[]> {
  const rows = isPostgres(db)
    ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
    : await sql<{ name: string }>`SELECT name FROM sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
  return rows.rows.map((r) => r.name).sort();
}

async function shapeOf(db: AnyDb, name: string): Promise<TableShape> {
  if (isPostgres(db)) {
    const columns = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${name} ORDER BY ordinal_position`.execute(db);
    const key = await sql<{ name: string }>`SELECT k.column_name AS name
      FROM information_schema.table_constraints c
      JOIN information_schema.key_column_usage k
        ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
       AND k.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND c.table_name = ${name} AND c.constraint_type = 'PRIMARY KEY'
      ORDER BY k.ordinal_position`.execute(db);
    return { name, columns: columns.rows.map((r) => r.name), key: key.rows.map((r) => r.name) };
  }
  const info = await sql<{
    name: string;
    pk: number;
  }>`SELECT name, pk FROM pragma_table_info(${name}) ORDER BY cid`.execute(db);
  return {
    name,
    columns: info.rows.map((r) => r.name),
    key: info.rows
      .filter((r) => r.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((r) => r.name),
  };
}

/** child → the tables its foreign keys refer to. */
async function foreignKeysOf(db: AnyDb, tables: readonly string[]): Promise<Map<string, Set<string>>> {
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  const rows = isPostgres(db)
    ? await sql<{ child: string; parent: string }>`SELECT c.relname AS child, p.relname AS parent
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_class p ON p.oid = k.confrelid
        WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`.execute(db)
    : await sql<{ child: string; parent: string }>`SELECT m.name AS child, f."table" AS parent
        FROM sqlite_master m, pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`.execute(db);
  for (const { child, parent } of rows.rows) parents.get(child)?.add(parent);
  return parents;
}

/**
 * Parents before children (ties by name, so the order is the same every time). A table that refers
 * to itself or sits in a cycle cannot be ordered: it is reported, and the copy defers the checks.
 */
function foreignKeyOrder(parents: Map<string, Set<string>>): { order: string[]; cyclic: boolean } {
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = new Set([...parents.keys()].sort());
  let cyclic = false;
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) =>
      [...(parents.get(t) ?? [])].every((p) => p === t || placed.has(p) || !parents.has(p)),
    );
    if ([...remaining].some((t) => parents.get(t)?.has(t))) cyclic = true;
    // A cycle: take the first table left; its foreign keys are checked at the end instead.
    const next = ready.length > 0 ? ready : [[...remaining][0]!];
    if (ready.length === 0) cyclic = true;
    for (const t of next) {
      order.push(t);
      placed.add(t);
      remaining.delete(t);
    }
  }
  return { order, cyclic };
}

// ---------------------------------------------------------------------------------------------
// Reading rows in key order, and the checksum over them

/** One value as hashed: the same text for the same value whichever database it was read from. */
function valueToken(value: unknown): string {
  if (value === null || value === undefined) return '\u0000N';
  if (typeof value === 'number' || typeof value === 'bigint') return `n${String(value)}`;
  if (typeof value === 'string') return `s${value.length}:${value}`;
  if (value instanceof Uint8Array) return `b${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'boolean') return `n${value ? 1 : 0}`;
  return `j${JSON.stringify(value)}`;
}

function keyAfter(shape: TableShape, last: unknown[] | null): RawBuilder<unknown> {
  if (last === null) return sql``;
  const keys = shape.key.map((k) => sql.ref(k));
  const values = shape.key.map((k) => sql`${last[shape.columns.indexOf(k)]}`);
  return keys.length === 1
    ? sql`WHERE ${keys[0]!} > ${values[0]!}`
    : sql`WHERE (${sql.join(keys)}) > (${sql.join(values)})`;
}

/**
 * Every row of the table in primary-key order, in pages (a keyset: each page starts after the last
 * key seen), as value arrays in `shape.columns` order; returns the count and the checksum.
 */
async function scanTable(
  db: AnyDb,
  shape: TableShape,
  pageRows: number,
  onPage?: (rows: unknown[][]) => Promise<void>,
): Promise<{ rows: number; checksum: string }> {
  if (shape.key.length === 0) {
    throw new AppError('INTERNAL', `表 ${shape.name} 没有主键，无法按同样的顺序核对，没有复制。`);
  }
  const hash = createHash('sha256');
  hash.update(`${shape.columns.join(',')}\n`);
  const columns = sql.join(shape.columns.map((c) => sql.ref(c)));
  const orderBy = sql.join(shape.key.map((k) => sql.ref(k)));
  let last: unknown[] | null = null;
  let count = 0;
  for (;;) {
    const page = await sql<Record<string, unknown>>`SELECT ${columns} FROM ${sql.table(shape.name)}
      ${keyAfter(shape, last)} ORDER BY ${orderBy} LIMIT ${pageRows}`.execute(db);
    const rows = page.rows.map((r) => shape.columns.map((c) => r[c]));
    for (const row of rows) hash.update(`${row.map(valueToken).join('\u0001')}\n`);
    count += rows.length;
    if (rows.length > 0) await onPage?.(rows);
    if (rows.length < pageRows) break;
    last = rows[rows.length - 1]!;
  }
  return { rows: count, checksum: hash.digest('hex') };
}

async function countRows(db: AnyDb, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Count and checksum of every table (schema_migration aside), in name order. */
export async function archiveChecksums(archive: Archive): Promise<TableCopy[]> {
  const out: TableCopy[] = [];
  for (const name of await tableNamesOf(archive.db)) {
    if (name === MIGRATION_TABLE) continue;
    const digest = await scanTable(archive.db, await shapeOf(archive.db, name), READ_PAGE_ROWS);
    out.push({ name, ...digest });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// "Empty": as this version's migrations leave a new archive

let freshDefaults: Promise<Map<string, { rows: number; checksum: string }>> | null = null;

/**
 * The rows a new archive starts with (default letter and SMS templates, questionnaires: written by
 * the migrations at fixed times, so the same on every new archive of this version, file or server).
 */
function migrationDefaults(): Promise<Map<string, { rows: number; checksum: string }>> {
  freshDefaults ??= (async () => {
    const fresh = await openArchive(':memory:');
    try {
      const tables = await archiveChecksums(fresh);
      return new Map(tables.filter((t) => t.rows > 0).map((t) => [t.name, { rows: t.rows, checksum: t.checksum }]));
    } finally {
      await fresh.close();
    }
  })();
  freshDefaults.catch(() => {
    freshDefaults = null;
  });
  return freshDefaults;
}

/**
 * Refuses a target holding anything a new archive does not: any row in any table beyond the
 * defaults its migrations wrote. Returns the tables holding only those defaults (the copy replaces
 * them with the source's own). Nothing is written.
 */
export async function assertEmptyTarget(db: AnyDb, place: string): Promise<string[]> {
  const defaults = await migrationDefaults();
  const onlyDefaults: string[] = [];
  for (const name of await tableNamesOf(db)) {
    if (name === MIGRATION_TABLE) continue;
    const rows = await countRows(db, name);
    if (rows === 0) continue;
    const fresh = defaults.get(name);
    if (fresh && fresh.rows === rows) {
      const digest = await scanTable(db, await shapeOf(db, name), READ_PAGE_ROWS);
      if (digest.checksum === fresh.checksum) {
        onlyDefaults.push(name);
        continue;
      }
    }
    throw new AppError(
      'CONFLICT',
      `目标档案库 ${place} 不是空的：表 ${name} 已有 ${rows} 行。只能复制到新建的空档案库（不存在的文件，或服务器上新建的空数据库），以免混在一起或覆盖数据；什么都没有改动。`,
      { table: name, rows },
    );
  }
  return onlyDefaults;
}

// ---------------------------------------------------------------------------------------------
// The copy

/** PostgreSQL: identity columns numbered on from the largest id copied (explicit ids do not move them). */
async function resetSequences(trx: AnyDb, tables: readonly string[]): Promise<void> {
  const identities = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`.execute(trx);
  for (const { table_name: table, column_name: column } of identities.rows) {
    if (!tables.includes(table)) continue;
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), max(${sql.ref(column)}), true)
      FROM ${sql.table(table)} HAVING max(${sql.ref(column)}) IS NOT NULL`.execute(trx);
  }
}

function sameColumns(a: TableShape, b: TableShape): boolean {
  return (
    a.columns.length === b.columns.length &&
    a.columns.every((c) => b.columns.includes(c)) &&
    a.key.join(',') === b.key.join(',')
  );
}

/**
 * Copies every row of `from` into the empty archive `to` (both opened with openArchive, so both at
 * this version's schema). One transaction on the target, verified before it commits; the source is
 * read in one snapshot. Throws AppError CONFLICT for a non-empty target (nothing written).
 */
export async function copyArchive(from: Archive, to: Archive, options: CopyOptions = {}): Promise<CopyReport> {
  const started = Date.now();
  if (from === to || from.db === to.db || (from.dialect === to.dialect && from.path === to.path)) {
    throw new AppError('CONFLICT', `源档案库和目标档案库是同一个（${to.path}），没有复制。`);
  }
  if (from.schemaVersion !== to.schemaVersion) {
    throw new AppError(
      'CONFLICT',
      `源档案库的数据结构版本（${from.schemaVersion || '无'}）与目标档案库（${to.schemaVersion || '无'}）不同。请用同一版本的 ClerkDesk 打开两者（打开时会自动升级）后再复制；什么都没有改动。`,
      { from: from.schemaVersion, to: to.schemaVersion },
    );
  }
  const batchRows = Math.max(1, Math.trunc(options.batchRows ?? 500));

  const source = from.db.transaction();
  // One snapshot of a shared source, even while counters keep working in it.
  const snapshot = isPostgres(from.db)
    ? source.setIsolationLevel('repeatable read').setAccessMode('read only')
    : source;
  return snapshot.execute(async (source) => {
    const src = source as AnyDb;
    return to.db.transaction().execute(async (target) => {
      const dst = target as AnyDb;
      const names = (await tableNamesOf(src)).filter((n) => n !== MIGRATION_TABLE);
      const targetNames = (await tableNamesOf(dst)).filter((n) => n !== MIGRATION_TABLE);
      const missing = names.filter((n) => !targetNames.includes(n));
      const extra = targetNames.filter((n) => !names.includes(n));
      const migrations = async (db: AnyDb) =>
        (await sql<{ name: string }>`SELECT name FROM schema_migration ORDER BY name`.execute(db)).rows
          .map((r) => r.name)
          .join('\n');
      if (missing.length > 0 || extra.length > 0 || (await migrations(src)) !== (await migrations(dst))) {
        throw new AppError(
          'CONFLICT',
          `源档案库和目标档案库的表不一样（${[...missing, ...extra].slice(0, 5).join('、') || '迁移记录不同'}），不能直接复制；什么都没有改动。`,
          { missing, extra },
        );
      }
      const shapes = new Map<string, TableShape>();
      for (const name of names) {
        const shape = await shapeOf(src, name);
        const theirs = await shapeOf(dst, name);
        if (!sameColumns(shape, theirs)) {
          throw new AppError(
            'CONFLICT',
            `表 ${name} 在源档案库和目标档案库中的列不一样，不能直接复制；什么都没有改动。`,
            { table: name, from: shape.columns, to: theirs.columns },
          );
        }
        shapes.set(name, shape);
      }

      // Refused before anything is written; a new archive's default rows make way for the source's.
      const defaultsOnly = await assertEmptyTarget(dst, to.path);
      const { order, cyclic } = foreignKeyOrder(await foreignKeysOf(src, names));
      for (const name of [...order].reverse()) {
        if (defaultsOnly.includes(name)) await sql`DELETE FROM ${sql.table(name)}`.execute(dst);
      }
      if (isPostgres(dst)) {
        // Only a self-reference or a cycle needs the checks off (needs a superuser); parents-first
        // order satisfies every other foreign key as it is written.
        if (cyclic) await sql`SET LOCAL session_replication_role = replica`.execute(dst);
      } else {
        // Checked once, at COMMIT, instead of row by row (ends with the transaction).
        await sql`PRAGMA defer_foreign_keys = ON`.execute(dst);
      }

      const totals = new Map<string, number>();
      for (const name of order) totals.set(name, await countRows(src, name));
      const copied: TableCopy[] = [];
      for (const name of order) {
        const shape = shapes.get(name)!;
        const total = totals.get(name) ?? 0;
        const perInsert = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / shape.columns.length)));
        let done = 0;
        options.onProgress?.({ table: name, done, total });
        const digest = await scanTable(src, shape, perInsert, async (rows) => {
          const values = rows.map((row) => Object.fromEntries(shape.columns.map((c, i) => [c, row[i]])));
          await dst.insertInto(name).values(values).execute();
          done += rows.length;
          options.onProgress?.({ table: name, done, total: Math.max(total, done) });
        });
        copied.push({ name, ...digest });
      }

      if (isPostgres(dst)) await resetSequences(dst, order);
      else {
        const broken = await sql<{ table: string; parent: string }>`PRAGMA foreign_key_check`.execute(dst);
        if (broken.rows.length > 0) {
          const first = broken.rows[0]!;
          throw new AppError(
            'INTERNAL',
            `复制后表 ${first.table} 有 ${broken.rows.length} 行引用了 ${first.parent} 中不存在的记录，已全部撤销；源档案库可能已损坏，请先检查源档案库。`,
            { broken: broken.rows.length },
          );
        }
      }

      // Verified inside the transaction: read back from the target exactly as the source was read.
      for (const table of copied) {
        const back = await scanTable(dst, shapes.get(table.name)!, READ_PAGE_ROWS);
        if (back.rows !== table.rows || back.checksum !== table.checksum) {
          throw new AppError(
            'INTERNAL',
            `核对不一致：表 ${table.name} 源档案库 ${table.rows} 行，复制后 ${back.rows} 行${back.rows === table.rows ? '，内容校验值不同' : ''}。已全部撤销，目标档案库没有改动。`,
            { table: table.name, from: table, to: back },
          );
        }
      }
      return { tables: copied, millis: Date.now() - started };
    });
  });
}
