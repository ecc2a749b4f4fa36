import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSetUpArchive, rowCounts, type TestArchive, VIN_A, VIN_B } from '../support/archive';

let t: TestArchive;
beforeEach(async () => {
  t = await openSetUpArchive();
});
afterEach(async () => {
  await t.close();
});

async function arrange() {
  const zhang = await t.must('customers.create', {
    name: '张三',
    mobile: '+86 138 0013 8000',
    address: '北京市朝阳区建国路88号',
    postalCode: '100022',
  });
  const wang = await t.must('customers.create', { name: '王芳', mobile: '13912345678', otherPhones: ['010 87654321'] });
  const car = await t.must('vehicles.create', {
    plate: '京A12345',
    vin: VIN_A,
    model: '朗逸',
    ownerId: zhang.record.id,
  });
  const ev = await t.must('vehicles.create', {
    plate: '京AD23456',
    vin: VIN_B,
    model: 'ID.4',
    ownerId: wang.record.id,
  });
  return { zhang: zhang.record, wang: wang.record, car: car.record, ev: ev.record };
}

describe('repair orders', () => {
  it('sums labour and parts lines into the totals, defaults the customer to the owner, records mileage', async () => {
    const { car, zhang } = await arrange();
    const saved = await t.must('repairOrders.create', {
      roNumber: 'RO2611200001',
      vehicleId: car.id,
      openedAt: '2026-11-20 09:15',
      mileageIn: 12_000,
      type: 'periodic_service',
      status: 'settled',
      deliveredAt: '2026-11-20 16:00',
      settledAt: '2026-11-20 16:05',
      laborLines: [
        { description: '更换机油机滤', amountFen: 12_000 },
        { description: '四轮定位', amountFen: 18_800 },
      ],
      partLines: [
        { partNumber: '06L115562', name: '机油滤清器', quantity: 1, unitPriceFen: 6_850, amountFen: 6_850 },
        { name: '机油 5W-30', quantity: 4.5, unitPriceFen: 9_900, amountFen: 44_550 },
      ],
    });
    const ro = saved.record;
    expect(ro.laborFen).toBe(30_800);
    expect(ro.partsFen).toBe(51_400);
    expect(ro.totalFen).toBe(82_200);
    expect(ro.customerId).toBe(zhang.id);
    expect(ro.partLines[1]!.quantity).toBe(4.5);
    const v = await t.must('vehicles.get', { id: car.id });
    expect(v.latestMileage).toBe(12_000);
    expect(v.history).toHaveLength(1);
    expect(v.history[0]).toMatchObject({
      roNumber: 'RO2611200001',
      mileageIn: 12_000,
      type: 'periodic_service',
      work: '更换机油机滤、四轮定位',
      totalFen: 82_200,
    });
  });

  it('refuses a part line whose amount is not quantity × price, and a settled order without its time', async () => {
    const { car } = await arrange();
    const before = await rowCounts(t.archive);
    const r = await t.call('repairOrders.create', {
      roNumber: 'RO2611200002',
      vehicleId: car.id,
      openedAt: '2026-11-20 09:15',
      type: 'repair',
      partLines: [{ name: '刹车片', quantity: 2, unitPriceFen: 10_000, amountFen: 15_000 }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('材料第 1 行');
    const s = await t.call('repairOrders.create', {
      roNumber: 'RO2611200003',
      vehicleId: car.id,
      openedAt: '2026-11-20 09:15',
      type: 'repair',
      status: 'settled',
    });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.message).toMatch(/交车时间|结算时间/);
    const early = await t.call('repairOrders.create', {
      roNumber: 'RO2611200004',
      vehicleId: car.id,
      openedAt: '2026-11-20 09:15',
      type: 'repair',
      completedAt: '2026-11-19 10:00',
    });
    expect(early.ok).toBe(false);
    expect(await rowCounts(t.archive)).toEqual(before);
  });

  it('warns, but saves, when mileage goes backwards', async () => {
    const { car } = await arrange();
    await t.must('repairOrders.create', {
      roNumber: 'RO1001',
      vehicleId: car.id,
      openedAt: '2026-10-01 09:00',
      mileageIn: 20_000,
      type: 'repair',
    });
    const later = await t.must('repairOrders.create', {
      roNumber: 'RO1002',
      vehicleId: car.id,
      openedAt: '2026-11-01 09:00',
      mileageIn: 2_000,
      type: 'repair',
    });
    expect(later.warnings.join()).toMatch(/低于.*20000/);
    const manual = await t.must('vehicles.addMileage', { vehicleId: car.id, readOn: '2026-11-10', mileage: 21_000 });
    expect(manual.warnings).toEqual([]);
    expect(manual.record.mileageReadings).toHaveLength(3);
  });

  it('updates replace the lines and the mileage reading of that order, audited with before and after', async () => {
    const { car } = await arrange();
    const created = await t.must('repairOrders.create', {
      roNumber: 'RO2001',
      vehicleId: car.id,
      openedAt: '2026-11-21 09:00',
      mileageIn: 5000,
      type: 'first_service',
      laborLines: [{ description: '首次保养', amountFen: 0 }],
    });
    const { record } = await t.must('repairOrders.update', {
      id: created.record.id,
      roNumber: 'RO2001',
      vehicleId: car.id,
      openedAt: '2026-11-21 09:00',
      mileageIn: 5100,
      type: 'first_service',
      status: 'settled',
      deliveredAt: '2026-11-21 11:00',
      settledAt: '2026-11-21 11:00',
      laborLines: [
        { description: '首次保养', amountFen: 0 },
        { description: '洗车', amountFen: 3000 },
      ],
    });
    expect(record.laborLines).toHaveLength(2);
    expect(record.totalFen).toBe(3000);
    const v = await t.must('vehicles.get', { id: car.id });
    expect(v.mileageReadings.map((m) => m.mileage)).toEqual([5100]);
    const audit = await t.archive.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'repair_order')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([{ action: 'repairOrder.create' }, { action: 'repairOrder.update' }]);
  });
});

describe('quick search', () => {
  it('finds by plate fragment, phone whole and last 4, VIN whole/last 6/last 8, 2-character name, pinyin initials, RO number', async () => {
    const { zhang, wang, car, ev } = await arrange();
    await t.must('repairOrders.create', {
      roNumber: 'RO2611220007',
      vehicleId: car.id,
      openedAt: '2026-11-22 08:30',
      type: 'repair',
    });
    const top = async (text: string) => (await t.must('search.quick', { text }))[0];
    expect(await top('京A12')).toMatchObject({ kind: 'vehicle', id: car.id, matchedOn: 'plate' });
    expect(await top('a123')).toMatchObject({ kind: 'vehicle', id: car.id });
    expect(await top('D234')).toMatchObject({ kind: 'vehicle', id: ev.id });
    expect(await top('13800138000')).toMatchObject({ kind: 'customer', id: zhang.id, exact: true });
    expect(await top('8000')).toMatchObject({ kind: 'customer', id: zhang.id, matchedOn: 'phone', exact: true });
    expect(await top('4321')).toMatchObject({ kind: 'customer', id: wang.id });
    expect(await top(VIN_A)).toMatchObject({ kind: 'vehicle', id: car.id, matchedOn: 'vin', exact: true });
    expect(await top(VIN_A.slice(-6))).toMatchObject({ kind: 'vehicle', id: car.id, exact: true });
    expect(await top(VIN_B.slice(-8).toLowerCase())).toMatchObject({ kind: 'vehicle', id: ev.id, exact: true });
    expect(await top('王芳')).toMatchObject({ kind: 'customer', id: wang.id, matchedOn: 'name', exact: true });
    expect(await top('zs')).toMatchObject({ kind: 'customer', id: zhang.id, matchedOn: 'pinyin' });
    expect(await top('wangfang')).toMatchObject({ kind: 'customer', id: wang.id });
    expect(await top('RO2611220007')).toMatchObject({ kind: 'repairOrder', matchedOn: 'roNumber', exact: true });
    expect(await top('ｒｏ２６１１２２')).toMatchObject({ kind: 'repairOrder' });
  });

  it('treats FTS syntax, wildcards, quotes and NUL as plain text', async () => {
    await arrange();
    for (const text of ['"', '*', 'NEAR(a b)', "' OR 1=1 --", '%', '_', '\u0000', 'A12\u0000', '京A12"*']) {
      const r = await t.call('search.quick', { text });
      expect(r.ok, text).toBe(true);
    }
    const nul = await t.must('search.quick', { text: '京A\u000012' });
    expect(nul[0]?.title).toBe('京A12345');
    expect(await t.must('search.quick', { text: '   ' })).toEqual([]);
  });

  it('lists the customer vehicles right after the customer: last 4 of the phone finds the car', async () => {
    const { zhang, car } = await arrange();
    const hits = await t.must('search.quick', { text: '8000' });
    expect(hits.slice(0, 2).map((h) => [h.kind, h.id, h.matchedOn, h.viaOwner ?? false])).toEqual([
      ['customer', zhang.id, 'phone', false],
      ['vehicle', car.id, 'phone', true],
    ]);
    expect(hits[1]?.title).toBe('京A12345');
    const byPlate = await t.must('search.quick', { text: '京A12345' });
    expect(byPlate.filter((h) => h.kind === 'vehicle')).toHaveLength(1);
  });

  it('with a kind, brings related records: the owner finds the car, the car finds the owner', async () => {
    const { zhang, car, ev } = await arrange();
    await t.must('repairOrders.create', {
      roNumber: 'RO2611220099',
      vehicleId: ev.id,
      openedAt: '2026-11-22 08:30',
      type: 'repair',
    });
    const cars = await t.must('search.quick', { text: '张三', kind: 'vehicle' });
    expect(cars.map((h) => [h.kind, h.id, h.title])).toEqual([['vehicle', car.id, '京A12345']]);
    expect(cars[0]?.matchedOn).toBe('name');
    const byPhone = await t.must('search.quick', { text: '8000', kind: 'vehicle' });
    expect(byPhone[0]).toMatchObject({ id: car.id, matchedOn: 'phone' });
    const owners = await t.must('search.quick', { text: '京A12', kind: 'customer' });
    expect(owners.map((h) => h.id)).toEqual([zhang.id]);
    const fromOrder = await t.must('search.quick', { text: 'RO2611220099', kind: 'vehicle' });
    expect(fromOrder.map((h) => h.id)).toEqual([ev.id]);
    expect(await t.must('search.quick', { text: '张三', kind: 'repairOrder' })).toEqual([]);
  });

  it('knows compound surnames: 欧阳明辉 is found by 明辉, not by 阳明辉', async () => {
    const c = await t.must('customers.create', { name: '欧阳明辉' });
    expect((await t.must('search.quick', { text: '明辉' }))[0]).toMatchObject({ id: c.record.id, exact: true });
    expect((await t.must('search.quick', { text: 'oymh' }))[0]).toMatchObject({ id: c.record.id });
    expect(await t.must('search.quick', { text: '阳明辉' })).toEqual([]);
  });

  it('follows edits: an old phone no longer finds the customer, the new one does', async () => {
    const { zhang } = await arrange();
    await t.must('customers.update', { id: zhang.id, name: '张三', mobile: '13700001111' });
    expect((await t.must('search.quick', { text: '8000' })).filter((h) => h.kind === 'customer')).toEqual([]);
    expect((await t.must('search.quick', { text: '1111' }))[0]).toMatchObject({ id: zhang.id });
  });

  it('returns at most 50 results, exact ones first', async () => {
    for (let i = 0; i < 60; i++) {
      await t.must('customers.create', {
        name: `张${String.fromCodePoint(0x4e00 + i * 7)}`,
        mobile: `1380000${String(1000 + i).padStart(4, '0')}`,
      });
    }
    const hits = await t.must('search.quick', { text: '张' });
    expect(hits).toHaveLength(50);
    const exact = await t.must('search.quick', { text: '1001' });
    expect(exact[0]?.exact).toBe(true);
  });
});

describe('lists', () => {
  it('pages and sorts on the server', async () => {
    await arrange();
    for (let i = 0; i < 25; i++) await t.must('customers.create', { name: `客户${String(i).padStart(2, '0')}` });
    const p1 = await t.must('customers.list', { page: 1, pageSize: 10, sort: 'name', order: 'asc' });
    const p3 = await t.must('customers.list', { page: 3, pageSize: 10, sort: 'name', order: 'asc' });
    expect(p1.total).toBe(27);
    expect(p1.rows).toHaveLength(10);
    expect(p3.rows).toHaveLength(7);
    const names = p1.rows.map((r) => r.name);
    expect([...names].sort()).toEqual(names);
    const all = await t.must('customers.list', { page: 1, pageSize: 100, sort: 'name', order: 'asc' });
    const pages = [1, 2, 3].map((page) => t.must('customers.list', { page, pageSize: 10, sort: 'name', order: 'asc' }));
    expect((await Promise.all(pages)).flatMap((p) => p.rows.map((r) => r.id))).toEqual(all.rows.map((r) => r.id));
    const vehicles = await t.must('vehicles.list', { sort: 'plate', order: 'asc' });
    expect(vehicles.rows.map((v) => v.plate)).toEqual(['京A12345', '京AD23456']);
    expect(vehicles.rows[0]?.ownerName).toBe('张三');
    const second = await t.must('vehicles.list', { sort: 'plate', order: 'asc', page: 2, pageSize: 1 });
    expect(second.rows.map((v) => v.plate)).toEqual(['京AD23456']);
    expect(second.total).toBe(2);
  });
});

describe('repair order list', () => {
  it('pages through filtered orders in order, with plate and customer joined', async () => {
    const { car, ev } = await arrange();
    for (let i = 0; i < 12; i++) {
      await t.must('repairOrders.create', {
        roNumber: `RO26110${String(i).padStart(5, '0')}`,
        vehicleId: i % 2 === 0 ? car.id : ev.id,
        openedAt: `2026-11-${String(1 + i).padStart(2, '0')} 09:00`,
        type: i % 3 === 0 ? 'first_service' : 'repair',
      });
    }
    const p1 = await t.must('repairOrders.list', { page: 1, pageSize: 5, sort: 'openedAt', order: 'desc' });
    const p3 = await t.must('repairOrders.list', { page: 3, pageSize: 5, sort: 'openedAt', order: 'desc' });
    expect(p1.total).toBe(12);
    expect(p1.rows.map((r) => r.openedAt.slice(0, 10))).toEqual([
      '2026-11-12',
      '2026-11-11',
      '2026-11-10',
      '2026-11-09',
      '2026-11-08',
    ]);
    expect(p3.rows.map((r) => r.roNumber)).toEqual(['RO2611000001', 'RO2611000000']);
    expect(p1.rows[0]).toMatchObject({ plate: '京AD23456', customerName: '王芳' });
    const filtered = await t.must('repairOrders.list', {
      type: 'first_service',
      from: '2026-11-02',
      to: '2026-11-10',
      order: 'asc',
    });
    expect(filtered.rows.map((r) => r.openedAt.slice(0, 10))).toEqual(['2026-11-04', '2026-11-07', '2026-11-10']);
    expect(filtered.total).toBe(3);
  });
});
