import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ServiceFeeStatement, StatementSummary } from '../../../src-shared/domain/claims';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';

const notYet = () => new AppError('INTERNAL', '服务费结算尚未完成');

/**
 * 服务费结算: the month's approved claims and amounts per claim type, the amount to invoice; invoice
 * requested → issued (number, date) → paid (its claims become 已结算); printable A4 and XLSX.
 */
export class StatementsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
  ) {}

  async list(_input: ParsedInputOf<'statements.list'>): Promise<StatementSummary[]> {
    throw notYet();
  }

  async get(_month: string): Promise<ServiceFeeStatement> {
    throw notYet();
  }

  async requestInvoice(
    _input: ParsedInputOf<'statements.requestInvoice'>,
    _ctx: CallContext,
  ): Promise<ServiceFeeStatement> {
    throw notYet();
  }

  async recordInvoice(
    _input: ParsedInputOf<'statements.recordInvoice'>,
    _ctx: CallContext,
  ): Promise<ServiceFeeStatement> {
    throw notYet();
  }

  async recordPaid(_input: ParsedInputOf<'statements.recordPaid'>, _ctx: CallContext): Promise<ServiceFeeStatement> {
    throw notYet();
  }

  async html(_input: ParsedInputOf<'statements.html'>, _ctx?: CallContext): Promise<PrintableHtml> {
    throw notYet();
  }

  async pdf(_input: ParsedInputOf<'statements.pdf'>): Promise<ExportedFile & { pages: number }> {
    throw notYet();
  }

  async xlsx(_input: ParsedInputOf<'statements.xlsx'>): Promise<ExportedFile> {
    throw notYet();
  }
}
