import { withPrintFonts } from '../../../src-shared/print';
import { ChromiumPdfRenderer } from './chromium-pdf-renderer';
import { pdfPageCount } from './pdf-pages';
import type { PdfRenderer } from './pdf-renderer';
import { printFontDataUrls } from './print-fonts';

export interface PrintedPdf {
  pdf: Buffer;
  pages: number;
}

/**
 * The one print service: everything printable (the daily report now; envelopes, letters and
 * settlement sheets later) is an HTML document from a template under src-main/services/<area>/,
 * rendered here. Templates carry PRINT_FONT_PLACEHOLDER; this service inlines the shipped font, so
 * the document needs nothing from outside. The engine is injected: Electron's hidden window in the
 * desktop app, a Chromium-family browser found on the machine everywhere else.
 */
export class PrintService {
  readonly renderer: PdfRenderer;

  constructor(options: { pdfRenderer?: PdfRenderer | undefined } = {}) {
    this.renderer = options.pdfRenderer ?? new ChromiumPdfRenderer();
  }

  /** The document as the engine gets it: the font placeholder replaced by data: URLs. */
  documentHtml(templateHtml: string): string {
    return withPrintFonts(templateHtml, printFontDataUrls());
  }

  async pdf(templateHtml: string): Promise<PrintedPdf> {
    const pdf = await this.renderer.renderPdf(this.documentHtml(templateHtml));
    return { pdf, pages: pdfPageCount(pdf) };
  }

  /** Ends the engine (no browser may outlive the CLI run, the host or a test). */
  close(): Promise<void> {
    return this.renderer.close();
  }
}
