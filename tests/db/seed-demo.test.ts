import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { type Archive, openArchive } from '../../src-main/db/database';
import { seedDemo } from '../../src-main/demo/seed-demo';
import { type CallContext, Session } from '../../src-main/services/context';
import type { SeedSummary } from '../../src-shared/contract/index';
import type { Claim, ClaimRow, ServiceFeeStatement } from '../../src-shared/domain/claims';
import type { Binder, Loan, MissingPaper, Paper } from '../../src-shared/domain/filing';
import type { SearchHit } from '../../src-shared/domain/records';
import { daysBetween } from '../../src-shared/validation/dates';
import { isMobile, isValidPlate, isValidVin } from '../../src-shared/validation/vehicle-ids';
import { onPostgres } from '../support/pg';

/**
 * seedDemo writes through the file's own connection (SQLite only); a server gets its demo data as a
 * file first, copied over by migrate-archive (cli seed-demo --db postgres://…). Run once, on SQLite.
 */
const sqliteOnly = describe.skipIf(onPostgres());

const UNTIL = '2026-06-30';
const NOW = new Date('2026-07-01T01:00:00Z');
const SEED = 20261122;

let dir: string;
let first: Archive;
let second: Archive;
let summaryA: SeedSummary;
let summaryB: SeedSummary;

/** One hash per table over all rows in key order (schema_migration holds the real clock, sqlite_stat1 the planner's). */
function tableHashes(archive: Archive): Record<string, string> {
  const tables = archive
    .sqlite!.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migration' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const columns = (
      archive.sqlite!.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]
    ).map((c) => `"${c}"`);
    const order = columns.includes('"id"') ? '"id"' : columns.join(', ');
    const hash = createHash('sha256');
    for (const row of archive.sqlite!.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().iterate())
      hash.update(`${JSON.stringify(row)}\n`);
    out[table] = hash.digest('hex');
  }
  return out;
}

function one<T>(archive: Archive, sql: string, ...params: unknown[]): T {
  return archive.sqlite!.prepare(sql).get(...params) as T;
}

beforeAll(async () => {
  if (onPostgres()) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-seed-'));
  first = await openArchive(path.join(dir, 'a.sqlite'));
  second = await openArchive(path.join(dir, 'b.sqlite'));
  const progress: [number, number][] = [];
  summaryA = seedDemo(first.sqlite!, {
    seed: SEED,
    years: 1,
    until: UNTIL,
    now: NOW,
    onProgress: (d, t) => progress.push([d, t]),
  });
  summaryB = seedDemo(second.sqlite!, { seed: SEED, years: 1, until: UNTIL, now: new Date('2030-01-01T00:00:00Z') });
  expect(progress.length).toBeGreaterThan(2);
  expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
}, 120_000);

afterAll(async () => {
  await first?.close();
  await second?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

sqliteOnly('seedDemo', () => {
  it('is deterministic: same seed and dates give the same content, table by table', () => {
    const { millis: _a, ...a } = summaryA;
    const { millis: _b, ...b } = summaryB;
    expect(a).toEqual(b);
    expect(a.from).toBe('2025-07-01');
    expect(a.until).toBe(UNTIL);
    const hashes = tableHashes(first);
    expect(hashes).toEqual(tableHashes(second));
    expect(Object.keys(hashes)).toEqual(
      expect.arrayContaining(['customer', 'vehicle', 'repair_order', 'ro_labor_line', 'ro_part_line', 'search_term']),
    );
  });

  it('builds a store of believable size without writing the audit log', () => {
    const count = (t: string) => one<{ n: number }>(first, `SELECT count(*) AS n FROM ${t}`).n;
    expect(count('repair_order')).toBe(summaryA.repairOrders);
    expect(count('customer')).toBe(summaryA.customers);
    expect(count('vehicle')).toBe(summaryA.vehicles);
    expect(count('audit_log')).toBe(0);
    const days = daysBetween(summaryA.from, summaryA.until) + 1;
    const perDay = summaryA.repairOrders / days;
    expect(perDay).toBeGreaterThan(60);
    expect(perDay).toBeLessThan(200);
    // Some customers own two vehicles; most vehicles have one owner who is a customer.
    expect(summaryA.vehicles).toBeGreaterThan(summaryA.customers);
    expect(summaryA.vehicles).toBeLessThan(summaryA.customers * 1.4);
    expect(count('mileage_reading')).toBe(summaryA.repairOrders);
    expect(first.sqlite!.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // Sundays are quieter than the average day.
    const sunday = one<{ n: number }>(
      first,
      `SELECT count(*) AS n FROM repair_order WHERE strftime('%w', substr(opened_at, 1, 10)) = '0'`,
    ).n;
    expect(sunday / (days / 7)).toBeLessThan(perDay * 0.7);
  });

  it('creates the store, advisors and a manager with PIN hashes', () => {
    const store = one<{ name: string; postal_code: string }>(first, 'SELECT name, postal_code FROM store_profile');
    expect(store.name).toMatch(/汽车销售服务有限公司/);
    expect(store.postal_code).toMatch(/^\d{6}$/);
    const users = first.sqlite!.prepare('SELECT name, role, pin_salt, pin_hash FROM app_user').all() as {
      name: string;
      role: string;
      pin_salt: string;
      pin_hash: string;
    }[];
    expect(users.filter((u) => u.role === 'advisor').length).toBeGreaterThanOrEqual(5);
    expect(users.filter((u) => u.role === 'manager').length).toBe(1);
    for (const u of users) {
      expect(u.pin_salt).toMatch(/^[0-9a-f]{32}$/);
      expect(u.pin_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const advisorNames = new Set(users.filter((u) => u.role === 'advisor').map((u) => u.name));
    const used = first.sqlite!.prepare('SELECT DISTINCT advisor_name FROM repair_order').pluck().all() as string[];
    for (const name of used) expect(advisorNames.has(name)).toBe(true);
  });

  it('writes valid plates, VINs, mobiles and postal codes', () => {
    const vehicles = first.sqlite!.prepare('SELECT plate, vin FROM vehicle').all() as { plate: string; vin: string }[];
    expect(vehicles.filter((v) => !isValidPlate(v.plate)).slice(0, 3)).toEqual([]);
    expect(vehicles.filter((v) => !isValidVin(v.vin)).slice(0, 3)).toEqual([]);
    expect(new Set(vehicles.map((v) => v.vin)).size).toBe(vehicles.length);
    expect(new Set(vehicles.map((v) => v.plate)).size).toBe(vehicles.length);
    expect(vehicles.some((v) => v.plate.length === 8)).toBe(true); // new-energy 浙AD12345
    const customers = first.sqlite!.prepare('SELECT name, mobile, address, postal_code FROM customer').all() as {
      name: string;
      mobile: string | null;
      address: string;
      postal_code: string;
    }[];
    expect(customers.filter((c) => c.mobile !== null && !isMobile(c.mobile)).slice(0, 3)).toEqual([]);
    expect(customers.filter((c) => !/^[\u4e00-\u9fff]{2,4}$/.test(c.name)).slice(0, 3)).toEqual([]);
    expect(customers.some((c) => c.name.length === 2)).toBe(true);
    const withAddress = customers.filter((c) => c.address !== '');
    expect(withAddress.filter((c) => !/^\d{6}$/.test(c.postal_code)).slice(0, 3)).toEqual([]);
    expect(withAddress.length / customers.length).toBeGreaterThan(0.6);
    expect(withAddress.length / customers.length).toBeLessThan(0.8);
  });

  it('keeps amounts equal to the sums of their lines, in integer fen', () => {
    const bad = one<{ n: number }>(
      first,
      `SELECT count(*) AS n FROM repair_order r
       WHERE r.labor_fen != coalesce((SELECT sum(amount_fen) FROM ro_labor_line WHERE ro_id = r.id), 0)
          OR r.parts_fen != coalesce((SELECT sum(amount_fen) FROM ro_part_line WHERE ro_id = r.id), 0)
          OR r.total_fen != r.labor_fen + r.parts_fen`,
    ).n;
    expect(bad).toBe(0);
    const badLines = one<{ n: number }>(
      first,
      'SELECT count(*) AS n FROM ro_part_line WHERE amount_fen != CAST(round(quantity * unit_price_fen) AS INTEGER)',
    ).n;
    expect(badLines).toBe(0);
    const lineCounts = one<{ minL: number; maxL: number; maxP: number }>(
      first,
      `SELECT min(l) AS minL, max(l) AS maxL, max(p) AS maxP FROM (
         SELECT (SELECT count(*) FROM ro_labor_line WHERE ro_id = r.id) AS l,
                (SELECT count(*) FROM ro_part_line WHERE ro_id = r.id) AS p FROM repair_order r)`,
    );
    expect(lineCounts).toEqual({ minL: 1, maxL: 4, maxP: 6 });
    const payers = first
      .sqlite!.prepare(
        `SELECT count(*) FROM repair_order WHERE (type = 'warranty') != (payer = 'warranty') OR (type = 'insurance') != (payer = 'insurance')`,
      )
      .pluck()
      .get();
    expect(payers).toBe(0);
  });

  it('grows mileage per vehicle over time and records one reading per order', () => {
    const backwards = one<{ n: number }>(
      first,
      `SELECT count(*) AS n FROM (
         SELECT mileage_in, lag(mileage_in) OVER (PARTITION BY vehicle_id ORDER BY opened_at) AS prev FROM repair_order)
       WHERE mileage_in < prev`,
    ).n;
    expect(backwards).toBe(0);
    const mismatched = one<{ n: number }>(
      first,
      `SELECT count(*) AS n FROM repair_order r LEFT JOIN mileage_reading m ON m.ro_id = r.id
       WHERE m.id IS NULL OR m.mileage != r.mileage_in OR m.read_on != substr(r.opened_at, 1, 10) OR m.source != 'ro'`,
    ).n;
    expect(mismatched).toBe(0);
  });

  it('numbers, times and statuses orders like a DMS', () => {
    const rows = first
      .sqlite!.prepare(
        'SELECT ro_number, opened_at, status, settled_at, source, next_service_date, type FROM repair_order',
      )
      .all() as {
      ro_number: string;
      opened_at: string;
      status: string;
      settled_at: string | null;
      source: string;
      next_service_date: string | null;
      type: string;
    }[];
    // Collected, then asserted once: tens of thousands of rows.
    const wrong = rows.filter(
      (r) =>
        !/^RO\d{10}$/.test(r.ro_number) ||
        r.ro_number.slice(2, 8) !== r.opened_at.slice(2, 10).replace(/-/g, '') ||
        !/^\d{4}-\d{2}-\d{2}T(0[89]|1[0-7]):[0-5]\d:[0-5]\d\+08:00$/.test(r.opened_at) ||
        r.opened_at.slice(11, 16) > '17:30' ||
        r.source !== 'demo' ||
        ((r.type === 'first_service' || r.type === 'periodic_service') && r.next_service_date === null) ||
        // Only the last weeks have orders not settled yet (insurance waits for the insurer).
        (r.opened_at < '2026-05-20' && r.status !== 'settled') ||
        (r.status === 'settled') !== (r.settled_at !== null),
    );
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['in_repair', 'completed', 'delivered', 'settled']));
    expect(new Set(rows.map((r) => r.type)).size).toBe(7);
    const comebacks = one<{ n: number }>(
      first,
      `SELECT count(*) AS n FROM repair_order c WHERE c.type = 'comeback' AND NOT EXISTS (
         SELECT 1 FROM repair_order p WHERE p.vehicle_id = c.vehicle_id AND p.opened_at < c.opened_at
           AND p.opened_at >= date(substr(c.opened_at, 1, 10), '-20 days'))`,
    ).n;
    expect(comebacks).toBe(0);
  });

  it('indexes every customer, vehicle and order for the quick search', () => {
    const missing = (kind: number, table: string) =>
      one<{ n: number }>(
        first,
        `SELECT count(*) AS n FROM (SELECT id FROM ${table} EXCEPT SELECT entity_id FROM search_term WHERE kind = ${kind})`,
      ).n;
    expect(missing(1, 'customer')).toBe(0);
    expect(missing(2, 'vehicle')).toBe(0);
    expect(missing(3, 'repair_order')).toBe(0);
    expect(one<{ n: number }>(first, 'SELECT count(*) AS n FROM sqlite_stat1').n).toBeGreaterThan(0);
  });

  describe('quick search through the dispatcher finds seeded records', () => {
    let dispatch: Dispatch;
    const ctx: CallContext = { door: 'cli', session: new Session() };
    const search = async (text: string): Promise<SearchHit[]> => {
      const result = await dispatch('search.quick', { text }, ctx);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as SearchHit[];
    };

    beforeAll(() => {
      dispatch = createDispatcher(createHandlers(createServices(first)));
    });

    it('by the last 4 digits of a mobile', async () => {
      const c = one<{ id: number; mobile: string }>(
        first,
        'SELECT id, mobile FROM customer WHERE mobile IS NOT NULL ORDER BY id LIMIT 1 OFFSET 777',
      );
      const hits = await search(c.mobile.slice(-4));
      expect(hits.some((h) => h.kind === 'customer' && h.id === c.id && h.matchedOn === 'phone' && h.exact)).toBe(true);
    });

    it('by pinyin initials', async () => {
      // Initials shared by a few customers, so the one we look for is among the 50 shown.
      const t = one<{ term: string; id: number }>(
        first,
        `SELECT term, max(entity_id) AS id FROM search_term WHERE kind = 1 AND field = 5 AND term GLOB '[A-Z][A-Z][A-Z]'
         GROUP BY term HAVING count(*) BETWEEN 2 AND 20 ORDER BY term LIMIT 1`,
      );
      const hits = await search(t.term.toLowerCase());
      expect(hits.some((h) => h.kind === 'customer' && h.id === t.id && h.matchedOn === 'pinyin')).toBe(true);
    });

    it('by a 2-character name', async () => {
      const c = one<{ id: number; name: string }>(
        first,
        `SELECT max(id) AS id, name FROM customer WHERE length(name) = 2 GROUP BY name ORDER BY name LIMIT 1`,
      );
      const hits = await search(c.name);
      expect(hits[0]).toMatchObject({ kind: 'customer', title: c.name, exact: true });
      expect(hits.some((h) => h.kind === 'customer' && h.id === c.id && h.exact)).toBe(true);
    });

    it('by a plate fragment', async () => {
      const v = one<{ id: number; plate: string }>(
        first,
        'SELECT id, plate FROM vehicle ORDER BY id LIMIT 1 OFFSET 1234',
      );
      const hits = await search(v.plate.slice(2, 6).toLowerCase());
      expect(hits.some((h) => h.kind === 'vehicle' && h.id === v.id && h.matchedOn === 'plate')).toBe(true);
      const full = await search(v.plate);
      expect(full[0]).toMatchObject({ kind: 'vehicle', id: v.id, exact: true });
    });

    it('by a repair order number', async () => {
      const r = one<{ id: number; ro_number: string }>(
        first,
        'SELECT id, ro_number FROM repair_order ORDER BY id LIMIT 1 OFFSET 4321',
      );
      const hits = await search(r.ro_number.toLowerCase());
      expect(hits[0]).toMatchObject({ kind: 'repairOrder', id: r.id, exact: true });
    });
  });
});

sqliteOnly('filing data (归档)', () => {
  const all = <T>(sql: string, ...params: unknown[]) => first.sqlite!.prepare(sql).all(...params) as T[];
  const n = (sql: string, ...params: unknown[]) => one<{ n: number }>(first, sql, ...params).n;

  it('starts filing two months before the month of until (checkFrom), papers only from then on', () => {
    const value = one<{ value: string }>(first, `SELECT value FROM app_setting WHERE key = 'filing'`).value;
    expect(JSON.parse(value)).toMatchObject({ checkFrom: '2026-04-01' });
    expect(n('SELECT min(doc_date) AS n FROM paper')).toBe('2026-04-01');
    expect(n('SELECT max(doc_date) AS n FROM paper')).toBe(UNTIL);
    expect(n(`SELECT count(*) AS n FROM paper WHERE state NOT IN ('filed', 'received')`)).toBe(0);
    // No binary files in the demo.
    expect(n('SELECT count(*) AS n FROM scan')).toBe(0);
    expect(n('SELECT count(*) AS n FROM scan_blob')).toBe(0);
  });

  it('files each paper into the binder of its series and month, RO papers sharing one position', () => {
    const series: Record<string, string> = {
      ro_sheet: 'repair',
      consultation: 'repair',
      settlement: 'repair',
      inspection: 'repair',
      certificate: 'repair',
      warranty_claim: 'warranty',
      warranty_registration: 'sales',
      pdi: 'sales',
    };
    const rows = all<{ kind: string; series: string; month: string; doc_date: string; settled: string | null }>(
      `SELECT p.kind, b.series, b.month, p.doc_date, substr(r.settled_at, 1, 10) AS settled
       FROM paper p JOIN binder b ON b.id = p.binder_id LEFT JOIN repair_order r ON r.id = p.ro_id`,
    );
    expect(rows.length).toBeGreaterThan(1000);
    const wrong = rows.filter(
      (r) =>
        series[r.kind] !== r.series ||
        r.month !== r.doc_date.slice(0, 7) ||
        (r.settled !== null && r.settled !== r.doc_date),
    );
    expect(wrong.slice(0, 3)).toEqual([]);
    // One position per RO in a binder, one RO per position.
    expect(
      n(`SELECT count(*) AS n FROM (SELECT binder_id, ro_id FROM paper WHERE ro_id IS NOT NULL
         GROUP BY binder_id, ro_id HAVING count(DISTINCT position) > 1)`),
    ).toBe(0);
    expect(
      n(`SELECT count(*) AS n FROM (SELECT binder_id, position FROM paper WHERE binder_id IS NOT NULL
         GROUP BY binder_id, position HAVING count(DISTINCT coalesce(ro_id, -vehicle_id)) > 1)`),
    ).toBe(0);
    // Positions counted, within capacity; a full binder continues in the next volume.
    const binders = all<{
      series: string;
      month: string;
      volume: number;
      positions: number;
      capacity: number;
      top: number;
    }>(
      `SELECT b.series, b.month, b.volume, b.positions, b.capacity, max(p.position) AS top
       FROM binder b JOIN paper p ON p.binder_id = b.id GROUP BY b.id ORDER BY b.series, b.month, b.volume`,
    );
    expect(binders.filter((b) => b.positions !== b.top || b.positions > b.capacity)).toEqual([]);
    const repairApril = binders.filter((b) => b.series === 'repair' && b.month === '2026-04');
    expect(repairApril.length).toBeGreaterThan(1);
    expect(repairApril.map((b) => b.volume)).toEqual(repairApril.map((_, i) => i + 1));
    expect(repairApril.slice(0, -1).every((b) => b.positions === b.capacity)).toBe(true);
  });

  it('keeps the month of until open, binds the month before and has sent the one before that', () => {
    const states = all<{ month: string; state: string; sent: number }>(
      `SELECT month, state, count(sent_on) AS sent FROM binder GROUP BY month, state ORDER BY month`,
    );
    expect(states.map((s) => [s.month, s.state])).toEqual([
      ['2026-04', 'sent'],
      ['2026-05', 'bound'],
      ['2026-06', 'open'],
    ]);
    expect(n(`SELECT count(*) AS n FROM binder WHERE state = 'sent' AND sent_to != '服务中心'`)).toBe(0);
    // Nothing was filed into a binder after it was bound.
    expect(
      n(`SELECT count(*) AS n FROM paper p JOIN binder b ON b.id = p.binder_id
         WHERE b.bound_at IS NOT NULL AND p.filed_at > b.bound_at`),
    ).toBe(0);
  });

  it('has most settled ROs’ papers filed, the major repairs’ inspection sheets mostly too', () => {
    const ros = all<{ type: string; hours: number; sheet: number; inspection: number }>(
      `SELECT r.type, coalesce((SELECT sum(hours) FROM ro_labor_line l WHERE l.ro_id = r.id), 0) AS hours,
         EXISTS (SELECT 1 FROM paper p WHERE p.ro_id = r.id AND p.kind = 'settlement') AS sheet,
         EXISTS (SELECT 1 FROM paper p WHERE p.ro_id = r.id AND p.kind = 'inspection') AS inspection
       FROM repair_order r WHERE r.status = 'settled' AND r.settled_at >= '2026-04-01' AND r.settled_at < '2026-06-30'`,
    );
    const share = (list: typeof ros, key: 'sheet' | 'inspection') => list.filter((r) => r[key]).length / list.length;
    expect(share(ros, 'sheet')).toBeGreaterThan(0.88);
    expect(share(ros, 'sheet')).toBeLessThan(0.97);
    const major = ros.filter((r) => r.type === 'body_paint' || r.type === 'insurance' || r.hours >= 8);
    expect(major.length).toBeGreaterThan(50);
    expect(share(major, 'inspection')).toBeGreaterThan(0.7);
    expect(share(major, 'inspection')).toBeLessThan(0.95);
    expect(
      share(
        ros.filter((r) => !major.includes(r)),
        'inspection',
      ),
    ).toBe(0);
  });

  it('takes the sales hand-over once a day, the latest one received but not filed yet', () => {
    const handovers = all<{ handed_by: string; handed_on: string }>('SELECT handed_by, handed_on FROM handover');
    expect(handovers.length).toBeGreaterThan(60);
    expect(new Set(handovers.map((h) => h.handed_on)).size).toBe(handovers.length);
    expect(handovers.every((h) => ['周明', '吴婷', '郑凯', '冯雪'].includes(h.handed_by))).toBe(true);
    expect(
      n(`SELECT count(*) AS n FROM paper p JOIN handover h ON h.id = p.handover_id
         WHERE p.received_from != h.handed_by OR p.received_on != h.handed_on OR p.doc_date != h.handed_on
            OR p.kind NOT IN ('warranty_registration', 'pdi') OR p.ro_id IS NOT NULL`),
    ).toBe(0);
    const received = all<{ handed_on: string }>(
      `SELECT DISTINCT h.handed_on FROM paper p JOIN handover h ON h.id = p.handover_id WHERE p.state = 'received'`,
    );
    expect(received.map((r) => r.handed_on)).toEqual([
      handovers
        .map((h) => h.handed_on)
        .sort()
        .at(-1),
    ]);
    const delivered = n(
      `SELECT count(*) AS n FROM vehicle WHERE delivery_date >= '2026-04-01' AND delivery_date <= ?`,
      UNTIL,
    );
    const registered = n(`SELECT count(DISTINCT vehicle_id) AS n FROM paper WHERE kind = 'warranty_registration'`);
    expect(registered / delivered).toBeGreaterThan(0.7);
    expect(registered / delivered).toBeLessThan(0.85);
  });

  it('lends a binder and two papers (one overdue), and has most ROs uploaded to the health record', () => {
    const open = all<{ paper_id: number | null; binder_id: number | null; due_on: string }>(
      'SELECT paper_id, binder_id, due_on FROM loan WHERE returned_at IS NULL',
    );
    expect(open.filter((l) => l.binder_id !== null)).toHaveLength(1);
    expect(open.filter((l) => l.paper_id !== null)).toHaveLength(2);
    expect(open.filter((l) => l.due_on < '2026-07-01')).toHaveLength(1);
    const uploads = all<{ settled_at: string; uploaded_at: string | null }>(
      `SELECT r.settled_at, h.uploaded_at FROM repair_order r LEFT JOIN health_upload h ON h.ro_id = r.id
       WHERE r.status = 'settled' AND r.settled_at >= '2026-04-01' AND r.settled_at < '2026-06-29'`,
    );
    const done = uploads.filter((u) => u.uploaded_at !== null);
    const late = done.filter((u) => Date.parse(u.uploaded_at!) - Date.parse(u.settled_at) > 24 * 3_600_000);
    expect(done.length / uploads.length).toBeGreaterThan(0.85);
    expect(done.length / uploads.length).toBeLessThan(0.98);
    expect(late.length).toBeGreaterThan(10);
    expect(done.every((u) => u.uploaded_at! > u.settled_at)).toBe(true);
  });
});

sqliteOnly('filing data through the services (the demo store’s morning)', () => {
  let dispatch: Dispatch;
  const ctx: CallContext = { door: 'cli', session: new Session() };
  const must = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };

  beforeAll(() => {
    // 09:00 on the day after UNTIL in the store.
    dispatch = createDispatcher(createHandlers(createServices(first, { now: () => new Date('2026-07-01T01:00:00Z') })));
  });

  it('shows the binders, the loans (one overdue), the papers received and the month’s missing papers', async () => {
    const binders = await must<Binder[]>('binders.list', { month: '2026-05', series: 'repair' });
    expect(binders[0]).toMatchObject({
      title: '当月修理单 2026-05 第1册',
      state: 'bound',
      positions: 200,
      papers: expect.any(Number),
    });
    const loans = await must<Loan[]>('loans.list', { state: 'open' });
    expect(loans).toHaveLength(3);
    expect(loans.filter((l) => l.overdue)).toHaveLength(1);
    expect(loans.some((l) => l.binderId !== null && l.what.includes('当月修理单 2026-05'))).toBe(true);
    const received = await must<Paper[]>('papers.received', {});
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((p) => p.state === 'received' && p.receivedFrom !== '')).toBe(true);
    const missing = await must<MissingPaper[]>('filing.missing', { month: '2026-05' });
    const settled = one<{ n: number }>(
      first,
      `SELECT count(*) AS n FROM repair_order WHERE settled_at >= '2026-05-01' AND settled_at < '2026-06-01'`,
    ).n;
    const rosMissing = new Set(missing.filter((m) => m.roId !== null).map((m) => m.roId));
    expect(rosMissing.size / settled).toBeGreaterThan(0.05);
    expect(rosMissing.size / settled).toBeLessThan(0.2);
    expect(missing.some((m) => m.kind === 'warranty_registration')).toBe(true);
  });
});

sqliteOnly('claims data (三包/索赔)', () => {
  const all = <T>(sql: string, ...params: unknown[]) => first.sqlite!.prepare(sql).all(...params) as T[];
  const n = (sql: string, ...params: unknown[]) => one<{ n: number }>(first, sql, ...params).n;

  it('opens claims 18 months before today, for the manufacturer, recalls due in 30 days', () => {
    const value = one<{ value: string }>(first, `SELECT value FROM app_setting WHERE key = 'claims'`).value;
    expect(JSON.parse(value)).toMatchObject({
      openFrom: '2025-01-01',
      manufacturer: '上汽大众汽车有限公司',
      rules: [{ brand: '', claimType: 'recall', days: 30 }],
    });
  });

  it('has claims in every state, the last days’ ones without a row (待填报 from the RO)', () => {
    const byStatus = Object.fromEntries(
      all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM claim GROUP BY status').map((r) => [
        r.status,
        r.n,
      ]),
    );
    for (const status of ['draft', 'reported', 'reviewing', 'approved', 'rejected', 'settled'])
      expect(byStatus[status], status).toBeGreaterThan(0);
    expect(byStatus.settled).toBeGreaterThan(byStatus.approved!);
    const withoutRow = all<{ settled_at: string | null }>(
      `SELECT r.settled_at FROM repair_order r WHERE r.type = 'warranty'
         AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.ro_id = r.id)`,
    );
    expect(withoutRow.length).toBeGreaterThan(0);
    // Only recent ones (or not settled yet): the rest were reported.
    expect(withoutRow.every((r) => r.settled_at === null || r.settled_at >= '2026-06-16')).toBe(true);
  });

  it('keeps the model: amounts within the warranty part, unique claim numbers, rounds, paid months settled', () => {
    expect(
      n(`SELECT count(*) AS n FROM claim c JOIN repair_order r ON r.id = c.ro_id
         WHERE c.approved_fen > r.total_fen OR c.approved_fen < 0`),
    ).toBe(0);
    expect(n('SELECT count(*) - count(DISTINCT claim_no) AS n FROM claim_round')).toBe(0);
    expect(
      n(`SELECT count(*) AS n FROM claim WHERE claim_no NOT GLOB 'SV[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`),
    ).toBe(0);
    // Rejected, fixed and reported again: two rounds, the first kept as rejected.
    const twice = all<{ round: number; result: string }>(
      `SELECT round, result FROM claim_round WHERE claim_id IN (SELECT claim_id FROM claim_round WHERE round = 2)
       ORDER BY claim_id, round`,
    );
    expect(twice.length).toBeGreaterThan(4);
    expect(twice.filter((r) => r.round === 1).every((r) => r.result === 'rejected')).toBe(true);
    // The paid months' claims are settled with their month; the last month's and this month's approved.
    expect(
      n(`SELECT count(*) AS n FROM claim WHERE status = 'settled' AND statement_month <> substr(approved_on, 1, 7)`),
    ).toBe(0);
    expect(n(`SELECT count(*) AS n FROM claim WHERE status = 'approved' AND approved_on < '2026-06-01'`)).toBe(0);
    expect(n(`SELECT count(*) AS n FROM claim WHERE status = 'settled' AND approved_on >= '2026-06-01'`)).toBe(0);
    const statements = all<{
      month: string;
      state: string;
      requested_fen: number;
      sum: number;
      paid_on: string | null;
    }>(
      `SELECT s.month, s.state, s.requested_fen, s.paid_on,
         (SELECT sum(c.approved_fen) FROM claim c WHERE substr(c.approved_on, 1, 7) = s.month) AS sum
       FROM claim_statement s ORDER BY s.month`,
    );
    expect(statements.at(-1)).toMatchObject({ month: '2026-05', state: 'paid' });
    expect(statements.every((s) => s.requested_fen === s.sum && s.paid_on! <= UNTIL)).toBe(true);
  });

  it('tags old parts, returns the old ones with waybills, scraps a few, keeps the recent ones', () => {
    const states = Object.fromEntries(
      all<{ state: string; n: number }>('SELECT state, count(*) AS n FROM old_part GROUP BY state').map((r) => [
        r.state,
        r.n,
      ]),
    );
    expect(states.returned).toBeGreaterThan(states.scrapped!);
    expect(states.scrapped).toBeGreaterThan(0);
    expect(states.kept).toBeGreaterThan(0);
    expect(
      n(`SELECT count(*) AS n FROM old_part WHERE tag_no NOT GLOB 'JJ[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'`),
    ).toBe(0);
    expect(n(`SELECT count(*) AS n FROM old_part WHERE state = 'returned' AND waybill = ''`)).toBe(0);
    expect(n(`SELECT count(*) AS n FROM old_part WHERE state = 'scrapped' AND instruction = ''`)).toBe(0);
  });

  it('has outside-service orders: closed ones on warranty ROs, two still out', () => {
    const orders = all<{ state: string; ro_type: string | null; odometer_out: number; odometer_back: number | null }>(
      `SELECT o.state, r.type AS ro_type, o.odometer_out, o.odometer_back
       FROM outside_service o LEFT JOIN repair_order r ON r.id = o.ro_id`,
    );
    expect(orders.filter((o) => o.state === 'out')).toHaveLength(2);
    const closed = orders.filter((o) => o.state === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(8);
    expect(closed.every((o) => o.ro_type === 'warranty' && o.odometer_back! > o.odometer_out)).toBe(true);
  });
});

sqliteOnly('claims data through the services (the demo store’s morning)', () => {
  let dispatch: Dispatch;
  const ctx: CallContext = { door: 'cli', session: new Session() };
  const must = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await dispatch(method, input, ctx);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };

  beforeAll(() => {
    // 09:00 on the day after UNTIL in the store.
    dispatch = createDispatcher(createHandlers(createServices(first, { now: () => new Date('2026-07-01T01:00:00Z') })));
  });

  it('lists open claims due soon and overdue, the outside kilometres on a claim, the paid and open statements', async () => {
    const { rows } = await must<{ rows: ClaimRow[] }>('claims.list', { status: 'open', limit: 5000 });
    expect(rows.some((r) => r.dueState === 'overdue' && r.status === 'draft')).toBe(true);
    expect(rows.some((r) => r.dueState === 'due_soon')).toBe(true);
    expect(rows.some((r) => !r.saved)).toBe(true);
    const linked = one<{ ro_id: number }>(first, `SELECT ro_id FROM outside_service WHERE state = 'closed' LIMIT 1`);
    const claim = await must<Claim>('claims.get', { roId: linked.ro_id });
    expect(claim.outsideKm).toBeGreaterThan(0);
    // The 1st of the month: last month's statement not requested yet; the month before paid, its claims settled.
    const june = await must<ServiceFeeStatement>('statements.get', { month: '2026-06' });
    expect(june.state).toBe('open');
    expect(june.claims.length).toBeGreaterThan(50);
    expect(june.claims.every((c) => c.status === 'approved')).toBe(true);
    const may = await must<ServiceFeeStatement>('statements.get', { month: '2026-05' });
    expect(may).toMatchObject({ state: 'paid', requestedFen: may.totalFen, changedSinceRequest: false });
    expect(may.claims.every((c) => c.status === 'settled')).toBe(true);
  });
});

sqliteOnly('a failed seed', () => {
  it('leaves nothing behind (one transaction)', async () => {
    const archive = await openArchive(path.join(dir, 'fail.sqlite'));
    try {
      // An order number the seeder will also write on its first day: the UNIQUE constraint stops it midway.
      archive.sqlite!.exec(`INSERT INTO vehicle (id, plate, created_at, updated_at) VALUES (900000, '浙A00001', 'x', 'x');
        INSERT INTO repair_order (ro_number, vehicle_id, opened_at, type, status, created_at, updated_at)
        VALUES ('RO2507010001', 900000, '2025-07-01T08:00:00+08:00', 'repair', 'settled', 'x', 'x')`);
      expect(() => seedDemo(archive.sqlite!, { seed: SEED, years: 1, until: UNTIL, now: NOW })).toThrow(/UNIQUE/);
      const counts = archive
        .sqlite!.prepare(
          `SELECT (SELECT count(*) FROM customer) AS customers, (SELECT count(*) FROM vehicle) AS vehicles,
             (SELECT count(*) FROM repair_order) AS orders, (SELECT count(*) FROM app_user) AS users,
             (SELECT count(*) FROM store_profile) AS stores, (SELECT count(*) FROM search_term) AS terms`,
        )
        .get();
      expect(counts).toEqual({ customers: 0, vehicles: 1, orders: 1, users: 0, stores: 0, terms: 0 });
    } finally {
      await archive.close();
    }
  }, 60_000);
});

sqliteOnly('demo data from the first-run setup', () => {
  it('keeps the store and existing users, adds advisors but no second manager, and audits once', async () => {
    const file = path.join(dir, 'setup.sqlite');
    const archive = await openArchive(file);
    try {
      const clock = { now: () => new Date('2026-03-01T02:00:00Z') };
      const dispatch = createDispatcher(createHandlers(createServices(archive, clock)));
      const ctx: CallContext = { door: 'ipc', session: new Session() };
      const result = await dispatch(
        'setup.complete',
        {
          store: { name: '测试汽车服务有限公司', postalCode: '310000' },
          users: [
            { name: '管理员', role: 'admin', pin: '1234' },
            { name: '周经理', role: 'manager', pin: '2345' },
          ],
          demo: { years: 1, seed: 3 },
        },
        ctx,
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const { seeded } = result.value as { seeded: SeedSummary };
      expect(seeded.until).toBe('2026-02-28');
      expect(one<{ name: string }>(archive, 'SELECT name FROM store_profile').name).toBe('测试汽车服务有限公司');
      const roles = archive
        .sqlite!.prepare('SELECT role, count(*) AS n FROM app_user GROUP BY role ORDER BY role')
        .all();
      expect(roles).toEqual([
        { role: 'admin', n: 1 },
        { role: 'advisor', n: 6 },
        { role: 'manager', n: 1 },
      ]);
      const audit = archive.sqlite!.prepare(`SELECT action FROM audit_log WHERE action = 'demo.seed'`).pluck().all();
      expect(audit).toEqual(['demo.seed']);
      expect(one<{ n: number }>(archive, 'SELECT count(*) AS n FROM repair_order').n).toBe(seeded.repairOrders);
    } finally {
      await archive.close();
    }
  }, 120_000);
});
