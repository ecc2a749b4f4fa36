import type { z } from 'zod';
import type { Access } from './roles';

/** A contract entry: the input schema, the output type (compile-time only) and what it is for. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly doc: string;
  /** Writes to the archive: the browser host and CLI treat these with care; reads may be retried. */
  readonly mutates: boolean;
  /** Who may call it (see roles.ts); the dispatcher enforces it for every door. */
  readonly roles: Access;
  /**
   * Background polling (progress, session status): answered like any call, but not counted as the
   * user's activity for the idle logout.
   */
  readonly passive: boolean;
  /** Phantom: carries the output type; never set at run time. */
  readonly __output?: O;
}

export function query<O>() {
  return <I extends z.ZodType>(
    input: I,
    doc: string,
    roles: Access,
    options: { passive?: boolean } = {},
  ): MethodDef<I, O> => ({ input, doc, mutates: false, roles, passive: options.passive === true });
}

export function command<O>() {
  return <I extends z.ZodType>(input: I, doc: string, roles: Access): MethodDef<I, O> => ({
    input,
    doc,
    mutates: true,
    roles,
    passive: false,
  });
}
