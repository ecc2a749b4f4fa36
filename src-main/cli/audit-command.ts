/**
 * `audit --from YYYY-MM-DD --to YYYY-MM-DD [--user NAME] [--json]`: the audit log of those days
 * (store dates), oldest first, through the dispatcher like the viewer in 设置 → 操作日志.
 */
import type { AuditEntry } from '../../src-shared/contract/audit.contract';
import type { AppErrorShape } from '../../src-shared/errors';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const AUDIT_USAGE = '用法：audit --from YYYY-MM-DD --to YYYY-MM-DD [--user 姓名] [--db FILE] [--json]';

export class AuditCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new AuditCommandFailure({ code: 'VALIDATION', message: `${message}\n${AUDIT_USAGE}` }, 2);

export interface AuditArgs {
  from: string;
  to: string;
  user: string | null;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseAuditArgs(
  positionals: readonly string[],
  values: { from?: unknown; to?: unknown; user?: unknown },
): AuditArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const from = text(values.from);
  const to = text(values.to);
  if (from === null || to === null) throw badInput('请用 --from 和 --to 指定日期范围。');
  if (!isRealDate(from)) throw badInput(`--from：“${from}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-01）。`);
  if (!isRealDate(to)) throw badInput(`--to：“${to}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-31）。`);
  if (to < from) throw badInput(`--to：${to} 早于 --from ${from}，结束日期不能早于开始日期。`);
  const user = text(values.user);
  if (user === '') throw badInput('--user：请填写用户姓名。');
  return { from, to, user };
}

/** One line per entry, as the JSON output gives it (details parsed back from the stored JSON). */
export interface AuditJsonRow {
  id: number;
  at: string;
  user: string;
  userId: number | null;
  action: string;
  record: { entity: string; id: number | null };
  before: unknown;
  after: unknown;
}

function parsed(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

export async function runAuditCommand(dispatch: Dispatch, ctx: CallContext, args: AuditArgs): Promise<AuditJsonRow[]> {
  const fail = (error: AppErrorShape) => new AuditCommandFailure(error, error.code === 'VALIDATION' ? 2 : 1);
  let userId: number | undefined;
  if (args.user !== null) {
    const users = await dispatch('users.list', { includeInactive: true }, ctx);
    if (!users.ok) throw fail(users.error);
    const match = (users.value as { id: number; name: string }[]).find((u) => u.name === args.user);
    if (!match) throw badInput(`--user：没有名为“${args.user}”的用户。`);
    userId = match.id;
  }
  const rows: AuditEntry[] = [];
  for (let page = 1; ; page++) {
    const result = await dispatch(
      'audit.list',
      { from: args.from, to: args.to, ...(userId === undefined ? {} : { userId }), page, pageSize: 200 },
      ctx,
    );
    if (!result.ok) throw fail(result.error);
    const value = result.value as { rows: AuditEntry[]; total: number };
    rows.push(...value.rows);
    if (value.rows.length === 0 || rows.length >= value.total) break;
  }
  return rows.reverse().map((r) => ({
    id: r.id,
    at: r.at,
    user: r.actor,
    userId: r.userId,
    action: r.action,
    record: { entity: r.entity, id: r.entityId },
    before: parsed(r.before),
    after: parsed(r.after),
  }));
}

export function formatAudit(rows: AuditJsonRow[], table: (rows: string[][]) => string): string {
  if (rows.length === 0) return '这段时间没有操作记录。';
  return table([
    ['时间', '用户', '操作', '记录'],
    ...rows.map((r) => [
      r.at.slice(0, 19).replace('T', ' '),
      r.user,
      r.action,
      r.record.id === null ? r.record.entity : `${r.record.entity} #${r.record.id}`,
    ]),
  ]);
}
