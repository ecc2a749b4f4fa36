import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src-main/api/handlers';
import type { Clock } from '../../src-main/services/context';
import { dayRos } from '../../src-main/services/daily-report/figures';
import type { InputOf } from '../../src-shared/contract/index';
import type { DailyReportView, ReportCheck } from '../../src-shared/domain/daily-report';
import type { AppErrorShape } from '../../src-shared/errors';
import { openSetUpArchive, openTestArchive, type TestArchive } from '../support/archive';

/** 2026-11-22 10:00 at the store (UTC+8). */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
/** The report day of the fixture: yesterday. */
const D = '2026-11-21';

type RoInput = InputOf<'repairOrders.create'>;

let t: TestArchive;
beforeEach(async () => {
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

async function userId(name: string): Promise<number> {
  return (await t.archive.db.selectFrom('app_user').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

async function refused<M extends Parameters<TestArchive['call']>[0]>(
  method: M,
  input: InputOf<M>,
): Promise<AppErrorShape> {
  const r = await t.call(method, input);
  if (r.ok) throw new Error(`${method} should have been refused`);
  return r.error;
}

async function auditRows(
  action: string,
): Promise<{ actor: string; entity: string; entity_id: number | null; after_json: string }[]> {
  const rows = await t.archive.db
    .selectFrom('audit_log')
    .select(['actor', 'entity', 'entity_id', 'after_json'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, after_json: r.after_json ?? '' }));
}

const kinds = (checks: ReportCheck[]) => checks.map((c) => `${c.severity}:${c.kind}`);

/**
 * The fixture, around the report day D = 2026-11-21 (today is 2026-11-22):
 *
 * RO   number        car  advisor opened       type              completed    delivered    settled      labour  parts   total
 * 00   RO2611100001  E    王顾问  11-10 09:00  repair            11-10 11:00  11-10 12:00  11-10 12:10   10000      0   10000
 * 01   RO2611190001  C    王顾问  11-19 09:00  repair            —            —            —                 0      0       0  (still in repair)
 * 02   RO2611210001  A    王顾问  D 08:30      first_service     D 11:00      D 15:00      D 15:10       15000   8000   23000  (lines: 100.00 + 50.00; 2 × 40.00)
 * 03   RO2611210002  B    赵顾问  D 09:15      comeback          11-22 09:30  —            —                 0      0       0  (completed the next day)
 * 04   RO2611210003  D    (none)  D 10:00      periodic_service  —            D 16:00      —             20000  15000   35000  (delivered, not settled)
 * 05   RO2611200002  B    赵顾问  11-20 14:00  repair            —            —            D 09:00       12000   3000   15000  (settled, no delivery time)
 * 06   RO2611200001  E    王顾问  11-20 10:00  body_paint        11-20 15:00  11-20 16:00  11-20 16:30    9000   1000   10000  (not of D)
 * 07   RO2611220001  A    王顾问  11-22 08:00  periodic_service  —            —            —                 0      0       0  (opened the day after)
 * 08   RO2611210004  E    赵顾问  D 13:00      insurance         —            —            —                 0      0       0  (in repair)
 * 09   RO2611180001  F    (none)  11-18 10:00  warranty          D 09:00      D 10:00      D 10:05           0  50000   50000
 * Paper entries of D:
 * P1   RO2611210009       赵顾问  opened D     repair            status delivered                          5000   2000    7000
 * P2   RO2611200009       (none)  opened 11-20 periodic_service  status in repair                             0      0       0
 */
async function arrange() {
  const zhang = await t.must('customers.create', { name: '张三', mobile: '13800138000' });
  const li = await t.must('customers.create', { name: '李四', mobile: '13900139000' });
  const car = async (plate: string, model: string, ownerId: number | null = null) =>
    (await t.must('vehicles.create', { plate, model, ownerId })).record.id;
  const cars = {
    A: await car('京A12345', '朗逸', zhang.record.id),
    B: await car('京AD23456', 'ID.4', li.record.id),
    C: await car('京B55555', '帕萨特'),
    D: await car('京C66666', '速腾'),
    E: await car('京E77777', '迈腾'),
    F: await car('京F88888', '途观'),
  };
  const inputs = new Map<string, RoInput>();
  const ids = new Map<string, number>();
  const ro = async (input: Partial<RoInput> & Pick<RoInput, 'roNumber' | 'vehicleId' | 'type' | 'openedAt'>) => {
    const full = input as RoInput;
    const saved = await t.must('repairOrders.create', full);
    inputs.set(input.roNumber, full);
    ids.set(input.roNumber, saved.record.id);
    return saved.record.id;
  };
  await ro({
    roNumber: 'RO2611100001',
    vehicleId: cars.E,
    advisorName: '王顾问',
    openedAt: '2026-11-10 09:00',
    type: 'repair',
    status: 'settled',
    completedAt: '2026-11-10 11:00',
    deliveredAt: '2026-11-10 12:00',
    settledAt: '2026-11-10 12:10',
    laborFen: 10000,
    partsFen: 0,
  });
  await ro({
    roNumber: 'RO2611190001',
    vehicleId: cars.C,
    advisorName: '王顾问',
    openedAt: '2026-11-19 09:00',
    type: 'repair',
  });
  await ro({
    roNumber: 'RO2611210001',
    vehicleId: cars.A,
    advisorName: '王顾问',
    openedAt: `${D} 08:30`,
    mileageIn: 3000,
    type: 'first_service',
    status: 'settled',
    completedAt: `${D} 11:00`,
    deliveredAt: `${D} 15:00`,
    settledAt: `${D} 15:10`,
    laborLines: [
      { description: '首保工时', hours: 1, amountFen: 10000, payer: 'customer' },
      { description: '检查', hours: 0.5, amountFen: 5000, payer: 'customer' },
    ],
    partLines: [
      { partNumber: 'OF-1', name: '机油滤清器', quantity: 2, unitPriceFen: 4000, amountFen: 8000, payer: 'customer' },
    ],
  });
  await ro({
    roNumber: 'RO2611210002',
    vehicleId: cars.B,
    advisorName: '赵顾问',
    openedAt: `${D} 09:15`,
    mileageIn: 20100,
    type: 'comeback',
    status: 'completed',
    completedAt: '2026-11-22 09:30',
  });
  await ro({
    roNumber: 'RO2611210003',
    vehicleId: cars.D,
    advisorName: '',
    openedAt: `${D} 10:00`,
    type: 'periodic_service',
    status: 'delivered',
    deliveredAt: `${D} 16:00`,
    laborFen: 20000,
    partsFen: 15000,
  });
  await ro({
    roNumber: 'RO2611200002',
    vehicleId: cars.B,
    advisorName: '赵顾问',
    openedAt: '2026-11-20 14:00',
    mileageIn: 20000,
    type: 'repair',
    status: 'settled',
    settledAt: `${D} 09:00`,
    laborFen: 12000,
    partsFen: 3000,
  });
  await ro({
    roNumber: 'RO2611200001',
    vehicleId: cars.E,
    advisorName: '王顾问',
    openedAt: '2026-11-20 10:00',
    type: 'body_paint',
    status: 'settled',
    completedAt: '2026-11-20 15:00',
    deliveredAt: '2026-11-20 16:00',
    settledAt: '2026-11-20 16:30',
    laborFen: 9000,
    partsFen: 1000,
  });
  await ro({
    roNumber: 'RO2611220001',
    vehicleId: cars.A,
    advisorName: '王顾问',
    openedAt: '2026-11-22 08:00',
    mileageIn: 5000,
    type: 'periodic_service',
  });
  await ro({
    roNumber: 'RO2611210004',
    vehicleId: cars.E,
    advisorName: '赵顾问',
    openedAt: `${D} 13:00`,
    type: 'insurance',
    payer: 'insurance',
  });
  await ro({
    roNumber: 'RO2611180001',
    vehicleId: cars.F,
    advisorName: '',
    openedAt: '2026-11-18 10:00',
    type: 'warranty',
    payer: 'warranty',
    status: 'settled',
    completedAt: `${D} 09:00`,
    deliveredAt: `${D} 10:00`,
    settledAt: `${D} 10:05`,
    laborFen: 0,
    partsFen: 50000,
  });
  const p1 = await t.must('dailyReport.savePaperEntry', {
    date: D,
    roNumber: 'RO2611210009',
    advisor: '赵顾问',
    customerName: '王五',
    type: 'repair',
    status: 'delivered',
    openedOn: D,
    laborFen: 5000,
    partsFen: 2000,
  });
  const p2 = await t.must('dailyReport.savePaperEntry', {
    date: D,
    roNumber: 'RO2611200009',
    type: 'periodic_service',
    status: 'in_repair',
    openedOn: '2026-11-20',
  });
  /** Saves the RO again with some fields changed. */
  const update = (roNumber: string, changes: Partial<RoInput>) =>
    t.must('repairOrders.update', { ...inputs.get(roNumber)!, ...changes, id: ids.get(roNumber)! });
  return { cars, ids, update, p1, p2 };
}

/** The day's ROs for the 对单 (opened, delivered or settled on D): ticked, then the day completed. */
async function reconcile(date = D) {
  for (const n of ['RO2611210001', 'RO2611210002', 'RO2611210003', 'RO2611210004', 'RO2611200002', 'RO2611180001'])
    await t.must('reconciliation.tick', { date, roNumber: n });
  await t.must('reconciliation.complete', { date });
}

describe('the figures of a day (worked out by hand from the fixture above)', () => {
  it('counts, sections, per advisor, per type and totals', async () => {
    await arrange();
    const v = await t.must('dailyReport.get', { date: D });
    const f = v.figures;
    // opened on D: 02, 03, 04, 08 + paper P1 = 5
    expect(f.opened).toBe(5);
    // in the workshop at the end of D: 01 (never completed), 03 (completed 11-22), 08 (open) + paper P2 (在修) = 4;
    // 04 (no completion time, delivered D 16:00) and 05 (no completion time, settled D 09:00) are out.
    expect(f.inRepair).toBe(4);
    // completed_at on D: 02, 09 = 2 (04 and 05 have no completion time)
    expect(f.completed).toBe(2);
    // delivered: 02, 04, 09 (delivered_at on D) + 05 (settled on D without a delivery time) + paper P1 = 5
    expect(f.delivered).toBe(5);
    // settled_at on D: 02, 05, 09 = 3
    expect(f.settled).toBe(3);
    expect(f.firstService).toBe(1); // 02
    expect(f.comebacks).toBe(1); // 03
    expect(f.paperEntries).toBe(2); // P1 (opened, delivered), P2 (in repair)
    const numbers = (rows: { roNumber: string; source: string }[]) =>
      rows.map((r) => (r.source === 'paper' ? `${r.roNumber}*` : r.roNumber));
    expect(numbers(f.sections.opened)).toEqual([
      'RO2611210001',
      'RO2611210002',
      'RO2611210003',
      'RO2611210004',
      'RO2611210009*',
    ]);
    expect(numbers(f.sections.inRepair)).toEqual(['RO2611190001', 'RO2611200009*', 'RO2611210002', 'RO2611210004']);
    expect(numbers(f.sections.delivered)).toEqual([
      'RO2611180001',
      'RO2611200002',
      'RO2611210001',
      'RO2611210003',
      'RO2611210009*',
    ]);
    // Delivered money: 02 15000/8000/23000, 04 20000/15000/35000, 09 0/50000/50000, 05 12000/3000/15000,
    // P1 5000/2000/7000 → labour 52000, parts 78000, total 130000.
    expect(f.totals).toEqual({ laborFen: 52000, partsFen: 78000, totalFen: 130000 });
    // 王顾问: opened 02; in repair 01; delivered 02 (23000).
    // 赵顾问: opened 03, 08, P1; in repair 03, 08; delivered 05, P1 (12000+5000, 3000+2000, 15000+7000).
    // (none): opened 04; in repair P2; delivered 04, 09 (20000+0, 15000+50000, 35000+50000).
    expect(f.byAdvisor).toEqual([
      { advisor: '王顾问', opened: 1, inRepair: 1, delivered: 1, laborFen: 15000, partsFen: 8000, totalFen: 23000 },
      { advisor: '赵顾问', opened: 3, inRepair: 2, delivered: 2, laborFen: 17000, partsFen: 5000, totalFen: 22000 },
      { advisor: '', opened: 1, inRepair: 1, delivered: 2, laborFen: 20000, partsFen: 65000, totalFen: 85000 },
    ]);
    const zero = { laborFen: 0, partsFen: 0, totalFen: 0 };
    expect(f.byType).toEqual([
      // 02
      { type: 'first_service', opened: 1, inRepair: 0, delivered: 1, laborFen: 15000, partsFen: 8000, totalFen: 23000 },
      // opened 04, in repair P2, delivered 04
      {
        type: 'periodic_service',
        opened: 1,
        inRepair: 1,
        delivered: 1,
        laborFen: 20000,
        partsFen: 15000,
        totalFen: 35000,
      },
      // opened P1, in repair 01, delivered 05 + P1
      { type: 'repair', opened: 1, inRepair: 1, delivered: 2, laborFen: 17000, partsFen: 5000, totalFen: 22000 },
      // 06 is of 11-20 only
      { type: 'body_paint', opened: 0, inRepair: 0, delivered: 0, ...zero },
      // delivered 09
      { type: 'warranty', opened: 0, inRepair: 0, delivered: 1, laborFen: 0, partsFen: 50000, totalFen: 50000 },
      // 08
      { type: 'insurance', opened: 1, inRepair: 1, delivered: 0, ...zero },
      // 03
      { type: 'comeback', opened: 1, inRepair: 1, delivered: 0, ...zero },
    ]);
    // Rows carry the vehicle, the customer and the paper mark.
    expect(f.sections.opened[0]).toMatchObject({
      roNumber: 'RO2611210001',
      source: 'archive',
      plate: '京A12345',
      model: '朗逸',
      customerName: '张三',
      advisor: '王顾问',
      mileageIn: 3000,
      totalFen: 23000,
    });
    expect(f.sections.opened[4]).toMatchObject({ source: 'paper', repairOrderId: null, customerName: '王五' });
    expect(f.sections.opened[4]!.paperEntryId).toBe(v.paperEntries.find((p) => p.roNumber === 'RO2611210009')!.id);
    // The 对单 of D: opened, delivered or settled on D = 02, 03, 04, 05, 08, 09; nothing ticked yet.
    expect(f.reconciliation).toMatchObject({ inArchive: 6, ticked: 0, missingOnPaper: 6, unresolved: 6 });
    expect(v).toMatchObject({ version: 1, status: 'draft', confirmed: null, signed: null, liveDiffers: false });
    expect(v.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // Reading twice gives the same fingerprint (nothing time-of-build dependent).
    expect((await t.must('dailyReport.get', { date: D })).fingerprint).toBe(v.fingerprint);

    // The day before: 01 (never completed), 09 (completed on D), 05 (settled on D, no other time) and P2
    // does not count (it belongs to D's report) → 3 in repair at the end of 11-20; opened 05, 06.
    const before = await t.must('dailyReport.get', { date: '2026-11-20' });
    expect(before.figures.sections.inRepair.map((r) => r.roNumber)).toEqual([
      'RO2611180001',
      'RO2611190001',
      'RO2611200002',
    ]);
    expect(before.figures.sections.opened.map((r) => r.roNumber)).toEqual(['RO2611200001', 'RO2611200002']);
    // delivered 06 (10000)
    expect(before.figures.totals).toEqual({ laborFen: 9000, partsFen: 1000, totalFen: 10000 });
  });

  it('in repair at the end of the day: exact over every way an RO leaves the workshop, whatever its age', async () => {
    const car = (await t.must('vehicles.create', { plate: '京A12345' })).record.id;
    const ro = (roNumber: string, fields: Partial<RoInput>) =>
      t.must('repairOrders.create', { roNumber, vehicleId: car, type: 'repair', ...fields } as RoInput);
    // Opened a year ago, completed the day after: in.
    await ro('RO2511150001', { openedAt: '2025-11-15 09:00', status: 'completed', completedAt: '2026-11-16 08:00' });
    // No completion time, delivered the day after: in.
    await ro('RO2611140002', { openedAt: '2026-11-14 09:00', status: 'delivered', deliveredAt: '2026-11-16 08:00' });
    // Only a settlement time, the day after: in.
    await ro('RO2611140003', { openedAt: '2026-11-14 09:00', status: 'settled', settledAt: '2026-11-16 08:00' });
    // No time at all: in.
    await ro('RO2611140004', { openedAt: '2026-11-14 09:00' });
    // Completed at 23:59 on the day: out.
    await ro('RO2611140005', { openedAt: '2026-11-14 09:00', status: 'completed', completedAt: '2026-11-15 23:59' });
    // No completion time, delivered on the day: out.
    await ro('RO2611140006', { openedAt: '2026-11-14 09:00', status: 'delivered', deliveredAt: '2026-11-15 10:00' });
    // Settled on the day without other times: out.
    await ro('RO2611140007', { openedAt: '2026-11-14 09:00', status: 'settled', settledAt: '2026-11-15 10:00' });
    // Opened at 00:00 the next day: out.
    await ro('RO2611160008', { openedAt: '2026-11-16 00:00' });
    const v = await t.must('dailyReport.get', { date: '2026-11-15' });
    expect(v.figures.sections.inRepair.map((r) => r.roNumber)).toEqual([
      'RO2511150001',
      'RO2611140002',
      'RO2611140003',
      'RO2611140004',
    ]);
    expect(v.figures.inRepair).toBe(4);
    // Opened at 00:00 counts on its own day.
    expect((await t.must('dailyReport.get', { date: '2026-11-16' })).figures.opened).toBe(1);
  });

  it('ROs completed after an old day: found by windows of opening dates, proven by counts, or read in full', async () => {
    const car = (await t.must('vehicles.create', { plate: '京A12345' })).record.id;
    const ro = (roNumber: string, openedAt: string, completedAt: string | null) =>
      t.must('repairOrders.create', {
        roNumber,
        vehicleId: car,
        type: 'repair',
        openedAt,
        status: completedAt ? 'completed' : 'in_repair',
        completedAt,
      } as RoInput);
    // Around the day 2025-06-10: opened 3 days before and completed 2 days after (inside a 14-day window),
    // a year-long RO (only inside the 366-day window), a three-year-long one (in no window), and noise.
    await ro('RO2506070001', '2025-06-07 09:00', '2025-06-12 09:00');
    await ro('RO2406200002', '2024-06-20 09:00', '2025-07-01 09:00');
    await ro('RO2206010003', '2022-06-01 09:00', '2025-06-11 08:00');
    await ro('RO2506100004', '2025-06-10 09:00', '2025-06-10 18:00');
    await ro('RO2506110005', '2025-06-11 09:00', '2025-06-12 09:00');
    await ro('RO2201010006', '2022-01-01 09:00', '2022-01-02 09:00');
    await ro('RO2611010007', '2026-11-01 09:00', '2026-11-02 09:00');
    const first = '2022-01-01T09:00:00+08:00';
    const numbersOf = async (date: string, few?: number) =>
      (await dayRos(t.archive.db, date, first, few)).inRepair.map((r) => r.roNumber).sort();
    // The ROs spanning the end of 2025-06-10 (the second half of the archive: the counts from above).
    const expected = ['RO2206010003', 'RO2406200002', 'RO2506070001'];
    expect(await numbersOf('2025-06-10')).toEqual(expected);
    expect(await numbersOf('2025-06-10', 0)).toEqual(expected);
    // A day in the first half (the counts from below): 2022-06-05 has only the three-year-long RO.
    expect(await numbersOf('2022-06-05', 0)).toEqual(['RO2206010003']);
    expect(await numbersOf('2022-01-01', 0)).toEqual(['RO2201010006']);
    // Without the long ones, the first window is enough; the answer is the same as reading in full.
    expect(await numbersOf('2025-06-11', 0)).toEqual(await numbersOf('2025-06-11'));
  });

  it('a day with no data is an empty report; future and pre-archive dates are refused in Chinese', async () => {
    await arrange();
    const empty = await t.must('dailyReport.get', { date: '2026-11-12' });
    expect(empty.figures).toMatchObject({
      opened: 0,
      inRepair: 0,
      completed: 0,
      delivered: 0,
      settled: 0,
      firstService: 0,
      comebacks: 0,
      paperEntries: 0,
      byAdvisor: [],
      totals: { laborFen: 0, partsFen: 0, totalFen: 0 },
      sections: { opened: [], inRepair: [], delivered: [] },
    });
    expect(empty.figures.byType.every((x) => x.opened + x.inRepair + x.delivered + x.totalFen === 0)).toBe(true);
    expect(kinds(empty.checks)).toEqual(['warn:no_ros']);
    expect(empty.checks[0]!.message).toContain('忘了导入');

    const future = await refused('dailyReport.get', { date: '2026-11-23' });
    expect(future.code).toBe('VALIDATION');
    expect(future.message).toBe('日期：不能查看未来的日报（今天是 2026-11-22），请选择今天或以前的日期');
    const early = await refused('dailyReport.get', { date: '2026-11-09' });
    expect(early.code).toBe('VALIDATION');
    expect(early.message).toContain('档案里最早的修理单是 2026-11-10 进厂的');
    expect(early.details?.fields?.[0]).toMatchObject({ path: 'date', label: '日期' });
    // The first day of the archive is fine.
    expect((await t.must('dailyReport.get', { date: '2026-11-10' })).figures.delivered).toBe(1);
  });

  it('an empty archive: today is an empty report, before 2000 is refused', async () => {
    const bare = await openTestArchive({ clock, door: 'cli' });
    try {
      const r = await bare.must('dailyReport.get', { date: '2026-11-22' });
      expect(r.figures.opened).toBe(0);
      expect(kinds(r.checks)).toEqual(['warn:no_ros']);
      const old = await bare.call('dailyReport.get', { date: '1999-12-31' });
      expect(old.ok).toBe(false);
      if (!old.ok) expect(old.error.message).toContain('2000-01-01');
    } finally {
      await bare.close();
    }
  });
});

describe('the tally (核对): every check kind found and cleared', () => {
  it('the fixture: the 对单 is open (block), then not completed (warn), then nothing', async () => {
    await arrange();
    let v = await t.must('dailyReport.get', { date: D });
    expect(kinds(v.checks)).toEqual(['block:reconciliation_open', 'warn:reconciliation_not_completed']);
    expect(v.blocking).toBe(1);
    expect(v.checks[0]).toMatchObject({ link: `/daily/reconcile?date=${D}`, roNumber: null });
    expect(v.checks[0]!.message).toContain('对单还有 6 条差异没有说明');
    for (const n of ['RO2611210001', 'RO2611210002', 'RO2611210003', 'RO2611210004', 'RO2611200002', 'RO2611180001'])
      await t.must('reconciliation.tick', { date: D, roNumber: n });
    v = await t.must('dailyReport.get', { date: D });
    expect(kinds(v.checks)).toEqual(['warn:reconciliation_not_completed']);
    expect(v.blocking).toBe(0);
    await t.must('reconciliation.complete', { date: D });
    v = await t.must('dailyReport.get', { date: D });
    expect(v.checks).toEqual([]);
  });

  it('an RO delivered without a settlement amount blocks, with a link to the RO; filling it in clears it', async () => {
    const { update, ids } = await arrange();
    await reconcile();
    await update('RO2611210003', { laborFen: 0, partsFen: 0 });
    let v = await t.must('dailyReport.get', { date: D });
    expect(kinds(v.checks)).toEqual(['block:delivered_without_amount']);
    expect(v.checks[0]).toMatchObject({
      roNumber: 'RO2611210003',
      repairOrderId: ids.get('RO2611210003'),
      link: `/archive/repair-orders/${ids.get('RO2611210003')}/edit`,
    });
    expect(v.checks[0]!.message).toContain('修理单 RO2611210003（京C66666） 已交车，但结算金额是 0');
    await update('RO2611210003', { laborFen: 100, partsFen: 0 });
    v = await t.must('dailyReport.get', { date: D });
    expect(v.checks).toEqual([]);
  });

  it('mileage lower than the highest known before blocks, naming both mileages and the date', async () => {
    const { update, ids, cars } = await arrange();
    await reconcile();
    // 03 (car B, D 09:15) had 20100; 05 (car B, 11-20) 20000. 03 typed as 19000: lower than 20000 of 11-20.
    await update('RO2611210002', { mileageIn: 19000 });
    let v = await t.must('dailyReport.get', { date: D });
    expect(kinds(v.checks)).toEqual(['block:mileage_backwards']);
    expect(v.checks[0]).toMatchObject({
      roNumber: 'RO2611210002',
      link: `/archive/repair-orders/${ids.get('RO2611210002')}/edit`,
    });
    expect(v.checks[0]!.message).toContain('进厂里程 19000 公里，低于 2026-11-20 记录的 20000 公里');
    // A reading of a later day (07 on car A, 11-22, 5000) does not count against 02 (3000 on D).
    expect(v.checks.some((c) => c.roNumber === 'RO2611210001')).toBe(false);
    await update('RO2611210002', { mileageIn: 20100 });
    expect((await t.must('dailyReport.get', { date: D })).checks).toEqual([]);
    // A mileage reading of an earlier day (not from an RO) counts too.
    await t.archive.db
      .insertInto('mileage_reading')
      .values({
        vehicle_id: cars.B,
        read_on: '2026-11-01',
        mileage: 25000,
        source: 'manual',
        ro_id: null,
        created_at: '2026-11-01T10:00:00+08:00',
      })
      .execute();
    v = await t.must('dailyReport.get', { date: D });
    // 03 (20100) is now lower than 25000 of 11-01; so is 05 (20000, delivered on D).
    expect(v.checks.map((c) => c.roNumber)).toEqual(['RO2611200002', 'RO2611210002']);
    expect(v.checks[1]!.message).toContain('进厂里程 20100 公里，低于 2026-11-01 记录的 25000 公里');
  });

  it('a paper entry whose number is now in the archive blocks (double counting); removing it clears it', async () => {
    const { cars, p1 } = await arrange();
    await reconcile();
    await t.must('repairOrders.create', {
      roNumber: 'RO2611210009',
      vehicleId: cars.C,
      type: 'repair',
      openedAt: `${D} 17:00`,
    } as RoInput);
    let v = await t.must('dailyReport.get', { date: D });
    expect(kinds(v.checks)).toContain('block:paper_entry_in_archive');
    const c = v.checks.find((x) => x.kind === 'paper_entry_in_archive')!;
    expect(c).toMatchObject({ roNumber: 'RO2611210009', link: `/daily/report?date=${D}` });
    expect(c.message).toContain('会重复计算');
    v = await t.must('dailyReport.removePaperEntry', { date: D, id: p1.id });
    expect(v.checks.some((x) => x.kind === 'paper_entry_in_archive')).toBe(false);
    expect(v.paperEntries.map((p) => p.roNumber)).toEqual(['RO2611200009']);
  });
});

describe('confirm, sign, freeze, correct', () => {
  async function ready(): Promise<{ view: DailyReportView; update: Awaited<ReturnType<typeof arrange>>['update'] }> {
    const { update } = await arrange();
    await reconcile();
    const view = await t.must('dailyReport.get', { date: D });
    expect(view.blocking).toBe(0);
    return { view, update };
  }

  it('confirm is refused while a finding blocks, listing it', async () => {
    await arrange();
    const v = await t.must('dailyReport.get', { date: D });
    const e = await refused('dailyReport.confirm', { date: D, fingerprint: v.fingerprint });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('还有 1 个问题要先处理，才能核对确认：对单还有 6 条差异没有说明');
    expect(await auditRows('dailyReport.confirm')).toEqual([]);
  });

  it('confirm with figures that changed since they were shown is refused; then confirm, unconfirm', async () => {
    const { view, update } = await ready();
    await update('RO2611210003', { laborFen: 21000 });
    const e = await refused('dailyReport.confirm', { date: D, fingerprint: view.fingerprint });
    expect(e).toMatchObject({ code: 'CONFLICT', message: '日报内容在你查看之后有变化，请刷新后重新核对' });
    const fresh = await t.must('dailyReport.get', { date: D });
    expect(fresh.fingerprint).not.toBe(view.fingerprint);
    const confirmed = await t.must('dailyReport.confirm', { date: D, fingerprint: fresh.fingerprint });
    expect(confirmed).toMatchObject({ status: 'ready', version: 1, confirmedStale: false });
    expect(confirmed.confirmed).toEqual({ by: '小王', at: '2026-11-22T10:00:00+08:00' });
    expect(await auditRows('dailyReport.confirm')).toHaveLength(1);
    expect((await auditRows('dailyReport.confirm'))[0]!.actor).toBe('小王');
    // A change after the tally: shown as stale.
    await update('RO2611210003', { laborFen: 22000 });
    expect((await t.must('dailyReport.get', { date: D })).confirmedStale).toBe(true);
    const back = await t.must('dailyReport.unconfirm', { date: D });
    expect(back).toMatchObject({ status: 'draft', confirmed: null, confirmedStale: false });
    expect((await refused('dailyReport.unconfirm', { date: D })).code).toBe('CONFLICT');
  });

  it('sign: a clerk or a wrong PIN is refused and audited; the manager signs; the snapshot stays as signed', async () => {
    const { view, update } = await ready();
    // Not confirmed yet: nothing to sign.
    const early = await refused('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '2222',
      fingerprint: view.fingerprint,
    });
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toContain('还没有核对确认');
    await t.must('dailyReport.confirm', { date: D, fingerprint: view.fingerprint });

    const clerk = await refused('dailyReport.sign', {
      date: D,
      signerId: await userId('小王'),
      pin: '1111',
      fingerprint: view.fingerprint,
    });
    expect(clerk).toMatchObject({ code: 'FORBIDDEN', message: '只有服务经理可以签字：小王 是 信息员' });
    const wrongPin = await refused('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '9999',
      fingerprint: view.fingerprint,
    });
    expect(wrongPin.code).toBe('VALIDATION');
    expect(wrongPin.message).toBe('PIN 密码：PIN 不对，请服务经理重新输入');
    expect(wrongPin.details?.fields?.[0]?.path).toBe('pin');
    const refusals = await auditRows('dailyReport.signRefused');
    expect(refusals.map((r) => JSON.parse(r.after_json))).toEqual([
      { date: D, version: 1, signerId: await userId('小王'), signer: '小王', reason: 'not_manager' },
      { date: D, version: 1, signerId: await userId('李经理'), signer: '李经理', reason: 'wrong_pin' },
    ]);
    expect(refusals.every((r) => r.actor === '小王' && r.entity === 'daily_report_version')).toBe(true);
    expect((await t.must('dailyReport.get', { date: D })).status).toBe('ready');

    const signed = await t.must('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '2222',
      fingerprint: view.fingerprint,
    });
    expect(signed).toMatchObject({ status: 'signed', version: 1, liveDiffers: false });
    expect(signed.signed).toEqual({
      version: 1,
      by: '李经理',
      byUserId: await userId('李经理'),
      at: '2026-11-22T10:00:00+08:00',
    });
    expect(signed.versions).toHaveLength(1);
    expect(signed.versions[0]).toMatchObject({
      version: 1,
      status: 'signed',
      signedBy: '李经理',
      confirmedBy: '小王',
      totals: { laborFen: 52000, partsFen: 78000, totalFen: 130000 },
    });
    const signAudit = await auditRows('dailyReport.sign');
    expect(signAudit).toHaveLength(1);
    expect(signAudit[0]!.actor).toBe('小王');
    expect(JSON.parse(signAudit[0]!.after_json).signer).toEqual({ id: await userId('李经理'), name: '李经理' });

    // Signing again is refused.
    expect(
      (
        await refused('dailyReport.sign', {
          date: D,
          signerId: await userId('李经理'),
          pin: '2222',
          fingerprint: view.fingerprint,
        })
      ).code,
    ).toBe('CONFLICT');

    // An RO changes after signing: the report still shows what was signed; the live figures differ.
    await update('RO2611210003', { laborFen: 30000 });
    const after = await t.must('dailyReport.get', { date: D });
    expect(after.status).toBe('signed');
    expect(after.figures.totals).toEqual({ laborFen: 52000, partsFen: 78000, totalFen: 130000 });
    expect(after.fingerprint).toBe(view.fingerprint);
    expect(after.liveDiffers).toBe(true);
    const snapshot = await t.must('dailyReport.version', { date: D, version: 1 });
    expect(snapshot.figures).toEqual(view.figures);
    expect(snapshot).toMatchObject({ version: 1, fingerprint: view.fingerprint, confirmedBy: '小王', reason: '' });
    expect(snapshot.signature.by).toBe('李经理');

    // Paper entries are frozen with it.
    const frozen = await refused('dailyReport.savePaperEntry', {
      date: D,
      roNumber: 'RO2611210020',
      type: 'repair',
      status: 'in_repair',
      openedOn: D,
    });
    expect(frozen.code).toBe('CONFLICT');
    expect(frozen.message).toContain('已签字的日报不能修改，请先点“更正”');
    expect((await refused('dailyReport.confirm', { date: D, fingerprint: after.fingerprint })).code).toBe('CONFLICT');

    // A correction: version 2, a draft with its reason, built from the archive now (04 is 10000 more).
    const v2 = await t.must('dailyReport.startCorrection', { date: D, reason: 'RO2611210003 工时费录错，更正' });
    expect(v2).toMatchObject({
      version: 2,
      status: 'draft',
      reason: 'RO2611210003 工时费录错，更正',
      liveDiffers: false,
    });
    expect(v2.figures.totals).toEqual({ laborFen: 62000, partsFen: 78000, totalFen: 140000 });
    expect(v2.signed?.version).toBe(1);
    expect(v2.versions.map((x) => [x.version, x.status])).toEqual([
      [2, 'draft'],
      [1, 'signed'],
    ]);
    await t.must('dailyReport.confirm', { date: D, fingerprint: v2.fingerprint });
    const signed2 = await t.must('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '2222',
      fingerprint: v2.fingerprint,
    });
    expect(signed2).toMatchObject({ version: 2, status: 'signed', liveDiffers: false });
    expect(signed2.versions.map((x) => [x.version, x.status, x.totals?.totalFen])).toEqual([
      [2, 'signed', 140000],
      [1, 'signed', 130000],
    ]);
    expect((await t.must('dailyReport.version', { date: D, version: 1 })).figures.totals.totalFen).toBe(130000);
    expect((await t.must('dailyReport.version', { date: D, version: 2 })).reason).toBe('RO2611210003 工时费录错，更正');
    expect(await auditRows('dailyReport.startCorrection')).toHaveLength(1);

    // A version that does not exist.
    const missing = await refused('dailyReport.version', { date: D, version: 3 });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('没有第 3 版日报');

    // The archive keeps signed rows as signed: the triggers refuse raw changes.
    await expect(
      t.archive.db
        .updateTable('daily_report_version')
        .set({ reason: 'x' })
        .where('day', '=', D)
        .where('version', '=', 1)
        .execute(),
    ).rejects.toThrow(/frozen/);
    await expect(
      t.archive.db.deleteFrom('daily_report_version').where('day', '=', D).where('version', '=', 1).execute(),
    ).rejects.toThrow(/kept/);
  });

  it('sign is refused when the figures changed after the tally, and for an unconfirmed correction', async () => {
    const { view, update } = await ready();
    await t.must('dailyReport.confirm', { date: D, fingerprint: view.fingerprint });
    await update('RO2611210003', { partsFen: 16000 });
    const e = await refused('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '2222',
      fingerprint: view.fingerprint,
    });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('在核对确认之后有变化');
    expect((await t.must('dailyReport.get', { date: D })).status).toBe('ready');
    // startCorrection needs a signed version.
    const c = await refused('dailyReport.startCorrection', { date: D, reason: '测试' });
    expect(c.code).toBe('CONFLICT');
    expect(c.message).toContain('还没有签字');
  });

  it('two counters at once: one confirm makes version 1; of two managers signing, one signs, the other is told', async () => {
    const { view } = await ready();
    // Nothing written for the day yet: both confirms would make version 1.
    const [c1, c2] = await Promise.all([
      t.must('dailyReport.confirm', { date: D, fingerprint: view.fingerprint }),
      t.must('dailyReport.confirm', { date: D, fingerprint: view.fingerprint }),
    ]);
    expect([c1.version, c2.version, c1.status, c2.status]).toEqual([1, 1, 'ready', 'ready']);
    expect(await t.archive.db.selectFrom('daily_report_version').select(['version', 'status']).execute()).toEqual([
      { version: 1, status: 'ready' },
    ]);

    // A second manager at the other counter: both sign at the same moment.
    await t.loginAs('admin');
    await t.must('users.create', { name: '赵经理', role: 'manager', pin: '4444' });
    await t.loginAs('clerk');
    const [s1, s2] = await Promise.all([
      t.call('dailyReport.sign', {
        date: D,
        signerId: await userId('李经理'),
        pin: '2222',
        fingerprint: view.fingerprint,
      }),
      t.call('dailyReport.sign', {
        date: D,
        signerId: await userId('赵经理'),
        pin: '4444',
        fingerprint: view.fingerprint,
      }),
    ]);
    expect([s1.ok, s2.ok].sort()).toEqual([false, true]);
    const won = s1.ok ? s1.value : s2.ok ? s2.value : null;
    const lost = s1.ok ? s2 : s1;
    if (lost.ok || !won?.signed) throw new Error('exactly one signature was expected');
    expect(lost.error.code).toBe('CONFLICT');
    expect(lost.error.message).toContain(`${D} 的日报第 1 版已经由 ${won.signed.by} 于`);
    expect(lost.error.message).toContain('签字，不需要再签');
    const rows = await t.archive.db.selectFrom('daily_report_version').selectAll().execute();
    expect(rows.map((r) => [r.version, r.status, r.signed_by])).toEqual([[1, 'signed', won.signed.by]]);
    expect(JSON.parse(rows[0]!.snapshot_json!).signature.by).toBe(won.signed.by);
    expect(await auditRows('dailyReport.sign')).toHaveLength(1);

    // Two corrections at once: one makes version 2, the other finds it there.
    const [k1, k2] = await Promise.all([
      t.call('dailyReport.startCorrection', { date: D, reason: '更正一' }),
      t.call('dailyReport.startCorrection', { date: D, reason: '更正二' }),
    ]);
    expect([k1.ok, k2.ok].sort()).toEqual([false, true]);
    const k = k1.ok ? k2 : k1;
    expect(k.ok || k.error.message).toContain('第 2 版还没有签字');
    expect((await t.archive.db.selectFrom('daily_report_version').select('version').execute()).length).toBe(2);
  });

  it('a version not signed has no snapshot to show', async () => {
    const { view } = await ready();
    await t.must('dailyReport.confirm', { date: D, fingerprint: view.fingerprint });
    const e = await refused('dailyReport.version', { date: D, version: 1 });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('还没有签字');
  });

  it('only clerks, managers and admins tally; an advisor is refused', async () => {
    const { view } = await ready();
    await t.must('session.login', { userId: await userId('管理员'), pin: '1234' });
    await t.must('users.create', { name: '小赵', role: 'advisor', pin: '3333' });
    await t.must('session.login', { userId: await userId('小赵'), pin: '3333' });
    const e = await refused('dailyReport.confirm', { date: D, fingerprint: view.fingerprint });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('当前用户 小赵 是服务顾问');
  });
});

describe('paper entries (纸质补录)', () => {
  it('refuses numbers in the archive or already entered; totals default to labour + parts; edits and removes', async () => {
    const { p1, p2 } = await arrange();
    expect(p1).toMatchObject({ roNumber: 'RO2611210009', totalFen: 7000, createdBy: '小王', advisor: '赵顾问' });
    expect(p2).toMatchObject({ plate: null, advisor: '', totalFen: 0 });
    const inArchive = await refused('dailyReport.savePaperEntry', {
      date: D,
      roNumber: 'ro2611210001',
      type: 'repair',
      status: 'in_repair',
      openedOn: D,
    });
    expect(inArchive).toMatchObject({
      code: 'CONFLICT',
      message: '工单号：系统里已有工单 RO2611210001，不需要纸质补录',
    });
    const twice = await refused('dailyReport.savePaperEntry', {
      date: D,
      roNumber: 'RO2611210009',
      type: 'repair',
      status: 'in_repair',
      openedOn: D,
    });
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toContain('已经补录过工单 RO2611210009');
    const tooSmall = await refused('dailyReport.savePaperEntry', {
      date: D,
      roNumber: 'RO2611210010',
      type: 'repair',
      status: 'delivered',
      openedOn: D,
      laborFen: 100,
      partsFen: 100,
      totalFen: 150,
    });
    expect(tooSmall.code).toBe('VALIDATION');
    // Other fees make the total larger than labour + parts.
    const bigger = await t.must('dailyReport.savePaperEntry', {
      date: D,
      roNumber: 'RO2611210010',
      type: 'repair',
      status: 'delivered',
      openedOn: D,
      laborFen: 100,
      partsFen: 100,
      totalFen: 500,
    });
    expect(bigger.totalFen).toBe(500);
    // Edit P1: now in repair, not delivered.
    const edited = await t.must('dailyReport.savePaperEntry', {
      id: p1.id,
      date: D,
      roNumber: 'RO2611210009',
      advisor: '赵顾问',
      type: 'repair',
      status: 'in_repair',
      openedOn: D,
      laborFen: 5000,
      partsFen: 2000,
    });
    expect(edited).toMatchObject({ id: p1.id, status: 'in_repair', totalFen: 7000 });
    const v = await t.must('dailyReport.get', { date: D });
    // Delivered: 02, 04, 05, 09 + RO2611210010 (500) → total 123000 + 500.
    expect(v.figures.totals.totalFen).toBe(123500);
    expect(v.figures.inRepair).toBe(5);
    const removed = await t.must('dailyReport.removePaperEntry', { date: D, id: bigger.id });
    expect(removed.figures.totals.totalFen).toBe(123000);
    const gone = await refused('dailyReport.removePaperEntry', { date: D, id: bigger.id });
    expect(gone.code).toBe('NOT_FOUND');
    // Every change is in the audit log; the first change of the day made version 1.
    expect(await auditRows('dailyReport.addPaperEntry')).toHaveLength(3);
    expect(await auditRows('dailyReport.updatePaperEntry')).toHaveLength(1);
    expect(await auditRows('dailyReport.removePaperEntry')).toHaveLength(1);
    expect(v.versions.map((x) => [x.version, x.status, x.createdBy])).toEqual([[1, 'draft', '小王']]);
  });
});

describe('for the export and the CLI', () => {
  it('reportForPrint and json give the signed snapshot for a signed day, the live report otherwise', async () => {
    await arrange();
    await reconcile();
    // The services the export helper and the CLI are given, on the same archive.
    const s = createServices(t.archive, clock);
    const live = await s.dailyReports.json(D);
    expect(live).toMatchObject({
      date: D,
      status: 'draft',
      version: 1,
      opened: 5,
      delivered: 5,
      inRepair: 4,
      completed: 2,
      settled: 3,
      totals: { laborFen: 52000, partsFen: 78000, totalFen: 130000 },
      signed: null,
    });
    const v = await t.must('dailyReport.get', { date: D });
    await t.must('dailyReport.confirm', { date: D, fingerprint: v.fingerprint });
    await t.must('dailyReport.sign', {
      date: D,
      signerId: await userId('李经理'),
      pin: '2222',
      fingerprint: v.fingerprint,
    });
    const printed = await s.dailyReports.reportForPrint(D, 1);
    expect(printed).toMatchObject({ version: 1, status: 'signed', confirmed: { by: '小王' } });
    expect(printed.signature?.by).toBe('李经理');
    const current = await s.dailyReports.reportForPrint(D);
    expect(current.signature?.version).toBe(1);
    expect((await s.dailyReports.json(D)).signed).toEqual({
      by: '李经理',
      at: '2026-11-22T10:00:00+08:00',
      version: 1,
    });
  });
});
