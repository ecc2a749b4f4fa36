import type { CallKind, CallQueue, QueueEntry } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { Clock } from '../context';

/**
 * 回访 → 今日电话: the day's calls from one contributor per kind (queue/*.ts), ordered callable
 * now → later today → overdue, then skipped / done / given up. TODO(track A1): implement.
 */
export class RevisitQueueService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async queue(_input: { date?: string; kind?: CallKind }): Promise<CallQueue> {
    throw new AppError('INTERNAL', '今日电话尚未完成');
  }

  /** One entry by its key, whatever its state (the call screen, recording). Throws NOT_FOUND. */
  async entry(_key: string, _date?: string): Promise<QueueEntry> {
    throw new AppError('INTERNAL', '今日电话尚未完成');
  }
}
