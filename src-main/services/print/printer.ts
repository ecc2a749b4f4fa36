import type { PrinterEntry } from '../../../src-shared/contract/print.contract';

/** The sheet a document is laid out for, portrait (width ≤ height); `landscape` turns it. */
export interface PaperSize {
  widthMm: number;
  heightMm: number;
}

export interface PrintJobOptions {
  /** The system's printer name; absent: the system's default printer. */
  deviceName?: string | undefined;
  /** No dialog: straight to the printer. */
  silent: boolean;
  landscape?: boolean | undefined;
  /** The paper, taken from the document's own @page size; absent: the printer's default paper. */
  paper?: PaperSize | undefined;
}

/**
 * Sends a complete, self-contained HTML document (fonts inlined) to a printer of this machine.
 * Only the desktop window has one (Electron's webContents.print in a hidden window); the browser
 * host and the CLI have none, and say so when asked to print without the dialog.
 */
export interface PrinterPort {
  printers(): Promise<PrinterEntry[]>;
  /** Resolves when the system took the job; rejects with an AppError that tells the clerk what to do. */
  print(html: string, options: PrintJobOptions): Promise<void>;
}

const NAMED_SIZES_MM: Record<string, PaperSize> = {
  A3: { widthMm: 297, heightMm: 420 },
  A4: { widthMm: 210, heightMm: 297 },
  A5: { widthMm: 148, heightMm: 210 },
  B5: { widthMm: 176, heightMm: 250 },
  LETTER: { widthMm: 215.9, heightMm: 279.4 },
  LEGAL: { widthMm: 215.9, heightMm: 355.6 },
};

const LENGTH_MM: Record<string, number> = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72, px: 25.4 / 96 };

/**
 * The paper a document asks for in its first `@page { size: … }`: a named size (A4, optionally
 * `landscape`/`portrait`) or two lengths. The result is portrait with `landscape` set when the page
 * is wider than tall (a DL envelope is 110 × 220 mm turned), as printer drivers name their paper.
 * Null when the document names no size (the printer's default paper is used).
 */
export function documentPaper(html: string): { paper: PaperSize; landscape: boolean } | null {
  const m = /@page\s*\{[^{}]*?\bsize\s*:\s*([^;{}]+)/i.exec(html);
  if (!m) return null;
  const words = m[1]!.trim().split(/\s+/);
  let width: number | undefined;
  let height: number | undefined;
  const named = NAMED_SIZES_MM[words[0]!.toUpperCase()];
  if (named) {
    const turned = words[1]?.toLowerCase() === 'landscape';
    width = turned ? named.heightMm : named.widthMm;
    height = turned ? named.widthMm : named.heightMm;
  } else {
    const lengths = words.map((w) => {
      const l = /^(\d+(?:\.\d+)?)(mm|cm|in|pt|px)$/i.exec(w);
      return l ? Number(l[1]) * LENGTH_MM[l[2]!.toLowerCase()]! : null;
    });
    if (lengths.length === 0 || lengths.length > 2 || lengths.some((l) => l === null)) return null;
    width = lengths[0]!;
    height = lengths[1] ?? lengths[0]!;
  }
  const landscape = width > height;
  // To the micron: what a print job takes.
  const mm = (n: number) => Math.round(n * 1000) / 1000;
  return {
    paper: { widthMm: mm(Math.min(width, height)), heightMm: mm(Math.max(width, height)) },
    landscape,
  };
}

/** What a failed print job's reason (Electron's failureReason) means, for the clerk. */
export function printFailureMessage(failureReason: string, deviceName: string | undefined): string {
  const printer = deviceName ? `打印机“${deviceName}”` : '默认打印机';
  const reason = failureReason.trim();
  if (/cancel/i.test(reason)) return `打印已取消，${printer}没有收到这份文件。`;
  if (/invalid printer settings/i.test(reason))
    return `${printer}无法使用（找不到它，或它的设置无效）。请在系统的“打印机”设置里检查它，或在预览里点“打印”，在系统对话框中选择打印机。`;
  if (/failed/i.test(reason))
    return `${printer}没有接受这份文件。请检查打印机是否开机、已连接、有纸，然后重试；或在预览里点“打印”，在系统对话框中选择打印机。`;
  return `打印没有完成（${printer}：${reason || '原因不明'}）。请检查打印机后重试，或在预览里点“打印”。`;
}
