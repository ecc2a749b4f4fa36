import type { DayTask } from '../../../src-shared/domain/today';
import type { DayTaskContributor } from '../today/today.service';
import type { ComplaintsService } from './complaints.service';

/**
 * 投诉 on the Today board and the end-of-day check: complaints past their response or resolution
 * deadline, complaint callbacks (二次回访) due. A row only when there is something to say.
 */
export class ComplaintTasks implements DayTaskContributor {
  readonly area = 'complaints';

  constructor(readonly complaints: ComplaintsService) {}

  async tasks(_date: string): Promise<DayTask[]> {
    return [];
  }
}
