import { USER_ROLE_LABELS } from '../../../src-shared/domain/enums';
import { maskNameOrNull, maskPhoneOrNull } from '../../../src-shared/domain/masking';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';

/**
 * How an export or printout that leaves the counter shows names and phones: masked (王**,
 * 138****5678) by default, in full only for a service manager who asks, and then audited.
 */
export interface Disclosure {
  readonly unmasked: boolean;
  name(value: string | null): string | null;
  phone(value: string | null): string | null;
}

export const MASKED: Disclosure = { unmasked: false, name: maskNameOrNull, phone: maskPhoneOrNull };
const IN_FULL: Disclosure = { unmasked: true, name: (v) => v, phone: (v) => v };

export const UNMASK_ACTION = 'privacy.unmask';

/** What was exported in full: the document and what it covered (a date, a month). */
export interface DisclosedDocument {
  /** e.g. 日报 PDF, 首保交接单 Excel */
  document: string;
  /** e.g. { date: '2026-12-03' } */
  scope: Record<string, unknown>;
}

/**
 * Masked unless `unmasked`; unmasked only for a manager (the command line, a local operator with
 * the archive file in hand, may too), and written to the audit log before anything is made.
 */
export async function disclosureFor(
  db: Db,
  clock: Clock,
  ctx: CallContext | undefined,
  unmasked: boolean | undefined,
  what: DisclosedDocument,
): Promise<Disclosure> {
  if (unmasked !== true) return MASKED;
  if (!ctx) throw new AppError('FORBIDDEN', '显示完整姓名和电话需要服务经理登录后操作。');
  if (ctx.door !== 'cli') {
    const user = ctx.session.user;
    if (!user)
      throw new AppError('UNAUTHORIZED', '显示完整姓名和电话前，请服务经理先选择自己并输入 PIN。', {
        field: 'unmasked',
      });
    if (user.role !== 'manager')
      throw new AppError(
        'FORBIDDEN',
        `显示完整姓名和电话仅限服务经理（记录在操作日志）。当前用户 ${user.name}（${USER_ROLE_LABELS[user.role]}）无此权限：请取消勾选“显示完整姓名和电话”，或请服务经理导出。`,
        { field: 'unmasked' },
      );
  }
  const at = nowInstant(clock.now());
  await db.transaction().execute((trx) =>
    writeAudit(trx, ctx, at, {
      action: UNMASK_ACTION,
      entity: 'export',
      entityId: null,
      after: { document: what.document, ...what.scope },
    }),
  );
  return IN_FULL;
}
