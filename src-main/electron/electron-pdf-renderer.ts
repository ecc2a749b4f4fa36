import type { PdfRenderer } from '../services/print/pdf-renderer';
import { type PrintWindows, printWindows } from './print-window';

/**
 * PDFs in the desktop app: the document is loaded into the hidden, sandboxed print window (scripts
 * off, nothing loaded but the document itself; see print-window.ts) and printed with Chromium's own
 * printToPDF (the engine the playwright renderer drives too, so both give the same pages).
 */
export class ElectronPdfRenderer implements PdfRenderer {
  constructor(private readonly windows: PrintWindows = printWindows) {}

  renderPdf(html: string): Promise<Buffer> {
    return this.windows.withDocument(html, (contents) =>
      contents.printToPDF({ preferCSSPageSize: true, printBackground: true }),
    );
  }

  close(): Promise<void> {
    // Each render closes its own window; nothing stays open between renders.
    return Promise.resolve();
  }
}
