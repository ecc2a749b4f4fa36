/**
 * `appointments --date YYYY-MM-DD [--json] [--unmasked]`: the day's appointments (今日预约) by time,
 * through the dispatcher like the window. Names and phones masked unless --unmasked (audited).
 */
import { maskNameOrNull, maskPhoneOrNull } from '../../src-shared/domain/masking';
import {
  APPOINTMENT_PURPOSE_LABELS,
  APPOINTMENT_STATE_LABELS,
  type Appointment,
  type AppointmentPurpose,
  type AppointmentState,
} from '../../src-shared/domain/revisits';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const APPOINTMENTS_USAGE = '用法：appointments --date YYYY-MM-DD [--json] [--unmasked]';

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class AppointmentsCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new AppointmentsCommandFailure({ code: 'VALIDATION', message: `${message}\n${APPOINTMENTS_USAGE}` }, 2);

export interface AppointmentsArgs {
  date: string;
  /** --unmasked: names and phones in full (audited); masked (王**, 138****5678) otherwise. */
  unmasked: boolean;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseAppointmentsArgs(
  positionals: readonly string[],
  values: { date?: unknown; unmasked?: unknown },
): AppointmentsArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`);
  const date = typeof values.date === 'string' ? values.date.trim() : null;
  if (date === null) throw badInput('请用 --date 指定预约日期。');
  if (!isRealDate(date)) throw badInput(`--date：“${date}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-03）。`);
  return { date, unmasked: values.unmasked === true };
}

/** What `--json` prints: one entry per appointment of the day, by time (no time last). */
export interface AppointmentJson {
  date: string;
  time: string | null;
  plate: string | null;
  model: string;
  customer: string | null;
  phone: string | null;
  purpose: AppointmentPurpose;
  advisor: string;
  note: string;
  /** booked, arrived, no_show (the day passed without an RO), cancelled */
  state: AppointmentState;
  /** The RO that opened on the day, once arrived. */
  ro: string | null;
  source: Appointment['source'];
}

export function appointmentsJson(list: readonly Appointment[], unmasked: boolean): AppointmentJson[] {
  return list.map((a) => ({
    date: a.date,
    time: a.time,
    plate: a.plate,
    model: a.model,
    customer: unmasked ? a.customerName : maskNameOrNull(a.customerName),
    phone: unmasked ? a.phone : maskPhoneOrNull(a.phone),
    purpose: a.purpose,
    advisor: a.advisor,
    note: a.note,
    state: a.state,
    ro: a.arrivedRoNumber,
    source: a.source,
  }));
}

export async function runAppointmentsCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: AppointmentsArgs,
  /** Checks and audits --unmasked (the CLI's own output is not made by an export service). */
  disclose: (document: string) => Promise<unknown> = async () => undefined,
  json = false,
): Promise<AppointmentJson[]> {
  if (args.unmasked) await disclose(json ? '今日预约 JSON' : '今日预约（命令行表格）');
  const result = await dispatch('appointments.list', { date: args.date, state: 'all' }, ctx);
  if (!result.ok) throw new AppointmentsCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  return appointmentsJson(result.value as Appointment[], args.unmasked);
}

export function formatAppointments(
  rows: readonly AppointmentJson[],
  date: string,
  table: (rows: string[][]) => string,
): string {
  if (rows.length === 0) return `${date} 没有预约。`;
  const arrived = rows.filter((r) => r.state === 'arrived').length;
  return [
    `${date} 预约 ${rows.length} 条（已到店 ${arrived}）：`,
    table([
      ['时间', '车牌', '车型', '客户', '电话', '目的', '服务顾问', '状态', '工单号'],
      ...rows.map((r) => [
        r.time ?? '未定',
        r.plate ?? '',
        r.model,
        r.customer ?? '',
        r.phone ?? '',
        APPOINTMENT_PURPOSE_LABELS[r.purpose],
        r.advisor,
        APPOINTMENT_STATE_LABELS[r.state],
        r.ro ?? '',
      ]),
    ]),
  ].join('\n');
}
