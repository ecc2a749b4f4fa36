import type { DayTask } from '../../../src-shared/domain/today';
import type { Db } from '../../db/database';
import type { DayTaskContributor } from '../today/today.service';

/**
 * 统计 on the Today board: on Monday last week's report (周报) and on the 3rd last month's report
 * (月报), due until it has been exported or printed (report_delivery).
 */
export class ReportTasks implements DayTaskContributor {
  readonly area = 'statistics';

  constructor(readonly db: Db) {}

  async tasks(_date: string): Promise<DayTask[]> {
    return [];
  }
}
