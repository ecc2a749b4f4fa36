/**
 * Child process of the bench: times openArchive on an existing archive in a fresh process
 * (module loading excluded) and prints {"ms": …}.
 * Usage: node --import tsx bench/open-child.ts <file>
 */
import { openArchive } from '../src-main/db/database';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: open-child.ts <file>\n');
  process.exit(2);
}
const t = performance.now();
const archive = await openArchive(file);
const ms = performance.now() - t;
await archive.close();
process.stdout.write(`${JSON.stringify({ ms })}\n`);
