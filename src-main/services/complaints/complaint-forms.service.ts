import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { ComebacksService } from '../comebacks/comebacks.service';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';
import type { ComplaintsService } from './complaints.service';

const notYet = () => new AppError('INTERNAL', '打印尚未完成');

/** The printed forms: 客户投诉处理单, 客户投诉解决确认书 (重大投诉), 跟踪及返修记录表. */
export class ComplaintFormsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly complaints: ComplaintsService,
    readonly comebacks: ComebacksService,
    readonly print: PrintService,
  ) {}

  async formHtml(
    _input: { id: number; unmasked: boolean },
    _ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    throw notYet();
  }

  async confirmationHtml(
    _input: { id: number; unmasked: boolean },
    _ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    throw notYet();
  }

  async comebackSheetHtml(
    _input: { from: string; to: string; unmasked: boolean },
    _ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    throw notYet();
  }
}
