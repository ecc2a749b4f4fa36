import type { DayTask } from '../../../src-shared/domain/today';
import type { ReconciliationService } from '../reconciliation/reconciliation.service';
import type { DayTaskContributor } from './today.service';

/** 对单: open until completed; a completed day with a discrepancy come up since is a warning. */
export class ReconciliationTasks implements DayTaskContributor {
  readonly area = 'reconciliation';

  constructor(private readonly reconciliation: ReconciliationService) {}

  async tasks(date: string): Promise<DayTask[]> {
    const s = await this.reconciliation.summary(date);
    const base = {
      area: this.area,
      key: 'reconcile',
      title: '对单',
      link: `/daily/reconcile?date=${date}`,
      endOfDay: true,
    };
    if (s.completedAt !== null) {
      const done = `已完成对单（${s.completedBy}，${s.completedAt.slice(11, 16)}）`;
      return [
        s.unresolved > 0
          ? {
              ...base,
              count: s.unresolved,
              state: 'warn',
              detail: `${done}，但之后又出现 ${s.unresolved} 条差异，请重新打开对单处理`,
            }
          : { ...base, count: null, state: 'done', detail: done },
      ];
    }
    return [
      {
        ...base,
        count: s.unresolved,
        state: 'open',
        detail:
          s.inArchive === 0 && s.ticked === 0
            ? '今天还没有要对的修理单；导入后请把纸质单逐张勾对，再点“对单完成”'
            : `还有 ${s.missingOnPaper} 张修理单没有勾对，${s.unresolved} 条差异待说明；处理完后点“对单完成”`,
      },
    ];
  }
}
