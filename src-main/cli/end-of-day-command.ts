/**
 * `end-of-day [--date YYYY-MM-DD] [--json]`: the end-of-day check (今日遗漏检查) across all areas,
 * what the Today board lists before the clerk goes home, through the dispatcher like the window.
 * A future date is the service's refusal (exit code 2).
 */
import type { DayTask, DayTasks, TaskState } from '../../src-shared/domain/today';
import { isRealDate } from '../../src-shared/validation/dates';
import type { Dispatch } from '../api/dispatcher';
import type { CallContext } from '../services/context';
import { DailyReportCommandFailure } from './daily-report-command';

export const END_OF_DAY_USAGE = `用法：end-of-day [--date YYYY-MM-DD] [--json]
  某天（默认今天）下班前的遗漏检查，各项工作一起列出；--json 输出 [{area, item, count, details, state}]
  area：所属工作（imports 导入、reconciliation 对单、daily-report 日报、revisits 回访、first-service 首保、
        invitations 招揽、appointments 预约、complaints 投诉、comebacks 返修、filing 归档）
  item：检查项；count：数量（是/否的项为 null）；details：还剩什么、该做什么；
  state：open 未完成 / warn 已做但需留意 / done 已完成`;

/** Exit code 2 for what the clerk typed, 1 for everything else (reported by main.ts's one error path). */
export class EndOfDayCommandFailure extends DailyReportCommandFailure {}

const badInput = (message: string) =>
  new EndOfDayCommandFailure({ code: 'VALIDATION', message: `${message}\n${END_OF_DAY_USAGE}` }, 2);

export interface EndOfDayArgs {
  /** null: today on the store clock. */
  date: string | null;
}

/** Checked before the archive is opened, so a typo creates nothing. */
export function parseEndOfDayArgs(positionals: readonly string[], values: { date?: unknown }): EndOfDayArgs {
  if (positionals.length > 0) throw badInput(`多余的参数：${positionals.join(' ')}`);
  const date = typeof values.date === 'string' ? values.date.trim() : null;
  if (date !== null && !isRealDate(date))
    throw badInput(`--date：“${date}”不是有效日期，应为 YYYY-MM-DD（如 2026-12-03）。`);
  return { date };
}

export const AREA_LABELS: Record<string, string> = {
  imports: '导入',
  reconciliation: '对单',
  'daily-report': '日报',
  revisits: '回访',
  'first-service': '首保',
  invitations: '招揽',
  appointments: '预约',
  complaints: '投诉',
  comebacks: '返修',
  filing: '归档',
};

const STATE_MARKS: Record<TaskState, string> = { open: '未完成', warn: '需留意', done: '已完成' };

/** One check as `end-of-day --json` prints it. */
export interface EndOfDayJson {
  area: string;
  item: string;
  count: number | null;
  details: string;
  state: TaskState;
}

export interface EndOfDayResult {
  date: string;
  rows: EndOfDayJson[];
}

export function endOfDayJson(tasks: readonly DayTask[]): EndOfDayJson[] {
  return tasks.map((t) => ({ area: t.area, item: t.title, count: t.count, details: t.detail, state: t.state }));
}

export async function runEndOfDayCommand(
  dispatch: Dispatch,
  ctx: CallContext,
  args: EndOfDayArgs,
): Promise<EndOfDayResult> {
  const result = await dispatch('today.endOfDay', args.date === null ? {} : { date: args.date }, ctx);
  if (!result.ok) throw new EndOfDayCommandFailure(result.error, result.error.code === 'VALIDATION' ? 2 : 1);
  const day = result.value as DayTasks;
  return { date: day.date, rows: endOfDayJson(day.tasks) };
}

export function formatEndOfDay(result: EndOfDayResult, table: (rows: string[][]) => string): string {
  const open = result.rows.filter((r) => r.state !== 'done');
  const head =
    open.length === 0
      ? `${result.date} 下班前检查：全部完成。`
      : `${result.date} 下班前检查：${open.length} 项未完成或需留意（共 ${result.rows.length} 项）。`;
  if (result.rows.length === 0) return head;
  return [
    head,
    table([
      ['工作', '检查项', '数量', '状态', '说明'],
      ...result.rows.map((r) => [
        AREA_LABELS[r.area] ?? r.area,
        r.item,
        r.count === null ? '' : String(r.count),
        STATE_MARKS[r.state],
        r.details,
      ]),
    ]),
  ].join('\n');
}
