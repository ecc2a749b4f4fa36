import { z } from 'zod';
import { labelForPath } from '../../src-shared/contract/fields';
import { contract, isMethodName } from '../../src-shared/contract/index';
import { accessLabel, allows } from '../../src-shared/contract/roles';
import { USER_ROLE_LABELS } from '../../src-shared/domain/enums';
import { AppError, type AppErrorShape, type FieldProblem, type Result } from '../../src-shared/errors';
import { type CallContext, endSession } from '../services/context';
import { ACCOUNTS, type Accounts } from '../services/system/accounts';
import { withBusyRetry } from './busy-retry';
import type { Handlers } from './handlers';

z.config(z.locales.zhCN());

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

export interface Dispatch {
  (method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /**
   * The check every call passes before its input is looked at: the method exists, and the door's
   * user (re-read from the archive: still active, role as it is now, not idle too long) may call
   * it. Null when allowed. The browser host calls it before reading the request body.
   */
  authorize(method: string, ctx: CallContext): Promise<AppErrorShape | null>;
}

export interface DispatcherOptions {
  /** Called with unexpected errors (not AppErrors), e.g. to log them. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * Who may call what, for every door at once. The CLI is a local operator: whoever has the shell
 * has the archive file itself, so it acts as an admin (it has no PIN login). The window and the
 * browser host act as their session's user, re-read from the archive on every call.
 */
export async function authorize(
  method: string,
  ctx: CallContext,
  accounts: Accounts | undefined,
): Promise<AppErrorShape | null> {
  if (!isMethodName(method)) return { code: 'UNKNOWN_METHOD', message: `没有这个操作：${String(method).slice(0, 80)}` };
  const def = contract[method];
  if (ctx.door === 'cli') return null;
  const session = ctx.session;
  // Without the archive's word on the user, nothing but the login screen's methods (fail closed).
  if (session.user !== null && accounts === undefined) endSession(session);
  if (session.user !== null && accounts !== undefined) {
    const now = accounts.now();
    const [idle, current] = await Promise.all([accounts.idleMinutes(), accounts.current(session.user.id)]);
    if (idle > 0 && typeof session.lastActiveAt === 'number' && now - session.lastActiveAt >= idle * 60_000) {
      accounts.auditRefusal(ctx, 'session.idleLogout', 'IDLE', session.user);
      endSession(session, { reason: 'idle', minutes: idle });
    } else if (current === null || !current.isActive) {
      accounts.auditRefusal(ctx, method, 'DEACTIVATED', session.user);
      endSession(session, { reason: 'deactivated', name: session.user.name });
    } else if (current.role !== session.user.role || current.name !== session.user.name) {
      session.user = { ...session.user, role: current.role, name: current.name };
    }
  }
  const user = session.user;
  if (def.roles === 'open') {
    if (user !== null && !def.passive) session.lastActiveAt = accounts?.now() ?? null;
    return null;
  }
  if (user === null) {
    accounts?.auditRefusal(ctx, method, 'UNAUTHORIZED', null);
    const ended = session.ended ?? null;
    const message =
      ended?.reason === 'idle'
        ? `已自动退出（因 ${ended.minutes} 分钟无操作）。请重新选择用户并输入 PIN。`
        : ended?.reason === 'deactivated'
          ? `${ended.name} 的账户已被管理员停用，已退出。请换一位在职的用户登录。`
          : '请先选择当前用户并输入 PIN。';
    return { code: 'UNAUTHORIZED', message, details: { sessionEnded: ended } };
  }
  if (!allows(def.roles, user.role)) {
    accounts?.auditRefusal(ctx, method, 'FORBIDDEN', user);
    return {
      code: 'FORBIDDEN',
      message: `“${def.doc}”只有${accessLabel(def.roles)}可以操作。当前用户 ${user.name} 是${USER_ROLE_LABELS[user.role]}，无此权限；如需要，请换有权限的用户登录。`,
      details: { method, allowed: def.roles, role: user.role },
    };
  }
  if (!def.passive) session.lastActiveAt = accounts?.now() ?? null;
  return null;
}

/**
 * The one dispatcher behind every door: checks the method name and who may call it (before the
 * input is looked at), validates the input with the contract's schema (invalid input never
 * reaches a service), calls the handler, and turns every outcome into a Result.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const accounts = handlers[ACCOUNTS];
  const check = async (method: string, ctx: CallContext): Promise<AppErrorShape | null> => {
    try {
      return await authorize(method, ctx, accounts);
    } catch (error) {
      // The user could not be read (a damaged or busy archive): refused, and said why.
      options.onInternalError?.(method, error);
      return (
        storageProblem(error) ?? {
          code: 'INTERNAL',
          message: '无法确认当前用户，操作没有执行。请重试；如反复出现，请联系管理员并提供日志。',
        }
      );
    }
  };
  const dispatch = async (method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>> => {
    const refused = await check(method, ctx);
    if (refused) return { ok: false, error: refused };
    if (!isMethodName(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: '没有这个操作。' } };
    const def = contract[method];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      // Another writer holds the archive: wait for it without blocking the host (busy-retry.ts).
      const value = await withBusyRetry(method, async () => handler(parsed.data, ctx));
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
  return Object.assign(dispatch, { authorize: check });
}
