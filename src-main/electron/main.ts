import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  type MenuItemConstructorOptions,
  protocol,
  session,
  shell,
} from 'electron';
import { AppError } from '../../src-shared/errors';
import { ArchiveRuntime } from '../api/archive-runtime';
import { isFrameOf, registerIpcDoor, urlOrigin } from '../api/ipc';
import { resolveStaticFile } from '../api/static-files';
import { clockFromEnvironment, Session } from '../services/context';
import { chooseArchive } from '../services/system/archive-location.service';
import { ElectronPdfRenderer } from './electron-pdf-renderer';
import { ElectronPrinter } from './electron-printer';
import { externalLinkDecision } from './external-links';
import { chooseSqliteBinding, SQLITE_BINDING_ENV } from './native-binding';

/**
 * Window lifecycle only: everything the clerk does goes through the dispatcher (src-main/api).
 *
 * The UI is served from out/renderer over app://clerkdesk/ (a standard, secure scheme) rather
 * than file://, so it has a real origin for the CSP and for the IPC sender check.
 *
 * SQLite under Electron: the better-sqlite3 in node_modules is compiled for Node (tests, CLI,
 * browser host) and Electron cannot load it (different ABI). The desktop build ships a second
 * copy compiled for Electron and passes it as better-sqlite3's `nativeBinding`; which one is
 * decided in native-binding.ts (the CLERKDESK_SQLITE_BINDING override only in development).
 * How to build it: docs/desktop-build.md.
 *
 * `ClerkDesk --cli <命令> …` runs the command line (out/cli/main.js, the same as `clerkdesk`) in this
 * executable instead: no window, no single-instance lock, output on stdout/stderr, its exit code.
 */

const APP_SCHEME = 'app';
const APP_ORIGIN = 'app://clerkdesk';
const WINDOW_TITLE = 'ClerkDesk 售后信息员工作台';

const mainDir = import.meta.dirname;
const rendererDir = path.resolve(mainDir, '../renderer');
const preloadPath = path.resolve(mainDir, '../preload/preload.cjs');
// `electron-vite dev` serves the renderer itself; only ever honoured in an unpackaged run.
const devRendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trustedOrigin = (devRendererUrl && urlOrigin(devRendererUrl)) || APP_ORIGIN;

let mainWindow: BrowserWindow | null = null;
let runtime: ArchiveRuntime | null = null;
let unregisterIpc: (() => void) | null = null;

function argValue(argv: readonly string[], flag: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === flag) return argv[i + 1] ?? null;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return null;
}

function sqliteNativeBinding(): string | undefined {
  const choice = chooseSqliteBinding({
    isPackaged: app.isPackaged,
    env: process.env,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    platform: process.platform,
    arch: process.arch,
    exists: (file) => fs.existsSync(file),
  });
  if (choice.ignoredOverride)
    console.warn(
      `[clerkdesk] ${SQLITE_BINDING_ENV} is ignored in an installed app (it would load any native module): ${choice.ignoredOverride}`,
    );
  return choice.nativeBinding;
}

/** Loads the SQLite addon once on its own so an ABI mismatch is not reported as a damaged archive. */
function checkSqliteBinding(nativeBinding: string | undefined): void {
  try {
    new BetterSqlite3(':memory:', nativeBinding ? { nativeBinding } : {}).close();
  } catch (cause) {
    throw new AppError(
      'INTERNAL',
      `数据库组件无法在桌面程序中加载${nativeBinding ? `（${nativeBinding}）` : ''}：它不是为这个版本的 Electron 编译的。` +
        `请按 docs/desktop-build.md 为 Electron 构建 better-sqlite3；或先用 npm run serve 在浏览器中使用。\n${String(cause)}`,
    );
  }
}

function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      urlOrigin(request.url) === APP_ORIGIN && (request.method === 'GET' || request.method === 'HEAD')
        ? resolveStaticFile(rendererDir, url.pathname)
        : null;
    if (!file)
      return new Response('404 找不到这个文件。', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    try {
      return new Response(await fs.promises.readFile(file.filePath), { status: 200, headers: file.headers });
    } catch {
      return new Response('404 找不到这个文件。', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
  });
}

function isOwnUrl(url: string): boolean {
  return urlOrigin(url) === trustedOrigin;
}

function openExternalLink(url: string): void {
  const decision = externalLinkDecision(url);
  if (!decision.open) {
    console.warn(`[clerkdesk] external link refused (${decision.reason}): ${decision.shown}`);
    return;
  }
  shell.openExternal(decision.url).catch((error: unknown) => {
    console.warn(`[clerkdesk] external link could not be opened: ${String(error)}`);
  });
}

function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isOwnUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isOwnUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Never a new window here; a link to a web page on the allow-list opens in the system
      // browser, anything else is refused (external-links.ts).
      openExternalLink(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function buildMenu(archivePath: string, onServer = false): void {
  const template: MenuItemConstructorOptions[] = [
    { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { role: 'reload', label: '重新加载' },
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '全屏' },
        ...(app.isPackaged ? [] : ([{ role: 'toggleDevTools', label: '开发者工具' }] as MenuItemConstructorOptions[])),
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于 ClerkDesk',
          click: () => {
            void dialog.showMessageBox({
              type: 'info',
              title: '关于 ClerkDesk',
              message: `${WINDOW_TITLE} ${app.getVersion()}`,
              detail: onServer
                ? `档案库：${archivePath}\n共享服务器（PostgreSQL），几个柜台同时使用；由服务器自己备份。\n扫描件文件只保存在本机（别的柜台打不开）。`
                : `档案库：${archivePath}`,
            });
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Electron's own PDF viewer, for the scan preview (归档): a PDF scan shown from a blob: frame.
      plugins: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(devRendererUrl ?? `${APP_ORIGIN}/`);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenContents();
  serveAppProtocol();

  const nativeBinding = sqliteNativeBinding();
  checkSqliteBinding(nativeBinding);
  // Which source decided is kept: 设置 → 档案库 says when --db or CLERKDESK_DB overrides the setting.
  const choice = chooseArchive(argValue(process.argv, '--db'), process.env);
  const archivePath = choice.target;
  // PDFs and printing without the dialog through a hidden window of Electron's own Chromium: no
  // browser needs to be installed. Only this door has printers (print.send). A damaged archive is
  // not opened for writing: the window then offers only a restore (backup service, archive-runtime.ts).
  runtime = await ArchiveRuntime.start({
    archivePath,
    clock: clockFromEnvironment(process.env, app.isPackaged),
    ...(nativeBinding ? { nativeBinding } : {}),
    servicesOptions: {
      archiveChoice: choice,
      pdfRenderer: new ElectronPdfRenderer(),
      printer: new ElectronPrinter(() => mainWindow?.webContents ?? null),
    },
    onInternalError: (method, error) => console.error(`[clerkdesk] ${method} failed:`, error),
    log: (line) => console.error(line),
    chooseFolder: async () => {
      const options = {
        title: '选择第二备份位置（U 盘或网络文件夹）',
        properties: ['openDirectory' as const, 'createDirectory' as const],
      };
      const picked = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  });
  const dispatch = runtime.dispatch;
  // One window, one person at the counter: the session lives as long as the app.
  const counterSession = new Session();
  unregisterIpc = registerIpcDoor({
    ipcMain,
    dispatch,
    session: counterSession,
    isTrustedSender: (event) =>
      mainWindow !== null &&
      event.sender === mainWindow.webContents &&
      isFrameOf(event.senderFrame, mainWindow.webContents, trustedOrigin),
  });

  buildMenu(runtime.displayPath, runtime.onServer);
  mainWindow = createWindow();
}

function fail(error: unknown): void {
  const message = error instanceof AppError ? error.message : `ClerkDesk 无法启动：${String(error)}`;
  console.error(message);
  if (app.isReady()) dialog.showErrorBox('ClerkDesk 无法启动', message);
  app.exit(1);
}

/** The arguments after `--cli`, or null for the window. */
function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at === -1 ? null : argv.slice(at + 1);
}

/** `--cli`: out/cli/main.js with this executable's Node and the SQLite addon built for Electron. */
async function runCommandLine(args: string[]): Promise<number> {
  const entry = path.resolve(mainDir, '../cli/main.js');
  if (!fs.existsSync(entry)) {
    process.stderr.write(`命令行部分没有打包进来（找不到 ${entry}）：请用 npm run build 构建后再打包。\n`);
    return 1;
  }
  const nativeBinding = sqliteNativeBinding();
  checkSqliteBinding(nativeBinding);
  const cli = (await import(pathToFileURL(entry).href)) as typeof import('../cli/main');
  return cli.runCliProcess(args, nativeBinding ? { nativeBinding } : {});
}

const cliArgs = cliArguments(process.argv);
if (cliArgs !== null) {
  runCommandLine(cliArgs)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof AppError ? error.message : `命令行无法运行：${String(error)}`}\n`);
      return 1;
    })
    // Exit once what was written has reached stdout (a pipe may still hold it).
    .then((code) => process.stdout.write('', () => app.exit(code)));
} else if (!app.requestSingleInstanceLock()) {
  // Two windows on one archive would mean two people at one counter: focus the first instead.
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
  app.enableSandbox();
  app.setAppUserModelId('com.clerkdesk.app');
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!runtime) return;
    // A backup at exit when anything changed, then close the archive (checkpointing the WAL).
    event.preventDefault();
    const closing = runtime;
    runtime = null;
    unregisterIpc?.();
    unregisterIpc = null;
    closing.close({ exitBackup: true }).finally(() => app.quit());
  });
  start().catch(fail);
}
