import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Loan } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';

const notYet = () => new AppError('INTERNAL', '借阅登记尚未完成');

/** 借阅: a paper or a binder lent, to whom, why, due back when; returned; overdue ones. */
export class LoansService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async list(_input: ParsedInputOf<'loans.list'>): Promise<Loan[]> {
    throw notYet();
  }

  async lend(_input: ParsedInputOf<'loans.lend'>, _ctx: CallContext): Promise<Loan> {
    throw notYet();
  }

  async giveBack(_input: ParsedInputOf<'loans.return'>, _ctx: CallContext): Promise<Loan> {
    throw notYet();
  }

  /** Open loans past their due day (the Today board and the end-of-day check). */
  async overdue(_today: string): Promise<Loan[]> {
    throw notYet();
  }
}
