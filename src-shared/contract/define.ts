import type { z } from 'zod';

/** A contract entry: the input schema, the output type (compile-time only) and what it is for. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly doc: string;
  /** Writes to the archive: the browser host and CLI treat these with care; reads may be retried. */
  readonly mutates: boolean;
  /** Phantom: carries the output type; never set at run time. */
  readonly __output?: O;
}

export function query<O>() {
  return <I extends z.ZodType>(input: I, doc: string): MethodDef<I, O> => ({ input, doc, mutates: false });
}

export function command<O>() {
  return <I extends z.ZodType>(input: I, doc: string): MethodDef<I, O> => ({ input, doc, mutates: true });
}
