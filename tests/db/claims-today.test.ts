/**
 * 三包/索赔 on the Today board and the end-of-day check, through the real dispatcher with a fixed
 * store clock (default settings: 7 days after settlement, warned 2 days ahead, old parts back in 30
 * days, invoiced by the 5th): claims due soon and not reported, claims past their deadline, rejected
 * claims to fix, old parts due back, outside-service orders not closed, last month's statement not
 * invoiced after the 5th (and not on the 5th), and the done row when the day's claims were reported.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DayTask } from '../../src-shared/domain/today';
import { VIN_A } from '../support/archive';
import { clerkArchiveEachTest, local } from '../support/filing';

const TODAY = '2026-11-20';
const arch = clerkArchiveEachTest(`${TODAY}T10:00:00`);
const { at, run } = arch;

async function claimTasks(date = TODAY): Promise<DayTask[]> {
  return (await arch.t.must('today.tasks', { date })).tasks.filter((task) => task.area === 'claims');
}
const byKey = async (key: string, date = TODAY) => (await claimTasks(date)).find((task) => task.key === key);

let car: number;
let owner: number;
beforeEach(async () => {
  owner = (await arch.t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  car = (await arch.t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: owner })).record
    .id;
});

/** A warranty RO settled on the day (17:00) with one warranty part line. */
async function warrantyRo(no: string, settled: string | null, opened = settled ?? '2026-11-18'): Promise<number> {
  const openedAt = local(opened, '08:30:00');
  const id = Number(
    (
      await run(
        `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status, settled_at,
         payer, created_at, updated_at) VALUES (?, ?, ?, '王顾问', ?, 'warranty', ?, ?, 'warranty', ?, ?)`,
        no,
        car,
        owner,
        openedAt,
        settled ? 'settled' : 'in_repair',
        settled ? local(settled, '17:00:00') : null,
        openedAt,
        openedAt,
      )
    ).lastInsertRowid,
  );
  await run(
    `INSERT INTO ro_part_line (ro_id, line_no, part_number, name, quantity, unit_price_fen, amount_fen, payer)
     VALUES (?, 1, '06H121026DD', '水泵总成', 1, 100000, 100000, 'warranty')`,
    id,
  );
  return id;
}

async function save(roId: number) {
  return arch.t.must('claims.save', {
    roId,
    version: 0,
    claimType: 'warranty',
    deadline: null,
    faultDescription: '水泵漏水',
    cause: '水封老化',
    handling: '更换水泵',
  });
}
async function report(roId: number, reportedOn: string, claimNo: string) {
  const c = await save(roId);
  return arch.t.must('claims.report', { roId, version: c.version, reportedOn, claimNo });
}

describe('claims due (上报期限)', () => {
  it('lists the claims past their deadline and those due within 2 days, not reported; none for the rest', async () => {
    await warrantyRo('RO2611001', '2026-11-11'); // deadline 11-18: overdue
    const today = await warrantyRo('RO2611002', '2026-11-13'); // deadline 11-20: due today
    await warrantyRo('RO2611003', '2026-11-14'); // deadline 11-21: due soon
    await warrantyRo('RO2611004', '2026-11-19'); // deadline 11-26: not yet
    await warrantyRo('RO2611005', null); // not settled: no deadline
    const reported = await warrantyRo('RO2611006', '2026-11-12'); // deadline 11-19, but reported
    await report(reported, '2026-11-19', 'SP-0006');

    const overdue = await byKey('overdue');
    expect(overdue).toMatchObject({ title: '索赔单已过上报期限', count: 1, state: 'open', endOfDay: true });
    expect(overdue?.detail).toContain('RO2611001');
    expect(overdue?.detail).toContain('2026-11-18');
    expect(overdue?.link).toMatch(/^\/claims\/ro\/\d+$/);

    const due = await byKey('due');
    expect(due).toMatchObject({ title: '索赔单即将到期', count: 2, state: 'open', endOfDay: true });
    expect(due?.detail).toContain('RO2611002（京A12345） 今天到期');
    expect(due?.detail).toContain('RO2611003（京A12345） 2026-11-21 到期');
    expect(due?.detail).toContain('今天到期 1 张');
    expect(due?.detail).not.toContain('RO2611004');
    expect(due?.link).toBe('/claims/list?status=draft&dueBefore=2026-11-22');

    // Reported today: off the board.
    await report(today, TODAY, 'SP-0002');
    expect((await byKey('due'))?.count).toBe(1);
  });

  it('says done when the day’s claims were reported and none is due; nothing when nothing happened', async () => {
    expect(await claimTasks()).toEqual([]);
    const ro = await warrantyRo('RO2611001', '2026-11-17');
    await report(ro, TODAY, 'SP-0001');
    expect(await byKey('due')).toMatchObject({ state: 'done', count: null, link: '/claims/list' });
    expect((await byKey('due'))?.detail).toContain('当天上报了 1 张索赔单');
  });

  it('lists rejected claims to fix and report again', async () => {
    const ro = await warrantyRo('RO2611001', '2026-11-01');
    const c = await report(ro, '2026-11-02', 'SP-0001');
    await arch.t.must('claims.reject', { roId: ro, version: c.version, rejectedOn: '2026-11-10', reason: '照片不清' });
    const rejected = await byKey('rejected');
    expect(rejected).toMatchObject({ title: '索赔单被驳回', count: 1, state: 'open', link: `/claims/ro/${ro}` });
    expect(rejected?.detail).toContain('RO2611001');
    expect(rejected?.detail).toContain('重新上报');
  });
});

describe('old parts, outside service, the statement', () => {
  it('lists old parts kept past their return day (settlement + 30), not those returned', async () => {
    const due = await warrantyRo('RO2610001', '2026-10-15'); // back by 11-14
    const notYet = await warrantyRo('RO2610002', '2026-10-25'); // back by 11-24
    await report(due, '2026-10-16', 'SP-0001');
    await report(notYet, '2026-10-26', 'SP-0002');
    const row = await byKey('old-parts');
    expect(row).toMatchObject({ title: '旧件到期未返厂', count: 1, state: 'open', endOfDay: true });
    expect(row?.detail).toContain('RO2610001');
    expect(row?.link).toBe('/claims/old-parts?due=1');
    expect(await byKey('old-parts', '2026-11-13')).toBeUndefined();
    at('2026-11-24T10:00:00');
    expect((await byKey('old-parts', '2026-11-24'))?.count).toBe(2);
    at(`${TODAY}T10:00:00`);

    const parts = await arch.t.must('oldParts.list', { dueBefore: TODAY });
    await arch.t.must('oldParts.return', { ids: parts.map((p) => p.id), returnedOn: TODAY, waybill: 'SF123' });
    expect(await byKey('old-parts')).toBeUndefined();
  });

  it('lists outside-service orders not closed by the end of the day', async () => {
    const o = await arch.t.must('outsideService.signOut', {
      orderNo: 'FW-001',
      place: '京承高速',
      staff: '李师傅',
      odometerOut: 1000,
      outAt: '2026-11-19 15:00',
    });
    const row = await byKey('outside');
    expect(row).toMatchObject({ title: '外出服务未返回', count: 1, state: 'open', link: '/claims/outside?state=out' });
    expect(row?.detail).toContain('FW-001（李师傅）');
    // Before it went out: nothing.
    expect(await byKey('outside', '2026-11-18')).toBeUndefined();
    await arch.t.must('outsideService.close', { id: o.id, version: o.version, odometerBack: 1080 });
    // Closed today: the 19th's end-of-day check still says it was out overnight; today says nothing.
    expect((await byKey('outside', '2026-11-19'))?.count).toBe(1);
    expect(await byKey('outside')).toBeUndefined();
  });

  it("says last month's statement is not invoiced after the 5th (not on the 5th), until it is invoiced", async () => {
    const ro = await warrantyRo('RO2610001', '2026-10-08');
    const c = await report(ro, '2026-10-09', 'SP-0001');
    await arch.t.must('claims.approve', {
      roId: ro,
      version: c.version,
      approvedOn: '2026-10-20',
      approvedFen: 88_000,
    });
    // A claim approved this month is not last month's.
    const row = await byKey('statement');
    expect(row).toMatchObject({
      title: '服务费未开票',
      count: 1,
      state: 'open',
      link: '/claims/statements?month=2026-10',
    });
    expect(row?.detail).toContain('10月审核通过 1 张索赔单，共 ¥880.00');
    expect(row?.detail).toContain('申请向厂家开票');

    at('2026-11-05T10:00:00');
    expect(await byKey('statement', '2026-11-05')).toBeUndefined();
    at('2026-11-06T10:00:00');
    expect(await byKey('statement', '2026-11-06')).toBeDefined();

    at(`${TODAY}T10:00:00`);
    let s = await arch.t.must('statements.requestInvoice', { month: '2026-10', version: 0, requestedOn: '2026-11-06' });
    expect((await byKey('statement'))?.detail).toContain('催站长开票');
    s = await arch.t.must('statements.recordInvoice', {
      month: '2026-10',
      version: s.version,
      invoiceNo: 'NO.1',
      invoiceOn: '2026-11-10',
    });
    expect(await byKey('statement')).toBeUndefined();
    // September had no approved claims: nothing on October's board either.
    at('2026-10-20T10:00:00');
    expect(await byKey('statement', '2026-10-20')).toBeUndefined();
  });
});
