#!/usr/bin/env node
// `npm run serve -- [--db FILE] [--port N] [--no-open]`: the app in the local browser.
// Builds (electron-vite build, ~1 s) when out/ is missing or older than the sources, then runs the
// built host entry (out/main/serve-main.js) in this same process, so the first stdout line is
// the host's own: "ClerkDesk listening at http://127.0.0.1:PORT/#token=TOKEN".
import fs from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_ENTRY = path.join(ROOT, 'out', 'main', 'serve-main.js');

const OUTPUTS = [
  'out/main/main.js',
  'out/main/serve-main.js',
  'out/main/import-worker.js',
  'out/preload/preload.cjs',
  'out/renderer/index.html',
];
const SOURCES = ['src-main', 'src-shared', 'src-renderer', 'electron.vite.config.ts', 'package.json'];

function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file only shows in its folder's mtime
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function oldestOutput() {
  let oldest = Number.POSITIVE_INFINITY;
  for (const file of OUTPUTS) {
    try {
      oldest = Math.min(oldest, fs.statSync(path.join(ROOT, file)).mtimeMs);
    } catch {
      return Number.NEGATIVE_INFINITY;
    }
  }
  return oldest;
}

export function isBuildFresh() {
  const newestSource = Math.max(...SOURCES.map((source) => newestMtime(path.join(ROOT, source))));
  return oldestOutput() >= newestSource;
}

/** Runs `electron-vite build` unless out/ is up to date. Its output goes to stderr: stdout is the host's. */
export function ensureBuilt({ force = false } = {}) {
  if (!force && isBuildFresh()) return;
  process.stderr.write('正在构建界面… / building (electron-vite build)…\n');
  const bin = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  // Loaded only when a build is needed: every start pays for what it imports here.
  const { spawnSync } = createRequire(import.meta.url)('node:child_process');
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('构建失败，见上面的输出。 / electron-vite build failed (see above).\n');
    process.exit(result.status ?? 1);
  }
}

/** The host entry reads process.argv itself; it is the same list this script received. */
export async function serve() {
  ensureBuilt();
  // Node ≥ 22.1 keeps V8's compiled code of the host between starts, in this checkout's own out/
  // (not the shared temp folder); Node 20 has no such cache and skips this.
  module.enableCompileCache?.(path.join(ROOT, 'out', '.compile-cache'));
  await import(pathToFileURL(HOST_ENTRY).href);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await serve();
}
