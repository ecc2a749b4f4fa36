import type { Appointment } from '../../../src-shared/domain/revisits';
import type { DayTask } from '../../../src-shared/domain/today';
import { AppError } from '../../../src-shared/errors';
import { addDays } from '../../../src-shared/validation/dates';
import type { RevisitQueueService } from '../revisits/revisit-queue.service';
import { dueNotMade } from '../revisits/revisits.tasks';
import type { DayTaskContributor } from '../today/today.service';
import type { AppointmentsService } from './appointments.service';

/** The queue key of a no-show's call (预约未到店), as the call queue lists it. */
export const noShowCallKey = (appointmentId: number) => `reminder:appointment:${appointmentId}`;

/**
 * 预约登记 on the Today board: the day's appointments for the front desk (how many, how many
 * arrived so far), and yesterday's no-shows, who are in the call queue to be phoned. A row only
 * when there is something to say.
 */
export class AppointmentTasks implements DayTaskContributor {
  readonly area = 'appointments';

  constructor(
    private readonly appointments: AppointmentsService,
    private readonly queue: RevisitQueueService,
  ) {}

  async tasks(date: string): Promise<DayTask[]> {
    const tasks: DayTask[] = [];
    const today = (await this.appointments.list({ date, state: 'all' })).filter((a) => a.state !== 'cancelled');
    if (today.length > 0) {
      const arrived = today.filter((a) => a.state === 'arrived').length;
      const waiting = today.filter((a) => a.state === 'booked');
      const next = waiting
        .map((a) => a.time)
        .filter((t): t is string => t !== null)
        .sort()
        .slice(0, 4);
      tasks.push({
        area: this.area,
        key: 'today',
        title: '今日预约',
        count: today.length,
        state: waiting.length > 0 ? 'open' : 'done',
        detail:
          waiting.length > 0
            ? `今天预约 ${today.length} 位，已到店 ${arrived} 位，还有 ${waiting.length} 位未到${next.length > 0 ? `（${next.join('、')}${waiting.length > next.length ? '…' : ''}）` : ''}：请提前告诉服务顾问`
            : arrived === today.length
              ? `今天预约的 ${today.length} 位都已到店`
              : `今天预约 ${today.length} 位，已到店 ${arrived} 位`,
        link: '/revisits/appointments',
        endOfDay: false,
      });
    }

    const noShows = await this.appointments.list({ date: addDays(date, -1), state: 'no_show' });
    if (noShows.length > 0) {
      const notCalled = await this.notCalled(noShows, date);
      tasks.push({
        area: this.area,
        key: 'no-shows',
        title: '昨天预约未到店',
        count: notCalled,
        state: notCalled > 0 ? 'open' : 'done',
        detail:
          notCalled > 0
            ? `昨天预约的 ${noShows.length} 位客户没有到店，还有 ${notCalled} 位没打电话：已列在今日电话里，请问明原因、重新预约`
            : `昨天预约未到店的 ${noShows.length} 位客户都已打过电话`,
        link: '/revisits/calls',
        endOfDay: false,
      });
    }
    return tasks;
  }

  /** No-shows whose call (预约未到店) is still to make on the day; one not in the queue (e.g. 不打电话) is not. */
  private async notCalled(noShows: readonly Appointment[], date: string): Promise<number> {
    let n = 0;
    for (const a of noShows) {
      try {
        const entry = await this.queue.entry(noShowCallKey(a.id), date);
        if (dueNotMade(entry)) n++;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    return n;
  }
}
