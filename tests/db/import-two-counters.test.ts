import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { ImportJob } from '../../src-shared/domain/imports';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { onPostgres } from '../support/pg';
import { type Counter, openTwoCounters, type TwoCounters } from '../support/two-counters';

/**
 * Two counters import at the same moment into one archive (issue 16). Imports are serialised per
 * store: on PostgreSQL by the commit's advisory lock, on the file by the worker's one-commit-at-a-
 * time queue (both counters of this test live in one process, as two windows of one host would).
 * The second counter's job says it is waiting while the first one writes, then plans against what
 * the first wrote: the vehicles and customers both files share are created once, nothing is lost.
 */
const clock: Clock = { now: () => new Date('2026-11-22T02:30:00Z') };
const dialect = onPostgres() ? 'PostgreSQL' : 'SQLite';

let pair: TwoCounters | null = null;
afterEach(async () => {
  delete process.env.CLERKDESK_TEST_PAUSE_COMMIT_MS;
  await pair?.close();
  pair = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const HEADER =
  '工单号,车牌号,车架号,车型,客户名称,联系电话,进厂时间,行驶里程,维修类别,服务顾问,工单状态,结算时间,工时费,材料费,总金额';

/** Vehicle n of the store (plate, VIN, owner): the same n in both files is the same car. */
function vehicleLine(n: number): string {
  const vin = withCheckDigit(`LSVAU2180N2${String(200000 + n).padStart(6, '0')}`);
  return `京B${String(30000 + n)},${vin},朗逸,客户${n},138${String(10000000 + n).slice(-8)}`;
}

/** RO numbers `prefix0001…`, vehicles `first…first+rows-1`. */
function file(prefix: string, first: number, rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${prefix}${String(i + 1).padStart(4, '0')},${vehicleLine(first + i)},2026-11-2${1 + (i % 2)} 09:00,${10000 + i},定保,陈晓东,已结算,2026-11-22 11:00,100.00,200.00,300.00`,
    );
  return `${lines.join('\r\n')}\r\n`;
}

async function until(c: Counter, job: ImportJob, done: (j: ImportJob) => boolean): Promise<ImportJob> {
  let current = job;
  const deadline = Date.now() + 30_000;
  while (!done(current)) {
    if (Date.now() > deadline) throw new Error(`job stuck in ${current.phase}`);
    await sleep(5);
    current = await c.must('imports.job', { jobId: current.jobId });
  }
  return current;
}

async function ready(c: Counter, fileName: string, text: string): Promise<ImportJob> {
  const started = await c.must('imports.start', { fileName, contentBase64: Buffer.from(text).toString('base64') });
  const job = await until(c, started, (j) => j.phase !== 'reading' && j.phase !== 'checking');
  expect(job.phase, job.error ?? '').toBe('ready');
  return job;
}

async function count(p: TwoCounters, query: ReturnType<typeof sql>): Promise<number> {
  const rows = (await query.execute(p.a.archive.db)).rows as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

describe(`two counters import at once (${dialect})`, () => {
  it('the second job is shown waiting while the first writes, then both land: nothing lost or doubled', async () => {
    pair = await openTwoCounters({ clock });
    const { a, b } = pair;
    // A: vehicles 1–300; B: vehicles 201–400 (100 cars in both files, each with its own RO numbers).
    const jobA = await ready(a, 'a.csv', file('ROA', 1, 300));
    const jobB = await ready(b, 'b.csv', file('ROB', 201, 200));
    // Each preview planned against the empty archive: every car new.
    expect(jobA.preview!.counts).toMatchObject({ new: 300, rejected: 0 });
    expect(jobB.preview!.counts).toMatchObject({ new: 200, rejected: 0 });

    // A holds the store's import lock for a while (a pause after its one chunk).
    process.env.CLERKDESK_TEST_PAUSE_COMMIT_MS = '1500';
    let a1 = await a.must('imports.commit', { jobId: jobA.jobId });
    expect(a1.waitingFor).toBeNull();
    a1 = await until(a, a1, (j) => j.phase !== 'committing' || j.done > 0);
    expect(a1.phase).toBe('committing');
    delete process.env.CLERKDESK_TEST_PAUSE_COMMIT_MS;

    const b1 = await b.must('imports.commit', { jobId: jobB.jobId });
    const waiting = await until(b, b1, (j) => j.phase !== 'committing' || j.waitingFor !== null);
    expect(waiting.phase).toBe('committing');
    expect(waiting.waitingFor).toMatchObject({ since: expect.stringMatching(/^2026-11-22T10:30:00/) });
    expect(waiting.done).toBe(0);
    // A is still writing meanwhile; B has written nothing.
    expect((await a.must('imports.job', { jobId: jobA.jobId })).phase).toBe('committing');
    expect(await count(pair, sql`SELECT count(*) AS n FROM repair_order WHERE ro_number LIKE 'ROB%'`)).toBe(0);
    // The seconds waited go up while it waits.
    await sleep(1100);
    const later = await b.must('imports.job', { jobId: jobB.jobId });
    if (later.phase === 'committing' && later.waitingFor) expect(later.waitingFor.seconds).toBeGreaterThanOrEqual(1);

    const doneA = await until(a, a1, (j) => j.phase !== 'committing');
    const doneB = await until(b, later, (j) => j.phase !== 'committing');
    expect(doneA.phase, doneA.error ?? '').toBe('done');
    expect(doneB.phase, doneB.error ?? '').toBe('done');
    expect(doneA.waitingFor).toBeNull();
    expect(doneB.waitingFor).toBeNull();
    expect(doneA.result).toMatchObject({ imported: 300, vehiclesCreated: 300, customersCreated: 300 });
    // B planned against A's rows: the 100 shared cars and their owners were found, not made again.
    expect(doneB.result).toMatchObject({ imported: 200, vehiclesCreated: 100, customersCreated: 100 });

    expect(await count(pair, sql`SELECT count(*) AS n FROM repair_order`)).toBe(500);
    expect(await count(pair, sql`SELECT count(*) AS n FROM vehicle`)).toBe(400);
    expect(await count(pair, sql`SELECT count(*) AS n FROM customer`)).toBe(400);
    expect(await count(pair, sql`SELECT count(DISTINCT vin) AS n FROM vehicle`)).toBe(400);
    expect(await count(pair, sql`SELECT count(*) AS n FROM mileage_reading`)).toBe(500);
    expect(await count(pair, sql`SELECT count(*) AS n FROM import_batch`)).toBe(2);
    expect(await count(pair, sql`SELECT count(*) AS n FROM audit_log WHERE action = 'import.commit'`)).toBe(2);
    // Every RO's search term (kind 3: repair order, field 6: RO number), once.
    expect(await count(pair, sql`SELECT count(*) AS n FROM search_term WHERE kind = 3 AND field = 6`)).toBe(500);
    // A shared car's ROs from both files hang on the one vehicle.
    expect(
      await count(
        pair,
        sql`SELECT count(DISTINCT r.vehicle_id) AS n FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id
            WHERE v.plate = '京B30250'`,
      ),
    ).toBe(1);
    expect(
      await count(
        pair,
        sql`SELECT count(*) AS n FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id WHERE v.plate = '京B30250'`,
      ),
    ).toBe(2);
    expect(pair.internalErrors).toEqual([]);
  }, 60_000);
});
