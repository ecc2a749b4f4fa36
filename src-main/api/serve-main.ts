import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { displayPostgresUrl, isPostgresUrl } from '../db/dialect';
import { Session } from '../services/context';
import { type ArchiveChoice, chooseArchive } from '../services/system/archive-location.service';
import { ArchiveRuntime } from './archive-runtime';
import { type BrowserHost, startBrowserHost } from './browser-host';

/**
 * Process entry of the browser host (`npm run serve`, and `npm start` where Electron cannot run).
 * Built by electron-vite next to the Electron main as out/main/serve-main.js so it starts without
 * a TypeScript loader. Its FIRST stdout line is the address; scripts and tests read it:
 *
 *   ClerkDesk listening at http://127.0.0.1:PORT/#token=TOKEN
 */

const USAGE = `用法 / usage: npm run serve -- [--db 档案库文件|postgres://…] [--port 端口] [--no-open]
  --db FILE    档案库文件，或共享档案库的服务器地址 postgres://用户:密码@服务器:5432/数据库
               （默认：CLERKDESK_DB，或用户数据目录下 ClerkDesk/archive.json 的 "db"，或 ClerkDesk/archive.sqlite）
  --port N     监听端口（默认 0：自动选择空闲端口）
  --no-open    不自动打开浏览器
  --static DIR 前端文件目录（默认 out/renderer）`;

export interface ServeArgs {
  db: string | null;
  port: number;
  open: boolean;
  staticDir: string | null;
}

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const args: ServeArgs = { db: null, port: 0, open: true, staticDir: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`参数 ${flag} 需要一个值。`);
      return v;
    };
    switch (flag) {
      case '--db':
        args.db = value();
        break;
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`端口无效：${text}（应为 0–65535）。`);
        args.port = port;
        break;
      }
      case '--no-open':
        args.open = false;
        break;
      case '--static':
        args.staticDir = value();
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`不认识的参数：${arg}`);
    }
  }
  return args;
}

class UsageError extends Error {}

/** out/main/serve-main.js → out/renderer; when run from source (tsx), the repository's out/renderer. */
function defaultStaticDir(): string {
  const here = import.meta.dirname;
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../out/renderer')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Best effort: a missing opener or browser only means the clerk copies the printed address. */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/d', '/c', 'start', '""', `"${url}"`]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  try {
    // child_process is loaded here, after the host is listening, not with the host's start.
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const child = spawn(command, args as string[], {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    // ignored on purpose
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2), env = process.env): Promise<void> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = error.message ? 2 : 0;
    return;
  }

  const staticDir = args.staticDir ? path.resolve(args.staticDir) : defaultStaticDir();
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write(
      `找不到前端文件 ${staticDir}/index.html，请先运行 npm run build。 / Renderer not built: run npm run build.\n`,
    );
    process.exitCode = 1;
    return;
  }

  let choice: ArchiveChoice;
  try {
    // Which source decided is kept: 设置 → 档案库 says when --db or CLERKDESK_DB overrides the setting.
    choice = chooseArchive(args.db, env);
  } catch (error) {
    // archive.json is there but unreadable: say so rather than open another archive.
    process.stderr.write(`${error instanceof AppError ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  const archivePath = choice.target;
  const shown = isPostgresUrl(archivePath) ? displayPostgresUrl(archivePath) : archivePath;
  // A damaged archive is not opened for writing: the host then serves only the way to a restore.
  let runtime: ArchiveRuntime;
  try {
    runtime = await ArchiveRuntime.start({
      archivePath,
      servicesOptions: { archiveChoice: choice },
      onInternalError: (method, error) =>
        process.stderr.write(`[clerkdesk] ${method} failed: ${(error as Error)?.stack ?? String(error)}\n`),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    // An unreachable or misconfigured server: its message (never the password), nothing changed, exit 1.
    const message = error instanceof AppError ? error.message : `无法打开档案库 ${shown}：${String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
    return;
  }

  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      dispatch: runtime.dispatch,
      session: new Session(),
      port: args.port,
      staticDir,
      onError: (error) => process.stderr.write(`[clerkdesk] ${(error as Error)?.stack ?? String(error)}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `端口 ${args.port} 已被占用，请换一个端口或用 --port 0。\n`
        : `无法启动本机服务：${String(error)}\n`,
    );
    await runtime.close();
    process.exitCode = 1;
    return;
  }

  process.stdout.write(`ClerkDesk listening at ${host.url}\n`);
  process.stdout.write(
    `档案库：${runtime.displayPath}${runtime.onServer ? '（共享服务器）' : ''}\n在浏览器中打开上面的地址；按 Ctrl+C 停止。\n`,
  );
  if (runtime.damaged) process.stdout.write(`档案库已损坏，只能从备份恢复：在浏览器中打开上面的地址。\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    host
      .close()
      // A backup at exit when anything changed; the PDF browser (if one was started) must not outlive the host.
      .then(() => runtime.close({ exitBackup: true }))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`关闭时出错（${signal}）：${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);

  if (args.open && !env.CI && hasDisplay(env)) openInBrowser(host.url);
}

await main();
