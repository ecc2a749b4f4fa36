/**
 * `lost-customers [--as-of YYYY-MM-DD] [--level lost|at_risk|all] [--json] [--unmasked]`: every lost
 * customer (流失客户), most recently lost first (the list's pages of 500, read one after another);
 * names and phones masked unless --unmasked (audited).
 * `churn --month YYYY-MM [--json]`: that month's churn rate with its formula (ChurnMonth).
 * Both through the dispatcher like the window.
 */
import {
  type ChurnMonth,
  LOST_LEVELS,
  LOST_PAGE_SIZE_MAX,
  LOST_REASON_LABELS,
  LOST_STAGE_LABELS,
  type LostCustomer,
  type LostCustomerPage,
  type LostLevel,
  type LostReason,
  type LostStage,
} from '../../src-shared/domain/complaints';
import { maskNameOrNull, maskPhoneOrNull } from '../../src-shared/domain/masking';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const LOST_CUSTOMERS_USAGE =
  '用法：lost-customers [--as-of YYYY-MM-DD] [--level lost|at_risk|all] [--json] [--unmasked]';
export const CHURN_USAGE = '用法：churn --month YYYY-MM [--json]';

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class LostCustomersCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string, usage: string) =>
  new LostCustomersCommandFailure({ code: 'VALIDATION', message: `${message}\n${usage}` }, 2);

export interface LostCustomersArgs {
  /** null: today on the store clock. */
  asOf: string | null;
  level: LostLevel | 'all';
  unmasked: boolean;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseLostCustomersArgs(
  positionals: readonly string[],
  values: { 'as-of'?: unknown; level?: unknown; unmasked?: unknown },
): LostCustomersArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`, LOST_CUSTOMERS_USAGE);
  const asOf = typeof values['as-of'] === 'string' ? values['as-of'].trim() : null;
  if (asOf !== null && !isRealDate(asOf))
    throw badInput(`--as-of：“${asOf}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-03）。`, LOST_CUSTOMERS_USAGE);
  const level = typeof values.level === 'string' ? values.level.trim() : 'lost';
  if (level !== 'all' && !(LOST_LEVELS as readonly string[]).includes(level))
    throw badInput(`--level：应为 lost（已流失）、at_risk（流失预警）或 all，现在是“${level}”。`, LOST_CUSTOMERS_USAGE);
  return { asOf, level: level as LostLevel | 'all', unmasked: values.unmasked === true };
}

/** What `--json` prints: one entry per vehicle, most recently lost first. */
export interface LostCustomerJson {
  plate: string | null;
  vin: string | null;
  customer: string | null;
  phone: string | null;
  lastVisit: string;
  lastMileage: number | null;
  estimatedMileage: number | null;
  /** never_serviced, after_first, after_second, later */
  stage: LostStage;
  /** The reason recorded (moved, sold, elsewhere, …), null when none yet. */
  reason: LostReason | null;
}

export function lostCustomersJson(list: readonly LostCustomer[], unmasked: boolean): LostCustomerJson[] {
  return list.map((r) => ({
    plate: r.plate,
    vin: r.vin,
    customer: unmasked ? r.customer : maskNameOrNull(r.customer),
    phone: unmasked ? r.phone : maskPhoneOrNull(r.phone),
    lastVisit: r.lastVisit,
    lastMileage: r.lastMileage,
    estimatedMileage: r.estimatedMileage,
    stage: r.stage,
    reason: r.reason,
  }));
}

export async function runLostCustomersCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: LostCustomersArgs,
  /** Checks and audits --unmasked (the CLI's own output is not made by an export service). */
  disclose: (document: string) => Promise<unknown> = async () => undefined,
  json = false,
): Promise<LostCustomerJson[]> {
  if (args.unmasked) await disclose(json ? '流失客户 JSON' : '流失客户（命令行表格）');
  const rows: LostCustomer[] = [];
  let asOf = args.asOf;
  // Every page of the day's list; the day is fixed by the first page so a page never straddles midnight.
  for (let page = 1; ; page++) {
    const input = { level: args.level, page, pageSize: LOST_PAGE_SIZE_MAX, ...(asOf !== null ? { asOf } : {}) };
    const result = await dispatch('lostCustomers.list', input, ctx);
    if (!result.ok) throw new LostCustomersCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
    const value = result.value as LostCustomerPage;
    asOf = value.asOf;
    rows.push(...value.rows);
    if (value.rows.length < LOST_PAGE_SIZE_MAX || rows.length >= value.total) break;
  }
  return lostCustomersJson(rows, args.unmasked);
}

export function formatLostCustomers(
  rows: readonly LostCustomerJson[],
  args: LostCustomersArgs,
  table: (rows: string[][]) => string,
): string {
  const day = args.asOf ?? '今天';
  if (rows.length === 0) return `截至 ${day} 没有流失客户。`;
  const km = (n: number | null) => (n === null ? '' : String(n));
  return [
    `截至 ${day} 流失客户 ${rows.length} 辆（最近流失的在前）：`,
    table([
      ['车牌', '车架号', '客户', '电话', '上次进厂', '上次里程', '估计里程', '流失阶段', '原因'],
      ...rows.map((r) => [
        r.plate ?? '',
        r.vin ?? '',
        r.customer ?? '',
        r.phone ?? '',
        r.lastVisit,
        km(r.lastMileage),
        km(r.estimatedMileage),
        LOST_STAGE_LABELS[r.stage],
        r.reason ? LOST_REASON_LABELS[r.reason] : '',
      ]),
    ]),
  ].join('\n');
}

export interface ChurnArgs {
  month: string;
}

export function parseChurnArgs(positionals: readonly string[], values: { month?: unknown }): ChurnArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`, CHURN_USAGE);
  const month = typeof values.month === 'string' ? values.month.trim() : null;
  if (month === null) throw badInput('请用 --month 指定月份。', CHURN_USAGE);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw badInput(`--month：“${month}”不是有效月份，应为 YYYY-MM（如 2026-11）。`, CHURN_USAGE);
  return { month };
}

/** `--json` prints the ChurnMonth itself. */
export async function runChurnCommand(dispatch: Dispatch, ctx: CallContext, args: ChurnArgs): Promise<ChurnMonth> {
  const result = await dispatch('churn.months', { from: args.month, to: args.month }, ctx);
  if (!result.ok) throw new LostCustomersCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  const [month] = result.value as ChurnMonth[];
  if (!month) throw new LostCustomersCommandFailure({ code: 'INTERNAL', message: '没有算出流失率' }, 1);
  return month;
}

export function formatChurn(m: ChurnMonth): string {
  const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
  return [
    `${m.month} 流失率 ${pct(m.churn)}（${m.baseMonth} 进厂 ${m.base} 辆，其中 ${m.returned} 辆再次进厂）`,
    `首保→二保保留率 ${pct(m.retention)}（${m.baseMonth} 首保 ${m.firstServiceBase} 辆，其中 ${m.secondService} 辆做了定保）`,
    m.formula,
  ].join('\n');
}
