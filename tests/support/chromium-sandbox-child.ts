/**
 * Run by tests/db/print-hardening.test.ts in a process of its own (possibly as another user):
 * renders one PDF with the real ChromiumPdfRenderer and reports, as one JSON line on stdout, how
 * the browser it launched was started (read from /proc) and what it left in the temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChromiumPdfRenderer } from '../../src-main/services/print/chromium-pdf-renderer';

function parentOf(pid: number): number | null {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function descendantsOf(ancestor: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === ancestor) continue;
    for (let p = parentOf(pid), hops = 0; p !== null && p > 1 && hops < 20; p = parentOf(p), hops++)
      if (p === ancestor) {
        out.push(pid);
        break;
      }
  }
  return out;
}

function commandLine(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

const renderer = new ChromiumPdfRenderer();
const pdf = await renderer.renderPdf('<!doctype html><meta charset="utf-8"><p>sandbox</p>');
// The browser is kept warm between renders: it is running now. Its main process is the one
// launched with a --user-data-dir and without --type= (renderers, GPU and zygotes have one).
const browsers = descendantsOf(process.pid)
  .map(commandLine)
  .filter((args) => args.some((a) => a.startsWith('--user-data-dir=')) && !args.some((a) => a.startsWith('--type=')));
const tmp = os.tmpdir();
const profileModes = fs
  .readdirSync(tmp)
  .filter((name) => name.startsWith('playwright'))
  .map((name) => fs.statSync(path.join(tmp, name)).mode & 0o777);
await renderer.close();
const leftAfterClose = fs.readdirSync(tmp).filter((name) => !name.startsWith('tsx-'));
process.stdout.write(
  `${JSON.stringify({
    uid: process.getuid?.() ?? null,
    pdfHeader: pdf.subarray(0, 5).toString('latin1'),
    browsers,
    profileModes,
    leftAfterClose,
  })}\n`,
);
