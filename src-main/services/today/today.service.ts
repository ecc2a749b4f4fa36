import type { DayTask, DayTasks } from '../../../src-shared/domain/today';
import { AppError } from '../../../src-shared/errors';
import { todayDate } from '../../../src-shared/validation/dates';
import type { Clock } from '../context';

/**
 * One area's part of the clerk's day (今日工作台, 今日遗漏检查). Each area writes its own
 * contributor; adding an area is one more entry in the list given to TodayService (see
 * createServices in src-main/api/handlers.ts).
 */
export interface DayTaskContributor {
  area: string;
  tasks(date: string): Promise<DayTask[]>;
}

/** The clerk's day across areas: every contributor's tasks, in the order of the contributors. */
export class TodayService {
  constructor(
    readonly clock: Clock,
    readonly contributors: readonly DayTaskContributor[] = [],
  ) {}

  private dateOrToday(date: string | undefined): string {
    const today = todayDate(this.clock.now());
    if (date === undefined) return today;
    if (date > today)
      throw AppError.validation('date', '日期', `不能查看未来的工作（今天是 ${today}），请选择今天或以前的日期`);
    return date;
  }

  private async collect(date: string | undefined, only: (task: DayTask) => boolean): Promise<DayTasks> {
    const day = this.dateOrToday(date);
    const tasks: DayTask[] = [];
    // One after the other: the archive has one connection, and the order of the board is stable.
    for (const contributor of this.contributors) tasks.push(...(await contributor.tasks(day)).filter(only));
    return { date: day, tasks, open: tasks.filter((t) => t.state !== 'done').length };
  }

  /** 今日工作台: everything due on the day. */
  tasks(date: string | undefined): Promise<DayTasks> {
    return this.collect(date, () => true);
  }

  /** 今日遗漏检查: what must not be left open overnight. */
  endOfDay(date: string | undefined): Promise<DayTasks> {
    return this.collect(date, (task) => task.endOfDay);
  }
}
