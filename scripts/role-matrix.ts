/**
 * Prints the role matrix generated from the contract; `--write` puts it in docs/roles.md.
 *   npx tsx scripts/role-matrix.ts [--write]
 */
import fs from 'node:fs';
import path from 'node:path';
import { roleMatrixMarkdown } from '../src-shared/contract/role-matrix';

const text = roleMatrixMarkdown();
if (process.argv.includes('--write')) {
  const file = path.join(import.meta.dirname, '..', 'docs', 'roles.md');
  fs.writeFileSync(file, text);
  process.stdout.write(`written ${file}\n`);
} else process.stdout.write(text);
