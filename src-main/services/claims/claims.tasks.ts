import type { DayTask } from '../../../src-shared/domain/today';
import type { Db } from '../../db/database';
import type { DayTaskContributor } from '../today/today.service';
import type { ClaimsService } from './claims.service';

/**
 * 三包/索赔 on the Today board and the end-of-day check: claims due within warnDays and not reported,
 * claims past their deadline, rejected claims to fix, old parts due back, outside-service orders not
 * closed, last month's statement not invoiced after settings.invoiceByDay.
 */
export class ClaimTasks implements DayTaskContributor {
  readonly area = 'claims';

  constructor(
    readonly db: Db,
    readonly claims: ClaimsService,
  ) {}

  async tasks(_date: string): Promise<DayTask[]> {
    // Not yet: the rows come with the claims (issue 14); nothing is shown until then.
    return [];
  }
}
