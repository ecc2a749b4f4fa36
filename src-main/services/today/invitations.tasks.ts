import type { DayTask } from '../../../src-shared/domain/today';
import type { InvitationsService } from '../invitations/invitations.service';
import type { DayTaskContributor } from './today.service';

/** Reminder calls due on the invitation lists: letters sent a week ago, not yet reached or booked. */
export class InvitationTasks implements DayTaskContributor {
  readonly area = 'invitations';

  constructor(private readonly invitations: InvitationsService) {}

  /** Shown when calls are due, or were made on the day (then done); a store not using lists sees nothing. */
  async tasks(date: string): Promise<DayTask[]> {
    const n = await this.invitations.callQueueCount(date);
    const made = n > 0 ? 0 : await this.invitations.callsMadeOn(date);
    if (n === 0 && made === 0) return [];
    return [
      {
        area: this.area,
        key: 'calls',
        title: '招揽提醒电话',
        count: n,
        state: n > 0 ? 'open' : 'done',
        detail:
          n > 0
            ? `还有 ${n} 位客户的邀请信已寄出一周，需要打提醒电话并记录结果`
            : `招揽提醒电话已打完（这天记录了 ${made} 次）`,
        link: '/invitations/calls',
        endOfDay: true,
      },
    ];
  }
}
