import type { DayTask } from '../../../src-shared/domain/today';
import type { DayTaskContributor } from '../today/today.service';
import type { ComebacksService } from './comebacks.service';

/**
 * 返修 on the Today board and the end-of-day check: comebacks ClerkDesk proposed that the clerk has
 * not decided on, and comebacks waiting for the service manager. A row only when there is something to say.
 */
export class ComebackTasks implements DayTaskContributor {
  readonly area = 'comebacks';

  constructor(readonly comebacks: ComebacksService) {}

  async tasks(_date: string): Promise<DayTask[]> {
    return [];
  }
}
