import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { StatisticsRecords, StatisticsView } from '../../../src-shared/domain/reports';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { Clock } from '../context';

const notYet = () => new AppError('INTERNAL', '统计图表尚未完成');

/** 统计 page: the charts' figures for a period, and the records behind one bar. */
export class StatisticsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async view(_input: ParsedInputOf<'statistics.view'>): Promise<StatisticsView> {
    throw notYet();
  }

  async records(_input: ParsedInputOf<'statistics.records'>): Promise<StatisticsRecords> {
    throw notYet();
  }
}
