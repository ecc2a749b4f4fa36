import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { OutsideServiceOrder } from '../../../src-shared/domain/claims';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';

const notYet = () => new AppError('INTERNAL', '外出服务单尚未完成');

/** 外出服务单: signed out at the counter with its 服务令号, closed on return; km reach the RO's claim. */
export class OutsideServiceService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}

  async list(_input: ParsedInputOf<'outsideService.list'>): Promise<OutsideServiceOrder[]> {
    throw notYet();
  }

  async get(_id: number): Promise<OutsideServiceOrder> {
    throw notYet();
  }

  async signOut(_input: ParsedInputOf<'outsideService.signOut'>, _ctx: CallContext): Promise<OutsideServiceOrder> {
    throw notYet();
  }

  async update(_input: ParsedInputOf<'outsideService.update'>, _ctx: CallContext): Promise<OutsideServiceOrder> {
    throw notYet();
  }

  async close(_input: ParsedInputOf<'outsideService.close'>, _ctx: CallContext): Promise<OutsideServiceOrder> {
    throw notYet();
  }
}
