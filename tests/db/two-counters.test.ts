import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { OutputOf } from '../../src-shared/contract/index';
import type { Result } from '../../src-shared/errors';
import { addDays } from '../../src-shared/validation/dates';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { onPostgres, testPgAdminUrl } from '../support/pg';
import { COUNTER_USERS, type Counter, openTwoCounters, type TwoCounters } from '../support/two-counters';

/**
 * Two counters writing to one archive at the same moment (issue 16): on PostgreSQL two pools on one
 * database, on SQLite two connections to one file (the second writer waits: api/busy-retry.ts).
 * Every write either is acknowledged and then found in the archive with its one audit line, or is
 * refused with a Chinese reason the clerk can act on; nothing is duplicated, nothing is lost, and
 * no write ends as an internal error.
 *
 * The store clock is pinned at 2026-11-22 10:30 (store time).
 */
const clock: Clock = { now: () => new Date('2026-11-22T02:30:00Z') };
const TODAY = '2026-11-22';
const ROUNDS = 8;

const dialect = onPostgres() ? 'PostgreSQL' : 'SQLite';

let pair: TwoCounters | null = null;
afterEach(async () => {
  await pair?.close();
  pair = null;
});

async function open(): Promise<TwoCounters> {
  pair = await openTwoCounters({ clock });
  return pair;
}

/** The write neither done nor refused with a reason: named with its stack, so a failure says which. */
function expectNoInternalErrors(p: TwoCounters): void {
  expect(
    p.internalErrors.map((e) => `${e.counter} ${e.method}: ${e.error.split('\n').slice(0, 4).join(' | ')}`),
  ).toEqual([]);
}

async function auditCount(p: TwoCounters, action: string, entityId?: number): Promise<number> {
  const rows =
    entityId === undefined
      ? await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE action = ${action}`.execute(p.a.archive.db)
      : await sql<{
          n: number;
        }>`SELECT count(*) AS n FROM audit_log WHERE action = ${action} AND entity_id = ${entityId}`.execute(
          p.a.archive.db,
        );
  return Number(rows.rows[0]?.n ?? 0);
}

/** Audit lines of one action for one report day. */
async function dayAudit(p: TwoCounters, action: string, date: string): Promise<number> {
  const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log
    WHERE action = ${action} AND after_json LIKE ${`%"date":"${date}"%`}`.execute(p.a.archive.db);
  return Number(rows.rows[0]?.n ?? 0);
}

/** The refusal a losing counter gets: a conflict, in Chinese, telling to reload (never INTERNAL). */
function expectConflict(r: Result<unknown>, message: RegExp): void {
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.code).toBe('CONFLICT');
  expect(r.error.message).toMatch(message);
}

let serial = 0;

/** A customer, vehicle and RO delivered seven days ago: its 7-day follow-up call is due today. */
async function deliveredRo(c: Counter): Promise<{ roId: number; key: string }> {
  const n = ++serial;
  const customer = await c.must('customers.create', {
    name: `客户${n}`,
    mobile: `1390000${String(n).padStart(4, '0')}`,
  });
  const vehicle = await c.must('vehicles.create', {
    plate: `京A${String(20000 + n)}`,
    vin: withCheckDigit(`LSVAU2180N2${String(n).padStart(6, '0')}`),
    model: '朗逸',
    ownerId: customer.record.id,
  });
  const day = addDays(TODAY, -7);
  const ro = await c.must('repairOrders.create', {
    roNumber: `RO${String(n).padStart(8, '0')}`,
    vehicleId: vehicle.record.id,
    customerId: customer.record.id,
    openedAt: `${day} 09:00`,
    type: 'repair',
    status: 'settled',
    advisorName: '赵顾问',
    deliveredAt: `${day} 17:00`,
    settledAt: `${day} 16:30`,
    laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 }],
  });
  return { roId: ro.record.id, key: `followup7:ro:${ro.record.id}` };
}

describe.skipIf(onPostgres() && !testPgAdminUrl())(`two counters on one archive (${dialect})`, () => {
  it('both record calls on the same revisit call: every acknowledged attempt is kept once with its audit line, the call is closed once', async () => {
    const p = await open();
    for (let round = 0; round < ROUNDS; round++) {
      const { key } = await deliveredRo(p.a);
      const results: Result<OutputOf<'calls.record'>>[] = [];
      // Not reached from both at once, then reached from both at once.
      results.push(
        ...(await Promise.all([
          p.a.call('calls.record', { key, outcome: 'no_answer' }),
          p.b.call('calls.record', { key, outcome: 'busy', note: '占线' }),
        ])),
      );
      const reached = await Promise.all([
        p.a.call('calls.record', { key, outcome: 'reached', answers: [{ key: 'overall', value: 5 }], words: '很好' }),
        p.b.call('calls.record', { key, outcome: 'reached', answers: [{ key: 'overall', value: 4 }], words: '还行' }),
      ]);
      results.push(...reached);
      expectNoInternalErrors(p);
      for (const r of results) if (!r.ok) expectConflict(r, /刷新|重新/);
      const acknowledged = results.filter((r) => r.ok).length;

      const calls = await p.a.archive.db.selectFrom('revisit_call').selectAll().where('call_key', '=', key).execute();
      expect(calls, `one call record for ${key}`).toHaveLength(1);
      const call = calls[0]!;
      const attempts = await p.a.archive.db
        .selectFrom('revisit_attempt')
        .select(['outcome', 'by_name'])
        .where('call_id', '=', call.id)
        .orderBy('id')
        .execute();
      expect(attempts).toHaveLength(acknowledged);
      expect(call.attempts).toBe(acknowledged);
      expect(await auditCount(p, 'revisitCall.attempt', call.id)).toBe(acknowledged);
      // Closed by exactly one of the two reached attempts; the other is told who closed it.
      const closedBy = reached.filter((r) => r.ok && r.value.closed);
      expect(closedBy).toHaveLength(1);
      expect(call.state).toBe('done');
      for (const r of reached) if (r.ok && !r.value.closed) expect(r.value.alreadyClosed?.by).toBe(call.closed_by);
      expect([COUNTER_USERS.a.name, COUNTER_USERS.b.name]).toContain(call.closed_by);
      const winner = closedBy[0]!;
      if (winner.ok) expect(winner.value.detail.answers).toEqual(JSON.parse(call.answers_json));
    }
  });

  it('both edit the same complaint with the version they read: exactly one wins each time, the other is told to reload', async () => {
    const p = await open();
    const customer = await p.a.must('customers.create', { name: '张三', mobile: '13800138000' });
    const created = await p.a.must('complaints.create', {
      channel: 'phone_in',
      customerId: customer.record.id,
      description: '保养后异响',
      department: 'workshop',
      type: 'quality',
      level: 'complaint',
    });
    let version = created.version;
    for (let round = 0; round < ROUNDS; round++) {
      const [ra, rb] = await Promise.all([
        p.a.call('complaints.update', {
          id: created.id,
          version,
          description: `A 第${round}次修改`,
          department: 'workshop',
          type: 'quality',
          level: 'complaint',
        }),
        p.b.call('complaints.update', {
          id: created.id,
          version,
          description: `B 第${round}次修改`,
          department: 'reception',
          type: 'attitude',
          level: 'complaint',
        }),
      ]);
      expectNoInternalErrors(p);
      const won = [ra, rb].filter((r) => r.ok);
      expect(won, `round ${round}: exactly one edit wins`).toHaveLength(1);
      const lost = [ra, rb].find((r) => !r.ok)!;
      expectConflict(lost, /别人修改过.*刷新/);
      const winner = won[0]!;
      if (!winner.ok) throw new Error('unreachable');
      expect(winner.value.version).toBe(version + 1);
      version = winner.value.version;
      const stored = await p.b.must('complaints.get', { id: created.id });
      expect(stored).toMatchObject({ version, description: winner.value.description });
    }
    expect(await auditCount(p, 'complaint.update', created.id)).toBe(ROUNDS);
  });

  it('both confirm the same day’s report at once: one version, no duplicate; each confirm acknowledged or told why', async () => {
    const p = await open();
    for (const date of [addDays(TODAY, -1), addDays(TODAY, -2), addDays(TODAY, -3)]) {
      const [va, vb] = await Promise.all([
        p.a.must('dailyReport.get', { date }),
        p.b.must('dailyReport.get', { date }),
      ]);
      expect(va.fingerprint).toBe(vb.fingerprint);
      const confirmed = await Promise.all([
        p.a.call('dailyReport.confirm', { date, fingerprint: va.fingerprint }),
        p.b.call('dailyReport.confirm', { date, fingerprint: vb.fingerprint }),
      ]);
      expectNoInternalErrors(p);
      for (const r of confirmed) if (!r.ok) expectConflict(r, /日报/);
      const acknowledged = confirmed.filter((r) => r.ok).length;
      expect(acknowledged).toBeGreaterThanOrEqual(1);
      const versions = await p.a.archive.db
        .selectFrom('daily_report_version')
        .select(['version', 'status'])
        .where('day', '=', date)
        .execute();
      expect(versions, `${date}: one version, no duplicate`).toEqual([{ version: 1, status: 'ready' }]);
      expect(await dayAudit(p, 'dailyReport.confirm', date)).toBe(acknowledged);
    }
  });

  it('both sign the same confirmed day at once: signed once, the second signer is told who signed', async () => {
    const p = await open();
    const manager = (await p.a.must('users.list', {})).find((u) => u.name === COUNTER_USERS.manager.name)!;
    for (const date of [addDays(TODAY, -1), addDays(TODAY, -2), addDays(TODAY, -3)]) {
      const view = await p.a.must('dailyReport.get', { date });
      await p.a.must('dailyReport.confirm', { date, fingerprint: view.fingerprint });
      const signInput = { date, signerId: manager.id, pin: COUNTER_USERS.manager.pin, fingerprint: view.fingerprint };
      const signed = await Promise.all([
        p.a.call('dailyReport.sign', signInput),
        p.b.call('dailyReport.sign', signInput),
      ]);
      expectNoInternalErrors(p);
      expect(
        signed.filter((r) => r.ok),
        `${date}: signed once`,
      ).toHaveLength(1);
      expectConflict(
        signed.find((r) => !r.ok)!,
        new RegExp(`${date} 的日报第 1 版已经由 李经理 于 .* 签字，不需要再签`),
      );
      const versions = await p.a.archive.db
        .selectFrom('daily_report_version')
        .select(['version', 'status', 'signed_by'])
        .where('day', '=', date)
        .execute();
      expect(versions, `${date}: one version, no duplicate`).toEqual([
        { version: 1, status: 'signed', signed_by: '李经理' },
      ]);
      expect(await dayAudit(p, 'dailyReport.sign', date)).toBe(1);
    }
  });

  it('both create customers at once: every acknowledged customer is there once, with one audit line each', async () => {
    const p = await open();
    const before = await auditCount(p, 'customer.create');
    const writes: Promise<Result<OutputOf<'customers.create'>>>[] = [];
    for (let i = 0; i < 25; i++) {
      writes.push(p.a.call('customers.create', { name: `甲客户${i}`, mobile: `1381111${String(i).padStart(4, '0')}` }));
      writes.push(p.b.call('customers.create', { name: `乙客户${i}`, mobile: `1382222${String(i).padStart(4, '0')}` }));
    }
    const results = await Promise.all(writes);
    expectNoInternalErrors(p);
    // Two clerks adding different customers have nothing to conflict about: all are acknowledged.
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : `${r.error.code} ${r.error.message}`))).toEqual([]);
    const ids = results.map((r) => (r.ok ? r.value.record.id : -1));
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await p.a.archive.db.selectFrom('customer').select(['id', 'name']).orderBy('id').execute();
    expect(rows).toHaveLength(50);
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    for (const r of results) if (r.ok) expect(byId.get(r.value.record.id)).toBe(r.value.record.name);
    expect(new Set(rows.map((r) => r.name)).size).toBe(50);
    expect((await auditCount(p, 'customer.create')) - before).toBe(50);
    // Each counter sees the other's customers at once (no cache in between).
    const seen = await p.b.call('search.quick', { text: '甲客户24' });
    expectNoInternalErrors(p);
    expect(seen.ok && seen.value.length).toBeGreaterThan(0);
  });
});
