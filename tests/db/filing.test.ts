/**
 * 归档 core on a real archive behind the real dispatcher, with a fixed store clock: the settings'
 * rules, lookup by RO number / VIN / plate, filing (binder and position: the same RO shares one
 * position, a full binder opens volume 2, a vehicle kind goes to the vehicle's bag), the bad input
 * (the same kind twice, a bound or destroyed binder, stale versions, a missing reason), removing
 * and keeping for good, the binders' life (shelf, bind, send, reopen) and their labels.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src-shared/contract/index';
import { DEFAULT_FILING_SETTINGS, type FilingSettings } from '../../src-shared/domain/filing';
import type { AppErrorShape } from '../../src-shared/errors';
import { type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { local, movableClock, openClerkArchive, rawSql } from '../support/filing';

const { clock, at } = movableClock();
const TODAY = '2026-11-20';

let t: TestArchive;
beforeEach(async () => {
  at(`${TODAY}T18:00:00`);
  t = await openClerkArchive(clock);
});
afterEach(async () => {
  await t.close();
});

const { run, all } = rawSql(() => t);

async function customer(name: string): Promise<number> {
  return (await t.must('customers.create', { name, mobile: '13800138000' })).record.id;
}
async function vehicle(plate: string | null, vin: string | null, ownerId: number | null): Promise<number> {
  return (await t.must('vehicles.create', { plate, vin, model: '朗逸', ownerId })).record.id;
}
/** An RO as a plain row (settled on `settled` when given). */
async function ro(
  roNumber: string,
  vehicleId: number,
  customerId: number | null,
  o: { type?: string; settled?: string; hours?: number } = {},
): Promise<number> {
  const opened = local(o.settled ?? '2026-11-18', '08:30:00');
  const id = Number(
    (
      await run(
        `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status, settled_at,
         created_at, updated_at) VALUES (?, ?, ?, '王顾问', ?, ?, ?, ?, ?, ?)`,
        roNumber,
        vehicleId,
        customerId,
        opened,
        o.type ?? 'repair',
        o.settled ? 'settled' : 'in_repair',
        o.settled ? local(o.settled, '17:00:00') : null,
        opened,
        opened,
      )
    ).lastInsertRowid,
  );
  if (o.hours)
    await run(
      "INSERT INTO ro_labor_line (ro_id, line_no, description, hours, amount_fen) VALUES (?, 1, '工时', ?, 0)",
      id,
      o.hours,
    );
  return id;
}

function file(input: Partial<InputOf<'filing.file'>>) {
  return t.call('filing.file', { kinds: ['ro_sheet'], ...input });
}
async function mustFile(input: Partial<InputOf<'filing.file'>>) {
  const r = await file(input);
  if (!r.ok) throw new Error(`file failed: ${r.error.message}`);
  return r.value;
}
async function refused(p: Promise<{ ok: true } | { ok: false; error: AppErrorShape }>): Promise<AppErrorShape> {
  const r = await p;
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

let owner: number;
let car: number;
let roA: number;
beforeEach(async () => {
  owner = await customer('张三');
  car = await vehicle('京A12345', VIN_A, owner);
  roA = await ro('RO2611001', car, owner, { settled: '2026-11-18' });
});

describe('settings (归档设置)', () => {
  it('gives the defaults, saves a store kind with an audit entry, refuses dropping a builtin kind', async () => {
    const s = await t.must('filingSettings.get', {});
    expect(s.kinds.map((k) => k.code)).toEqual(DEFAULT_FILING_SETTINGS.kinds.map((k) => k.code));
    await t.loginAs('admin');
    const withCustom: FilingSettings = {
      ...s,
      kinds: [
        ...s.kinds,
        {
          code: 'x_photo',
          label: '事故照片',
          subject: 'ro',
          builtin: false,
          active: true,
          scheme: 'monthly',
          series: 'repair',
          required: { on: 'never' },
          retentionYears: 3,
        },
      ],
    };
    const saved = await t.must('filingSettings.save', withCustom);
    expect(saved.kinds.find((k) => k.code === 'x_photo')?.label).toBe('事故照片');
    expect(await all('SELECT action FROM audit_log WHERE action = ?', 'filingSettings.save')).toHaveLength(1);

    const err = await refused(
      t.call('filingSettings.save', { ...s, kinds: s.kinds.filter((k) => k.code !== 'settlement') }),
    );
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('结算单');
  });

  it('refuses changing the subject of a kind that has papers', async () => {
    await mustFile({ roId: roA, kinds: ['consultation'] });
    await t.loginAs('admin');
    const s = await t.must('filingSettings.get', {});
    const kinds = s.kinds.map((k) =>
      k.code === 'consultation' ? { ...k, subject: 'customer' as const, required: { on: 'never' as const } } : k,
    );
    const err = await refused(t.call('filingSettings.save', { ...s, kinds }));
    expect(err.message).toContain('问诊表');
    expect(err.message).toContain('1 份');
  });
});

describe('lookup (扫描或输入)', () => {
  it('finds an RO by its number in any case, with its kinds, what is required and where it goes', async () => {
    const target = await t.must('filing.lookup', { text: ' ro2611001 ' });
    expect(target.ro).toMatchObject({ id: roA, roNumber: 'RO2611001', settledOn: '2026-11-18', major: false });
    expect(target.vehicle?.plate).toBe('京A12345');
    expect(target.customer?.name).toBe('张三');
    const codes = target.kinds.map((k) => k.code);
    expect(codes).toEqual(['ro_sheet', 'consultation', 'settlement', 'inspection', 'certificate', 'warranty_claim']);
    expect(target.kinds.filter((k) => k.required).map((k) => k.code)).toEqual([
      'ro_sheet',
      'consultation',
      'settlement',
    ]);
    expect(target.place).toEqual({ binderTitle: '当月修理单 2026-11 第1册', position: 1, shelf: '档案柜 A' });

    await mustFile({ roId: roA, kinds: ['ro_sheet'] });
    const after = await t.must('filing.lookup', { text: 'RO2611001' });
    expect(after.kinds.find((k) => k.code === 'ro_sheet')?.filed?.position).toBe(1);
    // Its next paper shares the RO's position.
    expect(after.place?.position).toBe(1);
  });

  it('a major repair also requires the inspection sheet and certificate', async () => {
    await ro('RO2611002', car, owner, { settled: '2026-11-19', hours: 10 });
    const target = await t.must('filing.lookup', { text: 'RO2611002' });
    expect(target.ro?.major).toBe(true);
    expect(target.kinds.filter((k) => k.required).map((k) => k.code)).toContain('certificate');
  });

  it('finds a vehicle by VIN, by its last 6, or by plate, with its latest ROs', async () => {
    for (const text of [VIN_A, VIN_A.slice(-6).toLowerCase(), VIN_A.slice(-9), '京a 12345']) {
      const target = await t.must('filing.lookup', { text });
      expect(target.vehicle?.id, text).toBe(car);
      expect(target.ro).toBeNull();
      expect(target.recentRos.map((r) => r.roNumber)).toEqual(['RO2611001']);
      expect(target.kinds.map((k) => k.code)).toEqual([
        'history_card',
        'first_service_voucher',
        'warranty_registration',
        'pdi',
      ]);
    }
  });

  it('says what was typed when nothing is found, and asks for more when a VIN end is not unique', async () => {
    const err = await refused(t.call('filing.lookup', { text: 'RO999' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('RO999');
    const other = VIN_B.slice(0, 11) + VIN_A.slice(-6);
    await run('INSERT INTO search_term (term, kind, entity_id, field) VALUES (?, 2, ?, 2)', VIN_A.slice(-6), 999);
    await run(
      "INSERT INTO vehicle (id, plate, vin, model, color, owner_id, status, notes, created_at, updated_at) VALUES (999, NULL, ?, '', '', NULL, 'active', '', ?, ?)",
      other,
      local(TODAY),
      local(TODAY),
    );
    const twice = await refused(t.call('filing.lookup', { text: VIN_A.slice(-6) }));
    expect(twice.message).toContain('2 辆车');
  });
});

describe('filing (归档)', () => {
  it('files the whole set of an RO into the month of its settlement, one position, audited', async () => {
    const r = await mustFile({ roId: roA, kinds: ['ro_sheet', 'consultation', 'settlement'] });
    expect(r.papers.map((p) => [p.kind, p.position, p.binderTitle, p.state, p.docDate])).toEqual([
      ['ro_sheet', 1, '当月修理单 2026-11 第1册', 'filed', '2026-11-18'],
      ['consultation', 1, '当月修理单 2026-11 第1册', 'filed', '2026-11-18'],
      ['settlement', 1, '当月修理单 2026-11 第1册', 'filed', '2026-11-18'],
    ]);
    expect(r.binder).toMatchObject({ positions: 1, papers: 3, state: 'open', shelf: '档案柜 A', capacity: 200 });
    expect(r.papers[0]).toMatchObject({
      roNumber: 'RO2611001',
      plate: '京A12345',
      customerName: '张三',
      filedBy: '小王',
    });
    expect(r.notes.join()).toContain('新建资料夹');
    expect(await all('SELECT entity_id FROM audit_log WHERE action = ?', 'filing.file')).toHaveLength(3);

    // Another RO: the next position; an RO settled last month: last month's binder.
    const roB = await ro('RO2611002', car, owner, { settled: '2026-11-19' });
    expect((await mustFile({ roId: roB })).papers[0]?.position).toBe(2);
    const roOld = await ro('RO2610009', car, owner, { settled: '2026-10-30' });
    const old = await mustFile({ roId: roOld });
    expect(old.papers[0]).toMatchObject({ binderTitle: '当月修理单 2026-10 第1册', position: 1, month: '2026-10' });
  });

  it('a vehicle kind goes to its series by the day received; a vehicle-bag kind to the vehicle’s own bag', async () => {
    const w = await mustFile({ vehicleId: car, kinds: ['warranty_registration'], receivedOn: '2026-11-05' });
    expect(w.papers[0]).toMatchObject({ binderTitle: '保修登记/PDI 2026-11 第1册', docDate: '2026-11-05', roId: null });
    await t.loginAs('admin');
    const s = await t.must('filingSettings.get', {});
    await t.must('filingSettings.save', {
      ...s,
      kinds: s.kinds.map((k) => (k.code === 'history_card' ? { ...k, scheme: 'vehicle' as const } : k)),
    });
    const h = await mustFile({ roId: roA, kinds: ['history_card'] });
    expect(h.papers[0]).toMatchObject({
      binderTitle: '车辆档案 京A12345',
      position: 1,
      shelf: '车辆档案柜',
      vehicleId: car,
    });
    expect(h.binder).toMatchObject({ scheme: 'vehicle', vehicleId: car, plate: '京A12345' });
    const bags = await t.must('binders.list', { scheme: 'vehicle' });
    expect(bags.map((b) => b.title)).toEqual(['车辆档案 京A12345']);
  });

  it('refuses the same kind twice (in one go, or filed before) naming where the first one is; nothing saved', async () => {
    const twice = await refused(file({ roId: roA, kinds: ['ro_sheet', 'ro_sheet'] }));
    expect(twice.code).toBe('VALIDATION');
    expect(twice.details?.fields?.[0]?.path).toBe('kinds.1');
    expect(await all('SELECT id FROM paper')).toHaveLength(0);

    await mustFile({ roId: roA, kinds: ['ro_sheet'] });
    const again = await refused(file({ roId: roA, kinds: ['settlement', 'ro_sheet'] }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('RO2611001');
    expect(again.message).toContain('当月修理单 2026-11 第1册');
    expect(again.message).toContain('第 1 位');
    // The whole set is one transaction: the settlement sheet before it was not kept either.
    expect(await all('SELECT kind FROM paper')).toEqual([{ kind: 'ro_sheet' }]);
  });

  it('refuses an RO kind without an RO, an unknown kind, and a day received in the future', async () => {
    expect((await refused(file({ vehicleId: car, kinds: ['ro_sheet'] }))).message).toContain('修理单号');
    expect((await refused(file({ roId: roA, kinds: ['x_nothing'] }))).message).toContain('x_nothing');
    const future = await refused(file({ vehicleId: car, kinds: ['pdi'], receivedOn: '2026-11-21' }));
    expect(future.details?.fields?.[0]?.path).toBe('receivedOn');
  });

  it('shares the RO’s position and opens volume 2 when the binder is full', async () => {
    await t.loginAs('admin');
    const s = await t.must('filingSettings.get', {});
    await t.must('filingSettings.save', {
      ...s,
      series: s.series.map((x) => (x.key === 'repair' ? { ...x, capacity: 10 } : x)),
    });
    await t.loginAs('clerk');
    const ros = [roA];
    for (let i = 2; i <= 11; i++)
      ros.push(await ro(`RO26110${String(i).padStart(2, '0')}`, car, owner, { settled: '2026-11-18' }));
    for (const id of ros.slice(0, 10)) await mustFile({ roId: id });
    const full = await t.must('binders.list', { month: '2026-11', series: 'repair' });
    expect(full).toMatchObject([{ volume: 1, positions: 10, papers: 10 }]);
    // The first RO's next paper still shares its position in volume 1.
    const shared = await mustFile({ roId: roA, kinds: ['settlement'] });
    expect(shared.papers[0]).toMatchObject({ binderTitle: '当月修理单 2026-11 第1册', position: 1 });
    // The 11th RO opens volume 2, and the answer says so.
    const next = await mustFile({ roId: ros[10] as number });
    expect(next.papers[0]).toMatchObject({ binderTitle: '当月修理单 2026-11 第2册', position: 1 });
    expect(next.notes.join()).toContain('已开新的第 2 册');
    expect((await t.must('binders.list', { month: '2026-11' })).map((b) => b.volume)).toEqual([1, 2]);
  });

  it('asks before filing into a bound binder; files with the confirmation; refuses a destroyed bag', async () => {
    const first = await mustFile({ roId: roA, kinds: ['ro_sheet', 'consultation', 'settlement'] });
    const binder = first.binder!;
    const bound = await t.must('binders.bind', { id: binder.id, version: binder.version, confirmIncomplete: true });
    expect(bound.state).toBe('bound');
    const roB = await ro('RO2611002', car, owner, { settled: '2026-11-19' });
    const ask = await refused(file({ roId: roB }));
    expect(ask.code).toBe('CONFLICT');
    expect(ask.details).toMatchObject({ confirm: 'closedBinder', binder: '当月修理单 2026-11 第1册', state: 'bound' });
    expect(await all('SELECT id FROM paper WHERE ro_id = ?', roB)).toHaveLength(0);
    const ok = await mustFile({ roId: roB, confirmClosedBinder: true });
    expect(ok.papers[0]?.position).toBe(2);

    // A vehicle bag destroyed (by a destruction) takes nothing more.
    await t.loginAs('admin');
    const s = await t.must('filingSettings.get', {});
    await t.must('filingSettings.save', {
      ...s,
      kinds: s.kinds.map((k) => (k.code === 'pdi' ? { ...k, scheme: 'vehicle' as const } : k)),
    });
    await t.loginAs('clerk');
    await mustFile({ vehicleId: car, kinds: ['pdi'], receivedOn: '2026-10-05' });
    await run("UPDATE binder SET state = 'destroyed', destroyed_at = ? WHERE vehicle_id = ?", local(TODAY), car);
    const gone = await refused(file({ vehicleId: car, kinds: ['pdi'], confirmClosedBinder: true }));
    expect(gone.message).toContain('已销毁');
  });

  it('files papers received earlier (received → filed)', async () => {
    await run(
      `INSERT INTO paper (kind, vehicle_id, doc_date, received_on, state, created_at, created_by, updated_at)
       VALUES ('pdi', ?, '2026-11-02', '2026-11-02', 'received', ?, '小王', ?)`,
      car,
      local('2026-11-02'),
      local('2026-11-02'),
    );
    const [received] = await t.must('papers.received', {});
    expect(received).toMatchObject({ kind: 'pdi', state: 'received', binderId: null });
    const r = await t.must('filing.fileReceived', { paperIds: [received!.id] });
    expect(r.papers[0]).toMatchObject({ id: received!.id, state: 'filed', binderTitle: '保修登记/PDI 2026-11 第1册' });
    expect(await t.must('papers.received', {})).toEqual([]);
    const again = await refused(t.call('filing.fileReceived', { paperIds: [received!.id] }));
    expect(again.message).toContain('已归档');
  });
});

describe('removing and keeping (撤销、永久保存)', () => {
  it('removes with a reason (soft, audited, version checked); the position stays used', async () => {
    const [p] = (await mustFile({ roId: roA })).papers;
    const noReason = await refused(t.call('filing.remove', { paperId: p!.id, version: p!.version, reason: ' ' }));
    expect(noReason.code).toBe('VALIDATION');
    const stale = await refused(t.call('filing.remove', { paperId: p!.id, version: p!.version + 1, reason: '放错了' }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain('别人');
    const removed = await t.must('filing.remove', { paperId: p!.id, version: p!.version, reason: '放错了' });
    expect(removed).toMatchObject({ state: 'removed', position: 1, version: p!.version + 1 });
    expect(await all('SELECT removed_reason, removed_by FROM paper')).toEqual([
      { removed_reason: '放错了', removed_by: '小王' },
    ]);
    expect(await all('SELECT action FROM audit_log WHERE action = ?', 'filing.remove')).toHaveLength(1);
    const binder = (await t.must('binders.get', { id: removed.binderId! })).binder;
    expect(binder).toMatchObject({ positions: 1, papers: 0 });
    // Filed again after the mistake: it goes back to the RO's position.
    const again = await mustFile({ roId: roA });
    expect(again.papers[0]?.position).toBe(1);
  });

  it('keeps a paper for good and back (audited)', async () => {
    const [p] = (await mustFile({ roId: roA })).papers;
    const kept = await t.must('filing.keepForever', {
      paperId: p!.id,
      version: p!.version,
      keepForever: true,
      reason: '纠纷',
    });
    expect(kept.keepForever).toBe(true);
    const stale = await refused(
      t.call('filing.keepForever', { paperId: p!.id, version: p!.version, keepForever: false, reason: '结案' }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(await all('SELECT after_json FROM audit_log WHERE action = ?', 'filing.keepForever')).toHaveLength(1);
  });
});

describe('where is it (在哪里)', () => {
  it('lists a vehicle’s papers with its ROs’, and a customer’s with their vehicles’', async () => {
    await mustFile({ roId: roA, kinds: ['ro_sheet', 'settlement'] });
    await mustFile({ vehicleId: car, kinds: ['pdi'] });
    const other = await vehicle('京B99999', VIN_B, null);
    await mustFile({ vehicleId: other, kinds: ['pdi'] });
    const ofRo = await t.must('papers.where', { roId: roA });
    expect(ofRo.papers.map((p) => p.kind).sort()).toEqual(['ro_sheet', 'settlement']);
    const ofCar = await t.must('papers.where', { vehicleId: car });
    expect(ofCar.papers.map((p) => p.kind).sort()).toEqual(['pdi', 'ro_sheet', 'settlement']);
    const ofOwner = await t.must('papers.where', { customerId: owner });
    expect(ofOwner.papers).toHaveLength(3);
    expect(Array.isArray(ofOwner.missing)).toBe(true);
    const [one] = ofCar.papers;
    expect(await t.must('papers.get', { id: one!.id })).toEqual(one);
    expect((await refused(t.call('papers.where', { vehicleId: 9999 }))).code).toBe('NOT_FOUND');
  });
});

describe('binders (资料夹)', () => {
  it('moves the shelf (version checked), binds, sends (bound only; not before bound, not in the future), reopens', async () => {
    const { binder } = await mustFile({ roId: roA, kinds: ['ro_sheet', 'consultation', 'settlement'] });
    let b = binder!;
    expect((await refused(t.call('binders.update', { id: b.id, version: b.version + 1, shelf: 'A柜' }))).code).toBe(
      'CONFLICT',
    );
    b = await t.must('binders.update', { id: b.id, version: b.version, shelf: '档案室 A柜 2层' });
    expect(b.shelf).toBe('档案室 A柜 2层');

    const notBound = await refused(
      t.call('binders.send', { id: b.id, version: b.version, sentOn: TODAY, sentTo: '服务中心' }),
    );
    expect(notBound.message).toContain('装订后才能寄回');

    const completeness = await t.must('binders.completeness', { id: b.id });
    expect(completeness.withoutScan).toBe(3);
    b = await t.must('binders.bind', { id: b.id, version: b.version, confirmIncomplete: true });
    expect(b).toMatchObject({ state: 'bound', boundBy: '小王' });
    const again = await refused(t.call('binders.bind', { id: b.id, version: b.version, confirmIncomplete: true }));
    expect(again.message).toContain('已装订');

    const future = await refused(
      t.call('binders.send', { id: b.id, version: b.version, sentOn: '2026-11-21', sentTo: '服务中心' }),
    );
    expect(future.details?.fields?.[0]?.path).toBe('sentOn');
    const early = await refused(
      t.call('binders.send', { id: b.id, version: b.version, sentOn: '2026-11-19', sentTo: '服务中心' }),
    );
    expect(early.message).toContain('装订日期');
    b = await t.must('binders.send', { id: b.id, version: b.version, sentOn: TODAY, sentTo: '服务中心 刘' });
    expect(b).toMatchObject({ state: 'sent', sentOn: TODAY, sentTo: '服务中心 刘', sentBy: '小王' });

    const noReason = await refused(t.call('binders.reopen', { id: b.id, version: b.version, reason: '' }));
    expect(noReason.code).toBe('VALIDATION');
    b = await t.must('binders.reopen', { id: b.id, version: b.version, reason: '寄错了' });
    expect(b).toMatchObject({ state: 'open', boundAt: null, sentOn: null });
    expect(
      (await all<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'binder' ORDER BY id")).map(
        (r) => r.action,
      ),
    ).toEqual(['binders.open', 'binders.update', 'binders.bind', 'binders.send', 'binders.reopen']);

    const detail = await t.must('binders.get', { id: b.id });
    expect(detail.papers.map((p) => p.kind)).toEqual(['ro_sheet', 'consultation', 'settlement']);
  });

  it('refuses binding with papers missing unless confirmed', async () => {
    const roB = await ro('RO2611002', car, owner, { settled: '2026-11-19' });
    const { binder } = await mustFile({ roId: roA, kinds: ['ro_sheet'] });
    const { missing } = await t.must('binders.completeness', { id: binder!.id });
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.some((m) => m.roId === roB)).toBe(true);
    const err = await refused(t.call('binders.bind', { id: binder!.id, version: binder!.version }));
    expect(err.code).toBe('CONFLICT');
    expect(err.details).toMatchObject({ missing: missing.length });
    expect((await t.must('binders.get', { id: binder!.id })).binder.state).toBe('open');
  });

  it('prints spine labels and cover sheets for monthly binders and vehicle bags, every value escaped', async () => {
    await run("UPDATE store_profile SET name = '<b>店</b>&'");
    const { binder } = await mustFile({ roId: roA, kinds: ['ro_sheet', 'settlement'] });
    await t.must('binders.update', { id: binder!.id, version: binder!.version, shelf: 'A<script>柜' });
    const page = await t.must('binders.labelsHtml', { ids: [binder!.id] });
    expect(page.title).toContain('当月修理单 2026-11 第1册');
    expect(page.pages).toBe(2);
    expect(page.html).toContain('&lt;b&gt;店&lt;/b&gt;&amp;');
    expect(page.html).toContain('A&lt;script&gt;柜');
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('RO2611001');
    expect(page.html).toContain('结算单');
    expect((await refused(t.call('binders.labelsHtml', { ids: [binder!.id, 999] }))).code).toBe('NOT_FOUND');

    // A vehicle bag: its plate, VIN and model; several binders on one label sheet.
    await t.loginAs('admin');
    const s = await t.must('filingSettings.get', {});
    await t.must('filingSettings.save', {
      ...s,
      kinds: s.kinds.map((k) => (k.code === 'pdi' ? { ...k, scheme: 'vehicle' as const } : k)),
    });
    await t.loginAs('clerk');
    const bag = (await mustFile({ vehicleId: car, kinds: ['pdi'] })).binder!;
    const both = await t.must('binders.labelsHtml', { ids: [binder!.id, bag.id] });
    expect(both.pages).toBe(3);
    expect(both.html).toContain('车辆档案');
    expect(both.html).toContain(VIN_A);
    expect(both.html).toContain('朗逸');
  });

  it('makes the PDF of labels and covers (A4, a real Chromium)', async () => {
    const { binder } = await mustFile({ roId: roA, kinds: ['ro_sheet', 'settlement'] });
    const file = await t.must('binders.labelsPdf', { ids: [binder!.id] });
    expect(file.mimeType).toBe('application/pdf');
    expect(file.fileName).toMatch(/^资料夹标签_2026-11-20\.pdf$/);
    const pdf = path.join(t.dir, 'labels.pdf');
    fs.writeFileSync(pdf, Buffer.from(file.contentBase64, 'base64'));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(file.pages);
    expect(file.pages).toBe(2);
    expect(info).toMatch(/Page size:.*\(A4\)/);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('RO2611001');
    expect(text).toContain('结算单');
  });
});
