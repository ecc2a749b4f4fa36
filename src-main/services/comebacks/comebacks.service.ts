import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { Comeback, ComebackRate } from '../../../src-shared/domain/complaints';
import type { CallState } from '../../../src-shared/domain/revisits';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { CallRecordedListener, CallRow } from '../revisits/calls.service';

const notYet = () => new AppError('INTERNAL', '返修登记尚未完成');

/**
 * 返修: comebacks proposed from the ROs (a new RO of the same vehicle within N days of a repair RO,
 * or an RO of type 返修), confirmed or dismissed by the clerk, marked by hand from a call or a
 * complaint, handed to the service manager who records cause, action and result and closes it.
 */
export class ComebacksService implements CallRecordedListener {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async list(_input: ParsedInputOf<'comebacks.list'>): Promise<Comeback[]> {
    throw notYet();
  }

  async confirm(_input: ParsedInputOf<'comebacks.confirm'>, _ctx: CallContext): Promise<Comeback> {
    throw notYet();
  }

  async dismiss(_input: ParsedInputOf<'comebacks.dismiss'>, _ctx: CallContext): Promise<Comeback> {
    throw notYet();
  }

  async mark(_input: ParsedInputOf<'comebacks.mark'>, _ctx: CallContext): Promise<Comeback> {
    throw notYet();
  }

  async close(_input: ParsedInputOf<'comebacks.close'>, _ctx: CallContext): Promise<Comeback> {
    throw notYet();
  }

  async rate(_input: ParsedInputOf<'comebacks.rate'>): Promise<ComebackRate[]> {
    throw notYet();
  }

  /** A call whose customer says the vehicle must come back (input.comeback). */
  async callRecorded(
    _trx: Db,
    _ctx: CallContext,
    _at: string,
    _call: CallRow,
    _input: ParsedInputOf<'calls.record'>,
    _state: CallState,
  ): Promise<void> {}
}
