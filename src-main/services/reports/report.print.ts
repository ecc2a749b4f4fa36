import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { Report } from '../../../src-shared/domain/reports';
import { AppError } from '../../../src-shared/errors';
import type { Disclosure } from '../privacy/disclosure';

/** The report on A4: store header, each section's tables and its charts as inline SVG. */
export async function reportPage(_report: Report, _disclosure: Disclosure): Promise<Omit<PrintableHtml, 'pages'>> {
  throw new AppError('INTERNAL', '周报/月报打印尚未完成');
}
