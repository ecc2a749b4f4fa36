import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { ExportedFile, ReportRoRow } from '../../../src-shared/domain/daily-report';
import { AppError } from '../../../src-shared/errors';
import { dateOf, nowInstant, todayDate } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';
import { type Disclosure, disclosureFor } from '../privacy/disclosure';
import { type DailyReportPrintData, dailyReportPrintHtml, dailyReportTitle } from './daily-report.print';
import { dailyReportWorkbook, XLSX_MIME } from './daily-report.xlsx';

/** What the exports need of the report service: one version of a day, as it is printed. */
export interface PrintableDailyReports {
  /** The version asked for, else the latest: its signed snapshot if signed, else built now. */
  reportForPrint(date: string, version?: number): Promise<DailyReportPrintData>;
}

/**
 * Every day of `month` from `firstDay` (the archive's first RO; the report refuses days before it)
 * up to `today` (a month in progress stops at today).
 */
export function daysOfMonth(month: string, today: string, firstDay = '0000-00-00'): string[] {
  const year = Number(month.slice(0, 4));
  const monthIndex = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(year, monthIndex, 0)).getUTCDate();
  const days: string[] = [];
  for (let d = 1; d <= last; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    if (date > today) break;
    if (date >= firstDay) days.push(date);
  }
  return days;
}

/** The report as it leaves the counter: every RO row's customer name through `disclosure`. */
export function disclosedReport(data: DailyReportPrintData, disclosure: Disclosure): DailyReportPrintData {
  if (disclosure.unmasked) return data;
  const rows = (list: readonly ReportRoRow[]) =>
    list.map((r) => ({ ...r, customerName: disclosure.name(r.customerName) }));
  const { sections } = data.figures;
  return {
    ...data,
    figures: {
      ...data.figures,
      sections: {
        opened: rows(sections.opened),
        inRepair: rows(sections.inRepair),
        delivered: rows(sections.delivered),
      },
    },
  };
}

function exported(fileName: string, mimeType: string, content: Buffer): ExportedFile {
  return { fileName, mimeType, contentBase64: content.toString('base64'), bytes: content.length };
}

/** XLSX, PDF and the print preview of the daily report; PDFs go through the one print service. */
export class DailyReportExportService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly reports: PrintableDailyReports,
    readonly print: PrintService,
  ) {}

  private async storeName(): Promise<string> {
    const row = await this.db.selectFrom('store_profile').select('name').executeTakeFirst();
    return row?.name ?? '';
  }

  /** The day of the archive's first RO (null for an empty archive). */
  private async firstDay(): Promise<string | null> {
    const row = await this.db
      .selectFrom('repair_order')
      .select((eb) => eb.fn.min('opened_at').as('first'))
      .executeTakeFirst();
    const first = (row?.first as string | null | undefined) ?? null;
    return first === null ? null : dateOf(first);
  }

  /** The daily report goes to the manager and the manufacturer: names masked unless a manager unmasks. */
  private disclosure(ctx: CallContext | undefined, unmasked: boolean | undefined, document: string, scope: object) {
    return disclosureFor(this.db, this.clock, ctx, unmasked, { document, scope: { ...scope } });
  }

  async exportXlsx(input: ParsedInputOf<'dailyReport.exportXlsx'>, ctx?: CallContext): Promise<ExportedFile> {
    const now = this.clock.now();
    let dates: string[];
    let label: string;
    if (input.month !== undefined) {
      const today = todayDate(now);
      const firstDay = await this.firstDay();
      dates = daysOfMonth(input.month, today, firstDay ?? undefined);
      label = input.month;
      if (dates.length === 0)
        throw AppError.validation(
          'month',
          '月份',
          input.month > today.slice(0, 7)
            ? `${input.month} 还没有到，没有日报可以导出。请选择本月或以前的月份。`
            : `${input.month} 档案里没有修理单（最早的修理单是 ${firstDay ?? '—'} 进厂的），没有日报可以导出。`,
        );
    } else {
      dates = [input.date!];
      label = input.date!;
    }
    const disclosure = await this.disclosure(ctx, input.unmasked, '日报 Excel', {
      date: input.date,
      month: input.month,
    });
    const days: DailyReportPrintData[] = [];
    for (const date of dates) days.push(disclosedReport(await this.reports.reportForPrint(date), disclosure));
    const title = input.month !== undefined ? `日报 ${input.month}` : dailyReportTitle(label, 1);
    const content = await dailyReportWorkbook(days, { storeName: await this.storeName(), title, createdAt: now });
    return exported(`日报_${label}.xlsx`, XLSX_MIME, content);
  }

  async exportPdf(
    input: ParsedInputOf<'dailyReport.exportPdf'>,
    ctx?: CallContext,
  ): Promise<ExportedFile & { pages: number }> {
    const scope = { date: input.date, version: input.version };
    const disclosure = await this.disclosure(ctx, input.unmasked, '日报 PDF', scope);
    const data = disclosedReport(await this.reports.reportForPrint(input.date, input.version), disclosure);
    const page = dailyReportPrintHtml(data, {
      storeName: await this.storeName(),
      printedAt: nowInstant(this.clock.now()),
    });
    const { pdf, pages } = await this.print.pdf(page.html);
    const fileName = `日报_${data.date}${data.version > 1 ? `_v${data.version}` : ''}.pdf`;
    return { ...exported(fileName, 'application/pdf', pdf), pages };
  }

  /** The same page as the PDF, with the font placeholder left for the preview to fill in. */
  async printHtml(
    input: ParsedInputOf<'dailyReport.printHtml'>,
    ctx?: CallContext,
  ): Promise<{ title: string; html: string }> {
    const scope = { date: input.date, version: input.version };
    const disclosure = await this.disclosure(ctx, input.unmasked, '日报打印', scope);
    const data = disclosedReport(await this.reports.reportForPrint(input.date, input.version), disclosure);
    return dailyReportPrintHtml(data, { storeName: await this.storeName(), printedAt: nowInstant(this.clock.now()) });
  }
}
