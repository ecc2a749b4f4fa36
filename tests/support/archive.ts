import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDispatcher, type Dispatch } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { type Archive, openArchive } from '../../src-main/db/database';
import { type CallContext, type Clock, Session } from '../../src-main/services/context';
import { scanFolderFor } from '../../src-main/services/scans/scan-store';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/contract/index';
import type { Result } from '../../src-shared/errors';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { freshPgDatabase, onPostgres } from './pg';

export interface TestArchive {
  dir: string;
  file: string;
  archive: Archive;
  dispatch: Dispatch;
  ctx: CallContext;
  /** Typed call that returns the Result. */
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  /** Typed call that throws on failure (for arranging). */
  must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  /** Logs this door in as the set-up user of that role (openSetUpArchive's PINs), or by name and PIN. */
  loginAs(who: keyof typeof SETUP_PINS | { name: string; pin: string }): Promise<void>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'clerkdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real archive file in a temp folder behind the real dispatcher; nothing of ours is mocked. */
export async function openTestArchive(
  options: { clock?: Clock; file?: string; door?: CallContext['door']; deferVehicleChangesAbove?: number } = {},
): Promise<TestArchive> {
  const dir = tempDir();
  // The PostgreSQL pass (tests/support/pg.ts): a fresh database on the server instead of a file.
  const server = options.file === undefined && onPostgres() ? await freshPgDatabase() : null;
  const file = server?.url ?? options.file ?? path.join(dir, 'archive.sqlite');
  const archive = await openArchive(file);
  const services = createServices(archive, options.clock, {
    deferVehicleChangesAbove: options.deferVehicleChangesAbove,
  });
  const dispatch = createDispatcher(createHandlers(services), {
    onInternalError: (method, error) => {
      throw new Error(`internal error in ${method}: ${String((error as Error)?.stack ?? error)}`);
    },
  });
  const ctx: CallContext = { door: options.door ?? 'http', session: new Session() };
  const call = <M extends MethodName>(method: M, input: InputOf<M>) =>
    dispatch(method, input, ctx) as Promise<Result<OutputOf<M>>>;
  const must = async <M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> => {
    const r = await call(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return {
    dir,
    file,
    archive,
    dispatch,
    ctx,
    call,
    must,
    async loginAs(who) {
      const { name, pin } = typeof who === 'string' ? SETUP_PINS[who] : who;
      const users = await must('users.list', {});
      const user = users.find((u) => u.name === name);
      if (!user) throw new Error(`no user ${name}`);
      await must('session.login', { userId: user.id, pin });
    },
    async close() {
      // No Chromium may outlive the test that made a PDF.
      await services.print.close();
      await archive.close();
      await server?.drop();
      // A server archive's scans are kept in the user-data folder: a test's go with its database.
      if (server) fs.rmSync(scanFolderFor(server.url), { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The users openSetUpArchive makes, by role. */
export const SETUP_PINS = {
  admin: { name: '管理员', pin: '1234' },
  clerk: { name: '小王', pin: '1111' },
  manager: { name: '李经理', pin: '2222' },
} as const;

/** Store set up with an admin (PIN 1234), a manager (2222) and a clerk (PIN 1111) logged in. */
export async function openSetUpArchive(
  options: {
    clock?: Clock;
    deferVehicleChangesAbove?: number;
    /**
     * Keep the idle logout (15 minutes) on. Off by default here: most tests move their clock by
     * hours or days between calls; the idle logout has its own tests (tests/api/roles.test.ts).
     */
    keepIdleLogout?: boolean;
  } = {},
): Promise<TestArchive> {
  const t = await openTestArchive(options);
  await t.must('setup.complete', {
    store: {
      name: '测试汽车服务有限公司',
      address: '北京市朝阳区测试路1号',
      postalCode: '100020',
      phone: '010-12345678',
    },
    users: [
      { name: '管理员', role: 'admin', pin: '1234' },
      { name: '小王', role: 'clerk', pin: '1111' },
      { name: '李经理', role: 'manager', pin: '2222' },
    ],
    demo: null,
  });
  // Before any call of the logged-in clerk, so the dispatcher reads the setting fresh.
  if (!options.keepIdleLogout)
    await t.archive.db
      .insertInto('app_setting')
      .values({ key: 'idle_logout_minutes', value: '0' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '0' }))
      .execute();
  return t;
}

export const VIN_A = withCheckDigit('LSVAU2180N2183456');
export const VIN_B = withCheckDigit('LFV2A21K0P3012345');

/** Counts rows of every table: "nothing changed" means these are equal before and after. */
export async function rowCounts(archive: Archive): Promise<Record<string, number>> {
  const tables = await tableNames(archive);
  const counts: Record<string, number> = {};
  for (const name of tables) {
    const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(archive.db);
    counts[name] = Number(row.rows[0]?.n ?? 0);
  }
  return counts;
}

/** The archive's tables, sorted, on either dialect. */
export async function tableNames(archive: Archive): Promise<string[]> {
  const rows =
    archive.dialect === 'postgres'
      ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(archive.db)
      : await sql<{ name: string }>`SELECT name FROM sqlite_master
          WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(archive.db);
  return rows.rows.map((r) => r.name);
}
