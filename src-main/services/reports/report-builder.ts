import type { MonthlyReport, WeeklyReport } from '../../../src-shared/domain/reports';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { Clock } from '../context';

/** 周报 of an ISO week (default: last week); refused in the future or before the archive begins. */
export async function buildWeeklyReport(_db: Db, _clock: Clock, _week: string | undefined): Promise<WeeklyReport> {
  throw new AppError('INTERNAL', '周报尚未完成');
}

/** 月报 of a month (default: last month); refused in the future or before the archive begins. */
export async function buildMonthlyReport(_db: Db, _clock: Clock, _month: string | undefined): Promise<MonthlyReport> {
  throw new AppError('INTERNAL', '月报尚未完成');
}
