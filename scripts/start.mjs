#!/usr/bin/env node
// `npm start -- [--db FILE]`: the desktop window when Electron is installed; otherwise one attempt
// to fetch it (where the network allows); otherwise the same app served to the local browser.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBuilt, ROOT, serve } from './serve.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));
const FETCH_TIMEOUT_MS = 60_000;

/** The executable path `require('electron')` reports, if it exists. A failed require is not cached. */
function electronBinary() {
  try {
    const executable = require('electron');
    return typeof executable === 'string' && fs.existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

function tryFetchElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  let installScript;
  try {
    installScript = require.resolve('electron/install.js');
  } catch {
    return false;
  }
  process.stderr.write('未找到 Electron，正在尝试下载（最多 60 秒）… / Electron binary missing, trying to fetch it…\n');
  const result = spawnSync(process.execPath, [installScript], {
    cwd: path.dirname(installScript),
    stdio: 'ignore',
    timeout: FETCH_TIMEOUT_MS,
  });
  return result.status === 0;
}

function launchElectron(executable, args) {
  ensureBuilt();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(executable, [ROOT, ...args], { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    process.stderr.write(`无法启动 Electron：${error.message} / could not start Electron\n`);
    process.exit(1);
  });
}

const args = process.argv.slice(2);
const executable = electronBinary() ?? (tryFetchElectron() ? electronBinary() : null);
if (executable) {
  launchElectron(executable, args);
} else {
  process.stderr.write(
    '桌面窗口无法在这台机器上运行（没有 Electron 程序，也无法下载），下面改为在浏览器中打开同一个应用。 / ' +
      "The desktop window can't run here (no Electron binary, download failed); serving the same app in your browser instead.\n",
  );
  await serve();
}
