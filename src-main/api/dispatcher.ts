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

/**
 * Faults of the disk or the file rather than of our code: the clerk (or whoever looks after the PC)
 * can act on them, so they are named. The write was rolled back either way.
 */
export function storageProblem(error: unknown): AppErrorShape | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const saved = '没有保存，档案未被修改。';
  if (code.startsWith('SQLITE_READONLY'))
    return {
      code: 'INTERNAL',
      message: `${saved}档案库是只读的（文件或所在文件夹没有写入权限，或以只读方式打开）。请检查档案库文件的权限后重试。`,
      details: { sqlite: code },
    };
  if (code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_IOERR'))
    return {
      code: 'INTERNAL',
      message: `${saved}磁盘已满或无法写入档案库文件。请腾出磁盘空间或检查磁盘后重试。`,
      details: { sqlite: code },
    };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return {
      code: 'CONFLICT',
      message: `${saved}档案库正被另一个程序写入。请稍后重试，或关闭另一个 ClerkDesk 窗口或命令行。`,
      details: { sqlite: code },
    };
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
    return {
      code: 'ARCHIVE_DAMAGED',
      message: '档案库文件已损坏，无法读写。请从备份恢复。',
      details: { sqlite: code },
    };
  return null;
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
      const storage = storageProblem(error);
      if (storage) return { ok: false, error: storage };
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
