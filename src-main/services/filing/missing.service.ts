import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { HealthUpload, IncompleteFile, MissingPaper } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';

const notYet = () => new AppError('INTERNAL', '缺失检查尚未完成');

/**
 * 缺失: the required papers not filed (by the kinds' rules in 归档设置), per month, per RO, vehicle
 * or customer, and per binder (its series and month); the 电子健康档案 uploads of settled ROs; the
 * new customer and vehicle files the advisors left incomplete.
 */
export class MissingService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  /** The month's: ROs settled, vehicles delivered, customers created in it (from checkFrom on). */
  async month(_month: string): Promise<MissingPaper[]> {
    throw notYet();
  }

  /** For one RO, vehicle (and its ROs) or customer (and their vehicles and ROs). */
  async forSubject(_subject: {
    roId: number | null;
    vehicleId: number | null;
    customerId: number | null;
  }): Promise<MissingPaper[]> {
    throw notYet();
  }

  /** The required papers of a monthly series' month not filed (binder completeness). */
  async forSeriesMonth(_series: string, _month: string): Promise<MissingPaper[]> {
    throw notYet();
  }

  /** ROs settled on the day whose required papers are not all filed (end-of-day). */
  async settledOn(_date: string): Promise<MissingPaper[]> {
    throw notYet();
  }

  async healthUploads(_input: ParsedInputOf<'healthUploads.list'>): Promise<HealthUpload[]> {
    throw notYet();
  }

  async markUploaded(_input: ParsedInputOf<'healthUploads.mark'>, _ctx: CallContext): Promise<{ marked: number }> {
    throw notYet();
  }

  async incompleteFiles(_date: string | undefined): Promise<IncompleteFile[]> {
    throw notYet();
  }
}
