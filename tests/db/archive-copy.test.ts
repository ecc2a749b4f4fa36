/**
 * copyArchive: a real demo archive (the real seeder, one year) copied file → file always, and
 * file → PostgreSQL → file when a server is given (CLERKDESK_TEST_PG). Every table's row count and
 * checksum equal at each step, and the copies answer the same contract calls with the same values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveChecksums, type CopyReport, copyArchive } from '../../src-main/db/archive-copy';
import { type Archive, openArchive } from '../../src-main/db/database';
import type { Clock } from '../../src-main/services/context';
import { AppError } from '../../src-shared/errors';
import { openTestArchive, rowCounts, type TestArchive, tempDir } from '../support/archive';
import { emptyPgDatabase, testPgAdminUrl } from '../support/pg';

const UNTIL = '2026-06-30';
const clock: Clock = { now: () => new Date('2026-07-01T01:00:00Z') };
const SLOW = 600_000;

let dir: string;
let demo: TestArchive;
let demoSums: Awaited<ReturnType<typeof archiveChecksums>>;

beforeAll(async () => {
  dir = tempDir('clerkdesk-copy-');
  demo = await openTestArchive({ file: path.join(dir, 'demo.sqlite'), door: 'cli', clock });
  await demo.must('demo.seed', { years: 1, seed: 7, until: UNTIL });
  demoSums = await archiveChecksums(demo.archive);
}, SLOW);

afterAll(async () => {
  await demo?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The same questions asked of two archives: a plate, the due list, a day's report, the saved lists. */
async function answers(t: TestArchive, plate: string) {
  const search = await t.must('search.quick', { text: plate, limit: 50 });
  const due = await t.must('invitations.due', { from: '2026-07-01', to: '2026-07-31' });
  const report = await t.must('dailyReport.get', { date: '2026-06-15' });
  const lists = await t.must('invitations.lists', { page: 1, pageSize: 200 });
  return { search, due, report, lists };
}

async function somePlate(archive: Archive): Promise<string> {
  const row = await archive.db
    .selectFrom('vehicle')
    .select('plate')
    .where('plate', 'is not', null)
    .orderBy('id')
    .offset(100)
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.plate!;
}

function expectSameAsDemo(report: CopyReport, sums: Awaited<ReturnType<typeof archiveChecksums>>) {
  const byName = (rows: { name: string; rows: number; checksum: string }[]) =>
    Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, checksum: r.checksum }]));
  expect(byName(report.tables)).toEqual(byName(demoSums));
  expect(byName(sums)).toEqual(byName(demoSums));
}

describe('copyArchive file → file', () => {
  it(
    'copies every table of a demo archive, verified, and the copy answers as the source does',
    async () => {
      expect(demoSums.find((t) => t.name === 'repair_order')!.rows).toBeGreaterThan(20_000);
      // The demo fills (nearly) every table: the copy is tested on real rows, not on empty tables.
      expect(demoSums.filter((t) => t.rows > 0).length).toBeGreaterThan(35);
      const file = path.join(dir, 'copy.sqlite');
      const target = await openArchive(file);
      const progress: string[] = [];
      const report = await copyArchive(demo.archive, target, {
        onProgress: (p) => {
          if (p.done === p.total) progress.push(p.table);
        },
      });
      await target.close();
      // Parents before children: a customer before the vehicles, a vehicle before its repair orders.
      const order = report.tables.map((t) => t.name);
      expect(order.indexOf('customer')).toBeLessThan(order.indexOf('vehicle'));
      expect(order.indexOf('vehicle')).toBeLessThan(order.indexOf('repair_order'));
      expect(order.indexOf('repair_order')).toBeLessThan(order.indexOf('ro_part_line'));
      expect(new Set(progress)).toEqual(new Set(order));

      const copy = await openTestArchive({ file, door: 'cli', clock });
      try {
        expectSameAsDemo(report, await archiveChecksums(copy.archive));
        expect(await rowCounts(copy.archive)).toEqual({
          ...(await rowCounts(demo.archive)),
          schema_migration: (await rowCounts(copy.archive)).schema_migration,
        });
        const plate = await somePlate(demo.archive);
        expect(await answers(copy, plate)).toEqual(await answers(demo, plate));
      } finally {
        await copy.close();
      }
    },
    SLOW,
  );

  it('refuses a target that holds anything, naming the table, and changes nothing', async () => {
    const target = await openTestArchive({ file: path.join(dir, 'used.sqlite'), door: 'cli' });
    try {
      await target.must('customers.create', { name: '周八', mobile: '13700001111' });
      const before = await rowCounts(target.archive);
      const error = await copyArchive(demo.archive, target.archive).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('CONFLICT');
      expect((error as AppError).message).toMatch(/不是空的：表 \w+ 已有 \d+ 行/);
      expect((error as AppError).message).toContain('什么都没有改动');
      expect(await rowCounts(target.archive)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('refuses to copy an archive onto itself', async () => {
    const error = await copyArchive(demo.archive, demo.archive).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CONFLICT');
    expect((error as AppError).message).toContain('同一个');
  });
});

describe.skipIf(!testPgAdminUrl())('copyArchive file → PostgreSQL → file', () => {
  let server: Awaited<ReturnType<typeof emptyPgDatabase>>;
  let toServer: CopyReport;
  let onServer: TestArchive;

  beforeAll(async () => {
    server = await emptyPgDatabase();
    const target = await openArchive(server.url);
    toServer = await copyArchive(demo.archive, target);
    await target.close();
    onServer = await openTestArchive({ file: server.url, door: 'cli', clock });
  }, SLOW);

  afterAll(async () => {
    await onServer?.close();
    await server?.drop();
  });

  it(
    "arrives on the server with every table's count and checksum equal",
    async () => {
      expect(onServer.archive.dialect).toBe('postgres');
      expectSameAsDemo(toServer, await archiveChecksums(onServer.archive));
    },
    SLOW,
  );

  it(
    'comes back from the server into a file with every count and checksum equal',
    async () => {
      const file = path.join(dir, 'back.sqlite');
      const back = await openArchive(file);
      try {
        const toFile = await copyArchive(onServer.archive, back);
        expectSameAsDemo(toFile, await archiveChecksums(back));
      } finally {
        await back.close();
      }
    },
    SLOW,
  );

  it('answers the same contract calls with the same values as the source file', async () => {
    const plate = await somePlate(demo.archive);
    expect(await answers(onServer, plate)).toEqual(await answers(demo, plate));
  });

  it('numbers a new customer on from the copied ids (the identity sequences were moved)', async () => {
    const maxId = await onServer.archive.db
      .selectFrom('customer')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    const created = await onServer.must('customers.create', { name: '周八', mobile: '13700001111' });
    expect(created.record.id).toBe(Number(maxId.id) + 1);
  });

  it('refuses a server database that holds anything, and changes nothing there', async () => {
    const other = await emptyPgDatabase();
    try {
      const target = await openTestArchive({ file: other.url, door: 'cli' });
      try {
        await target.must('customers.create', { name: '周八', mobile: '13700001111' });
        const before = await rowCounts(target.archive);
        const error = await copyArchive(demo.archive, target.archive).catch((e: unknown) => e);
        expect((error as AppError).code).toBe('CONFLICT');
        expect((error as AppError).message).toMatch(/不是空的：表 \w+ 已有 \d+ 行/);
        expect(await rowCounts(target.archive)).toEqual(before);
      } finally {
        await target.close();
      }
    } finally {
      await other.drop();
    }
  });
});
