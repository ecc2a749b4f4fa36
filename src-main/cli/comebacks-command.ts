/**
 * `comebacks --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--unmasked]`: the 返修 of the period —
 * proposed (found by ClerkDesk, not decided), confirmed (with the service manager), closed and
 * dismissed — each with its state, newest first, through the dispatcher like the window. Names and
 * phones masked unless --unmasked (audited).
 */
import {
  COMEBACK_STATE_LABELS,
  type Comeback,
  type ComebackSource,
  type ComebackState,
} from '../../src-shared/domain/complaints';
import { maskNameOrNull, maskPhoneOrNull } from '../../src-shared/domain/masking';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const COMEBACKS_USAGE = '用法：comebacks --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--unmasked]';

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class ComebacksCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new ComebacksCommandFailure({ code: 'VALIDATION', message: `${message}\n${COMEBACKS_USAGE}` }, 2);

export interface ComebacksArgs {
  from: string;
  to: string;
  /** --unmasked: names and phones in full (audited); masked (王**, 138****5678) otherwise. */
  unmasked: boolean;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseComebacksArgs(
  positionals: readonly string[],
  values: { from?: unknown; to?: unknown; unmasked?: unknown },
): ComebacksArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const from = text(values.from);
  const to = text(values.to);
  if (from === null || to === null) throw badInput('请用 --from 和 --to 指定日期范围（返修发现或登记的日期）。');
  if (!isRealDate(from)) throw badInput(`--from：“${from}”不是有效日期，应为 YYYY-MM-DD（如 2026-11-01）。`);
  if (!isRealDate(to)) throw badInput(`--to：“${to}”不是有效日期，应为 YYYY-MM-DD（如 2026-11-30）。`);
  if (to < from) throw badInput(`--to：${to} 早于 --from ${from}，结束日期不能早于开始日期。`);
  return { from, to, unmasked: values.unmasked === true };
}

/** What `--json` prints: one entry per comeback, newest first. */
export interface ComebackJson {
  /** `ro:<new RO id>` while proposed (or decided from a proposal), `comeback:<id>` once stored. */
  key: string;
  state: ComebackState;
  source: ComebackSource;
  date: string;
  plate: string | null;
  vin: string | null;
  customer: string | null;
  phone: string | null;
  /** The earlier (repair) RO's number, and its advisor. */
  earlierRo: string | null;
  earlierAdvisor: string;
  /** The RO it came back with. */
  ro: string | null;
  /** Days from the earlier RO to the new one (or to the day it was marked). */
  days: number | null;
  words: string;
  handedAt: string | null;
  cause: string;
  action: string;
  result: string;
  dismissedReason: string;
}

export function comebacksJson(list: readonly Comeback[], unmasked: boolean): ComebackJson[] {
  return list.map((c) => ({
    key: c.key,
    state: c.state,
    source: c.source,
    date: c.date,
    plate: c.plate,
    vin: c.vin,
    customer: unmasked ? c.customerName : maskNameOrNull(c.customerName),
    phone: unmasked ? c.phone : maskPhoneOrNull(c.phone),
    earlierRo: c.earlierRoNumber,
    earlierAdvisor: c.earlierAdvisor,
    ro: c.roNumber,
    days: c.daysBetween,
    words: c.words,
    handedAt: c.handedAt,
    cause: c.cause,
    action: c.action,
    result: c.result,
    dismissedReason: c.dismissedReason,
  }));
}

export async function runComebacksCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: ComebacksArgs,
  /** Checks and audits --unmasked (the CLI's own output is not made by an export service). */
  disclose: (document: string) => Promise<unknown> = async () => undefined,
  json = false,
): Promise<ComebackJson[]> {
  if (args.unmasked) await disclose(json ? '跟踪及返修记录 JSON' : '跟踪及返修记录（命令行表格）');
  const result = await dispatch('comebacks.list', { from: args.from, to: args.to, state: 'all' }, ctx);
  if (!result.ok) throw new ComebacksCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  return comebacksJson(result.value as Comeback[], args.unmasked);
}

export function formatComebacks(
  rows: readonly ComebackJson[],
  args: Pick<ComebacksArgs, 'from' | 'to'>,
  table: (rows: string[][]) => string,
): string {
  const period = `${args.from} 至 ${args.to}`;
  if (rows.length === 0) return `${period} 没有返修记录，也没有待确认的返修。`;
  const count = (state: ComebackState) => rows.filter((r) => r.state === state).length;
  return [
    `${period} 返修 ${rows.length} 条：待确认 ${count('proposed')}、已交服务经理 ${count('confirmed')}、已处理 ${count('closed')}、不算返修 ${count('dismissed')}`,
    table([
      [
        '日期',
        '状态',
        '车牌',
        '客户',
        '电话',
        '原修理单',
        '服务顾问',
        '返修工单',
        '间隔天数',
        '客户反映',
        '原因/措施/结果',
      ],
      ...rows.map((r) => [
        r.date,
        COMEBACK_STATE_LABELS[r.state],
        r.plate ?? '',
        r.customer ?? '',
        r.phone ?? '',
        r.earlierRo ?? '',
        r.earlierAdvisor,
        r.ro ?? '',
        r.days === null ? '' : String(r.days),
        r.words,
        r.state === 'dismissed'
          ? `不算返修：${r.dismissedReason}`
          : [r.cause, r.action, r.result].filter((s) => s !== '').join(' / '),
      ]),
    ]),
  ].join('\n');
}
