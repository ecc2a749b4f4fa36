import type { DailyReportView } from '../../../src-shared/domain/daily-report';
import type { DayTask } from '../../../src-shared/domain/today';
import { AppError } from '../../../src-shared/errors';
import type { DailyReportService } from '../daily-report/daily-report.service';
import type { DayTaskContributor } from './today.service';

/** 日报: tally and confirm, then the service manager's signature. */
export class DailyReportTasks implements DayTaskContributor {
  readonly area = 'daily-report';

  constructor(private readonly reports: DailyReportService) {}

  async tasks(date: string): Promise<DayTask[]> {
    let v: DailyReportView;
    try {
      v = await this.reports.get(date);
    } catch (error) {
      // A day before the archive's first RO has no report to make (future days are refused earlier).
      if (error instanceof AppError && error.details?.fields?.[0]?.path === 'date') return [];
      throw error;
    }
    const base = {
      area: this.area,
      key: 'report',
      title: '日报核对与签字',
      link: `/daily/report?date=${date}`,
      endOfDay: true,
    };
    if (v.status === 'signed')
      return [
        v.liveDiffers
          ? {
              ...base,
              count: null,
              state: 'warn',
              detail: `已签字 v${v.version}（${v.signed?.by}），但档案之后有变化，请看是否需要更正`,
            }
          : { ...base, count: null, state: 'done', detail: `已签字 v${v.version}（${v.signed?.by}）` },
      ];
    if (v.status === 'ready')
      return [
        {
          ...base,
          count: null,
          state: 'open',
          detail: v.confirmedStale
            ? '已核对确认，但之后内容有变化，请重新核对确认再交服务经理签字'
            : '已核对，待服务经理签字',
        },
      ];
    return [
      {
        ...base,
        count: v.blocking > 0 ? v.blocking : null,
        state: 'open',
        detail:
          v.blocking > 0
            ? `日报未核对：有 ${v.blocking} 个问题要先处理`
            : '日报未核对：请核对后点“核对确认”，交服务经理签字',
      },
    ];
  }
}
