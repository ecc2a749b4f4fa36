import { FIRST_SERVICE_EXPIRY_WARNING_DAYS } from '../../../src-shared/domain/service-due';
import type { DayTask } from '../../../src-shared/domain/today';
import { shortTime } from '../daily-report/daily-report.print';
import type { DayTaskContributor } from '../today/today.service';
import type { FirstServiceService } from './first-service.service';

/**
 * 首保登记 on the Today board: the day's vouchers handed to sales (end-of-day check), and the
 * vehicles whose first service is about to expire. A row only when there is something to say: not
 * every day has first-service vouchers.
 */
export class FirstServiceTasks implements DayTaskContributor {
  readonly area = 'first-service';

  constructor(private readonly firstService: FirstServiceService) {}

  async tasks(date: string): Promise<DayTask[]> {
    const tasks: DayTask[] = [];
    const sheet = await this.firstService.handoff(date);
    if (sheet.vouchers.length > 0) {
      const open = sheet.vouchers.filter((v) => v.handedOverAt === null).length;
      const base = {
        area: this.area,
        key: 'handoff',
        title: '首保登记交给销售部',
        link: '/invitations/first-service',
        endOfDay: true,
      };
      tasks.push(
        open === 0
          ? {
              ...base,
              count: null,
              state: 'done',
              detail: `${sheet.vouchers.length} 张首保凭证已交给 ${sheet.handedTo}（${shortTime(sheet.handedOverAt as string).slice(11)}）`,
            }
          : {
              ...base,
              count: open,
              state: 'open',
              detail: `今天登记的 ${sheet.vouchers.length} 张首保凭证中有 ${open} 张还没交给销售部：请打印或导出交接单，交接后点“已交接”`,
            },
      );
    }
    const expiring = await this.firstService.candidatesOn(date, FIRST_SERVICE_EXPIRY_WARNING_DAYS);
    if (expiring.length > 0) {
      const expired = expiring.filter((c) => c.daysLeft < 0).length;
      tasks.push({
        area: this.area,
        key: 'expiring',
        title: '首保即将到期',
        count: expiring.length,
        state: 'open',
        detail: `${expiring.length} 辆车首保期限在 ${FIRST_SERVICE_EXPIRY_WARNING_DAYS} 天内到期${expired > 0 ? `（其中 ${expired} 辆已过期）` : ''}，还没有首保：请尽快电话邀请`,
        link: '/invitations/first-service?tab=candidates',
        endOfDay: false,
      });
    }
    return tasks;
  }
}
