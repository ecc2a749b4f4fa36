import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { MonthlyReport, ReportDelivery, WeeklyReport } from '../../../src-shared/domain/reports';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';

const notYet = () => new AppError('INTERNAL', '周报/月报尚未完成');

/**
 * 统计: the Monday report (周报, an ISO week) and the monthly report on the 3rd (月报), their A4
 * print with charts (SVG from the same ECharts options the screen draws), PDF and XLSX, and the
 * record of each export or print (the Today reminder ends with the first).
 */
export class ReportsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
  ) {}

  async weekly(_input: ParsedInputOf<'reports.weekly'>): Promise<WeeklyReport> {
    throw notYet();
  }

  async monthly(_input: ParsedInputOf<'reports.monthly'>): Promise<MonthlyReport> {
    throw notYet();
  }

  async html(_input: ParsedInputOf<'reports.html'>, _ctx?: CallContext): Promise<PrintableHtml> {
    throw notYet();
  }

  async pdf(_input: ParsedInputOf<'reports.pdf'>, _ctx?: CallContext): Promise<ExportedFile & { pages: number }> {
    throw notYet();
  }

  async xlsx(_input: ParsedInputOf<'reports.xlsx'>, _ctx?: CallContext): Promise<ExportedFile> {
    throw notYet();
  }

  async recordPrinted(_input: ParsedInputOf<'reports.recordPrinted'>, _ctx: CallContext): Promise<ReportDelivery> {
    throw notYet();
  }

  async deliveries(_input: ParsedInputOf<'reports.deliveries'>): Promise<ReportDelivery[]> {
    throw notYet();
  }
}
