import type { DayTask } from '../../../src-shared/domain/today';
import { addDays } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { DayTaskContributor } from './today.service';

/** Has the day's DMS export been imported? Done with one import batch on the day. */
export class ImportTasks implements DayTaskContributor {
  readonly area = 'imports';

  constructor(private readonly db: Db) {}

  async tasks(date: string): Promise<DayTask[]> {
    const batches = await this.db
      .selectFrom('import_batch')
      .select(['at', 'user_name', 'imported', 'updated'])
      .where('at', '>=', date)
      .where('at', '<', addDays(date, 1))
      .orderBy('at', 'desc')
      .execute();
    const last = batches[0];
    return [
      {
        area: this.area,
        key: 'import',
        title: '导入 DMS 修理单',
        count: batches.length,
        state: last ? 'done' : 'open',
        detail: last
          ? `已导入 ${batches.length} 次，最近一次 ${last.at.slice(11, 16)}（${last.user_name}，新增 ${last.imported}、更新 ${last.updated} 张）`
          : '今天还没有导入 DMS 修理单',
        link: '/daily/import',
        // The report's own check (当天没有修理单) catches a forgotten import at the end of the day.
        endOfDay: false,
      },
    ];
  }
}
