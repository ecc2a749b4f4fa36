import type { PrinterEntry } from '../../src-shared/contract/print.contract';
import { AppError } from '../../src-shared/errors';
import { type PrinterPort, type PrintJobOptions, printFailureMessage } from '../services/print/printer';
import { type PrintWindows, printWindows } from './print-window';

const MICRONS_PER_MM = 1000;

/** A page with nothing to load: enough to ask Chromium for the printers when no window is open. */
const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title></title></head><body></body></html>';

/**
 * The machine's printers in the desktop app, through Electron: the document is loaded into the
 * hidden, sandboxed print window (scripts off, nothing loaded but itself; see print-window.ts) and
 * sent with webContents.print — silently to the named printer or the system's default, on the
 * paper the document's @page asks for, backgrounds printed.
 */
export class ElectronPrinter implements PrinterPort {
  constructor(
    /** A window already open (the clerk's) to ask for the printers; a hidden one is used otherwise. */
    private readonly anyContents: () => Electron.WebContents | null = () => null,
    private readonly windows: PrintWindows = printWindows,
  ) {}

  async printers(): Promise<PrinterEntry[]> {
    const contents = this.anyContents();
    const infos =
      contents && !contents.isDestroyed()
        ? await contents.getPrintersAsync()
        : await this.windows.withDocument(BLANK_PAGE, (c) => c.getPrintersAsync());
    return infos
      .map((info) => ({
        name: info.name,
        displayName: info.displayName || info.name,
        // Electron no longer reports the default (removed with Chromium's); older builds still do.
        isDefault: (info as { isDefault?: unknown }).isDefault === true,
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
  }

  print(html: string, options: PrintJobOptions): Promise<void> {
    return this.windows.withDocument(
      html,
      (contents) =>
        new Promise<void>((resolve, reject) => {
          const settings: Electron.WebContentsPrintOptions = {
            silent: options.silent,
            printBackground: true,
            landscape: options.landscape ?? false,
            // The document's own @page margins (Chromium's "default" margins honour them).
            margins: { marginType: 'default' },
          };
          if (options.deviceName) settings.deviceName = options.deviceName;
          if (options.paper)
            settings.pageSize = {
              width: Math.round(options.paper.widthMm * MICRONS_PER_MM),
              height: Math.round(options.paper.heightMm * MICRONS_PER_MM),
            };
          try {
            contents.print(settings, (success, failureReason) => {
              if (success) resolve();
              else
                reject(
                  new AppError('INTERNAL', printFailureMessage(failureReason, options.deviceName), {
                    failureReason,
                  }),
                );
            });
          } catch (cause) {
            reject(new AppError('INTERNAL', printFailureMessage(String(cause), options.deviceName)));
          }
        }),
    );
  }
}
