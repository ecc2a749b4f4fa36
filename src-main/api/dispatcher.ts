import { z } from 'zod';
import { labelForPath } from '../../src-shared/contract/fields';
import { contract, isMethodName, type MethodName } from '../../src-shared/contract/index';
import { AppError, type AppErrorShape, type FieldProblem, type Result } from '../../src-shared/errors';
import type { CallContext } from '../services/context';
import type { Handlers } from './handlers';

z.config(z.locales.zhCN());

/** Methods a door may call before anyone is at the counter. */
const OPEN_METHODS = new Set<MethodName>([
  'app.getInfo',
  'setup.complete',
  'session.login',
  'session.logout',
  'users.list',
  'store.get',
]);

export function validationError(error: z.ZodError): AppErrorShape {
  const fields: FieldProblem[] = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    label: labelForPath(issue.path),
    message: issue.message,
  }));
  const first = fields[0];
  const message = first ? `${first.label}：${first.message}` : '输入有误，请检查后重试。';
  return { code: 'VALIDATION', message, details: { fields } };
}

export type Dispatch = (method: string, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  /** Called with unexpected errors (not AppErrors), e.g. to log them. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The one dispatcher behind every door: checks the method name, validates the input with the
 * contract's schema (invalid input never reaches a service), calls the handler, and turns every
 * outcome into a Result.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (method, input, ctx) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `没有这个操作：${String(method).slice(0, 80)}` } };
    }
    const def = contract[method];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
    if (def.mutates && !OPEN_METHODS.has(method) && ctx.door !== 'cli' && ctx.session.user === null) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: '请先选择当前用户并输入 PIN，再保存修改。' } };
    }
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      if (error instanceof z.ZodError) return { ok: false, error: validationError(error) };
      options.onInternalError?.(method, error);
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: '操作没有完成，档案未被修改。请重试；如反复出现，请联系管理员并提供日志。',
        },
      };
    }
  };
}
