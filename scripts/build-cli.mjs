#!/usr/bin/env node
// `npm run build:cli`: the command line as plain JavaScript (no tsx when it runs), in out/cli/:
//   out/cli/main.js           the CLI (bin/clerkdesk.mjs, the desktop app's --cli, `node out/cli/main.js`)
//   out/cli/import-worker.js  the import worker thread, found next to the code that starts it
//                             (src-main/services/imports/import-worker-client.ts)
// One ES module per entry (the code uses import.meta.url/dirname); every npm package stays external
// and loads from node_modules (better-sqlite3 with its native addon, pg, exceljs, playwright-core, …).
// The backup check's worker is inline source (backup-verify.ts) and print fonts are found through
// @fontsource's package.json, so neither needs a file here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = path.join(ROOT, 'out', 'cli');
export const CLI_ENTRY = path.join(CLI_OUT_DIR, 'main.js');

/** Builds out/cli/ afresh; resolves with the files written. */
export async function buildCli({ quiet = false } = {}) {
  const started = Date.now();
  fs.rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'src-main/cli/main.ts',
      'import-worker': 'src-main/services/imports/import.worker.ts',
    },
    outdir: CLI_OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    packages: 'external',
    tsconfig: 'tsconfig.node.json',
    // Names kept so stack traces (内部错误) stay readable.
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  const files = Object.keys(result.metafile.outputs).map((file) => path.resolve(ROOT, file));
  if (!quiet) {
    const sizes = files.map((file) => `${path.relative(ROOT, file)} ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
    process.stdout.write(`命令行已构建 / CLI built (${Date.now() - started} ms): ${sizes.join(', ')}\n`);
  }
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await buildCli({ quiet: process.argv.includes('--quiet') });
  } catch (error) {
    process.stderr.write(`命令行构建失败 / CLI build failed: ${error?.message ?? error}\n`);
    process.exit(1);
  }
}
