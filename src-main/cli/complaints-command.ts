/**
 * `complaints --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--unmasked]`: the complaints opened in the
 * period (投诉登记), newest first, through the dispatcher like the window. Customer names are masked
 * unless --unmasked (audited). The JSON speaks codes (for programs); the table speaks Chinese.
 */
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_VERDICT_LABELS,
  type ComplaintChannel,
  type ComplaintLevel,
  type ComplaintState,
  type ComplaintSummary,
  type ComplaintVerdict,
} from '../../src-shared/domain/complaints';
import { maskNameOrNull } from '../../src-shared/domain/masking';
import { DEPARTMENT_LABELS, type Department } from '../../src-shared/domain/revisits';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const COMPLAINTS_USAGE = `用法：complaints --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--unmasked]
  登记日期在这段时间内的投诉，新的在前；--json 输出
  [{no, channel, customer, plate, ro, level, departments, openedAt, respondBy, resolveBy, status, verdict}]
  channel：call 回访电话 / phone_in 来电 / walk_in 来店 / letter 信件 / oem 厂家转办 / online 网络
  level：minor_grumble 轻微抱怨 / grumble 一般抱怨 / serious_grumble 严重抱怨 / complaint 一般投诉 /
         urgent 紧急投诉 / escalated 升级投诉 / major 重大投诉
  departments：责任部门代码，第一个为直接责任部门（reception 接待 / workshop 车间 / parts 配件 /
         cashier 收银 / wash 洗车 / sales 销售）
  status：open 处理中 / resolved 待二次回访 / closed 已闭环
  verdict：二次回访结果（闭环时），very_satisfied 非常满意 / satisfied 满意 / neutral 一般 /
         dissatisfied 不满意 / no_comment 不表态 / understand 理解 / accept 接受；未闭环为 null
  customer 默认遮蔽为 王**，--unmasked 输出完整姓名（记录在操作日志）`;

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class ComplaintsCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new ComplaintsCommandFailure({ code: 'VALIDATION', message: `${message}\n${COMPLAINTS_USAGE}` }, 2);

export interface ComplaintsArgs {
  from: string;
  to: string;
  /** --unmasked: customer names in full (audited); masked (王**) otherwise. */
  unmasked: boolean;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseComplaintsArgs(
  positionals: readonly string[],
  values: { from?: unknown; to?: unknown; unmasked?: unknown },
): ComplaintsArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : null);
  const from = text(values.from);
  const to = text(values.to);
  if (from === null || to === null) throw badInput('请用 --from 和 --to 指定投诉登记日期的范围。');
  if (!isRealDate(from)) throw badInput(`--from：“${from}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-01）。`);
  if (!isRealDate(to)) throw badInput(`--to：“${to}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-31）。`);
  if (to < from) throw badInput(`--to：${to} 早于 --from ${from}，结束日期不能早于开始日期。`);
  return { from, to, unmasked: values.unmasked === true };
}

/** One complaint as `complaints --json` prints it (codes, see COMPLAINTS_USAGE). */
export interface ComplaintJson {
  no: string;
  channel: ComplaintChannel;
  customer: string | null;
  plate: string | null;
  ro: string | null;
  level: ComplaintLevel;
  /** The direct department first, then the secondary ones. */
  departments: Department[];
  openedAt: string;
  respondBy: string;
  /** The last day to resolve (working days counted on the Chinese calendar). */
  resolveBy: string;
  status: ComplaintState;
  verdict: ComplaintVerdict | null;
}

export function complaintsJson(list: readonly ComplaintSummary[], unmasked: boolean): ComplaintJson[] {
  return list.map((c) => ({
    no: c.no,
    channel: c.channel,
    customer: unmasked ? c.customerName : maskNameOrNull(c.customerName),
    plate: c.plate,
    ro: c.roNumber,
    level: c.level,
    departments: [c.department, ...c.secondaryDepartments],
    openedAt: c.openedAt,
    respondBy: c.respondBy,
    resolveBy: c.resolveBy,
    status: c.state,
    verdict: c.verdict,
  }));
}

export async function runComplaintsCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: ComplaintsArgs,
  /** Checks and audits --unmasked (the CLI's own output is not made by an export service). */
  disclose: (document: string) => Promise<unknown> = async () => undefined,
  json = false,
): Promise<ComplaintJson[]> {
  if (args.unmasked) await disclose(json ? '投诉登记 JSON' : '投诉登记（命令行表格）');
  const result = await dispatch('complaints.list', { from: args.from, to: args.to, state: 'all' }, ctx);
  if (!result.ok) throw new ComplaintsCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  return complaintsJson(result.value as ComplaintSummary[], args.unmasked);
}

export function formatComplaints(
  rows: readonly ComplaintJson[],
  args: ComplaintsArgs,
  table: (rows: string[][]) => string,
): string {
  if (rows.length === 0) return `${args.from} 至 ${args.to} 没有登记投诉。`;
  const closed = rows.filter((r) => r.status === 'closed').length;
  return [
    `${args.from} 至 ${args.to} 登记投诉 ${rows.length} 条（已闭环 ${closed}）：`,
    table([
      [
        '单号',
        '渠道',
        '客户',
        '车牌',
        '工单号',
        '级别',
        '责任部门',
        '登记时间',
        '响应期限',
        '解决期限',
        '状态',
        '回访结果',
      ],
      ...rows.map((r) => [
        r.no,
        COMPLAINT_CHANNEL_LABELS[r.channel],
        r.customer ?? '',
        r.plate ?? '',
        r.ro ?? '',
        COMPLAINT_LEVEL_LABELS[r.level],
        r.departments.map((d) => DEPARTMENT_LABELS[d]).join('、'),
        `${r.openedAt.slice(0, 10)} ${r.openedAt.slice(11, 16)}`,
        `${r.respondBy.slice(0, 10)} ${r.respondBy.slice(11, 16)}`,
        r.resolveBy,
        COMPLAINT_STATE_LABELS[r.status],
        r.verdict ? COMPLAINT_VERDICT_LABELS[r.verdict] : '',
      ]),
    ]),
  ].join('\n');
}
