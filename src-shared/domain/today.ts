/**
 * The clerk's day across areas: what is due (今日工作台) and what is still open before leaving
 * (今日遗漏检查). Every area contributes its own tasks through one mechanism (src-main/services/
 * today): the board shows them all, the end-of-day check shows those marked `endOfDay`.
 */
export const TASK_AREAS = ['imports', 'reconciliation', 'daily-report'] as const;
export type TaskArea = string;

export const TASK_STATES = ['open', 'warn', 'done'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export interface DayTask {
  /** The area that contributed it (e.g. 'daily-report'); later areas add their own. */
  area: TaskArea;
  /** Stable within the area. */
  key: string;
  /** Chinese, short: 导入 DMS 修理单, 对单, 日报签字. */
  title: string;
  /** The count that matters (ROs not ticked, findings to fix…), or null when a yes/no. */
  count: number | null;
  /** open: to do; warn: done but with something to look at; done: nothing left. */
  state: TaskState;
  /** Chinese, one line: what is left and what to do. */
  detail: string;
  /** Hash route of the work. */
  link: string;
  /** Listed by the end-of-day check (things that must not be left open overnight). */
  endOfDay: boolean;
}

export interface DayTasks {
  date: string;
  tasks: DayTask[];
  /** Tasks not done. */
  open: number;
}
