import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import {
  type MonthlyReport,
  REPORT_KIND_LABELS,
  type Report,
  type ReportDelivery,
  type WeeklyReport,
} from '../../../src-shared/domain/reports';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import { XLSX_MIME } from '../daily-report/daily-report.xlsx';
import type { PrintService } from '../print/print.service';
import { disclosureFor } from '../privacy/disclosure';
import { listDeliveries, type ReportKey, recordDelivery } from './deliveries';
import { reportPage } from './report.print';
import { reportWorkbook } from './report.xlsx';
import { buildMonthlyReport, buildWeeklyReport } from './report-builder';

type ReportRef = { week?: string | undefined; month?: string | undefined };
type ExportRef = ReportRef & { unmasked?: boolean | undefined };

/**
 * 统计: the Monday report (周报, an ISO week) and the monthly report on the 3rd (月报), their A4
 * print with charts (SVG from the same ECharts options the screen draws), PDF and XLSX, and the
 * record of each export or print (the Today reminder ends with the first). Names and phones are
 * masked in what leaves the counter unless a service manager asks (audited).
 */
export class ReportsService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly print: PrintService,
  ) {}

  async weekly(input: ParsedInputOf<'reports.weekly'>): Promise<WeeklyReport> {
    return buildWeeklyReport(this.db, this.clock, input.week);
  }

  async monthly(input: ParsedInputOf<'reports.monthly'>): Promise<MonthlyReport> {
    return buildMonthlyReport(this.db, this.clock, input.month);
  }

  /** The report asked for (checked: not in the future, not before the archive). */
  private async report(ref: ReportRef): Promise<Report> {
    return ref.week !== undefined
      ? { kind: 'weekly', ...(await buildWeeklyReport(this.db, this.clock, ref.week)) }
      : { kind: 'monthly', ...(await buildMonthlyReport(this.db, this.clock, ref.month)) };
  }

  private async disclosed(report: Report, input: ExportRef, ctx: CallContext | undefined, format: string) {
    return disclosureFor(this.db, this.clock, ctx, input.unmasked, {
      document: `${REPORT_KIND_LABELS[report.kind]} ${format}`,
      scope: { period: report.period.key },
    });
  }

  private fileName(report: Report, ext: string): string {
    return `${REPORT_KIND_LABELS[report.kind]}_${report.period.key}.${ext}`;
  }

  private keyOf(report: Report): ReportKey {
    return { kind: report.kind, period: report.period.key };
  }

  async html(input: ParsedInputOf<'reports.html'>, ctx?: CallContext): Promise<PrintableHtml> {
    const report = await this.report(input);
    const page = await reportPage(report, await this.disclosed(report, input, ctx, '打印'));
    return { ...page, pages: 0 };
  }

  async pdf(input: ParsedInputOf<'reports.pdf'>, ctx?: CallContext): Promise<ExportedFile & { pages: number }> {
    const report = await this.report(input);
    const page = await reportPage(report, await this.disclosed(report, input, ctx, 'PDF'));
    const { pdf, pages } = await this.print.pdf(page.html);
    await recordDelivery(this.db, this.clock, ctx, this.keyOf(report), 'pdf', input.unmasked === true);
    return {
      fileName: this.fileName(report, 'pdf'),
      mimeType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
      bytes: pdf.length,
      pages,
    };
  }

  async xlsx(input: ParsedInputOf<'reports.xlsx'>, ctx?: CallContext): Promise<ExportedFile> {
    const report = await this.report(input);
    const content = await reportWorkbook(report, await this.disclosed(report, input, ctx, 'Excel'), this.clock.now());
    await recordDelivery(this.db, this.clock, ctx, this.keyOf(report), 'xlsx', input.unmasked === true);
    return {
      fileName: this.fileName(report, 'xlsx'),
      mimeType: XLSX_MIME,
      contentBase64: content.toString('base64'),
      bytes: content.length,
    };
  }

  /** The window printed the preview (its own dialog): recorded like an export. */
  async recordPrinted(input: ParsedInputOf<'reports.recordPrinted'>, ctx: CallContext): Promise<ReportDelivery> {
    const report = await this.report(input);
    return recordDelivery(this.db, this.clock, ctx, this.keyOf(report), 'print', input.unmasked === true);
  }

  async deliveries(input: ParsedInputOf<'reports.deliveries'>): Promise<ReportDelivery[]> {
    return listDeliveries(
      this.db,
      input.week !== undefined ? { kind: 'weekly', period: input.week } : { kind: 'monthly', period: input.month! },
    );
  }
}
