import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { InputOf, OutputOf } from '../../src-shared/contract/index';
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
/** Rounds of an RO edit racing a sign, each started at another point of the sign. */
const RACES = 12;

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

/** A customer and their car, made at counter `c`; with an address and postcode, so letters can go to them. */
async function customerWithCar(c: Counter) {
  const n = ++serial;
  const customer = await c.must('customers.create', {
    name: `客户${n}`,
    mobile: `1390000${String(n).padStart(4, '0')}`,
    address: `北京市朝阳区测试路${n}号`,
    postalCode: '100020',
  });
  const vehicle = await c.must('vehicles.create', {
    plate: `京A${String(20000 + n)}`,
    vin: withCheckDigit(`LSVAU2180N2${String(n).padStart(6, '0')}`),
    model: '朗逸',
    ownerId: customer.record.id,
  });
  return { customer: customer.record, vehicle: vehicle.record, n };
}

/** A settled RO of `day` (opened, settled and delivered that day), made at counter `c`: what it was created with. */
async function settledRo(c: Counter, day: string): Promise<{ id: number; input: InputOf<'repairOrders.create'> }> {
  const { customer, vehicle, n } = await customerWithCar(c);
  const input: InputOf<'repairOrders.create'> = {
    roNumber: `RO${String(n).padStart(8, '0')}`,
    vehicleId: vehicle.id,
    customerId: customer.id,
    openedAt: `${day} 09:00`,
    mileageIn: 10000 + n,
    type: 'repair',
    status: 'settled',
    advisorName: '赵顾问',
    deliveredAt: `${day} 17:00`,
    settledAt: `${day} 16:30`,
    laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 }],
  };
  const ro = await c.must('repairOrders.create', input);
  return { id: ro.record.id, input };
}

/** An RO delivered seven days ago: its 7-day follow-up call is due today. */
async function deliveredRo(c: Counter): Promise<{ roId: number; key: string }> {
  const { id } = await settledRo(c, addDays(TODAY, -7));
  return { roId: id, key: `followup7:ro:${id}` };
}

/** An invitation list of `cars` mailable customers and its letter batch, made at counter A. */
async function letterBatchOf(p: TwoCounters, cars: number) {
  const list = await p.a.must('invitations.create', { from: '2030-01-01', to: '2030-01-31', title: `名单${++serial}` });
  for (let i = 0; i < cars; i++) {
    const { vehicle } = await customerWithCar(p.a);
    await p.a.must('invitations.addRow', { listId: list.id, vehicleId: vehicle.id, reason: '测试加入' });
  }
  const template = (await p.a.must('letterTemplates.list', {})).find((t) => t.kind === 'invitation')!;
  const batch = await p.a.must('letterBatches.create', {
    kind: 'invitation',
    templateId: template.id,
    source: { listId: list.id },
  });
  expect(batch.rows).toHaveLength(cars);
  return { listId: list.id, batch };
}

/** What a letter batch's confirm wrote: its items, its list's rows, and the audit lines of both. */
async function letterState(p: TwoCounters, listId: number, batchId: number) {
  const db = p.a.archive.db;
  const items = await db
    .selectFrom('letter_batch_item')
    .select(['id', 'status', 'sent_on', 'misprints'])
    .where('batch_id', '=', batchId)
    .orderBy('id')
    .execute();
  const rows = await db
    .selectFrom('invitation_row')
    .select(['id', 'letter_sent_on', 'letter_batch'])
    .where('list_id', '=', listId)
    .orderBy('id')
    .execute();
  const rowAudit = await db
    .selectFrom('audit_log')
    .select('after_json')
    .where('action', '=', 'invitationRow.letterSent')
    .where('entity_id', '=', listId)
    .execute();
  return {
    items,
    rows,
    /** The row ids each invitationRow.letterSent line names, one list per line. */
    rowAudit: rowAudit.map((a) => (JSON.parse(a.after_json!) as { rowIds: number[] }).rowIds),
    confirmAudit: await auditCount(p, 'letterBatch.confirm', batchId),
  };
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

  it('both confirm the same letter batch at once: each row marked once with its audit line, the letters sent once; the second is answered with the batch as the first left it', async () => {
    const p = await open();
    for (let round = 0; round < 6; round++) {
      const { listId, batch } = await letterBatchOf(p, 3);
      // Even rounds: the same confirm from both. Odd rounds: A ticks a misprint B did not see.
      const misprint = batch.rows[1]!.id;
      const aMisprints = round % 2 === 1 ? [misprint] : [];
      const [ra, rb] = await Promise.all([
        p.a.call('letterBatches.confirm', { batchId: batch.id, misprintItemIds: aMisprints }),
        p.b.call('letterBatches.confirm', { batchId: batch.id, misprintItemIds: [] }),
      ]);
      expectNoInternalErrors(p);
      // B never ticked anything: it is always acknowledged, with every letter of the batch sent.
      if (!rb.ok) throw new Error(`B: ${rb.error.code} ${rb.error.message}`);
      expect(rb.value.rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      // A's misprint was either taken first (then B sent it) or came after B had sent it: refused, named.
      if (!ra.ok) {
        expect(round % 2).toBe(1);
        expectConflict(ra, new RegExp(`信件 ${misprint} 已经记为寄出.*别的电脑确认过.*请刷新`));
      } else if (round % 2 === 0) expect(ra.value.rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      const aFirst = round % 2 === 1 && ra.ok;

      const state = await letterState(p, listId, batch.id);
      expect(state.items.map((i) => [i.status, i.sent_on])).toEqual([
        ['sent', TODAY],
        ['sent', TODAY],
        ['sent', TODAY],
      ]);
      expect(state.items[1]!.misprints).toBe(aFirst ? 1 : 0);
      expect(state.rows.map((r) => [r.letter_sent_on, r.letter_batch])).toEqual(
        state.rows.map(() => [TODAY, `信件批次 #${batch.id}`]),
      );
      // Each row named by exactly one audit line: marked once.
      expect(state.rowAudit.flat().sort((x, y) => x - y)).toEqual(state.rows.map((r) => r.id));
      // One confirm recorded, or two when A's misprint went first and B then sent it.
      expect(state.confirmAudit).toBe(aFirst ? 2 : 1);
    }
  });

  it('a letter batch confirm refused at its last statement leaves nothing behind; confirmed again, everything is recorded once', async () => {
    const p = await open();
    const { listId, batch } = await letterBatchOf(p, 3);
    const before = await letterState(p, listId, batch.id);
    // The archive itself refuses the confirm's audit line (the last statement), as a full disk or a
    // lost server connection would at that moment: nothing of ours is replaced.
    await sql
      .raw(
        p.dialect === 'postgres'
          ? `CREATE TRIGGER test_refuse_batch_confirm BEFORE INSERT ON audit_log FOR EACH ROW
             WHEN (NEW.action = 'letterBatch.confirm') EXECUTE FUNCTION clerkdesk_refuse('test: confirm refused')`
          : `CREATE TRIGGER test_refuse_batch_confirm BEFORE INSERT ON audit_log
             WHEN NEW.action = 'letterBatch.confirm' BEGIN SELECT RAISE(ABORT, 'test: confirm refused'); END`,
      )
      .execute(p.a.archive.db);
    const refused = await p.b.call('letterBatches.confirm', { batchId: batch.id, misprintItemIds: [] });
    expect(refused.ok).toBe(false);
    expect(p.internalErrors.map((e) => `${e.counter} ${e.method} ${e.error}`)).toEqual([
      expect.stringMatching(/^B letterBatches\.confirm .*test: confirm refused/s),
    ]);
    p.internalErrors.length = 0;
    const after = await letterState(p, listId, batch.id);
    expect(after).toEqual(before);
    expect(after.rows.every((r) => r.letter_sent_on === null)).toBe(true);
    expect(after.items.every((i) => i.status === 'pending')).toBe(true);

    await sql
      .raw(`DROP TRIGGER test_refuse_batch_confirm${p.dialect === 'postgres' ? ' ON audit_log' : ''}`)
      .execute(p.a.archive.db);
    const confirmed = await p.b.must('letterBatches.confirm', { batchId: batch.id, misprintItemIds: [] });
    expect(confirmed.rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    const state = await letterState(p, listId, batch.id);
    expect(state.rows.map((r) => r.letter_sent_on)).toEqual([TODAY, TODAY, TODAY]);
    expect(state.rowAudit.flat().sort((x, y) => x - y)).toEqual(state.rows.map((r) => r.id));
    expect(state.confirmAudit).toBe(1);
  });

  it('an RO edited while the manager signs its day: the signature keeps the figures confirmed and the edit shows as changed since, or the sign is refused as changed', async () => {
    const p = await open();
    const manager = (await p.a.must('users.list', {})).find((u) => u.name === COUNTER_USERS.manager.name)!;
    const signInput = (date: string, fingerprint: string) => ({
      date,
      signerId: manager.id,
      pin: COUNTER_USERS.manager.pin,
      fingerprint,
    });
    /** A day with one settled RO, ticked off, its report confirmed: ready to sign. */
    const readyDay = async (day: string) => {
      const ro = await settledRo(p.a, day);
      await p.a.must('reconciliation.tick', { date: day, roNumber: ro.input.roNumber });
      await p.a.must('reconciliation.complete', { date: day });
      const view = await p.a.must('dailyReport.get', { date: day });
      expect(view.blocking, `${day}: nothing blocks the report`).toBe(0);
      await p.a.must('dailyReport.confirm', { date: day, fingerprint: view.fingerprint });
      return { ro, view };
    };
    // How long a sign takes here alone (PIN check, then its transaction). Each edit then starts at a
    // delay halfway between one that came too early (sign refused) and one too late (signed first),
    // so the rounds close in on the moment the sign's transaction runs, where a half-seen edit would be.
    const warmUp = await readyDay(addDays(TODAY, -30));
    const started = performance.now();
    await p.b.must('dailyReport.sign', signInput(addDays(TODAY, -30), warmUp.view.fingerprint));
    let [early, late] = [0, (performance.now() - started) * 1.5];
    const outcomes: string[] = [];
    for (let round = 0; round < RACES; round++) {
      const day = addDays(TODAY, -(round + 1));
      const { ro, view } = await readyDay(day);
      const edit: InputOf<'repairOrders.update'> = {
        id: ro.id,
        ...ro.input,
        laborLines: [{ description: '更换机油', hours: 1, amountFen: 20000 + 100 * (round + 1) }],
      };
      if (late - early < 2) [early, late] = [Math.max(0, early - 2), late + 2];
      const delayMs = (early + late) / 2;
      const [signed, edited] = await Promise.all([
        p.b.call('dailyReport.sign', signInput(day, view.fingerprint)),
        new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => p.a.call('repairOrders.update', edit)),
      ]);
      expectNoInternalErrors(p);
      // The counter may correct an RO of a signed day (the report then asks for a correction).
      if (!edited.ok) throw new Error(`edit: ${edited.error.code} ${edited.error.message}`);
      const now = await p.a.must('dailyReport.get', { date: day });
      if (signed.ok) {
        outcomes.push('signed, then edited');
        late = delayMs;
        // Exactly what was confirmed and shown to the manager is signed; the edit shows as a change since.
        const snapshot = await p.a.must('dailyReport.version', { date: day, version: 1 });
        expect(snapshot.fingerprint).toBe(view.fingerprint);
        expect(snapshot.figures).toEqual(view.figures);
        expect(now).toMatchObject({ status: 'signed', liveDiffers: true });
      } else {
        outcomes.push('edited, sign refused');
        early = delayMs;
        expectConflict(signed, /有变化.*刷新/);
        expect(now).toMatchObject({ status: 'ready', confirmedStale: true });
        expect(now.figures.totals).not.toEqual(view.figures.totals);
      }
    }
    // Which came first is up to the two counters; both orders end in one of the two states above.
    expect(outcomes).toHaveLength(RACES);
  });

  it('both edit the same RO at once, moving it to other days: both acknowledged in turn, no deadlock, one audit line each', async () => {
    const p = await open();
    const ro = await settledRo(p.a, addDays(TODAY, -10));
    const on = (day: string): InputOf<'repairOrders.update'> => ({
      id: ro.id,
      ...ro.input,
      openedAt: `${day} 09:00`,
      deliveredAt: `${day} 17:00`,
      settledAt: `${day} 16:30`,
    });
    for (let round = 0; round < ROUNDS; round++) {
      const [dayA, dayB] = [addDays(TODAY, -(round % 3) - 1), addDays(TODAY, -(round % 4) - 4)];
      const results = await Promise.all([
        p.a.call('repairOrders.update', on(dayA)),
        p.b.call('repairOrders.update', on(dayB)),
      ]);
      expectNoInternalErrors(p);
      expect(results.map((r) => (r.ok ? 'ok' : `${r.error.code} ${r.error.message}`))).toEqual(['ok', 'ok']);
      const stored = await p.b.must('repairOrders.get', { id: ro.id });
      expect([`${dayA} 09:00`, `${dayB} 09:00`]).toContain(stored.openedAt.slice(0, 16).replace('T', ' '));
    }
    expect(await auditCount(p, 'repairOrder.update', ro.id)).toBe(2 * ROUNDS);
  });
});
