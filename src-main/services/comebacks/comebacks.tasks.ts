import type { DayTask } from '../../../src-shared/domain/today';
import { addDays } from '../../../src-shared/validation/dates';
import type { DayTaskContributor } from '../today/today.service';
import { type ComebacksService, DEFAULT_LIST_DAYS } from './comebacks.service';

/**
 * 返修 on the Today board and the end-of-day check: comebacks ClerkDesk proposed that the clerk has
 * not decided on (the comebacks tab's default period, up to the day), and comebacks waiting for the
 * service manager (for everyone to see; the manager acts). A row only when there is something to say.
 */
export class ComebackTasks implements DayTaskContributor {
  readonly area = 'comebacks';

  constructor(readonly comebacks: ComebacksService) {}

  async tasks(date: string): Promise<DayTask[]> {
    const from = addDays(date, -(DEFAULT_LIST_DAYS - 1));
    const [proposed, waiting] = await Promise.all([
      this.comebacks.list({ from, to: date, state: 'proposed' }),
      this.comebacks.waitingForManager(date),
    ]);
    const tasks: DayTask[] = [];
    const link = '/complaints/comebacks';
    if (proposed.length > 0)
      tasks.push({
        area: this.area,
        key: 'proposed',
        title: '返修待确认',
        count: proposed.length,
        state: 'open',
        detail: `系统发现 ${proposed.length} 辆车短期内再次进厂（或工单类型为返修）：请逐个确认是否返修，不算返修的写明原因`,
        link,
        endOfDay: true,
      });
    if (waiting.count > 0)
      tasks.push({
        area: this.area,
        key: 'manager',
        title: '返修待服务经理处理',
        count: waiting.count,
        state: 'open',
        detail: `${waiting.count} 条返修已交服务经理还没处理${waiting.oldest ? `（最早 ${waiting.oldest} 交出）` : ''}：请服务经理填写原因、措施、结果并关闭`,
        link,
        endOfDay: true,
      });
    return tasks;
  }
}
