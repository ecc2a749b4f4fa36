import type { ParsedInputOf } from '../../../src-shared/contract/index';
import {
  type ParsedPrintableDocument,
  type PrinterEntry,
  SILENT_PRINT_UNAVAILABLE,
} from '../../../src-shared/contract/print.contract';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import type { Db } from '../../db/database';
import type { AppointmentsService } from '../appointments/appointments.service';
import { writeAudit } from '../audit/audit';
import type { OldPartsService } from '../claims/old-parts.service';
import type { StatementsService } from '../claims/statements.service';
import type { ComplaintFormsService } from '../complaints/complaint-forms.service';
import type { CallContext, Clock } from '../context';
import type { DailyReportExportService } from '../daily-report/daily-report-export.service';
import type { FilingService } from '../filing/filing.service';
import type { RetentionService } from '../filing/retention.service';
import type { FirstServiceService } from '../first-service/first-service.service';
import type { LettersService } from '../letters/letters.service';
import type { EnvelopesService } from '../printing/envelopes.service';
import { type ReportKey, recordDelivery } from '../reports/deliveries';
import type { ReportsService } from '../reports/reports.service';
import type { CallSheetService } from '../revisits/call-sheet.service';
import type { SettlementService } from '../settlement/settlement.service';
import type { PrintService } from './print.service';

/** The services that make the printable documents (the same ones behind each preview). */
export interface PrintableSources {
  dailyReportExport: DailyReportExportService;
  settlement: SettlementService;
  firstService: FirstServiceService;
  envelopes: EnvelopesService;
  letters: LettersService;
  callSheet: CallSheetService;
  appointments: AppointmentsService;
  complaintForms: ComplaintFormsService;
  filing: FilingService;
  retention: RetentionService;
  statements: StatementsService;
  oldParts: OldPartsService;
  reports: ReportsService;
}

/** How the audit log names the document's record, where it has one. */
function auditedEntity(document: ParsedPrintableDocument): { entity: string; entityId: number | null } {
  if (document.doc === 'settlement') return { entity: 'repair_order', entityId: document.roId };
  if (document.doc === 'letters') return { entity: 'letter_batch', entityId: document.batchId };
  if (document.doc === 'complaintForm' || document.doc === 'complaintConfirmation')
    return { entity: 'complaint', entityId: document.id };
  if (document.doc === 'destructionList') return { entity: 'destruction', entityId: document.id };
  if (document.doc === 'claimStatement') return { entity: 'claim_statement', entityId: null };
  return { entity: 'print', entityId: null };
}

/**
 * 直接打印: a document by name (the input of its preview), made by the service behind the preview
 * and sent to a printer of this machine without the dialog. Only the desktop window has printers;
 * every other door is told to print from the preview instead.
 */
export class PrintJobsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly print: PrintService,
    private readonly sources: PrintableSources,
  ) {}

  async printers(): Promise<{ silentAvailable: boolean; printers: PrinterEntry[] }> {
    const printer = this.print.printer;
    if (!printer) return { silentAvailable: false, printers: [] };
    return { silentAvailable: true, printers: await printer.printers() };
  }

  /** The document's HTML (font placeholder left in), exactly as its preview method returns it. */
  async printableHtml(document: ParsedPrintableDocument, ctx: CallContext): Promise<{ title: string; html: string }> {
    const { sources: s } = this;
    switch (document.doc) {
      case 'dailyReport': {
        const { doc: _, ...input } = document;
        return s.dailyReportExport.printHtml(input, ctx);
      }
      case 'settlement':
        return s.settlement.html(document.roId, document.form);
      case 'handoff':
        return s.firstService.handoffHtml(document.date, document.unmasked, ctx);
      case 'envelopes': {
        const { doc: _, ...input } = document;
        return pick(await s.envelopes.envelopesHtml(input));
      }
      case 'letters': {
        const { doc: _, ...input } = document;
        return pick(await s.letters.lettersHtml(input));
      }
      case 'calibration': {
        const { doc: _, ...input } = document;
        return pick(await s.envelopes.testPageHtml(input));
      }
      case 'binderLabels':
        return pick(await s.envelopes.binderHtml(document.month));
      case 'callSheet': {
        const { doc: _, ...input } = document;
        return s.callSheet.sheetHtml(input, ctx);
      }
      case 'problemForm': {
        const { doc: _, ...input } = document;
        return s.callSheet.problemFormHtml(input, ctx);
      }
      case 'appointments': {
        const { doc: _, ...input } = document;
        return s.appointments.sheetHtml(input, ctx);
      }
      case 'complaintForm': {
        const { doc: _, ...input } = document;
        return s.complaintForms.formHtml(input, ctx);
      }
      case 'complaintConfirmation': {
        const { doc: _, ...input } = document;
        return s.complaintForms.confirmationHtml(input, ctx);
      }
      case 'comebackSheet': {
        const { doc: _, ...input } = document;
        return s.complaintForms.comebackSheetHtml(input, ctx);
      }
      case 'filingLabels': {
        const { doc: _, ...input } = document;
        return s.filing.labelsHtml(input, ctx);
      }
      case 'destructionList': {
        const { doc: _, ...input } = document;
        return s.retention.html(input, ctx);
      }
      case 'claimStatement': {
        const { doc: _, ...input } = document;
        return s.statements.html(input, ctx);
      }
      case 'oldPartTags': {
        const { doc: _, ...input } = document;
        return s.oldParts.tagsHtml(input, ctx);
      }
      case 'report': {
        const { doc: _, ...input } = document;
        return s.reports.html(input, ctx);
      }
    }
  }

  async send(input: ParsedInputOf<'print.send'>, ctx: CallContext): Promise<{ title: string; printer: string | null }> {
    const printer = this.print.printer;
    // Before any work: the browser host and the CLI cannot reach a printer without a dialog.
    if (!printer) throw new AppError('FORBIDDEN', SILENT_PRINT_UNAVAILABLE);
    const deviceName = input.deviceName ?? null;
    if (deviceName !== null && !(await printer.printers()).some((p) => p.name === deviceName))
      throw new AppError(
        'NOT_FOUND',
        `找不到打印机“${deviceName}”：它可能已被删除或改名。请在“直接打印”里重新选择打印机，或打印到默认打印机。`,
        { printer: deviceName },
      );
    const page = await this.printableHtml(input.document, ctx);
    await this.print.printSilently(page.html, deviceName ?? undefined);
    // Recorded once the system took the job: what was printed, and where.
    const at = nowInstant(this.clock.now());
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, ctx, at, {
        action: 'print.send',
        ...auditedEntity(input.document),
        after: { document: input.document, title: page.title, printer: deviceName ?? '默认打印机' },
      }),
    );
    // A printed 周报/月报 is delivered like an exported one: the Today reminder ends.
    const report = input.document;
    if (report.doc === 'report') {
      const key: ReportKey =
        report.week !== undefined
          ? { kind: 'weekly', period: report.week }
          : { kind: 'monthly', period: report.month! };
      await recordDelivery(this.db, this.clock, ctx, key, 'print', report.unmasked === true);
    }
    return { title: page.title, printer: deviceName };
  }
}

function pick(page: { title: string; html: string }): { title: string; html: string } {
  return { title: page.title, html: page.html };
}
