/**
 * Two counters on one archive, as in a store with two clerks: two `openArchive` of the same
 * archive (on PostgreSQL two pools on one database; on SQLite two connections to one file, as two
 * processes would have), each with its own services and dispatcher, each logged in as its own
 * clerk. Nothing is shared between the two but the archive itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createDispatcher, type Dispatch } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { type Archive, openArchive } from '../../src-main/db/database';
import { type CallContext, type Clock, Session } from '../../src-main/services/context';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/contract/index';
import type { Result } from '../../src-shared/errors';
import { tempDir } from './archive';
import { freshPgDatabase, onPostgres } from './pg';

export interface Counter {
  name: string;
  archive: Archive;
  dispatch: Dispatch;
  ctx: CallContext;
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
}

export interface TwoCounters {
  dialect: 'sqlite' | 'postgres';
  /** The archive both open: a file path, or the database's address. */
  target: string;
  a: Counter;
  b: Counter;
  /** Internal errors either dispatcher met (a write that is neither done nor refused with a reason). */
  internalErrors: { counter: string; method: string; error: string }[];
  close(): Promise<void>;
}

/** The clerks of the two counters (and the manager who signs), made at set-up. */
export const COUNTER_USERS = {
  a: { name: '小王', role: 'clerk', pin: '1111' },
  b: { name: '小李', role: 'clerk', pin: '3333' },
  admin: { name: '管理员', role: 'admin', pin: '1234' },
  manager: { name: '李经理', role: 'manager', pin: '2222' },
} as const;

async function openCounter(
  name: string,
  target: string,
  clock: Clock | undefined,
  internalErrors: TwoCounters['internalErrors'],
): Promise<Counter & { closeServices(): Promise<void> }> {
  const archive = await openArchive(target);
  const services = createServices(archive, clock);
  const dispatch = createDispatcher(createHandlers(services), {
    onInternalError: (method, error) => {
      internalErrors.push({ counter: name, method, error: String((error as Error)?.stack ?? error) });
    },
  });
  const ctx: CallContext = { door: 'http', session: new Session() };
  const call = <M extends MethodName>(method: M, input: InputOf<M>) =>
    dispatch(method, input, ctx) as Promise<Result<OutputOf<M>>>;
  const must = async <M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> => {
    const r = await call(method, input);
    if (!r.ok) throw new Error(`${name}: ${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return {
    name,
    archive,
    dispatch,
    ctx,
    call,
    must,
    async closeServices() {
      await services.print.close();
      await archive.close();
    },
  };
}

async function login(counter: Counter, who: { name: string; pin: string }): Promise<void> {
  const users = await counter.must('users.list', {});
  const user = users.find((u) => u.name === who.name);
  if (!user) throw new Error(`no user ${who.name}`);
  await counter.must('session.login', { userId: user.id, pin: who.pin });
}

/**
 * A set-up store (the users above, idle logout off) opened twice: counter A logged in as 小王,
 * counter B as 小李. On the current test dialect (tests/support/pg.ts `onPostgres`).
 */
export async function openTwoCounters(options: { clock?: Clock } = {}): Promise<TwoCounters> {
  const dir = tempDir('clerkdesk-two-');
  const server = onPostgres() ? await freshPgDatabase() : null;
  const target = server?.url ?? path.join(dir, 'archive.sqlite');
  const internalErrors: TwoCounters['internalErrors'] = [];
  const a = await openCounter('A', target, options.clock, internalErrors);
  await a.must('setup.complete', {
    store: {
      name: '测试汽车服务有限公司',
      address: '北京市朝阳区测试路1号',
      postalCode: '100020',
      phone: '010-12345678',
    },
    users: Object.values(COUNTER_USERS).map(({ name, role, pin }) => ({ name, role, pin })),
    demo: null,
  });
  await sql`UPDATE app_setting SET value = '0' WHERE key = 'idle_logout_minutes'`.execute(a.archive.db);
  await sql`INSERT INTO app_setting (key, value) SELECT 'idle_logout_minutes', '0'
    WHERE NOT EXISTS (SELECT 1 FROM app_setting WHERE key = 'idle_logout_minutes')`.execute(a.archive.db);
  // Opened after the set-up, as the second PC of the store would be.
  const b = await openCounter('B', target, options.clock, internalErrors);
  await login(a, COUNTER_USERS.a);
  await login(b, COUNTER_USERS.b);
  return {
    dialect: server ? 'postgres' : 'sqlite',
    target,
    a,
    b,
    internalErrors,
    async close() {
      await a.closeServices();
      await b.closeServices();
      await server?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
