import type { QueueEntry } from '../../../src-shared/domain/revisits';
import type { DayTask } from '../../../src-shared/domain/today';
import { addDays } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { DayTaskContributor } from '../today/today.service';
import type { CallsService } from './calls.service';
import type { RevisitQueueService } from './revisit-queue.service';

/** Tried today and not reached after the last window: the queue moved it to tomorrow, nothing forgotten. */
export const retryTomorrow = (e: QueueEntry) => e.state === 'later' && e.nextAt === null && e.attempts > 0;

/** An invitation list's reminder call (招揽提醒, `reminder:row:N`), not a no-show's. */
export const isInvitationReminder = (e: QueueEntry) => e.key.startsWith('reminder:row:');

/** Still to be called on the day (now, later today, overdue), not counting what moved to tomorrow. */
export const dueNotMade = (e: QueueEntry) =>
  (e.state === 'now' || e.state === 'overdue' || e.state === 'later') && !retryTomorrow(e);

/**
 * 回访 on the Today board and the end-of-day check: the day's calls not made yet, the callbacks
 * promised for the day, and the problem calls no one was made responsible for. A row only when
 * there is something to say (a store not using 回访 sees nothing).
 */
export class RevisitTasks implements DayTaskContributor {
  readonly area = 'revisits';

  constructor(
    private readonly db: Db,
    private readonly queue: RevisitQueueService,
    private readonly calls: CallsService,
  ) {}

  async tasks(date: string): Promise<DayTask[]> {
    const { entries } = await this.queue.queue({ date });
    return [...this.callRows(entries), ...(await this.callbackRows(entries, date)), ...(await this.problemRows(date))];
  }

  private callRows(all: readonly QueueEntry[]): DayTask[] {
    const tasks: DayTask[] = [];
    // The invitation reminders have their row (招揽提醒电话, InvitationTasks): not counted twice.
    const entries = all.filter((e) => !isInvitationReminder(e));
    const open = entries.filter(dueNotMade);
    const tomorrow = entries.filter(retryTomorrow).length;
    // Given up without a single attempt (past the days allowed) is not a call made.
    const made = entries.filter((e) => e.state === 'done' || (e.state === 'unreached' && e.attempts > 0)).length;
    const offerPending = entries.filter((e) => e.state === 'unreached' && e.followUpChannel === null).length;
    if (open.length > 0 || made > 0 || tomorrow > 0 || offerPending > 0) {
      const base = { area: this.area, key: 'calls', title: '回访电话', link: '/revisits/calls', endOfDay: true };
      const by = (state: QueueEntry['state']) => open.filter((e) => e.state === state).length;
      const later = tomorrow > 0 ? `；另有 ${tomorrow} 通今天没打通，明天再打` : '';
      const offer = offerPending > 0 ? `；${offerPending} 位客户未接通已放弃，请改发短信或信件` : '';
      if (open.length > 0) {
        const parts = [
          by('now') > 0 ? `现在可打 ${by('now')}` : '',
          by('later') > 0 ? `稍后 ${by('later')}` : '',
          by('overdue') > 0 ? `逾期 ${by('overdue')}` : '',
        ].filter((p) => p !== '');
        tasks.push({
          ...base,
          count: open.length,
          state: 'open',
          detail: `还有 ${open.length} 通回访电话没打（${parts.join('、')}）：请在今日电话里打完并记录结果${later}${offer}`,
        });
      } else {
        tasks.push({
          ...base,
          count: offerPending > 0 ? offerPending : null,
          state: offerPending > 0 ? 'warn' : 'done',
          detail: `${made > 0 ? `今天的回访电话已打完（完成 ${made} 通）` : '今天没有还要打的回访电话'}${later}${offer}`,
        });
      }
    }
    return tasks;
  }

  /**
   * The hours customers asked to be called back on the day: a promise, shown with its time. A made
   * callback leaves the queue's callbacks, so the day's bookings are counted from the attempts.
   */
  private async callbackRows(entries: readonly QueueEntry[], date: string): Promise<DayTask[]> {
    const pending = entries
      .filter((e) => e.kind === 'callback' && e.dueAt !== null && e.dueAt.slice(0, 10) === date && dueNotMade(e))
      .sort((a, b) => (a.dueAt as string).localeCompare(b.dueAt as string));
    // Instants are ISO text with the store's offset: the day's range compares as text.
    const booked = await this.db
      .selectFrom('revisit_attempt')
      .select((eb) => eb.fn.count<number>('call_id').distinct().as('n'))
      .where('outcome', '=', 'call_back')
      .where('callback_at', '>=', date)
      .where('callback_at', '<', addDays(date, 1))
      .executeTakeFirstOrThrow();
    const total = Math.max(Number(booked.n), pending.length);
    if (total === 0) return [];
    // By the hour asked for: 15:30（2 通）、16:00.
    const perTime = new Map<string, number>();
    for (const e of pending) {
      const time = (e.dueAt as string).slice(11, 16);
      perTime.set(time, (perTime.get(time) ?? 0) + 1);
    }
    const shown = [...perTime].slice(0, 6).map(([time, n]) => (n > 1 ? `${time}（${n} 通）` : time));
    const times = `${shown.join('、')}${perTime.size > shown.length ? '…' : ''}`;
    return [
      {
        area: this.area,
        key: 'callbacks',
        title: '约定回电',
        count: pending.length,
        state: pending.length > 0 ? 'open' : 'done',
        detail:
          pending.length > 0
            ? `今天约好回电 ${total} 通，还有 ${pending.length} 通要按时打：${times}`
            : `今天约好的 ${total} 通回电都已打过`,
        link: '/revisits/calls',
        endOfDay: false,
      },
    ];
  }

  /** Problem calls (问题客户) open on the day without a 负责人: someone must be made to act. */
  private async problemRows(date: string): Promise<DayTask[]> {
    const open = (await this.calls.problems({ state: 'open' })).filter((p) => p.createdAt.slice(0, 10) <= date);
    if (open.length === 0) return [];
    const ownerless = open.filter((p) => p.ownerUserId === null).length;
    return [
      {
        area: this.area,
        key: 'problems',
        title: '问题客户指派负责人',
        count: ownerless > 0 ? ownerless : null,
        state: ownerless > 0 ? 'open' : 'done',
        detail:
          ownerless > 0
            ? `${ownerless} 个回访问题客户还没有负责人：请在问题客户里指派负责人，打印快速处理表交给责任部门`
            : `${open.length} 个处理中的问题客户都已指派负责人`,
        link: '/revisits/problems',
        endOfDay: true,
      },
    ];
  }
}
