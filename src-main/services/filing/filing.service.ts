import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type {
  Binder,
  BinderCompleteness,
  BinderDetail,
  FiledPapers,
  FilingSettings,
  FilingTarget,
  Paper,
  PaperWhereabouts,
} from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';
import type { ScansService } from '../scans/scans.service';
import type { MissingService } from './missing.service';

const notYet = () => new AppError('INTERNAL', '归档尚未完成');

/**
 * 归档台 and 资料夹: settings, finding what a scanned number is, filing papers into their binder
 * and position (one keystroke after the scan), taking one out (soft delete), where a paper is, and
 * the binders' life (shelf, 装订, 寄回, reopen) with their labels and cover sheets.
 */
export class FilingService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly missing: MissingService,
    readonly scans: ScansService,
    readonly print: PrintService,
  ) {}

  async settings(): Promise<FilingSettings> {
    throw notYet();
  }

  async saveSettings(_input: ParsedInputOf<'filingSettings.save'>, _ctx: CallContext): Promise<FilingSettings> {
    throw notYet();
  }

  async lookup(_text: string): Promise<FilingTarget> {
    throw notYet();
  }

  async file(_input: ParsedInputOf<'filing.file'>, _ctx: CallContext): Promise<FiledPapers> {
    throw notYet();
  }

  async fileReceived(_input: ParsedInputOf<'filing.fileReceived'>, _ctx: CallContext): Promise<FiledPapers> {
    throw notYet();
  }

  async remove(_input: ParsedInputOf<'filing.remove'>, _ctx: CallContext): Promise<Paper> {
    throw notYet();
  }

  async keepForever(_input: ParsedInputOf<'filing.keepForever'>, _ctx: CallContext): Promise<Paper> {
    throw notYet();
  }

  async paper(_id: number): Promise<Paper> {
    throw notYet();
  }

  async where(_input: ParsedInputOf<'papers.where'>): Promise<PaperWhereabouts> {
    throw notYet();
  }

  async received(): Promise<Paper[]> {
    throw notYet();
  }

  async binders(_input: ParsedInputOf<'binders.list'>): Promise<Binder[]> {
    throw notYet();
  }

  async binder(_id: number): Promise<BinderDetail> {
    throw notYet();
  }

  async completeness(_id: number): Promise<BinderCompleteness> {
    throw notYet();
  }

  async updateBinder(_input: ParsedInputOf<'binders.update'>, _ctx: CallContext): Promise<Binder> {
    throw notYet();
  }

  async bind(_input: ParsedInputOf<'binders.bind'>, _ctx: CallContext): Promise<Binder> {
    throw notYet();
  }

  async reopen(_input: ParsedInputOf<'binders.reopen'>, _ctx: CallContext): Promise<Binder> {
    throw notYet();
  }

  async send(_input: ParsedInputOf<'binders.send'>, _ctx: CallContext): Promise<Binder> {
    throw notYet();
  }

  async labelsHtml(_input: ParsedInputOf<'binders.labelsHtml'>, _ctx?: CallContext): Promise<PrintableHtml> {
    throw notYet();
  }

  async labelsPdf(_input: ParsedInputOf<'binders.labelsPdf'>): Promise<ExportedFile & { pages: number }> {
    throw notYet();
  }
}
