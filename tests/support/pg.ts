/**
 * The PostgreSQL pass: the same suites against a real PostgreSQL server when one is reachable.
 *
 * `CLERKDESK_TEST_PG` is an administrator's address on a throwaway server (.ci/run starts one:
 * `postgres://postgres@127.0.0.1:55432/postgres`). The `pg` vitest project runs the listed suites
 * with `CLERKDESK_TEST_DIALECT=postgres`; each test archive is then a fresh database, copied from a
 * template migrated once per run (CREATE DATABASE … TEMPLATE), and dropped when the test closes it.
 *
 * No vitest imports here: the PostgreSQL benchmark (bench/postgres-bench.ts) uses withPgClient and
 * databaseUrl too.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { openArchive } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';

export function testPgAdminUrl(): string | null {
  const url = process.env.CLERKDESK_TEST_PG;
  return url && url.trim() !== '' ? url.trim() : null;
}

/** True in the `pg` project: test archives live on the PostgreSQL server. */
export function onPostgres(): boolean {
  return process.env.CLERKDESK_TEST_DIALECT === 'postgres';
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** `work` on one client connected to `url`, closed afterwards. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE of an empty database an archive may use (UTF8, C collation: openArchive checks). */
export function emptyDatabaseSql(name: string): string {
  return `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withPgClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One template per migration history: a new migration gets a new template. */
function templateName(): string {
  const hash = createHash('sha256')
    .update(MIGRATIONS.map((m) => m.name).join('\n'))
    .update(String(MIGRATIONS.map((m) => m.up.toString()).join('\n')))
    .digest('hex')
    .slice(0, 12);
  return `clerkdesk_tpl_${hash}`;
}

let templateReady: Promise<string> | null = null;

async function ensureTemplate(adminUrl: string): Promise<string> {
  const name = templateName();
  await withPgClient(adminUrl, async (client) => {
    // Test files run in parallel: one makes the template, the others wait for it.
    await client.query('SELECT pg_advisory_lock(4242)');
    try {
      const found = await client.query('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
      if (found.rows[0]?.datistemplate === true) return;
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(emptyDatabaseSql(name));
      const archive = await openArchive(databaseUrl(adminUrl, name), { poolSize: 1 });
      await archive.close();
      await client.query(`ALTER DATABASE ${name} WITH is_template true ALLOW_CONNECTIONS false`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(4242)');
    }
  });
  return name;
}

/** A fresh, migrated, empty archive database; `drop` removes it. */
export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = testPgAdminUrl();
  if (!adminUrl) throw new Error('CLERKDESK_TEST_PG is not set: the PostgreSQL pass needs a server');
  templateReady ??= ensureTemplate(adminUrl);
  const template = await templateReady;
  const name = `clerkdesk_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withPgClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      break;
    } catch (error) {
      // Another file is copying the same template this instant: PostgreSQL refuses, try again.
      if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
      await sleep(50 + Math.random() * 150);
    }
  }
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/** An empty database (not migrated): for migrate-archive targets and first-start tests. */
export async function emptyPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = testPgAdminUrl();
  if (!adminUrl) throw new Error('CLERKDESK_TEST_PG is not set: the PostgreSQL pass needs a server');
  const name = `clerkdesk_e_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPgClient(adminUrl, (client) => client.query(emptyDatabaseSql(name)));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}
