/**
 * 外出服务单 on a real archive behind the real dispatcher, with a fixed store clock: signed out by
 * the clerk at the counter (vehicle and customer from the RO), listed (out first, by month), changed
 * (a closed order only its note and RO), closed on return (km), and every bad input refused in
 * Chinese naming the field with nothing saved: a second order with the same 服务令号, an odometer
 * back lower than at departure, a return before departure or in the future, unknown RO / vehicle,
 * a stale version, closing twice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { rowCounts, VIN_A } from '../support/archive';
import { clerkArchiveEachTest, local, refused } from '../support/filing';

const TODAY = '2026-11-20';
const arch = clerkArchiveEachTest(`${TODAY}T10:00:00`);
const { at, run, all } = arch;

let owner: number;
let car: number;
let roId: number;
beforeEach(async () => {
  owner = (await arch.t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  car = (await arch.t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: owner })).record
    .id;
  const opened = local('2026-11-19', '08:30:00');
  roId = Number(
    (
      await run(
        `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status,
         created_at, updated_at) VALUES ('RO2611001', ?, ?, '王顾问', ?, 'warranty', 'in_repair', ?, ?)`,
        car,
        owner,
        opened,
        opened,
        opened,
      )
    ).lastInsertRowid,
  );
});

const signOut = (o: Record<string, unknown> = {}) =>
  arch.t.call('outsideService.signOut', {
    orderNo: 'FW2611-001',
    place: '京承高速 12 公里处',
    staff: '李师傅、赵师傅',
    device: '诊断仪 VAS6150',
    odometerOut: 52_300,
    ...o,
  });
const mustSignOut = async (o: Record<string, unknown> = {}) => {
  const r = await signOut(o);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('sign out (派出)', () => {
  it('is signed out by the user at the counter, now, with the vehicle and customer from the RO; audited', async () => {
    const o = await mustSignOut({ roId, fault: '客户电话：高速上抛锚，无法启动' });
    expect(o).toMatchObject({
      orderNo: 'FW2611-001',
      roId,
      roNumber: 'RO2611001',
      roType: 'warranty',
      vehicleId: car,
      plate: '京A12345',
      vin: VIN_A,
      customerId: owner,
      customerName: '张三',
      state: 'out',
      signedOutBy: '小王',
      outAt: '2026-11-20T10:00:00+08:00',
      odometerOut: 52_300,
      backAt: null,
      km: null,
      version: 1,
    });
    expect(await arch.t.must('outsideService.get', { id: o.id })).toEqual(o);
    const audit = await all<{ action: string; entity: string; actor: string }>(
      "SELECT action, entity, actor FROM audit_log WHERE entity = 'outside_service'",
    );
    expect(audit).toEqual([{ action: 'outsideService.signOut', entity: 'outside_service', actor: '小王' }]);
  });

  it('refuses a second order with the same 服务令号, naming the order that has it; nothing saved', async () => {
    await mustSignOut();
    const before = await rowCounts(arch.t.archive);
    const e = await refused(signOut({ staff: '周师傅', place: '别处' }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.fields?.[0]).toMatchObject({ path: 'orderNo', label: '服务令号' });
    expect(e.message).toContain('FW2611-001');
    expect(e.message).toContain('李师傅、赵师傅');
    expect(await rowCounts(arch.t.archive)).toEqual(before);
  });

  it('refuses an RO, vehicle or customer that does not exist, and a departure after today', async () => {
    const before = await rowCounts(arch.t.archive);
    expect((await refused(signOut({ roId: 9999 }))).details?.fields?.[0]?.label).toBe('修理单');
    expect((await refused(signOut({ vehicleId: 9999 }))).details?.fields?.[0]?.label).toBe('车辆');
    expect((await refused(signOut({ customerId: 9999 }))).details?.fields?.[0]?.label).toBe('客户');
    expect((await refused(signOut({ outAt: '2026-11-21 08:00' }))).details?.fields?.[0]?.label).toBe('派出时间');
    expect((await refused(signOut({ place: '  ' }))).code).toBe('VALIDATION');
    expect(await rowCounts(arch.t.archive)).toEqual(before);
  });

  it('takes the departure time given (earlier today) and a vehicle without an RO', async () => {
    const o = await mustSignOut({ outAt: '2026-11-20 07:45', vehicleId: car });
    expect(o.outAt).toBe('2026-11-20T07:45:00+08:00');
    expect(o).toMatchObject({ roId: null, vehicleId: car, customerId: null, plate: '京A12345' });
  });
});

describe('close (返回)', () => {
  it('closes with the time and odometer back; km = back − out; it reaches nothing else; audited', async () => {
    const o = await mustSignOut({ outAt: '2026-11-20 07:45' });
    at(`${TODAY}T15:30:00`);
    const closed = await arch.t.must('outsideService.close', {
      id: o.id,
      version: o.version,
      odometerBack: 52_386,
      roId,
    });
    expect(closed).toMatchObject({
      state: 'closed',
      backAt: '2026-11-20T15:30:00+08:00',
      odometerBack: 52_386,
      km: 86,
      closedBy: '小王',
      roId,
      vehicleId: car,
      customerId: owner,
      version: 2,
    });
    const audit = await all<{ action: string; after_json: string }>(
      "SELECT action, after_json FROM audit_log WHERE action = 'outsideService.close'",
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({ km: 86, odometerBack: 52_386 });
  });

  it('refuses an odometer lower than at departure, naming 返回里程 and the departure figure; nothing saved', async () => {
    const o = await mustSignOut();
    const before = await rowCounts(arch.t.archive);
    const e = await refused(
      arch.t.call('outsideService.close', { id: o.id, version: o.version, odometerBack: 52_299 }),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.fields?.[0]).toMatchObject({ path: 'odometerBack', label: '返回里程' });
    expect(e.message).toContain('52300');
    expect(await rowCounts(arch.t.archive)).toEqual(before);
    expect((await arch.t.must('outsideService.get', { id: o.id })).state).toBe('out');
  });

  it('refuses a return before departure or in the future, a stale version, and closing twice', async () => {
    const o = await mustSignOut({ outAt: '2026-11-20 08:00' });
    const before = await rowCounts(arch.t.archive);
    const early = await refused(
      arch.t.call('outsideService.close', { id: o.id, version: 1, backAt: '2026-11-20 07:59', odometerBack: 52_400 }),
    );
    expect(early.details?.fields?.[0]).toMatchObject({ path: 'backAt', label: '返回时间' });
    const future = await refused(
      arch.t.call('outsideService.close', { id: o.id, version: 1, backAt: '2026-11-20 10:30', odometerBack: 52_400 }),
    );
    expect(future.details?.fields?.[0]?.label).toBe('返回时间');
    const stale = await refused(arch.t.call('outsideService.close', { id: o.id, version: 7, odometerBack: 52_400 }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain('其他人已修改');
    const badRo = await refused(
      arch.t.call('outsideService.close', { id: o.id, version: 1, odometerBack: 52_400, roId: 999 }),
    );
    expect(badRo.details?.fields?.[0]?.label).toBe('修理单');
    expect(await rowCounts(arch.t.archive)).toEqual(before);

    // The same odometer as out is 0 km, accepted.
    const closed = await arch.t.must('outsideService.close', { id: o.id, version: 1, odometerBack: 52_300 });
    expect(closed.km).toBe(0);
    const twice = await refused(arch.t.call('outsideService.close', { id: o.id, version: 2, odometerBack: 52_400 }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toContain('已于');
  });

  it('NOT_FOUND in Chinese for an order that does not exist', async () => {
    const e = await refused(arch.t.call('outsideService.get', { id: 4242 }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('外出服务单');
  });
});

describe('update (修改)', () => {
  it('changes an order out; a closed one only its note and RO', async () => {
    const o = await mustSignOut();
    const base = {
      id: o.id,
      roId: null,
      vehicleId: null,
      customerId: null,
      place: o.place,
      fault: o.fault,
      staff: o.staff,
      device: o.device,
      note: '',
    };
    const changed = await arch.t.must('outsideService.update', {
      ...base,
      version: 1,
      staff: '周师傅',
      vehicleId: car,
    });
    expect(changed).toMatchObject({ staff: '周师傅', vehicleId: car, version: 2 });
    expect((await refused(arch.t.call('outsideService.update', { ...base, version: 1 }))).code).toBe('CONFLICT');

    const closed = await arch.t.must('outsideService.close', { id: o.id, version: 2, odometerBack: 52_310 });
    const after = { ...base, staff: '周师傅', vehicleId: car, version: closed.version };
    const before = await rowCounts(arch.t.archive);
    const e = await refused(arch.t.call('outsideService.update', { ...after, place: '另一个地方' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('只能修改备注');
    expect(await rowCounts(arch.t.archive)).toEqual(before);
    const noted = await arch.t.must('outsideService.update', { ...after, note: '客户签字确认', roId });
    expect(noted).toMatchObject({ note: '客户签字确认', roId, km: 10, state: 'closed' });
    expect(
      await all("SELECT id FROM audit_log WHERE action = 'outsideService.update' AND entity = 'outside_service'"),
    ).toHaveLength(2);
  });
});

describe('list (外出服务单)', () => {
  it('shows every order out and the closed ones newest first; by month; by state', async () => {
    const a = await mustSignOut({ orderNo: 'A', outAt: '2026-10-30 09:00' });
    const b = await mustSignOut({ orderNo: 'B', outAt: '2026-11-02 09:00' });
    const c = await mustSignOut({ orderNo: 'C', outAt: '2026-11-20 08:00' });
    await arch.t.must('outsideService.close', {
      id: b.id,
      version: 1,
      backAt: '2026-11-02 12:00',
      odometerBack: 52_400,
    });
    const nos = (list: { orderNo: string }[]) => list.map((o) => o.orderNo);
    expect(nos(await arch.t.must('outsideService.list', {}))).toEqual(['C', 'B', 'A']);
    expect(nos(await arch.t.must('outsideService.list', { state: 'out' }))).toEqual(['C', 'A']);
    expect(nos(await arch.t.must('outsideService.list', { state: 'closed' }))).toEqual(['B']);
    expect(nos(await arch.t.must('outsideService.list', { month: '2026-11' }))).toEqual(['C', 'B']);
    expect(nos(await arch.t.must('outsideService.list', { month: '2026-10', state: 'out' }))).toEqual(['A']);
    expect(nos(await arch.t.must('outsideService.list', { month: '2026-10', state: 'closed' }))).toEqual([]);
    expect(a.id).not.toBe(c.id);
  });
});
