import { SILENT_PRINT_UNAVAILABLE } from '../../../src-shared/contract/print.contract';
import { AppError } from '../../../src-shared/errors';
import { PRINT_FONT_PLACEHOLDER } from '../../../src-shared/print';
import { ChromiumPdfRenderer } from './chromium-pdf-renderer';
import { pdfPageCount } from './pdf-pages';
import type { PdfRenderer } from './pdf-renderer';
import { printFontCssFor } from './print-fonts';
import { documentPaper, type PrinterPort } from './printer';

export interface PrintedPdf {
  pdf: Buffer;
  pages: number;
}

/**
 * The one print service: everything printable (the daily report now; envelopes, letters and
 * settlement sheets later) is an HTML document from a template under src-main/services/<area>/,
 * rendered here. Templates carry PRINT_FONT_PLACEHOLDER; this service inlines the shipped font, so
 * the document needs nothing from outside. The engine is injected: Electron's hidden window in the
 * desktop app, a Chromium-family browser found on the machine everywhere else. Printing straight to
 * a printer (no dialog) needs a PrinterPort, which only the desktop app has.
 */
export class PrintService {
  readonly renderer: PdfRenderer;
  /** The machine's printers: only in the desktop window (the browser host and CLI have none). */
  readonly printer: PrinterPort | null;

  constructor(options: { pdfRenderer?: PdfRenderer | undefined; printer?: PrinterPort | undefined } = {}) {
    this.renderer = options.pdfRenderer ?? new ChromiumPdfRenderer();
    this.printer = options.printer ?? null;
  }

  /**
   * The document as the engine gets it: the font placeholder (the first, in <head>) replaced by
   * data: URLs of the font slices its characters need.
   */
  documentHtml(templateHtml: string): string {
    return templateHtml.replace(PRINT_FONT_PLACEHOLDER, () => printFontCssFor(templateHtml));
  }

  async pdf(templateHtml: string): Promise<PrintedPdf> {
    const pdf = await this.renderer.renderPdf(this.documentHtml(templateHtml));
    return { pdf, pages: pdfPageCount(pdf) };
  }

  /**
   * Straight to a printer, no dialog: the named one, or the system's default. The paper and its
   * orientation are the document's own @page size, so an envelope prints on its envelope.
   */
  async printSilently(templateHtml: string, deviceName?: string): Promise<void> {
    if (!this.printer) throw new AppError('FORBIDDEN', SILENT_PRINT_UNAVAILABLE);
    const layout = documentPaper(templateHtml);
    await this.printer.print(this.documentHtml(templateHtml), {
      deviceName,
      silent: true,
      paper: layout?.paper,
      landscape: layout?.landscape,
    });
  }

  /** Ends the engine (no browser may outlive the CLI run, the host or a test). */
  close(): Promise<void> {
    return this.renderer.close();
  }
}
