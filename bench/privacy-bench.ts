/**
 * Personal data (issue 10 G) on a copy of a real archive: the retention preview (who has had no
 * visit since a cutoff), the approval (recount + anonymise in one transaction) and one customer's
 * data export. Run on the 10-year demo archive:
 *   npm run --silent cli -- seed-demo --years 10 --db /tmp/demo10.sqlite
 *   npx tsx bench/privacy-bench.ts /tmp/demo10.sqlite [--cutoff YYYY-MM-DD]
 * The archive given is never changed: the bench works on a copy next to it and removes it.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openArchive } from '../src-main/db/database';
import { customerData } from '../src-main/services/privacy/customer-export';
import { affectedBy, anonymise, countsOf } from '../src-main/services/privacy/retention';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { cutoff: { type: 'string' } } });
const source = positionals[0];
if (!source || !fs.existsSync(source)) {
  console.error('用法：npx tsx bench/privacy-bench.ts ARCHIVE.sqlite [--cutoff YYYY-MM-DD]');
  process.exit(2);
}
const cutoff = values.cutoff ?? '2022-12-01';
const copy = `${source}.privacy-bench.sqlite`;
fs.copyFileSync(source, copy);
const archive = await openArchive(copy);
try {
  const size = archive
    .sqlite!.prepare(
      'SELECT (SELECT count(*) FROM customer) AS customers, (SELECT count(*) FROM vehicle) AS vehicles, (SELECT count(*) FROM repair_order) AS repairOrders',
    )
    .get();
  let t0 = performance.now();
  const { affected } = await affectedBy(archive.db, cutoff);
  const previewMs = performance.now() - t0;
  t0 = performance.now();
  const applied = await archive.db.transaction().execute(async (trx) => {
    const again = await affectedBy(trx, cutoff);
    await anonymise(trx, again.affected, new Date().toISOString());
    return countsOf(again.affected);
  });
  const applyMs = performance.now() - t0;
  const someone = archive.sqlite!.prepare('SELECT id FROM customer WHERE anonymised_at IS NULL LIMIT 1').get() as
    | { id: number }
    | undefined;
  t0 = performance.now();
  const exported = someone ? JSON.stringify(await customerData(archive.db, someone.id, new Date().toISOString())) : '';
  const exportMs = performance.now() - t0;
  const integrity = (archive.sqlite!.prepare('PRAGMA integrity_check').get() as { integrity_check: string })
    .integrity_check;
  console.log(
    JSON.stringify(
      {
        archive: size,
        cutoff,
        preview: { ms: Math.round(previewMs), ...countsOf(affected) },
        apply: { ms: Math.round(applyMs), ...applied },
        exportOneCustomer: { ms: Math.round(exportMs), bytes: exported.length },
        integrity,
      },
      null,
      2,
    ),
  );
} finally {
  await archive.close();
  fs.rmSync(copy, { force: true });
  fs.rmSync(`${copy}-wal`, { force: true });
  fs.rmSync(`${copy}-shm`, { force: true });
}
