/**
 * The `postgres` section of the benchmark (`npm run bench -- --only postgres`): the 10-year archive
 * on a PostgreSQL server beside the same archive as a file.
 *
 * - The bench archive is copied into a fresh database on the server with copyArchive (verified per
 *   table). The copy is kept between runs (database `clerkdesk_bench_<N>y_<hash of the file>`,
 *   marked done by its comment) and made again when the file changes, or with --pg-fresh.
 * - Quick search (the main bench's sample queries) and next month's invitation list (invitations.due)
 *   through the dispatcher on both archives, in the same run, interleaved: p50/p95 each and the
 *   ratio PostgreSQL/SQLite (target ≤ 3×). Whether both give the same answers is reported too.
 * - Two counters (two pools, two dispatchers) each doing 10 writes/s for --pg-seconds (default 60):
 *   calls.record on today's revisit queue and customers.update, each write tagged; afterwards every
 *   acknowledged write is looked for in the archive (the attempt's note, the audit line), and
 *   attempted / acknowledged / refused / found and the p95 latency are reported.
 *
 * Needs CLERKDESK_BENCH_PG or CLERKDESK_TEST_PG (an administrator's address on a server); without
 * either the section is skipped with one line.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { createDispatcher } from '../src-main/api/dispatcher';
import { createHandlers, createServices } from '../src-main/api/handlers';
import { copyArchive } from '../src-main/db/archive-copy';
import { type Archive, openArchive } from '../src-main/db/database';
import { displayPostgresUrl } from '../src-main/db/dialect';
import { type CallContext, type Clock, Session } from '../src-main/services/context';
import type { Customer } from '../src-shared/domain/records';
import type { CallQueue } from '../src-shared/domain/revisits';
import { addMonths } from '../src-shared/domain/service-due';
import { addDays } from '../src-shared/validation/dates';
import { databaseUrl, emptyDatabaseSql, withPgClient } from '../tests/support/pg';
import { percentile, round3, type Timing, timeAsync, timing } from './stats';

export const POSTGRES_TARGETS = { ratioMax: 3, writesPerSecond: 10 } as const;

export interface PostgresBenchOptions {
  /** The bench archive (a file). */
  file: string;
  years: number;
  until: string;
  samples: number;
  /** Seconds of the two-counter write load. */
  seconds: number;
  /** Make the server copy again even if one of this file exists. */
  fresh: boolean;
  /** The main bench's sample query values (bench.ts sampleQueries), by kind. */
  sampleQueries(sqlite: import('better-sqlite3').Database, n: number): Record<string, string[]>;
  log(message: string): void;
}

interface Compared {
  samples: number;
  sqlite: Timing;
  postgres: Timing;
  ratio: number;
  same: boolean;
  error?: string;
}

interface WriteLoad {
  seconds: number;
  perCounterPerSecond: number;
  attempted: number;
  acknowledged: number;
  refused: number;
  refusals: Record<string, number>;
  failed: number;
  found: number;
  lost: number;
  latency: Timing & { max: number };
  byMethod: Record<string, { attempted: number; acknowledged: number; found: number; p95: number }>;
  error?: string;
}

export type PostgresBenchReport =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      server: string;
      database: string;
      copy: { reused: boolean; millis: number | null; tables: number; rows: number };
      search: Record<string, Compared>;
      searchAll: Compared;
      invitations: Compared & { from: string; to: string; rows: { sqlite: number; postgres: number } };
      writes: WriteLoad;
      targets: typeof POSTGRES_TARGETS;
      met: { searchRatio: boolean; invitationsRatio: boolean; nothingLost: boolean };
    };

export function postgresAdminUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.CLERKDESK_BENCH_PG?.trim() || env.CLERKDESK_TEST_PG?.trim();
  return url ? url : null;
}

const COPY_DONE = 'clerkdesk-bench copy complete';

/**
 * The server copy of the bench archive: reused when a verified copy of this very file (size, mtime,
 * schema) is there, otherwise made anew in a fresh UTF8/C database.
 */
async function serverCopy(
  adminUrl: string,
  from: Archive,
  o: PostgresBenchOptions,
): Promise<{ url: string; database: string; reused: boolean; millis: number | null; tables: number; rows: number }> {
  const stat = fs.statSync(o.file);
  const hash = createHash('sha256')
    .update(`${stat.size}:${stat.mtimeMs}:${from.schemaVersion}`)
    .digest('hex')
    .slice(0, 10);
  const database = `clerkdesk_bench_${o.years}y_${hash}`;
  const url = databaseUrl(adminUrl, database);
  const existing = await withPgClient(adminUrl, async (client) => {
    const r = await client.query<{ comment: string | null }>(
      'SELECT shobj_description(oid, $1) AS comment FROM pg_database WHERE datname = $2',
      ['pg_database', database],
    );
    return r.rows[0] ?? null;
  });
  if (existing && existing.comment === COPY_DONE && !o.fresh) {
    o.log(`reusing the server copy ${database}`);
    const counts = await withPgClient(url, async (client) => {
      const r = await client.query<{ tables: string; rows: string }>(
        `SELECT count(*) AS tables, coalesce(sum(n_live_tup), 0) AS rows FROM pg_stat_user_tables`,
      );
      return r.rows[0]!;
    });
    return { url, database, reused: true, millis: null, tables: Number(counts.tables), rows: Number(counts.rows) };
  }
  await withPgClient(adminUrl, async (client) => {
    // Older copies of the bench archive (another file, another schema) are not kept.
    const old = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE ${`'clerkdesk\\_bench\\_${o.years}y\\_%'`}`,
    );
    for (const row of old.rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await client.query(emptyDatabaseSql(database));
  });
  const to = await openArchive(url);
  try {
    o.log(`copying ${o.file} to ${displayPostgresUrl(url)} …`);
    let lastTable = '';
    let lastShown = 0;
    const report = await copyArchive(from, to, {
      onProgress: (p) => {
        const now = Date.now();
        if (p.table !== lastTable || now - lastShown > 5000) {
          o.log(`  ${p.table}: ${p.done}/${p.total}`);
          lastTable = p.table;
          lastShown = now;
        }
      },
    });
    await sql`ANALYZE`.execute(to.db);
    await withPgClient(adminUrl, (client) => client.query(`COMMENT ON DATABASE ${database} IS '${COPY_DONE}'`));
    const rows = report.tables.reduce((n, t) => n + t.rows, 0);
    o.log(`copied ${report.tables.length} tables, ${rows} rows in ${report.millis} ms (verified per table)`);
    return { url, database, reused: false, millis: report.millis, tables: report.tables.length, rows };
  } finally {
    await to.close();
  }
}

interface Door {
  call(
    method: string,
    input: unknown,
  ): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }>;
  must<T>(method: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

function doorOf(archive: Archive, clock: Clock, log: (m: string) => void, closeArchive: boolean): Door {
  const services = createServices(archive, clock);
  const dispatch = createDispatcher(createHandlers(services), {
    onInternalError: (method, error) => log(`internal error in ${method}: ${String(error)}`),
  });
  const ctx: CallContext = { door: 'cli', session: new Session() };
  const call: Door['call'] = async (method, input) => {
    const r = await dispatch(method, input, ctx);
    return r.ok ? { ok: true, value: r.value } : { ok: false, code: r.error.code, message: r.error.message };
  };
  return {
    call,
    async must<T>(method: string, input: unknown): Promise<T> {
      const r = await call(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.code} ${r.message}`);
      return r.value as T;
    },
    async close() {
      await services.print.close();
      if (closeArchive) await archive.close();
    },
  };
}

/** Times one method on both doors, interleaved, over the same inputs; compares the answers. */
async function compare(
  sqliteDoor: Door,
  pgDoor: Door,
  method: string,
  inputs: unknown[],
  rounds: number,
  same: (a: unknown, b: unknown) => boolean,
): Promise<Compared> {
  const onSqlite: number[] = [];
  const onPg: number[] = [];
  let allSame = true;
  try {
    // Warm both (statement caches, the server's buffers).
    for (const input of inputs.slice(0, 20)) {
      await sqliteDoor.must(method, input);
      await pgDoor.must(method, input);
    }
    for (let round = 0; round < rounds; round++)
      for (const input of inputs) {
        let a: unknown;
        let b: unknown;
        onSqlite.push(
          await timeAsync(async () => {
            a = await sqliteDoor.must(method, input);
          }),
        );
        onPg.push(
          await timeAsync(async () => {
            b = await pgDoor.must(method, input);
          }),
        );
        if (round === 0 && !same(a, b)) allSame = false;
      }
  } catch (error) {
    return { ...emptyCompared(inputs.length), error: String((error as Error).message ?? error) };
  }
  const s = timing(onSqlite);
  const p = timing(onPg);
  return { samples: inputs.length, sqlite: s, postgres: p, ratio: round3(p.p95 / s.p95), same: allSame };
}

function emptyCompared(samples: number): Compared {
  const nan = { p50: Number.NaN, p95: Number.NaN };
  return { samples, sqlite: nan, postgres: nan, ratio: Number.NaN, same: false };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Two counters, each its own pool and dispatcher, 10 tagged writes a second each. */
async function writeLoad(url: string, clock: Clock, o: PostgresBenchOptions): Promise<WriteLoad> {
  const perSecond = POSTGRES_TARGETS.writesPerSecond;
  const a = await openArchive(url);
  const b = await openArchive(url);
  const doors = [doorOf(a, clock, o.log, true), doorOf(b, clock, o.log, true)];
  const load: WriteLoad = {
    seconds: o.seconds,
    perCounterPerSecond: perSecond,
    attempted: 0,
    acknowledged: 0,
    refused: 0,
    refusals: {},
    failed: 0,
    found: 0,
    lost: 0,
    latency: { p50: Number.NaN, p95: Number.NaN, max: Number.NaN },
    byMethod: {},
  };
  try {
    const queue = await doors[0]!.must<CallQueue>('calls.queue', {});
    const keys = queue.entries.filter((e) => e.state !== 'skipped' && e.state !== 'done').map((e) => e.key);
    const ids = (
      await sql<{ id: number }>`SELECT id FROM customer WHERE is_do_not_contact = 0 ORDER BY id DESC LIMIT 400`.execute(
        a.db,
      )
    ).rows.map((r) => Number(r.id));
    if (keys.length === 0 || ids.length === 0) throw new Error('no calls due today or no customers to write to');
    o.log(`two counters × ${perSecond} writes/s for ${o.seconds} s (${keys.length} calls in today's queue) …`);
    const run = `${Date.now().toString(36)}`;
    const done: { method: string; tag: string; ms: number; ok: boolean; code?: string }[] = [];
    const pending: Promise<void>[] = [];
    const started = performance.now();
    const total = o.seconds * perSecond;
    for (let k = 0; k < total; k++) {
      for (let c = 0; c < 2; c++) {
        const door = doors[c]!;
        const tag = `bench-${run}-${'AB'[c]}-${k}`;
        const n = k * 2 + c;
        const write = async (): Promise<void> => {
          const t0 = performance.now();
          let method: string;
          let r: Awaited<ReturnType<Door['call']>>;
          if (k % 2 === 0) {
            method = 'calls.record';
            r = await door.call(method, { key: keys[n % keys.length], outcome: 'no_answer', note: tag });
          } else {
            method = 'customers.update';
            const id = ids[(n * 7) % ids.length]!;
            const got = await door.call('customers.get', { id });
            if (!got.ok) r = got;
            else {
              const cu = got.value as Customer;
              r = await door.call(method, {
                id,
                name: cu.name,
                mobile: cu.mobile,
                otherPhones: cu.otherPhones,
                address: cu.address,
                postalCode: cu.postalCode,
                birthday: cu.birthday,
                preferredCallTime: tag.slice(0, 60),
                doNotContact: cu.doNotContact,
                marketingConsent: cu.marketingConsent,
                notes: cu.notes,
              });
            }
          }
          done.push({ method, tag, ms: performance.now() - t0, ok: r.ok, ...(r.ok ? {} : { code: r.code }) });
        };
        load.attempted++;
        pending.push(
          write().catch((error) => void done.push({ method: 'error', tag, ms: 0, ok: false, code: String(error) })),
        );
      }
      // The next pair at its time (not after this one finishes): a steady 10/s per counter.
      const next = started + ((k + 1) * 1000) / perSecond;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await Promise.all(pending);
    // Afterwards: every acknowledged write is in the archive.
    const notes = new Set(
      (
        await sql<{ note: string }>`SELECT note FROM revisit_attempt WHERE note LIKE ${`bench-${run}-%`}`.execute(a.db)
      ).rows.map((r) => r.note),
    );
    const audited = new Set<string>();
    for (const row of (
      await sql<{ after_json: string | null }>`SELECT after_json FROM audit_log
        WHERE action = 'customer.update' AND after_json LIKE ${`%bench-${run}-%`}`.execute(a.db)
    ).rows) {
      const m = /bench-[0-9a-z]+-[AB]-\d+/.exec(row.after_json ?? '');
      if (m) audited.add(m[0]);
    }
    const latencies: number[] = [];
    for (const d of done) {
      latencies.push(d.ms);
      load.byMethod[d.method] ??= { attempted: 0, acknowledged: 0, found: 0, p95: 0 };
      const m = load.byMethod[d.method]!;
      m.attempted++;
      if (d.ok) {
        load.acknowledged++;
        m.acknowledged++;
        const found = d.method === 'calls.record' ? notes.has(d.tag) : audited.has(d.tag);
        if (found) {
          load.found++;
          m.found++;
        } else load.lost++;
      } else if (d.method === 'error' || d.code === 'INTERNAL') load.failed++;
      else {
        load.refused++;
        load.refusals[d.code ?? '?'] = (load.refusals[d.code ?? '?'] ?? 0) + 1;
      }
    }
    for (const [method, m] of Object.entries(load.byMethod))
      m.p95 = percentile(
        done.filter((d) => d.method === method).map((d) => d.ms),
        95,
      );
    load.latency = { ...timing(latencies), max: round3(Math.max(...latencies)) };
    o.log(`writes took ${Math.round(performance.now() - started)} ms in all`);
  } catch (error) {
    load.error = String((error as Error).message ?? error);
  } finally {
    for (const door of doors) await door.close();
  }
  return load;
}

export async function runPostgresBench(o: PostgresBenchOptions): Promise<PostgresBenchReport> {
  const adminUrl = postgresAdminUrl();
  if (!adminUrl)
    return {
      skipped: true,
      reason:
        'no PostgreSQL server: set CLERKDESK_BENCH_PG (or CLERKDESK_TEST_PG) to an administrator address, e.g. postgres://postgres@127.0.0.1:5432/postgres',
    };
  const today = addDays(o.until, 1);
  // 10:30 at the store on the day after the archive's last day: inside the morning call window.
  const clock: Clock = { now: () => new Date(`${today}T02:30:00Z`) };
  const file = await openArchive(o.file);
  let server: Archive | null = null;
  try {
    const copy = await serverCopy(adminUrl, file, o);
    server = await openArchive(copy.url);
    const sqliteDoor = doorOf(file, clock, o.log, false);
    const pgDoor = doorOf(server, clock, o.log, false);
    try {
      const queries = o.sampleQueries(file.sqlite!, o.samples);
      const search: Record<string, Compared> = {};
      const allSqlite: number[] = [];
      const allPg: number[] = [];
      for (const [kind, list] of Object.entries(queries)) {
        o.log(`search ${kind} on both …`);
        search[kind] = await compare(
          sqliteDoor,
          pgDoor,
          'search.quick',
          list.map((text) => ({ text })),
          1,
          isDeepStrictEqual,
        );
      }
      const kinds = Object.values(search);
      const failedKind = kinds.find((k) => k.error);
      // The p95 over every query of every kind: the figure the ratio target is read on.
      for (const [kind, list] of Object.entries(queries)) {
        if (search[kind]!.error) continue;
        for (const text of list) {
          allSqlite.push(await timeAsync(() => sqliteDoor.must('search.quick', { text })));
          allPg.push(await timeAsync(() => pgDoor.must('search.quick', { text })));
        }
      }
      const searchAll: Compared = failedKind
        ? { ...emptyCompared(0), error: failedKind.error }
        : {
            samples: allSqlite.length,
            sqlite: timing(allSqlite),
            postgres: timing(allPg),
            ratio: round3(percentile(allPg, 95) / percentile(allSqlite, 95)),
            same: kinds.every((k) => k.same),
          };

      const from = addMonths(`${today.slice(0, 7)}-01`, 1);
      const to = addDays(addMonths(from, 1), -1);
      o.log(`invitations.due ${from} … ${to} on both …`);
      let rows = { sqlite: 0, postgres: 0 };
      const invitations = await compare(
        sqliteDoor,
        pgDoor,
        'invitations.due',
        Array.from({ length: Math.max(10, Math.round(o.samples / 10)) }, () => ({ from, to })),
        1,
        (a, b) => {
          const ra = (a as { rows: { vehicleId: number }[] }).rows;
          const rb = (b as { rows: { vehicleId: number }[] }).rows;
          rows = { sqlite: ra.length, postgres: rb.length };
          return isDeepStrictEqual(
            ra.map((r) => r.vehicleId),
            rb.map((r) => r.vehicleId),
          );
        },
      );

      const writes = await writeLoad(copy.url, clock, o);
      return {
        skipped: false,
        server: displayPostgresUrl(adminUrl),
        database: copy.database,
        copy: { reused: copy.reused, millis: copy.millis, tables: copy.tables, rows: copy.rows },
        search,
        searchAll,
        invitations: { ...invitations, from, to, rows },
        writes,
        targets: POSTGRES_TARGETS,
        met: {
          searchRatio: !searchAll.error && searchAll.ratio <= POSTGRES_TARGETS.ratioMax,
          invitationsRatio: !invitations.error && invitations.ratio <= POSTGRES_TARGETS.ratioMax,
          nothingLost: !writes.error && writes.lost === 0 && writes.failed === 0 && writes.acknowledged > 0,
        },
      };
    } finally {
      await sqliteDoor.close();
      await pgDoor.close();
    }
  } finally {
    await server?.close();
    await file.close();
  }
}

function comparedLine(name: string, c: Compared): string {
  if (c.error) return `${name}: FAILED on one side: ${c.error}`;
  return `${name}: SQLite p50 ${c.sqlite.p50} p95 ${c.sqlite.p95} ms | PostgreSQL p50 ${c.postgres.p50} p95 ${c.postgres.p95} ms | ratio ${c.ratio} | same answers: ${c.same ? 'yes' : 'NO'}`;
}

export function postgresLines(r: PostgresBenchReport): string[] {
  if (r.skipped) return [`postgres: skipped (${r.reason})`];
  const w = r.writes;
  const lines = [
    `server ${r.server}, database ${r.database}: ${r.copy.reused ? 'copy reused' : `copied in ${r.copy.millis} ms`} (${r.copy.tables} tables, ${r.copy.rows} rows)`,
    ...Object.entries(r.search).map(([kind, c]) => comparedLine(`search ${kind} (${c.samples})`, c)),
    comparedLine(`search, all kinds (${r.searchAll.samples})`, r.searchAll),
    comparedLine(
      `invitations.due ${r.invitations.from}…${r.invitations.to} (${r.invitations.rows.sqlite}/${r.invitations.rows.postgres} rows)`,
      r.invitations,
    ),
    w.error
      ? `two counters writing: FAILED: ${w.error}`
      : `two counters × ${w.perCounterPerSecond} writes/s for ${w.seconds} s: attempted ${w.attempted}, acknowledged ${w.acknowledged}, refused ${w.refused} ${JSON.stringify(w.refusals)}, failed ${w.failed}, found afterwards ${w.found}, lost ${w.lost} | latency p50 ${w.latency.p50} p95 ${w.latency.p95} max ${w.latency.max} ms`,
    ...Object.entries(w.byMethod).map(
      ([method, m]) =>
        `  ${method}: attempted ${m.attempted}, acknowledged ${m.acknowledged}, found ${m.found}, p95 ${m.p95} ms`,
    ),
    `${'pgSearchRatio'.padEnd(20)} target ≤ ${r.targets.ratioMax}  actual ${r.searchAll.ratio}  ${r.met.searchRatio ? 'met' : 'MISSED'}`,
    `${'pgInvitationsRatio'.padEnd(20)} target ≤ ${r.targets.ratioMax}  actual ${r.invitations.ratio}  ${r.met.invitationsRatio ? 'met' : 'MISSED'}`,
    `${'pgWritesNothingLost'.padEnd(20)} target lost 0  actual ${w.error ? 'n/a' : w.lost}${w.failed ? ` (+${w.failed} failed)` : ''}  ${r.met.nothingLost ? 'met' : 'MISSED'}`,
  ];
  return lines;
}
