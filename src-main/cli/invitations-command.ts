/**
 * `invitations --from YYYY-MM-DD --to YYYY-MM-DD [--json]`: who is due for a first or periodic
 * service in the period (the basis of a 定保招揽一览表), through the dispatcher like the window.
 * Sold, scrapped, lost, do-not-contact, booked and already-listed vehicles are left out, as on a new list.
 */
import type { DueListPreview } from '../../src-shared/contract/invitations.contract';
import type { InvitationJsonRow } from '../../src-shared/domain/invitations';
import { maskNameOrNull, maskPhoneOrNull } from '../../src-shared/domain/masking';
import { DUE_KIND_LABELS } from '../../src-shared/domain/service-due';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const INVITATIONS_USAGE = '用法：invitations --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--unmasked]';

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class InvitationsCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new InvitationsCommandFailure({ code: 'VALIDATION', message: `${message}\n${INVITATIONS_USAGE}` }, 2);

export interface InvitationsArgs {
  from: string;
  to: string;
  /** --unmasked: names and phones in full (audited); masked (王**, 138****5678) otherwise. */
  unmasked: boolean;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseInvitationsArgs(
  positionals: readonly string[],
  values: { from?: unknown; to?: unknown; unmasked?: unknown },
): InvitationsArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const from = text(values.from);
  const to = text(values.to);
  if (from === null || to === null) throw badInput('请用 --from 和 --to 指定到期日期的范围。');
  if (!isRealDate(from)) throw badInput(`--from：“${from}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-01）。`);
  if (!isRealDate(to)) throw badInput(`--to：“${to}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-31）。`);
  if (to < from) throw badInput(`--to：${to} 早于 --from ${from}，结束日期不能早于开始日期。`);
  return { from, to, unmasked: values.unmasked === true };
}

/** The due list as it leaves the counter: names and phones masked unless --unmasked (audited). */
export function disclosedPreview(preview: DueListPreview, unmasked: boolean): DueListPreview {
  if (unmasked) return preview;
  return {
    ...preview,
    rows: preview.rows.map((r) => ({
      ...r,
      customerName: maskNameOrNull(r.customerName),
      phone: maskPhoneOrNull(r.phone),
    })),
  };
}

export function invitationJsonRows(preview: DueListPreview): InvitationJsonRow[] {
  return preview.rows.map((r) => ({
    plate: r.plate,
    vin: r.vin,
    customer: r.customerName,
    phone: r.phone,
    kind: r.kind,
    dueDate: r.dueOn,
    dueMileage: r.dueKm,
    estimatedMileage: r.estimatedKm,
    lastVisit: r.lastVisitOn,
  }));
}

export async function runInvitationsCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: InvitationsArgs,
): Promise<DueListPreview> {
  const result = await dispatch('invitations.due', { from: args.from, to: args.to }, ctx);
  if (!result.ok) throw new InvitationsCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  return result.value as DueListPreview;
}

export function formatInvitations(preview: DueListPreview, table: (rows: string[][]) => string): string {
  const e = preview.excluded;
  const left = `未列入：已卖 ${e.sold}、报废 ${e.scrapped}、流失 ${e.lost}、勿扰 ${e.doNotContact}、不同意营销联系 ${e.noMarketingConsent}、已预约 ${e.booked}、已在其他一览表 ${e.listed}`;
  if (preview.rows.length === 0) return `${preview.from} 至 ${preview.to} 没有到期的车辆。\n${left}`;
  return [
    `${preview.from} 至 ${preview.to} 到期 ${preview.rows.length} 辆：`,
    table([
      ['类别', '车牌', '客户', '电话', '到期日期', '到期里程', '估计现里程', '上次进厂'],
      ...preview.rows.map((r) => [
        DUE_KIND_LABELS[r.kind],
        r.plate ?? '',
        r.customerName ?? '',
        r.phone ?? '',
        r.dueOn,
        r.dueKm === null ? '' : String(r.dueKm),
        r.estimatedKm === null ? '' : String(r.estimatedKm),
        r.lastVisitOn ?? '',
      ]),
    ]),
    left,
  ].join('\n');
}
