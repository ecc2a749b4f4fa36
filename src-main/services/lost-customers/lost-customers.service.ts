import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ChurnMonth, LostCustomer } from '../../../src-shared/domain/complaints';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { CallState } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { CallRecordedListener, CallRow } from '../revisits/calls.service';

const notYet = () => new AppError('INTERNAL', '流失客户尚未完成');

/**
 * 流失客户: vehicles whose last visit is older than the store's threshold (at risk before), not
 * sold, scrapped or moved away; their reasons (from calls or typed); win-back calls in the 回访
 * queue (reminder:vehicle:N); the churn rate per month and retention from 首保 to the 2nd service.
 */
export class LostCustomersService implements CallRecordedListener {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async list(_input: ParsedInputOf<'lostCustomers.list'>): Promise<LostCustomer[]> {
    throw notYet();
  }

  async recordReason(
    _input: ParsedInputOf<'lostCustomers.recordReason'>,
    _ctx: CallContext,
  ): Promise<LostCustomer | null> {
    throw notYet();
  }

  async winback(
    _input: ParsedInputOf<'lostCustomers.winback'>,
    _ctx: CallContext,
  ): Promise<{ added: number; skipped: { vehicleId: number; reason: string }[] }> {
    throw notYet();
  }

  async xlsx(_input: ParsedInputOf<'lostCustomers.xlsx'>, _ctx: CallContext): Promise<ExportedFile> {
    throw notYet();
  }

  async churn(_input: ParsedInputOf<'churn.months'>): Promise<ChurnMonth[]> {
    throw notYet();
  }

  /** A win-back call (reminder:vehicle:N) reached with the customer's reason (input.lostReason). */
  async callRecorded(
    _trx: Db,
    _ctx: CallContext,
    _at: string,
    _call: CallRow,
    _input: ParsedInputOf<'calls.record'>,
    _state: CallState,
  ): Promise<void> {}
}
