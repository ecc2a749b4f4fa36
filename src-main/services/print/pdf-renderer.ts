/**
 * Turns one complete HTML document into PDF bytes. The page size, margins and the page-number
 * footer come from the document's own CSS (@page, with margin boxes), so every renderer prints
 * the same pages: Chromium through playwright-core (browser host, CLI, tests) and Electron's
 * printToPDF in the desktop window. The document must be self-contained (fonts as data: URLs):
 * a renderer loads nothing from the network or the disk.
 */
export interface PdfRenderer {
  renderPdf(html: string): Promise<Buffer>;
  /** Frees the engine (closes the browser). The renderer may be used again afterwards. */
  close(): Promise<void>;
}
