import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import { AppError } from '../../../src-shared/errors';
import type { CallContext } from '../context';

const notYet = () => new AppError('INTERNAL', '电话单打印尚未完成');

/** The day's call sheet (A4, PDF, XLSX) and the quick-handling form, through the print service. TODO(track D). */
export class CallSheetService {
  async sheetHtml(
    _input: ParsedInputOf<'calls.sheetHtml'>,
    _ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    throw notYet();
  }
  async sheetPdf(
    _input: ParsedInputOf<'calls.sheetPdf'>,
    _ctx: CallContext,
  ): Promise<ExportedFile & { pages: number }> {
    throw notYet();
  }
  async sheetXlsx(_input: ParsedInputOf<'calls.sheetXlsx'>, _ctx: CallContext): Promise<ExportedFile> {
    throw notYet();
  }
  async problemFormHtml(
    _input: ParsedInputOf<'callProblems.formHtml'>,
    _ctx: CallContext,
  ): Promise<{ title: string; html: string }> {
    throw notYet();
  }
}
