import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { FiledPapers, Handover } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { FilingService } from './filing.service';

const notYet = () => new AppError('INTERNAL', '销售交接尚未完成');

/**
 * 销售交接: warranty registrations and PDI sheets handed over by sales, entered in a batch with who
 * handed them over and when (filed at once, or kept as received); the first-service vouchers of the
 * 首保登记 filed through the same filing (the register then shows them 已归档).
 */
export class HandoversService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly filing: FilingService,
  ) {}

  async create(_input: ParsedInputOf<'handovers.create'>, _ctx: CallContext): Promise<Handover> {
    throw notYet();
  }

  async list(_input: ParsedInputOf<'handovers.list'>): Promise<Handover[]> {
    throw notYet();
  }

  async fileVouchers(_input: ParsedInputOf<'handovers.fileVouchers'>, _ctx: CallContext): Promise<FiledPapers> {
    throw notYet();
  }
}
