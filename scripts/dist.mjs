#!/usr/bin/env node
// `npm run dist [-- --linux | --win | --mac] [--x64 | --arm64] [其他 electron-builder 参数]`:
// the installers the clerk's PC gets (docs/desktop-build.md). In order:
//   1. what packaging needs and a plain `npm ci` does not give: the Electron binary (fetched once
//      with node_modules/electron/install.js when missing) and better-sqlite3 built for Electron in
//      resources/native/<os>-<arch>/ — everything missing is named in one message, exit 1, before
//      anything is built; the Node build of better-sqlite3 in node_modules is never touched;
//   2. the build: electron-vite (window, preload, renderer) and the CLI bundle (out/cli, for --cli);
//   3. electron-builder with the given targets (electron-builder.yml).
// --check-only: step 1 alone (exit 0 when packaging could start).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const isWindows = process.platform === 'win32';
const FETCH_TIMEOUT_MS = Number(process.env.CLERKDESK_ELECTRON_FETCH_TIMEOUT_MS) || 120_000;
const DOC = 'docs/desktop-build.md';

const OS_FLAGS = { '--linux': 'linux', '-l': 'linux', '--win': 'win', '-w': 'win', '--mac': 'mac', '-m': 'mac' };
const ARCH_FLAGS = { '--x64': 'x64', '--arm64': 'arm64', '--ia32': 'ia32', '--armv7l': 'armv7l' };
const HOST_OS = { win32: 'win', darwin: 'mac', linux: 'linux' };

function say(line) {
  process.stdout.write(`\n▶ ${line}\n`);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: isWindows });
  if (result.error) process.stderr.write(`无法运行 ${command}：${result.error.message}\n`);
  return result.status ?? 1;
}

/** Target systems and architectures as electron-builder will read them from the same arguments. */
export function targetsOf(args) {
  const systems = [...new Set(args.filter((a) => a in OS_FLAGS).map((a) => OS_FLAGS[a]))];
  const arches = [...new Set(args.filter((a) => a in ARCH_FLAGS).map((a) => ARCH_FLAGS[a]))];
  const oses = systems.length > 0 ? systems : [HOST_OS[process.platform] ?? process.platform];
  // electron-builder.yml builds x64 unless an architecture is asked for.
  return oses.flatMap((os) => (arches.length > 0 ? arches : ['x64']).map((arch) => ({ os, arch })));
}

function electronVersion() {
  return require('electron/package.json').version;
}

/** The binary node_modules/electron reports, if it is there (require('electron') reads path.txt). */
function electronBinary() {
  try {
    const file = require('electron');
    return typeof file === 'string' && fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** null when the Electron binary is there (after one download attempt if needed); else why not. */
function checkElectron() {
  if (electronBinary()) return null;
  const version = electronVersion();
  const how =
    `  获取方法：在能访问 GitHub 的网络中运行 node node_modules/electron/install.js；在中国大陆可设置镜像：\n` +
    `    ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ node node_modules/electron/install.js\n` +
    `  Fetch it where the network allows: node node_modules/electron/install.js (ELECTRON_MIRROR for a mirror).`;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return `Electron ${version} 程序不在 node_modules/electron/dist 中（已设置 ELECTRON_SKIP_BINARY_DOWNLOAD，未尝试下载）。\n  The Electron binary is missing (download skipped).\n${how}`;
  let installScript;
  try {
    installScript = require.resolve('electron/install.js');
  } catch {
    return `找不到 node_modules/electron（先运行 npm ci）。 / node_modules/electron is missing (run npm ci).`;
  }
  say(
    `未找到 Electron ${version} 程序，尝试下载一次（最多 ${FETCH_TIMEOUT_MS / 1000} 秒）/ fetching the Electron binary`,
  );
  const result = spawnSync(process.execPath, [installScript], {
    cwd: path.dirname(installScript),
    encoding: 'utf8',
    timeout: FETCH_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0 && electronBinary()) return null;
  const why =
    result.error?.code === 'ETIMEDOUT' ? `${FETCH_TIMEOUT_MS / 1000} 秒内未完成` : errorSummary(result.stderr);
  return `Electron ${version} 程序不在 node_modules/electron/dist 中，下载失败（${why || `退出码 ${result.status}`}）。\n  The Electron binary is missing and could not be downloaded.\n${how}`;
}

/** The error line of a failed download (and its cause, e.g. getaddrinfo ENOTFOUND), without the stack. */
function errorSummary(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && l !== '}' && l !== '{');
  const first = lines[0] ?? '';
  const cause = lines.find((l) => /\b(E[A-Z]{3,}|cause)\b/.test(l) && l !== first);
  return [first, cause].filter(Boolean).join('; ').slice(0, 300);
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** null when resources/native/<os>-<arch>/better_sqlite3.node is there and is not Node's build. */
function checkNative({ os, arch }) {
  const relative = `resources/native/${os}-${arch}/better_sqlite3.node`;
  const file = path.join(ROOT, relative);
  const how = `  构建方法见 ${DOC} 第 2 节（为 Electron ${electronVersion()} 单独构建，不要改动 node_modules 中的那一份）。\n  Build it for Electron as ${DOC} §2 describes (never rebuild node_modules in place).`;
  if (!fs.existsSync(file))
    return `缺少为 Electron 编译的 better-sqlite3：${relative}\n  better-sqlite3 built for Electron is missing: ${relative}\n${how}`;
  const nodeBuild = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (fs.existsSync(nodeBuild) && sha256(nodeBuild) === sha256(file))
    return `${relative} 是 node_modules 中为 Node 编译的那一份，桌面程序无法加载。\n  ${relative} is the Node build, which Electron cannot load.\n${how}`;
  return null;
}

async function main() {
  const args = process.argv.slice(2);
  const checkOnly = args.includes('--check-only');
  const builderArgs = args.filter((a) => a !== '--check-only');
  const targets = targetsOf(builderArgs);

  say(`检查打包所需 / checking what packaging needs (${targets.map((t) => `${t.os}-${t.arch}`).join(', ')})`);
  const problems = [checkElectron(), ...targets.map(checkNative)].filter((p) => p !== null);
  if (problems.length > 0) {
    process.stderr.write(
      `\n✘ 无法打包 / cannot package:\n${problems.map((p) => `- ${p}`).join('\n')}\n` +
        `详见 / see ${DOC}。未构建、未打包；node_modules 中为 Node 编译的 better-sqlite3 未改动（测试、命令行、浏览器版照常可用）。\n` +
        `Nothing was built or packaged; the Node build of better-sqlite3 is unchanged (tests, CLI, browser host still work).\n`,
    );
    return 1;
  }
  process.stdout.write('Electron 程序与 better-sqlite3（Electron 版）均已就绪 / all present\n');
  if (checkOnly) return 0;

  say('构建 / build: electron-vite build');
  let status = run('npx', ['electron-vite', 'build']);
  if (status !== 0) return status;
  say('构建 / build: CLI bundle (out/cli)');
  status = run(process.execPath, [path.join('scripts', 'build-cli.mjs')]);
  if (status !== 0) return status;
  say(`打包 / package: electron-builder ${builderArgs.join(' ')}`);
  status = run('npx', ['electron-builder', ...builderArgs]);
  if (status === 0) process.stdout.write('\n✔ 安装包在 dist/ 中 / installers are in dist/\n');
  return status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
