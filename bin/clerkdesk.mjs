#!/usr/bin/env node
// `clerkdesk …`: the built command line (out/cli/main.js, `npm run build`) on plain Node.
// The desktop app runs the same CLI with its own executable: `ClerkDesk --cli …`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'out', 'cli', 'main.js');

if (!fs.existsSync(entry)) {
  process.stderr.write(
    `命令行尚未构建：找不到 ${entry}。请在 ${root} 中运行 npm run build（或 npm run build:cli）。\n` +
      'The CLI is not built yet: run `npm run build` (or `npm run build:cli`).\n',
  );
  process.exit(1);
}

const { runCliProcess } = await import(pathToFileURL(entry).href);
process.exitCode = await runCliProcess(process.argv.slice(2));
