import { pathToFileURL } from 'node:url';
import { BrowserWindow, session as electronSession } from 'electron';
import { withPrivateTempFile } from '../services/print/private-temp';

/** Partition of its own, so blocking requests here never touches the clerk's window. */
const PRINT_PARTITION = 'clerkdesk-print';

/** How long to wait for the web fonts before printing anyway (they are data: URLs, so it is quick). */
const FONTS_WAIT_MS = 5000;

/**
 * The hidden window every print of the desktop app is made in (PDFs and printing to a printer): the
 * document is loaded into a hidden, sandboxed window with scripts off, in a session of its own. The
 * document goes through a temporary file, because with its fonts inlined it is larger than the 2 MB
 * Chromium allows in a data: URL; that file (in a private folder: see private-temp.ts) and data:
 * URLs are the only things the window may load.
 * One document at a time: the session's request filter is one per session, so PDFs and printer jobs
 * share this one instance (and its queue).
 */
export class PrintWindows {
  private queue: Promise<unknown> = Promise.resolve();
  private sessionReady = false;
  /** The file:// URL of the document being printed: the one non-data: URL allowed. */
  private allowedUrl: string | null = null;

  /** Loads the document (fonts ready) and hands its contents to `use`; the window is gone afterwards. */
  withDocument<T>(html: string, use: (contents: Electron.WebContents) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.load(html, use));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private printSession(): Electron.Session {
    const printSession = electronSession.fromPartition(PRINT_PARTITION, { cache: false });
    if (!this.sessionReady) {
      printSession.webRequest.onBeforeRequest((details, callback) => {
        callback({ cancel: !(details.url.startsWith('data:') || details.url === this.allowedUrl) });
      });
      printSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      printSession.setPermissionCheckHandler(() => false);
      this.sessionReady = true;
    }
    return printSession;
  }

  private load<T>(html: string, use: (contents: Electron.WebContents) => Promise<T>): Promise<T> {
    // The document holds customers' data: it goes through a private folder (owner-only, removed
    // afterwards, also on failure), never a world-readable file in the shared temp folder.
    return withPrivateTempFile('print.html', html, (file) => this.loadFile(file, use), {
      prefix: 'clerkdesk-print-',
    });
  }

  private async loadFile<T>(file: string, use: (contents: Electron.WebContents) => Promise<T>): Promise<T> {
    const win = new BrowserWindow({
      show: false,
      width: 794,
      height: 1123,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
        webSecurity: true,
        spellcheck: false,
        session: this.printSession(),
      },
    });
    try {
      this.allowedUrl = pathToFileURL(file).href;
      await win.loadURL(this.allowedUrl);
      // The page's scripts are off; this asks from outside. Should it be refused too, the fonts
      // (data: URLs, loaded before the load event) are in by now all the same: wait, never hang.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        win.webContents.executeJavaScript('document.fonts.ready.then(() => true)', true).catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, FONTS_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
      return await use(win.webContents);
    } finally {
      this.allowedUrl = null;
      win.destroy();
    }
  }
}

/** The one instance of the app. */
export const printWindows = new PrintWindows();
