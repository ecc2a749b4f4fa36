/**
 * `calls [--date YYYY-MM-DD] [--json] [--unmasked]`: the day's call queue (回访 → 今日电话) in the
 * queue's order, through the dispatcher like the window; `calls sheet …` is the printable call sheet
 * (calls-sheet-command.ts). Names and phones are masked unless --unmasked (audited).
 */
import { maskNameOrNull, maskPhoneOrNull } from '../../src-shared/domain/masking';
import {
  CALL_KIND_LABELS,
  type CallKind,
  type CallQueue,
  callTopicLabel,
  QUEUE_STATE_LABELS,
  type QueueState,
} from '../../src-shared/domain/revisits';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import {
  type CallSheetArgs,
  type CallSheetResult,
  parseCallSheetArgs,
  runCallSheetCommand,
} from './calls-sheet-command';
import { DailyReportCommandFailure } from './daily-report-command';

export const CALLS_USAGE = '用法：calls [--date YYYY-MM-DD] [--json] [--unmasked]（不写 --date 为门店今天）';

/** Exit code 2 for what the clerk typed, 1 for everything else (main.ts's one error path reports it). */
export class CallsCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new CallsCommandFailure({ code: 'VALIDATION', message: `${message}\n${CALLS_USAGE}` }, 2);

export type CallsArgs =
  | {
      sub: 'queue';
      /** null: the store's today (the service decides, by the store clock). */
      date: string | null;
      /** --unmasked: names and phones in full (audited); masked (王**, 138****5678) otherwise. */
      unmasked: boolean;
    }
  | { sub: 'sheet'; sheet: CallSheetArgs };

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseCallsArgs(
  positionals: readonly string[],
  values: { date?: unknown; format?: unknown; out?: unknown; unmasked?: unknown },
  env: NodeJS.ProcessEnv = process.env,
): CallsArgs {
  const [sub, ...extra] = positionals;
  if (sub === 'sheet') return { sub: 'sheet', sheet: parseCallSheetArgs(extra, values, env) };
  if (sub !== undefined) throw badInput(`不认识子命令或参数“${positionals.join(' ')}”（电话单请用 calls sheet）。`);
  if (values.format !== undefined || values.out !== undefined)
    throw badInput('--format 和 --out 只用于 calls sheet（打印或导出电话单）。');
  const date = typeof values.date === 'string' ? values.date.trim() : null;
  if (date !== null && !isRealDate(date))
    throw badInput(`--date：“${date}”不是有效日期，应为 YYYY-MM-DD（如 2026-11-23）。`);
  return { sub: 'queue', date, unmasked: values.unmasked === true };
}

/** One call as `calls --json` prints it. */
export interface CallJson {
  kind: CallKind;
  /** The RO number when the call is about an RO. */
  ro: string | null;
  plate: string | null;
  customer: string | null;
  phone: string | null;
  /** The day it is due, or a callback's moment. */
  due: string;
  /** The window it is callable in now or next today (a callback: its time); null when not today. */
  window: string | null;
  state: QueueState;
  attempts: number;
}

export type CallsResult =
  | { sub: 'queue'; queue: CallQueue; rows: CallJson[] }
  | { sub: 'sheet'; sheet: CallSheetResult };

export async function runCallsCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: CallsArgs,
  /** Checks and audits --unmasked (the CLI's own output is not made by an export service). */
  disclose: (document: string) => Promise<unknown> = async () => undefined,
  json = false,
): Promise<CallsResult> {
  if (args.sub === 'sheet')
    return { sub: 'sheet', sheet: await runCallSheetCommand({ dispatch, ctx, args: args.sheet }) };
  if (args.unmasked) await disclose(json ? '今日电话 JSON' : '今日电话（命令行表格）');
  const result = await dispatch('calls.queue', args.date === null ? {} : { date: args.date }, ctx);
  if (!result.ok) throw new CallsCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  const queue = result.value as CallQueue;
  const name = args.unmasked ? (v: string | null) => v : maskNameOrNull;
  const phone = args.unmasked ? (v: string | null) => v : maskPhoneOrNull;
  return {
    sub: 'queue',
    queue,
    rows: queue.entries.map((e) => ({
      kind: e.kind,
      ro: e.roNumber,
      plate: e.plate,
      customer: name(e.customerName),
      phone: phone(e.phone),
      due: e.dueAt ?? e.dueOn,
      window: e.window,
      state: e.state,
      attempts: e.attempts,
    })),
  };
}

/** What `--json` prints: the rows, or for the sheet where the file went. */
export function callsJson(result: CallsResult): unknown {
  if (result.sub === 'sheet') {
    const { message: _message, ...file } = result.sheet;
    return file;
  }
  return result.rows;
}

export function formatCalls(result: CallsResult, table: (rows: string[][]) => string): string {
  if (result.sub === 'sheet') return result.sheet.message;
  const { queue, rows } = result;
  const by = queue.counts.byState;
  const summary = (Object.keys(QUEUE_STATE_LABELS) as QueueState[])
    .filter((s) => by[s] > 0)
    .map((s) => `${QUEUE_STATE_LABELS[s]} ${by[s]}`)
    .join('、');
  if (rows.length === 0) return `${queue.date} 没有要打的回访电话。`;
  return [
    `${queue.date} 回访电话 ${rows.length} 通（${summary}）；打电话时段 ${queue.windows.map((w) => `${w.from}-${w.to}`).join('、')}：`,
    table([
      ['状态', '类别', '工单号', '车牌', '客户', '电话', '应打', '时段', '次数', '说明'],
      ...queue.entries.map((e, i) => {
        const r = rows[i]!;
        return [
          e.state === 'overdue' ? `逾期 ${e.overdueDays} 天` : QUEUE_STATE_LABELS[e.state],
          callTopicLabel(e.key) ?? CALL_KIND_LABELS[e.kind],
          r.ro ?? '',
          r.plate ?? '',
          r.customer ?? '',
          r.phone ?? '',
          e.dueAt ? e.dueAt.slice(0, 16).replace('T', ' ') : e.dueOn,
          e.nextAt ? `${e.nextAt} 起` : (e.window ?? ''),
          String(e.attempts),
          e.skipReason ?? e.reason,
        ];
      }),
    ]),
  ].join('\n');
}
