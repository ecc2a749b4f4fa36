import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { OldPart } from '../../../src-shared/domain/claims';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';

const notYet = () => new AppError('INTERNAL', '旧件管理尚未完成');

/** 旧件: the kept parts, due back when; returned (date, waybill) or scrapped (instruction); their tags. */
export class OldPartsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
  ) {}

  async list(_input: ParsedInputOf<'oldParts.list'>): Promise<OldPart[]> {
    throw notYet();
  }

  async returnParts(_input: ParsedInputOf<'oldParts.return'>, _ctx: CallContext): Promise<{ updated: number }> {
    throw notYet();
  }

  async scrap(_input: ParsedInputOf<'oldParts.scrap'>, _ctx: CallContext): Promise<{ updated: number }> {
    throw notYet();
  }

  async tagsHtml(_input: ParsedInputOf<'oldParts.tagsHtml'>, _ctx?: CallContext): Promise<PrintableHtml> {
    throw notYet();
  }
}
