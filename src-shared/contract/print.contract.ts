import { z } from 'zod';
import { appointmentsContract } from './appointments.contract';
import { claimsContract } from './claims.contract';
import { complaintsContract } from './complaints.contract';
import { dailyReportContract } from './daily-report.contract';
import { command, query } from './define';
import { text } from './fields';
import { filingContract } from './filing.contract';
import { invitationsContract } from './invitations.contract';
import { lettersContract } from './letters.contract';
import { printingContract } from './printing.contract';
import { reportsContract } from './reports.contract';
import { revisitsContract } from './revisits.contract';
import { ROLES } from './roles';
import { settlementContract } from './settlement.contract';

/** Said by every door but the desktop window when asked to print without the dialog. */
export const SILENT_PRINT_UNAVAILABLE = '静默打印只能在桌面窗口中使用；请在预览里点“打印”，在系统对话框中选择打印机。';

/** A printer as the operating system knows it. */
export interface PrinterEntry {
  /** The system's name, what print.send's deviceName takes. */
  name: string;
  /** What the clerk sees (may equal name). */
  displayName: string;
  /** Reported by the system, where it tells (recent Electron versions do not): UI marks it. */
  isDefault: boolean;
}

/**
 * The printable documents, each the very input of its preview method plus `doc`: print.send makes
 * the same HTML the preview shows, through the same service, so what prints is what was seen.
 */
export const printableDocument = z.discriminatedUnion(
  'doc',
  [
    dailyReportContract['dailyReport.printHtml'].input.safeExtend({ doc: z.literal('dailyReport') }),
    settlementContract['settlement.html'].input.safeExtend({ doc: z.literal('settlement') }),
    invitationsContract['firstService.handoffHtml'].input.safeExtend({ doc: z.literal('handoff') }),
    printingContract['envelopes.html'].input.safeExtend({ doc: z.literal('envelopes') }),
    lettersContract['letterBatches.lettersHtml'].input.safeExtend({ doc: z.literal('letters') }),
    printingContract['calibration.testPageHtml'].input.safeExtend({ doc: z.literal('calibration') }),
    printingContract['labels.binderHtml'].input.safeExtend({ doc: z.literal('binderLabels') }),
    revisitsContract['calls.sheetHtml'].input.safeExtend({ doc: z.literal('callSheet') }),
    revisitsContract['callProblems.formHtml'].input.safeExtend({ doc: z.literal('problemForm') }),
    appointmentsContract['appointments.sheetHtml'].input.safeExtend({ doc: z.literal('appointments') }),
    complaintsContract['complaints.formHtml'].input.safeExtend({ doc: z.literal('complaintForm') }),
    complaintsContract['complaints.confirmationHtml'].input.safeExtend({ doc: z.literal('complaintConfirmation') }),
    complaintsContract['comebacks.sheetHtml'].input.safeExtend({ doc: z.literal('comebackSheet') }),
    filingContract['binders.labelsHtml'].input.safeExtend({ doc: z.literal('filingLabels') }),
    filingContract['destructions.html'].input.safeExtend({ doc: z.literal('destructionList') }),
    claimsContract['statements.html'].input.safeExtend({ doc: z.literal('claimStatement') }),
    claimsContract['oldParts.tagsHtml'].input.safeExtend({ doc: z.literal('oldPartTags') }),
    reportsContract['reports.html'].input.safeExtend({ doc: z.literal('report') }),
  ],
  '不能打印这种文件',
);

/** What the caller sends for one document (defaults still optional). */
export type PrintableDocument = z.input<typeof printableDocument>;
/** The same after validation, as the services get it. */
export type ParsedPrintableDocument = z.output<typeof printableDocument>;
export type PrintableDoc = ParsedPrintableDocument['doc'];

export const printContract = {
  /** silentAvailable: only the desktop window can print without the system dialog. */
  'print.printers': query<{ silentAvailable: boolean; printers: PrinterEntry[] }>()(
    z.object({}).strict(),
    '本机的打印机（仅桌面窗口可直接打印）',
    ROLES.anyone,
  ),
  /**
   * Prints one document without the dialog: to the named printer, or to the system's default when
   * none is named. Audited (what, to which printer). Refused outside the desktop window.
   */
  'print.send': command<{ title: string; printer: string | null }>()(
    z
      .object({
        document: printableDocument,
        /** The system's printer name (print.printers' name); empty or absent: the default printer. */
        deviceName: text(200)
          .optional()
          .transform((s) => (s ? s : undefined)),
      })
      .strict(),
    '直接打印到打印机（不弹出对话框，仅桌面窗口）',
    ROLES.counter,
  ),
} as const;
