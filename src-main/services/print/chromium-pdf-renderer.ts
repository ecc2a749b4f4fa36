import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, LaunchOptions } from 'playwright-core';
import { AppError } from '../../../src-shared/errors';
import type { PdfRenderer } from './pdf-renderer';

export const BROWSER_NOT_FOUND_MESSAGE =
  '找不到用来生成 PDF 的浏览器（Edge、Chrome 或 Chromium）。请安装其中之一，或设置环境变量 CLERKDESK_BROWSER 指向它。';

/**
 * Chromium must not call home from the clerk's closed network: without these it floods it
 * (docs/stack.md).
 */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
] as const;

/** True when this process runs as root (POSIX); Windows has no uid and never needs it. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * The launch arguments. Chromium's sandbox stays on: the page holds customer data and the HTML
 * comes partly from templates the store edits. Only as root (CI containers) does Chromium refuse to
 * start with its sandbox, so only then is `--no-sandbox` added.
 */
export function chromiumLaunchArgs(asRoot: boolean = runningAsRoot()): string[] {
  return asRoot ? ['--no-sandbox', ...CHROMIUM_ARGS] : [...CHROMIUM_ARGS];
}

/**
 * Everything chromium.launch is given. playwright adds `--no-sandbox` by itself unless
 * `chromiumSandbox` is true, so the sandbox is asked for explicitly whenever we are not root.
 */
export function chromiumLaunchOptions(executablePath: string, asRoot: boolean = runningAsRoot()): LaunchOptions {
  return {
    executablePath,
    headless: true,
    args: chromiumLaunchArgs(asRoot),
    chromiumSandbox: !asRoot,
    // Our own close() ends it; do not let playwright tie it to signals of a host it doesn't own.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  };
}

/** Where Chromium-family browsers install themselves, most likely first. */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    const x86 = env['PROGRAMFILES(X86)'] || env['ProgramFiles(x86)'] || 'C:\\Program Files (x86)';
    const programFiles = env.PROGRAMFILES || env.ProgramFiles || 'C:\\Program Files';
    const local = env.LOCALAPPDATA;
    const win = path.win32;
    return [
      win.join(x86, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      win.join(programFiles, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      win.join(programFiles, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      win.join(x86, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      ...(local ? [win.join(local, 'Google', 'Chrome', 'Application', 'chrome.exe')] : []),
    ];
  }
  if (platform === 'darwin')
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
  ];
}

/**
 * The browser to print with. CLERKDESK_BROWSER, when set, is the clerk's (or IT's) explicit choice:
 * if it names no file that is an error, not a reason to quietly print with something else.
 */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = isFile,
): string {
  const chosen = env.CLERKDESK_BROWSER?.trim();
  if (chosen) {
    if (exists(chosen)) return chosen;
    throw new AppError(
      'NOT_FOUND',
      `环境变量 CLERKDESK_BROWSER 指向的“${chosen}”不存在。${BROWSER_NOT_FOUND_MESSAGE}`,
      {
        browser: chosen,
      },
    );
  }
  const found = browserCandidates(platform, env).find(exists);
  if (!found) throw new AppError('NOT_FOUND', BROWSER_NOT_FOUND_MESSAGE);
  return found;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * playwright-core is loaded at run time, not imported: the Electron bundle prints with its own
 * engine and must not carry (or load) it.
 */
function loadPlaywright(): typeof import('playwright-core') {
  try {
    return createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
  } catch (cause) {
    throw new AppError('INTERNAL', `缺少生成 PDF 的组件 playwright-core，请重新安装 ClerkDesk。（${String(cause)}）`);
  }
}

export interface ChromiumPdfRendererOptions {
  /** Looked up with `findBrowser` on first use when not given. */
  executablePath?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Headless Chromium through playwright-core: launched on the first render and kept warm; each
 * render gets a fresh context and page, with scripts off and every request other than data: aborted.
 * Renders run one at a time: each already keeps a core busy, and the clerk's PC has few.
 */
export class ChromiumPdfRenderer implements PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ChromiumPdfRendererOptions = {}) {}

  renderPdf(html: string): Promise<Buffer> {
    const run = this.queue.then(() => this.render(html));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const launching = this.browser;
    this.browser = null;
    if (!launching) return;
    const browser = await launching.catch(() => null);
    await browser?.close().catch(() => undefined);
  }

  private launch(): Promise<Browser> {
    if (this.browser) return this.browser;
    const launching = (async () => {
      const executablePath = this.options.executablePath ?? findBrowser(this.options.env ?? process.env);
      const { chromium } = loadPlaywright();
      try {
        const browser = await chromium.launch(chromiumLaunchOptions(executablePath));
        // A crashed or killed browser is launched again on the next render.
        browser.on('disconnected', () => {
          if (this.browser === launching) this.browser = null;
        });
        return browser;
      } catch (cause) {
        throw new AppError(
          'INTERNAL',
          `无法启动浏览器“${executablePath}”来生成 PDF。请确认它能正常打开，或设置环境变量 CLERKDESK_BROWSER 指向另一个 Edge、Chrome 或 Chromium。`,
          { cause: String(cause) },
        );
      }
    })();
    this.browser = launching;
    launching.catch(() => {
      if (this.browser === launching) this.browser = null;
    });
    return launching;
  }

  private async render(html: string): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
    try {
      await context.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
      );
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      // Web fonts must be in before printing, or the first page prints in a fallback font.
      // (A string: this runs in the page, and main's TypeScript has no DOM types.)
      await page.evaluate('document.fonts.ready.then(() => true)');
      return await page.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      await context.close().catch(() => undefined);
    }
  }
}
