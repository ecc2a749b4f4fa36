import type { ComplaintSummary } from '../../../src-shared/domain/complaints';
import type { DayTask } from '../../../src-shared/domain/today';
import { addDays, todayDate, toInstant } from '../../../src-shared/validation/dates';
import type { DayTaskContributor } from '../today/today.service';
import { complaintsQuery, toSummary } from './complaints.queries';
import type { ComplaintsService } from './complaints.service';

const LIST = '/complaints/list';

/** One complaint's page when the row is about exactly one, the list otherwise. */
const linkTo = (list: readonly ComplaintSummary[]) => (list.length === 1 ? `/complaints/${list[0]!.id}` : LIST);

/** TS202612-0001、TS202612-0002… (at most three named). */
function named(list: readonly ComplaintSummary[]): string {
  const shown = list.slice(0, 3).map((c) => `${c.no}${c.customerName ? ` ${c.customerName}` : ''}`);
  return `${shown.join('、')}${list.length > shown.length ? ` 等 ${list.length} 条` : ''}`;
}

/**
 * 投诉 on the Today board and the end-of-day check: complaints past their response deadline
 * (处理时效, no action yet), past the resolution deadline (解决期限, working days), and callbacks
 * (二次回访) due by the day or overdue. A row only when there is something to say; every row is
 * for the end-of-day check (a deadline passed or a callback due must not be left overnight).
 * The deadlines are judged at the moment of the store clock for today, at the end of the day for
 * an earlier day.
 */
export class ComplaintTasks implements DayTaskContributor {
  readonly area = 'complaints';

  constructor(readonly complaints: ComplaintsService) {}

  async tasks(date: string): Promise<DayTask[]> {
    const now = this.complaints.clock.now();
    const today = todayDate(now);
    const at =
      date >= today ? now.getTime() : Date.parse(toInstant(`${addDays(date, 1)}T00:00`) ?? `${date}T23:59:59Z`);
    // The complaints still open or waiting for the callback (complaint_state), opened by the day.
    const rows = await complaintsQuery(this.complaints.db)
      .where('k.state', 'in', ['open', 'resolved'])
      .where('k.opened_at', '<', addDays(date, 1))
      .orderBy('k.opened_at')
      .orderBy('k.id')
      .execute();
    const active = rows.map((r) => toSummary(r, at, date));
    const tasks: DayTask[] = [];

    const unanswered = active.filter((c) => c.overdue.response);
    if (unanswered.length > 0)
      tasks.push({
        area: this.area,
        key: 'response',
        title: '投诉超过处理时效',
        count: unanswered.length,
        state: 'open',
        detail: `${named(unanswered)} 超过处理时效还没有处理记录：请联系责任部门和负责人，并在投诉上记录处理过程`,
        link: linkTo(unanswered),
        endOfDay: true,
      });

    const late = active.filter((c) => c.overdue.resolution);
    if (late.length > 0)
      tasks.push({
        area: this.area,
        key: 'resolution',
        title: '投诉超过解决期限',
        count: late.length,
        state: 'open',
        detail: `${named(late)} 已过解决期限仍未处理完毕：请催办责任部门，处理完毕后登记处理结果`,
        link: linkTo(late),
        endOfDay: true,
      });

    const callbacks = active.filter((c) => c.state === 'resolved' && c.callbackDueBy !== null);
    const due = callbacks.filter((c) => (c.callbackDueBy as string) <= date);
    if (due.length > 0) {
      const overdue = due.filter((c) => (c.callbackDueBy as string) < date).length;
      tasks.push({
        area: this.area,
        key: 'callbacks',
        title: '投诉二次回访',
        count: due.length,
        state: 'open',
        detail: `${named(due)} 的二次回访${overdue > 0 ? `已逾期（${overdue} 条）或` : ''}今天到期：请在今日电话里回访，记录客户评价和是否闭环${callbacks.length > due.length ? `；另有 ${callbacks.length - due.length} 条待回访未到期` : ''}`,
        link: due.length === 1 ? `/complaints/${due[0]!.id}` : '/revisits/calls',
        endOfDay: true,
      });
    } else if (callbacks.length > 0)
      tasks.push({
        area: this.area,
        key: 'callbacks',
        title: '投诉二次回访',
        count: callbacks.length,
        state: 'done',
        detail: `${callbacks.length} 条投诉已处理完毕，等待二次回访（都未到期，在今日电话里）`,
        link: '/revisits/calls',
        endOfDay: false,
      });
    return tasks;
  }
}
