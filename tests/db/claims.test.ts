/**
 * 索赔单 core on a real archive behind the real dispatcher, with a fixed store clock: a warranty RO's
 * claim from the RO alone (待填报, the rules' deadline, the warranty lines and amount), the first save
 * (its row and old parts), reporting (round 1), a rejection, the fix and the second round (round 1
 * kept), the approval; every bad input of the model refused with nothing saved; stale versions and
 * wrong states; non-warranty ROs and openFrom; the list's filters and order; the settings' guards;
 * old parts added and removed; outside-service kilometres reaching the claim.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src-shared/contract/index';
import type { Claim, ClaimSettings } from '../../src-shared/domain/claims';
import type { AppErrorShape } from '../../src-shared/errors';
import { rowCounts, VIN_A, VIN_B } from '../support/archive';
import { clerkArchiveEachTest, local, refused } from '../support/filing';

const TODAY = '2026-11-20';
const arch = clerkArchiveEachTest(`${TODAY}T18:00:00`);
const { at, run, all } = arch;

async function customer(name: string): Promise<number> {
  return (await arch.t.must('customers.create', { name, mobile: '13800138000' })).record.id;
}
async function vehicle(
  plate: string | null,
  vin: string | null,
  ownerId: number | null,
  model = '朗逸',
): Promise<number> {
  return (await arch.t.must('vehicles.create', { plate, vin, model, ownerId })).record.id;
}

interface RoOptions {
  type?: string;
  payer?: string;
  opened?: string;
  settled?: string | null;
  /** [description, hours, fen, payer] */
  labour?: [string, number, number, string][];
  /** [part number, name, quantity, fen, payer] */
  parts?: [string, string, number, number, string][];
  totalFen?: number;
}

/** An RO as a plain row with its lines (settled on `settled` unless null). */
async function ro(roNumber: string, vehicleId: number, customerId: number | null, o: RoOptions = {}): Promise<number> {
  const settled = o.settled === undefined ? '2026-11-18' : o.settled;
  const opened = local(o.opened ?? settled ?? '2026-11-18', '08:30:00');
  const labour = o.labour ?? [];
  const parts = o.parts ?? [];
  const total = o.totalFen ?? [...labour.map((l) => l[2]), ...parts.map((p) => p[3])].reduce((s, x) => s + x, 0);
  const id = Number(
    (
      await run(
        `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status, settled_at,
         payer, total_fen, complaint, created_at, updated_at) VALUES (?, ?, ?, '王顾问', ?, ?, ?, ?, ?, ?, '发动机故障灯亮', ?, ?)`,
        roNumber,
        vehicleId,
        customerId,
        opened,
        o.type ?? 'warranty',
        settled ? 'settled' : 'in_repair',
        settled ? local(settled, '17:00:00') : null,
        o.payer ?? (o.type === undefined || o.type === 'warranty' ? 'warranty' : 'customer'),
        total,
        opened,
        opened,
      )
    ).lastInsertRowid,
  );
  for (const [i, [d, h, fen, payer]] of labour.entries()) {
    await run(
      'INSERT INTO ro_labor_line (ro_id, line_no, description, hours, amount_fen, payer) VALUES (?, ?, ?, ?, ?, ?)',
      id,
      i + 1,
      d,
      h,
      fen,
      payer,
    );
  }
  for (const [i, [no, name, qty, fen, payer]] of parts.entries()) {
    await run(
      `INSERT INTO ro_part_line (ro_id, line_no, part_number, name, quantity, unit_price_fen, amount_fen, payer)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      i + 1,
      no,
      name,
      qty,
      Math.round(fen / qty),
      fen,
      payer,
    );
  }
  return id;
}

const get = (roId: number) => arch.t.must('claims.get', { roId });
function save(c: Claim, o: Partial<InputOf<'claims.save'>> = {}) {
  return arch.t.call('claims.save', {
    roId: c.roId,
    version: c.version,
    claimType: c.claimType,
    deadline: c.deadlineSet ? c.deadline : null,
    faultDescription: c.faultDescription,
    cause: c.cause,
    handling: c.handling,
    note: c.note,
    ...o,
  });
}
async function mustSave(c: Claim, o: Partial<InputOf<'claims.save'>> = {}): Promise<Claim> {
  const r = await save(c, o);
  if (!r.ok) throw new Error(`save failed: ${r.error.message}`);
  return r.value;
}
const report = (c: Claim, o: Partial<InputOf<'claims.report'>> = {}) =>
  arch.t.call('claims.report', { roId: c.roId, version: c.version, reportedOn: TODAY, claimNo: 'SB2611-0001', ...o });

let owner: number;
let car: number;
let roA: number;
beforeEach(async () => {
  owner = await customer('张三');
  car = await vehicle('京A12345', VIN_A, owner);
  roA = await ro('RO2611001', car, owner, {
    labour: [
      ['更换节温器', 1.5, 18_000, 'warranty'],
      ['四轮定位', 1, 20_000, 'customer'],
    ],
    parts: [
      ['06L121111H', '节温器总成', 1, 45_000, 'warranty'],
      ['G13A8J1A2', '冷却液', 2, 9_000, 'warranty'],
      ['N10', '雨刮片', 1, 6_000, 'customer'],
    ],
  });
});

describe('a claim from the RO alone (待填报)', () => {
  it('is a draft with the rules deadline, the warranty lines and their amount, and no row', async () => {
    const c = await get(roA);
    expect(c).toMatchObject({
      roNumber: 'RO2611001',
      saved: false,
      version: 0,
      status: 'draft',
      claimType: 'warranty',
      claimTypeLabel: '保修索赔',
      settledOn: '2026-11-18',
      deadline: '2026-11-25',
      deadlineSet: false,
      dueState: 'ok',
      plate: '京A12345',
      vin: VIN_A,
      customerName: '张三',
      roComplaint: '发动机故障灯亮',
      warrantyFen: 18_000 + 45_000 + 9_000,
      outsideKm: 0,
      rounds: [],
      oldParts: [],
    });
    expect(c.labour).toEqual([{ description: '更换节温器', hours: 1.5, amountFen: 18_000 }]);
    expect(c.parts.map((p) => p.partNumber)).toEqual(['06L121111H', 'G13A8J1A2']);
    expect(await all('SELECT id FROM claim')).toHaveLength(0);
  });

  it('takes all lines of an RO paid by warranty whose lines do not say so, or its total without lines', async () => {
    const allLines = await ro('RO2611002', car, owner, {
      labour: [['检查', 1, 10_000, 'customer']],
      parts: [['P1', '传感器', 1, 30_000, 'customer']],
    });
    expect((await get(allLines)).warrantyFen).toBe(40_000);
    const noLines = await ro('RO2611003', car, owner, { totalFen: 55_500 });
    expect((await get(noLines)).warrantyFen).toBe(55_500);
  });

  it('has no deadline while the RO is not settled', async () => {
    const open = await ro('RO2611004', car, owner, { settled: null, opened: '2026-11-19' });
    const c = await get(open);
    expect(c.deadline).toBeNull();
    expect(c.dueState).toBe('none');
  });

  it('follows the most specific rule (brand in the model, claim type)', async () => {
    await arch.t.loginAs('admin');
    const s = await arch.t.must('claimSettings.get', {});
    await arch.t.must('claimSettings.save', {
      ...s,
      rules: [
        { brand: '朗逸', claimType: null, days: 3 },
        { brand: '朗逸', claimType: 'recall', days: 30 },
        { brand: '帕萨特', claimType: null, days: 10 },
      ],
    });
    await arch.t.loginAs('clerk');
    const c = await get(roA);
    expect(c.deadline).toBe('2026-11-21');
    expect(c.dueState).toBe('due_soon');
    expect((await arch.t.must('claims.list', {})).rows[0]).toMatchObject({
      deadline: '2026-11-21',
      dueState: 'due_soon',
    });
    const recall = await mustSave(c, { claimType: 'recall' });
    expect(recall.deadline).toBe('2026-12-18');
    expect((await arch.t.must('claims.list', {})).rows[0]).toMatchObject({
      deadline: '2026-12-18',
      claimTypeLabel: '召回/服务活动',
    });
  });

  it('is NOT_FOUND for an RO that is not a warranty RO', async () => {
    const repair = await ro('RO2611009', car, owner, { type: 'repair' });
    const e = await refused(arch.t.call('claims.get', { roId: repair }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('该修理单不是索赔/三包类型');
    const list = await arch.t.must('claims.list', { status: 'all' });
    expect(list.rows.map((r) => r.roId)).toEqual([roA]);
  });
});

describe('the claim life', () => {
  it('first save writes the row and its old parts from the warranty part lines, audited', async () => {
    const c = await mustSave(await get(roA), { faultDescription: '发动机故障灯亮，水温高', cause: '节温器卡滞' });
    expect(c).toMatchObject({ saved: true, version: 1, status: 'draft', faultDescription: '发动机故障灯亮，水温高' });
    expect(c.oldParts.map((p) => [p.tagNo, p.partNumber, p.quantity, p.state, p.returnDueOn])).toEqual([
      ['JJ2611-0001', '06L121111H', 1, 'kept', '2026-12-18'],
      ['JJ2611-0002', 'G13A8J1A2', 2, 'kept', '2026-12-18'],
    ]);
    expect(await all('SELECT action, entity FROM audit_log WHERE entity = ?', 'claim')).toEqual([
      { action: 'claims.save', entity: 'claim' },
    ]);
    // A second save changes the text only (no new old parts), version + 1.
    const again = await mustSave(c, { handling: '更换节温器' });
    expect(again.version).toBe(2);
    expect(again.oldParts).toHaveLength(2);
    expect(await all('SELECT created_by FROM claim')).toEqual([{ created_by: '小王' }]);
  });

  it('reports (round 1), is rejected, fixed and reported again (round 2, round 1 kept), then approved', async () => {
    let c = await mustSave(await get(roA), { faultDescription: '水温高', cause: '节温器卡滞', handling: '更换' });
    at('2026-11-21T10:00:00');
    let r = await report(c, { reportedOn: '2026-11-21' });
    if (!r.ok) throw new Error(r.error.message);
    c = r.value;
    expect(c).toMatchObject({ status: 'reported', claimNo: 'SB2611-0001', reportedOn: '2026-11-21', dueState: 'done' });
    expect(c.reportedOnTime).toBe(true);
    expect(c.rounds).toEqual([
      expect.objectContaining({ round: 1, result: 'pending', faultDescription: '水温高', reportedBy: '小王' }),
    ]);
    // Reported: the text is fixed until a rejection.
    const e = await refused(save(c, { cause: '别的' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('已上报的索赔单不能修改，被驳回后可修改后重新上报');

    c = await arch.t.must('claims.review', { roId: roA, version: c.version });
    expect(c.status).toBe('reviewing');
    at('2026-11-23T10:00:00');
    c = await arch.t.must('claims.reject', {
      roId: roA,
      version: c.version,
      rejectedOn: '2026-11-23',
      reason: '缺少故障码照片',
    });
    expect(c).toMatchObject({ status: 'rejected', rejectedOn: '2026-11-23', rejectReason: '缺少故障码照片' });
    expect(c.rounds[0]).toMatchObject({ result: 'rejected', resultOn: '2026-11-23', rejectReason: '缺少故障码照片' });

    c = await mustSave(c, { faultDescription: '水温高，故障码 P0128（附照片）' });
    r = await report(c, { reportedOn: '2026-11-23', claimNo: 'SB2611-0001' });
    if (!r.ok) throw new Error(r.error.message);
    c = r.value;
    expect(c.status).toBe('reported');
    expect(c.rejectReason).toBe('');
    expect(c.rounds.map((x) => [x.round, x.result, x.faultDescription])).toEqual([
      [1, 'rejected', '水温高'],
      [2, 'pending', '水温高，故障码 P0128（附照片）'],
    ]);

    c = await arch.t.must('claims.approve', {
      roId: roA,
      version: c.version,
      approvedOn: '2026-11-23',
      approvedFen: 70_000,
    });
    expect(c).toMatchObject({ status: 'approved', approvedOn: '2026-11-23', approvedFen: 70_000 });
    expect(c.rounds[1]).toMatchObject({ result: 'approved', approvedFen: 70_000, resultOn: '2026-11-23' });
    expect(c.rounds[0]?.result).toBe('rejected');
    expect(
      (await all<{ action: string }>('SELECT action FROM audit_log WHERE entity = ? ORDER BY id', 'claim')).map(
        (a) => a.action,
      ),
    ).toEqual([
      'claims.save',
      'claims.report',
      'claims.review',
      'claims.reject',
      'claims.save',
      'claims.report',
      'claims.approve',
    ]);
  });

  it('refuses reporting a claim without its fault description (no row written)', async () => {
    // No row, no fault description: refused, nothing written.
    const before = await rowCounts(arch.t.archive);
    const e = await refused(report(await get(roA)));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.fields?.[0]).toMatchObject({ path: 'faultDescription', label: '故障描述' });
    expect(await rowCounts(arch.t.archive)).toEqual(before);
  });
});

describe('bad input: refused naming the field, nothing saved', () => {
  let c: Claim;
  beforeEach(async () => {
    c = await mustSave(await get(roA), { faultDescription: '水温高' });
  });

  async function unchanged(p: Promise<{ ok: true } | { ok: false; error: AppErrorShape }>, path: string) {
    const before = await rowCounts(arch.t.archive);
    const row = await all('SELECT * FROM claim');
    const e = await refused(p);
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.fields?.[0]?.path).toBe(path);
    expect(await rowCounts(arch.t.archive)).toEqual(before);
    expect(await all('SELECT * FROM claim')).toEqual(row);
    return e;
  }

  it('a deadline before the settlement (on save, and on report when the RO settled after it)', async () => {
    const e = await unchanged(save(c, { deadline: '2026-11-17' }), 'deadline');
    expect(e.message).toContain('上报期限');
    expect(e.message).toContain('2026-11-18');
    const open = await ro('RO2611005', car, owner, { settled: null, opened: '2026-11-10' });
    const oc = await mustSave(await get(open), { faultDescription: '异响', deadline: '2026-11-15' });
    await run(
      "UPDATE repair_order SET status = 'settled', settled_at = ? WHERE id = ?",
      local('2026-11-19', '17:00:00'),
      open,
    );
    await unchanged(report(oc, { claimNo: 'X1' }), 'deadline');
  });

  it('a reporting day before the opening or in the future', async () => {
    await unchanged(report(c, { reportedOn: '2026-11-17' }), 'reportedOn');
    const e = await unchanged(report(c, { reportedOn: '2026-11-21' }), 'reportedOn');
    expect(e.message).toContain('上报日期');
  });

  it('a claim number another claim uses (naming its RO)', async () => {
    const roB = await ro('RO2611006', await vehicle('京B22222', VIN_B, owner), owner, {
      parts: [['P2', '水泵', 1, 50_000, 'warranty']],
    });
    const b = await mustSave(await get(roB), { faultDescription: '漏水' });
    const rb = await report(b, { claimNo: 'SB-77' });
    expect(rb.ok).toBe(true);
    const e = await unchanged(report(c, { claimNo: 'SB-77' }), 'claimNo');
    expect(e.message).toContain('索赔单号');
    expect(e.message).toContain('RO2611006');
  });

  it('an approved amount negative or above the warranty part', async () => {
    const r = await report(c);
    if (!r.ok) throw new Error(r.error.message);
    const rep = r.value;
    const approve = (approvedFen: number, approvedOn = TODAY) =>
      arch.t.call('claims.approve', { roId: roA, version: rep.version, approvedOn, approvedFen });
    await unchanged(approve(-1), 'approvedFen');
    const e = await unchanged(approve(72_001), 'approvedFen');
    expect(e.message).toContain('审核金额');
    expect(e.message).toContain('720.00');
    await unchanged(approve(100, '2026-11-19'), 'approvedOn');
    const ok = await arch.t.must('claims.approve', {
      roId: roA,
      version: rep.version,
      approvedOn: TODAY,
      approvedFen: 72_000,
    });
    expect(ok.approvedFen).toBe(72_000);
  });

  it('a rejection dated before the report', async () => {
    const r = await report(c);
    if (!r.ok) throw new Error(r.error.message);
    await unchanged(
      arch.t.call('claims.reject', {
        roId: roA,
        version: r.value.version,
        rejectedOn: '2026-11-19',
        reason: '资料不全',
      }),
      'rejectedOn',
    );
  });
});

describe('versions and states', () => {
  it('refuses a stale version and a row that appeared meanwhile', async () => {
    const fresh = await get(roA);
    const saved = await mustSave(fresh, { faultDescription: 'A' });
    let e = await refused(save(fresh, { faultDescription: 'B' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('其他人已修改了这张索赔单，请刷新后再试');
    // A version for a row that is not there (another RO's claim, never saved).
    const other = await get(await ro('RO2611007', car, owner));
    e = await refused(save({ ...other, version: 3 }, { faultDescription: 'C' }));
    expect(e.code).toBe('CONFLICT');
    expect(await all('SELECT id FROM claim')).toHaveLength(1);
    const moved = await mustSave(saved, { faultDescription: 'D' });
    e = await refused(save(saved, { faultDescription: 'E' }));
    expect(e.message).toContain('其他人已修改了这张索赔单');
    expect((await get(roA)).faultDescription).toBe(moved.faultDescription);
  });

  it('refuses answers to a claim that is not reported, and reporting twice', async () => {
    const c = await mustSave(await get(roA), { faultDescription: 'A' });
    let e = await refused(
      arch.t.call('claims.approve', { roId: roA, version: c.version, approvedOn: TODAY, approvedFen: 1 }),
    );
    expect(e.code).toBe('CONFLICT');
    e = await refused(arch.t.call('claims.review', { roId: roA, version: c.version }));
    expect(e.code).toBe('CONFLICT');
    const r = await report(c);
    if (!r.ok) throw new Error(r.error.message);
    e = await refused(report(r.value, { claimNo: 'OTHER' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('不能重复上报');
  });
});

describe('openFrom and the list', () => {
  it('leaves out untouched warranty ROs opened before openFrom (unset: the last 90 days); a saved claim stays', async () => {
    const old = await ro('RO2501001', car, owner, { settled: '2025-01-10' });
    // openFrom unset: an untouched warranty RO older than 90 days is not a claim to fill in.
    expect((await arch.t.must('claims.list', { status: 'all' })).rows.map((r) => r.roNumber)).toEqual(['RO2611001']);
    const unset = await refused(arch.t.call('claims.get', { roId: old }));
    expect(unset.code).toBe('NOT_FOUND');
    expect(unset.message).toContain('90 天');
    await arch.t.loginAs('admin');
    const s = await arch.t.must('claimSettings.get', {});
    await arch.t.must('claimSettings.save', { ...s, openFrom: '2025-01-01' });
    await arch.t.loginAs('clerk');
    expect((await arch.t.must('claims.list', { status: 'all' })).total).toBe(2);
    const saved = await arch.t.must('claims.save', {
      roId: old,
      version: 0,
      claimType: 'warranty',
      deadline: null,
      faultDescription: '补报',
      cause: '',
      handling: '',
    });
    expect(saved.version).toBe(1);
    await arch.t.loginAs('admin');
    await arch.t.must('claimSettings.save', { ...s, openFrom: '2026-01-01' });
    await arch.t.loginAs('clerk');
    // Saved once, a claim stays a claim whatever openFrom says; the untouched old one would not.
    const list = await arch.t.must('claims.list', { status: 'all' });
    expect(list.rows.map((r) => r.roNumber).sort()).toEqual(['RO2501001', 'RO2611001']);
    expect((await arch.t.must('claims.get', { roId: old })).faultDescription).toBe('补报');
  });

  it('filters open / status / dueBefore / text and sorts overdue, due soon, then by deadline', async () => {
    const car2 = await vehicle('沪C33333', VIN_B, owner);
    const overdue = await ro('RO2610001', car2, owner, { settled: '2026-11-01' }); // deadline 11-08
    const soon = await ro('RO2611010', car2, owner, { settled: '2026-11-15' }); // deadline 11-22
    const unsettled = await ro('RO2611011', car2, owner, { settled: null, opened: '2026-11-19' });
    const settled = await ro('RO2609001', car2, owner, { settled: '2026-09-01' });
    await run(
      `INSERT INTO claim (ro_id, claim_type, status, claim_no, reported_on, approved_on, approved_fen, statement_month,
         created_at, created_by, updated_at) VALUES (?, 'warranty', 'settled', 'S-1', '2026-09-02', '2026-09-10', 100, '2026-09', ?, 'x', ?)`,
      settled,
      local('2026-09-02'),
      local('2026-09-02'),
    );
    const open = await arch.t.must('claims.list', {});
    expect(open.rows.map((r) => r.roId)).toEqual([overdue, soon, roA, unsettled]);
    expect(open.rows.map((r) => r.dueState)).toEqual(['overdue', 'due_soon', 'ok', 'none']);
    expect(open.total).toBe(4);
    expect((await arch.t.must('claims.list', { status: 'all' })).total).toBe(5);
    expect((await arch.t.must('claims.list', { status: 'settled' })).rows.map((r) => r.claimNo)).toEqual(['S-1']);
    expect((await arch.t.must('claims.list', { status: 'draft' })).total).toBe(4);
    const due = await arch.t.must('claims.list', { dueBefore: '2026-11-22' });
    expect(due.rows.map((r) => r.roId)).toEqual([overdue, soon]);
    expect((await arch.t.must('claims.list', { text: 'ro2611' })).rows.map((r) => r.roId)).toEqual([
      soon,
      roA,
      unsettled,
    ]);
    expect((await arch.t.must('claims.list', { text: 'a123' })).rows.map((r) => r.roId)).toEqual([roA]);
    expect((await arch.t.must('claims.list', { text: VIN_B.slice(-6).toLowerCase() })).total).toBe(3);
    expect((await arch.t.must('claims.list', { text: 's-1', status: 'all' })).rows.map((r) => r.roId)).toEqual([
      settled,
    ]);
    expect((await arch.t.must('claims.list', { month: '2026-11' })).total).toBe(3);
    const page = await arch.t.must('claims.list', { limit: 2 });
    expect(page.rows).toHaveLength(2);
    expect(page.total).toBe(4);
    // A reported claim leaves the due list; its row carries its number and old parts kept.
    const c = await mustSave(await get(overdue), { faultDescription: '异响' });
    expect((await report(c, { claimNo: 'SB-9' })).ok).toBe(true);
    const after = await arch.t.must('claims.list', { dueBefore: '2026-11-22' });
    expect(after.rows.map((r) => r.roId)).toEqual([soon]);
    const row = (await arch.t.must('claims.list', { text: 'SB-9' })).rows[0];
    expect(row).toMatchObject({ status: 'reported', saved: true, version: 2, dueState: 'done' });
    const a = (await arch.t.must('claims.list', { text: 'RO2611001' })).rows[0];
    expect(a).toMatchObject({ warrantyFen: 72_000, oldPartsKept: 0, saved: false, version: 0 });
  });
});

describe('settings (索赔设置)', () => {
  it('saves (admin, audited), refuses removing a builtin type or a type claims use', async () => {
    await arch.t.loginAs('admin');
    const s = await arch.t.must('claimSettings.get', {});
    const withCustom: ClaimSettings = {
      ...s,
      claimTypes: [...s.claimTypes, { code: 'pdi', label: 'PDI 索赔', builtin: true }],
      defaultDays: 10,
    };
    const saved = await arch.t.must('claimSettings.save', withCustom);
    expect(saved.defaultDays).toBe(10);
    expect(saved.claimTypes.find((x) => x.code === 'pdi')).toEqual({ code: 'pdi', label: 'PDI 索赔', builtin: false });
    expect(await all('SELECT action FROM audit_log WHERE action = ?', 'claimSettings.save')).toHaveLength(1);

    let e = await refused(
      arch.t.call('claimSettings.save', { ...saved, claimTypes: saved.claimTypes.filter((x) => x.code !== 'recall') }),
    );
    expect(e.message).toContain('召回/服务活动');
    expect(e.message).toContain('不能删除');

    await arch.t.loginAs('clerk');
    await mustSave(await get(roA), { claimType: 'pdi' });
    await arch.t.loginAs('admin');
    e = await refused(
      arch.t.call('claimSettings.save', { ...saved, claimTypes: saved.claimTypes.filter((x) => x.code !== 'pdi') }),
    );
    expect(e.message).toContain('已有 1 张索赔单');
    expect((await arch.t.must('claimSettings.get', {})).claimTypes.some((x) => x.code === 'pdi')).toBe(true);
  });

  it('refuses the clerk', async () => {
    const s = await arch.t.must('claimSettings.get', {});
    expect((await refused(arch.t.call('claimSettings.save', s))).code).toBe('FORBIDDEN');
  });
});

describe('old parts of a claim and outside-service kilometres', () => {
  it('adds a part to a claim without a row (writes it first), removes one while kept', async () => {
    let c = await arch.t.must('oldParts.add', { roId: roA, partNumber: 'X9', name: '线束', quantity: 1 });
    expect(c.saved).toBe(true);
    expect(c.version).toBe(1);
    expect(c.oldParts.map((p) => p.tagNo)).toEqual(['JJ2611-0001', 'JJ2611-0002', 'JJ2611-0003']);
    const first = c.oldParts[0];
    if (!first) throw new Error('no part');
    c = await arch.t.must('oldParts.remove', { id: first.id, version: first.version });
    expect(c.oldParts.map((p) => p.tagNo)).toEqual(['JJ2611-0002', 'JJ2611-0003']);
    let e = await refused(arch.t.call('oldParts.remove', { id: first.id, version: first.version + 1 }));
    expect(e.code).toBe('CONFLICT');
    const second = c.oldParts[0];
    if (!second) throw new Error('no part');
    await run("UPDATE old_part SET state = 'returned', returned_on = '2026-11-20' WHERE id = ?", second.id);
    e = await refused(arch.t.call('oldParts.remove', { id: second.id, version: second.version }));
    expect(e.message).toContain('已返厂');
    // A tag number is never reused.
    c = await arch.t.must('oldParts.add', { roId: roA, partNumber: '', name: '卡箍', quantity: 2 });
    expect(c.oldParts.at(-1)?.tagNo).toBe('JJ2611-0004');
  });

  it('sums the kilometres of the closed outside-service orders of the RO', async () => {
    const order = async (no: string, state: string, out: number, back: number | null) =>
      await run(
        `INSERT INTO outside_service (order_no, ro_id, place, staff, out_at, odometer_out, back_at, odometer_back, state,
           signed_out_by, created_at, updated_at) VALUES (?, ?, '顺义', '李师傅', ?, ?, ?, ?, ?, '小王', ?, ?)`,
        no,
        roA,
        local('2026-11-17'),
        out,
        back === null ? null : local('2026-11-17', '16:00:00'),
        back,
        state,
        local('2026-11-17'),
        local('2026-11-17'),
      );
    await order('FW-1', 'closed', 1000, 1086);
    await order('FW-2', 'closed', 2000, 2014);
    await order('FW-3', 'out', 3000, null);
    const c = await get(roA);
    expect(c.outsideKm).toBe(100);
    expect(c.outsideOrders.map((o) => [o.orderNo, o.km, o.state])).toEqual([
      ['FW-1', 86, 'closed'],
      ['FW-2', 14, 'closed'],
      ['FW-3', null, 'out'],
    ]);
  });
});
