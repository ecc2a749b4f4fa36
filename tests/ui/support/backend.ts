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
  /** Every method the UI called, in order (to check e.g. that lists are paged by the server). */
  calls: { method: string; input: unknown }[];
  close(): Promise<void>;
}

interface NodeTestArchive {
  dispatch(method: string, input: unknown, ctx: unknown): Promise<Result<unknown>>;
  ctx: unknown;
  close(): Promise<void>;
}

interface NodeSupport {
  openTestArchive(): Promise<NodeTestArchive>;
  openSetUpArchive(): Promise<NodeTestArchive>;
  VIN_A: string;
  VIN_B: string;
}

// A variable, not a literal: neither tsc nor Vite's asset transform follows it.
const SUPPORT_PATH = '../../support/archive.ts';

export async function loadSupport(): Promise<NodeSupport> {
  return (await import(/* @vite-ignore */ SUPPORT_PATH)) as NodeSupport;
}

/** `setUp: true` → store, admin 管理员 (1234), clerk 小王 (1111, at the counter), manager 李经理 (2222). */
export async function openUiBackend(options: { setUp: boolean }): Promise<UiBackend> {
  const support = await loadSupport();
  const archive = options.setUp ? await support.openSetUpArchive() : await support.openTestArchive();
  const calls: { method: string; input: unknown }[] = [];
  const roundTrip = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
  const call = async <M extends MethodName>(method: M, input: InputOf<M>) =>
    (await archive.dispatch(method, roundTrip(input), archive.ctx)) as Result<OutputOf<M>>;
  return {
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
    close: () => archive.close(),
  };
}
