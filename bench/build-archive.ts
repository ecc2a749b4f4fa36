/**
 * Child process of the bench: builds a demo archive and prints one JSON line with the summary
 * and this process's peak RSS. Progress goes to stderr.
 * Usage: node --import tsx bench/build-archive.ts <file> <years> <seed> <until>
 */
import fs from 'node:fs';
import { openArchive } from '../src-main/db/database';
import { seedDemo } from '../src-main/demo/seed-demo';
import { addBenchClaims } from './claims-data';
import { addBenchComplaints } from './complaints-data';
import { addBenchFiling } from './filing-data';

const [file, yearsText, seedText, until] = process.argv.slice(2);
if (!file || !yearsText || !seedText || !until) {
  process.stderr.write('usage: build-archive.ts <file> <years> <seed> <until>\n');
  process.exit(2);
}
for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
const archive = await openArchive(file);
let lastShown = 0;
const summary = seedDemo(archive.sqlite!, {
  seed: Number(seedText),
  years: Number(yearsText),
  until,
  now: new Date(`${until}T12:00:00+08:00`),
  onProgress: (done, total) => {
    const now = performance.now();
    if (now - lastShown > 2000 || done === total) {
      lastShown = now;
      process.stderr.write(`  seeding ${done}/${total} (${Math.round((100 * done) / Math.max(1, total))}%)\n`);
    }
  },
});
// 投诉、返修、流失 (issue 12): raw inserts like the seeder's bulk data.
const complaints = addBenchComplaints(archive.sqlite!, until);
process.stderr.write(`  complaints ${JSON.stringify(complaints)}\n`);
// 归档 (issue 13): the seeder files the last two months; the bench has three before the current one.
const filing = addBenchFiling(archive.sqlite!, until);
process.stderr.write(`  filing ${JSON.stringify(filing)}\n`);
// 三包/索赔 (issue 14): the seeder writes the claims; an archive without them gets them here.
const claims = addBenchClaims(archive.sqlite!, until);
process.stderr.write(`  claims ${JSON.stringify(claims)}\n`);
await archive.close();
process.stdout.write(`${JSON.stringify({ summary, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
