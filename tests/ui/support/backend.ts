import type { Transport } from '../../../src-renderer/api/transport';
import type { InputOf, MethodName, OutputOf } from '../../../src-shared/contract/index';
import type { Result } from '../../../src-shared/errors';

/**
 * The UI under test talks to a real archive in a temp folder through the real dispatcher, exactly
 * as the browser host would (door 'http', one session, JSON on the way in and out). Nothing of
 * ours is mocked. The Node side lives in tests/support/archive.ts (Node types); it is loaded by
 * URL so this web-typed project does not type-check main-process code.
 */
export interface UiBackend {
  transport: Transport;
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  /** The store's date at the test's start (UI_NOW in the store's zone): what the UI must call today. */
  today: string;
  /** Every method the UI called, in order (to check e.g. that lists are paged by the server). */
  calls: { method: string; input: unknown }[];
  /** Moves the archive's clock on (idle logout, PIN waits) without waiting. */
  advance(minutes: number): void;
  /** Runs `work` as the admin 管理员 (store-wide settings), then the clerk 小王 is back at the counter. */
  asAdmin<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface NodeTestArchive {
  dispatch(method: string, input: unknown, ctx: unknown): Promise<Result<unknown>>;
  ctx: unknown;
  close(): Promise<void>;
}

interface NodeClock {
  now(): Date;
}

interface NodeSupport {
  openTestArchive(options?: { clock?: NodeClock }): Promise<NodeTestArchive>;
  openSetUpArchive(options?: { clock?: NodeClock; keepIdleLogout?: boolean }): Promise<NodeTestArchive>;
  VIN_A: string;
  VIN_B: string;
}

// A variable, not a literal: neither tsc nor Vite's asset transform follows it.
const SUPPORT_PATH = '../../support/archive.ts';

export async function loadSupport(): Promise<NodeSupport> {
  return (await import(/* @vite-ignore */ SUPPORT_PATH)) as NodeSupport;
}

/**
 * When every UI test runs, by the archive's clock: 07:30 on 3 December in the store (China time)
 * but still 2 December in UTC and on any PC west of it, so a UI that read "today" from the PC's own
 * clock or zone shows the wrong day on every machine. The clock runs on from here.
 */
export const UI_NOW = '2026-12-02T23:30:00Z';
/** The store's date at UI_NOW (Asia/Shanghai, the default zone). */
export const UI_TODAY = '2026-12-03';

/** A clock that starts at `start` and runs on with real time. */
export function clockFrom(start: string): NodeClock {
  const base = Date.parse(start);
  const startedAt = performance.now();
  return { now: () => new Date(base + (performance.now() - startedAt)) };
}

/**
 * `setUp: true` → store, admin 管理员 (1234), clerk 小王 (1111, at the counter), manager 李经理 (2222).
 * The archive's clock starts at `now` (default UI_NOW), so tests give the same answer at any hour.
 */
export async function openUiBackend(options: {
  setUp: boolean;
  now?: string;
  /** Keep the 15-minute idle logout (off otherwise; see openSetUpArchive). */
  keepIdleLogout?: boolean;
}): Promise<UiBackend> {
  const support = await loadSupport();
  const now = options.now ?? UI_NOW;
  const running = clockFrom(now);
  let offsetMs = 0;
  const clock: NodeClock = { now: () => new Date(running.now().getTime() + offsetMs) };
  const archive = options.setUp
    ? await support.openSetUpArchive({ clock, keepIdleLogout: options.keepIdleLogout })
    : await support.openTestArchive({ clock });
  const calls: { method: string; input: unknown }[] = [];
  const roundTrip = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
  const call = async <M extends MethodName>(method: M, input: InputOf<M>) =>
    (await archive.dispatch(method, roundTrip(input), archive.ctx)) as Result<OutputOf<M>>;
  const reading = await call('clock.today', {});
  if (!reading.ok) throw new Error(`clock.today failed: ${reading.error.message}`);
  return {
    today: reading.value.today,
    calls,
    transport: {
      kind: 'test',
      invoke: async (method, input) => {
        calls.push({ method, input });
        return roundTrip(await archive.dispatch(method, roundTrip(input), archive.ctx));
      },
      on: () => () => {},
    },
    call,
    async must(method, input) {
      const result = await call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
      return result.value;
    },
    advance(minutes) {
      offsetMs += minutes * 60_000;
    },
    async asAdmin(work) {
      const login = async (name: string, pin: string) => {
        const users = await call('users.list', {});
        const user = users.ok ? users.value.find((u) => u.name === name) : undefined;
        if (!user) throw new Error(`no user ${name}`);
        const r = await call('session.login', { userId: user.id, pin });
        if (!r.ok) throw new Error(`login ${name} failed: ${r.error.message}`);
      };
      await login('管理员', '1234');
      try {
        return await work();
      } finally {
        await login('小王', '1111');
      }
    },
    close: () => archive.close(),
  };
}
