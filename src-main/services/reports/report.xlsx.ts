import type { Report } from '../../../src-shared/domain/reports';
import { AppError } from '../../../src-shared/errors';
import type { Disclosure } from '../privacy/disclosure';

/** The report as a workbook: a sheet per section, Chinese headers, number formats, frozen headers. */
export async function reportWorkbook(_report: Report, _disclosure: Disclosure, _createdAt: Date): Promise<Buffer> {
  throw new AppError('INTERNAL', '周报/月报 Excel 尚未完成');
}
