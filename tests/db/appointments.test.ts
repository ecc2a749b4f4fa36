/**
 * 预约登记 on a real archive behind the real dispatcher, with the store clock pinned: booking from a
 * phone-in and from a call's transaction, what is refused (and that nothing is saved then), arrival
 * matched when an RO of the vehicle opens that day (and undone when the RO moves), no-shows, cancel,
 * and the front desk's sheet (HTML escaped and masked, XLSX read back with ExcelJS).
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppointmentsService } from '../../src-main/services/appointments/appointments.service';
import { APPOINTMENTS_HEADER_ROW, APPOINTMENTS_HEADERS } from '../../src-main/services/appointments/appointments.xlsx';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import type { AppErrorShape } from '../../src-shared/errors';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { rawSql } from '../support/raw-sql';

/** The store's clock, movable: starts 2026-12-03 09:30 at the store (UTC+8). */
let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-12-03';
const TOMORROW = '2026-12-04';
const HTML_NAME = '王<b>五</b>&';

let t: TestArchive;
let owner: number;
let car: number;
beforeEach(async () => {
  at(`${TODAY}T09:30:00`);
  t = await openSetUpArchive({ clock });
  owner = (await t.must('customers.create', { name: '张三', mobile: '13800138000' })).record.id;
  car = (await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: owner })).record.id;
});
afterEach(async () => {
  await t.close();
});

const raw = rawSql(() => t.archive);

function sql<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return raw.all<T>(query, ...params);
}

const create = (input: Partial<InputOf<'appointments.create'>>) =>
  t.call('appointments.create', {
    vehicleId: car,
    date: TOMORROW,
    time: '10:00',
    purpose: 'periodic_service',
    ...input,
  });

async function refused(input: Partial<InputOf<'appointments.create'>>): Promise<AppErrorShape> {
  const r = await create(input);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

function openRo(roNumber: string, vehicleId: number, openedAt: string) {
  return t.must('repairOrders.create', {
    roNumber,
    vehicleId,
    customerId: owner,
    openedAt,
    type: 'periodic_service',
    advisorName: '王顾问',
  });
}

describe('booking an appointment (客户来电)', () => {
  it('saves it for the vehicle’s owner, audited, and lists the day by time (no time last)', async () => {
    const a = (await create({ time: '14:30', advisor: '王顾问', note: '顺便看下空调' })).ok;
    expect(a).toBe(true);
    const other = (await t.must('customers.create', { name: '李四', mobile: '13900139000' })).record.id;
    const car2 = (await t.must('vehicles.create', { plate: '京B55555', vin: VIN_B, model: '帕萨特', ownerId: other }))
      .record.id;
    await t.must('appointments.create', { vehicleId: car2, date: TOMORROW, time: null, purpose: 'repair' });
    const early = await t.must('appointments.create', {
      vehicleId: car2,
      date: '2026-12-05',
      time: '09:00',
      purpose: 'body_paint',
    });
    expect(early).toMatchObject({
      customerId: other,
      customerName: '李四',
      phone: '13900139000',
      plate: '京B55555',
      model: '帕萨特',
      source: 'phone_in',
      state: 'booked',
      createdBy: '小王',
      createdAt: '2026-12-03T09:30:00+08:00',
    });

    const day = await t.must('appointments.list', { date: TOMORROW });
    expect(day.map((x) => [x.plate, x.time, x.purpose, x.customerName])).toEqual([
      ['京A12345', '14:30', 'periodic_service', '张三'],
      ['京B55555', null, 'repair', '李四'],
    ]);
    expect(day[0]).toMatchObject({ advisor: '王顾问', note: '顺便看下空调', customerId: owner, phone: '13800138000' });
    const range = await t.must('appointments.list', { date: TOMORROW, to: '2026-12-05' });
    expect(range.map((x) => x.date)).toEqual([TOMORROW, TOMORROW, '2026-12-05']);

    const audit = await sql<{ actor: string; after_json: string }>(
      "SELECT actor, after_json FROM audit_log WHERE action = 'appointment.create' ORDER BY id",
    );
    expect(audit).toHaveLength(3);
    expect(audit[0]!.actor).toBe('小王');
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({ vehicleId: car, date: TOMORROW, time: '14:30' });
  });

  it('refuses a day or a time already past, an unknown or scrapped vehicle, another customer, a second booking the same day — naming the field, saving nothing', async () => {
    const past = await refused({ date: '2026-12-02' });
    expect(past.code).toBe('VALIDATION');
    expect(past.details?.fields?.[0]).toMatchObject({ path: 'date', label: '预约日期' });
    expect(past.message).toContain('不能早于今天（2026-12-03）');

    const earlier = await refused({ date: TODAY, time: '09:00' });
    expect(earlier.details?.fields?.[0]).toMatchObject({ path: 'time', label: '预约时间' });
    expect(earlier.message).toContain('09:00 已经过了（现在 09:30）');
    // Later today is fine, and so is today without a time.
    expect((await create({ date: TODAY, time: '11:00' })).ok).toBe(true);

    expect((await refused({ vehicleId: 99999 })).details?.fields?.[0]).toMatchObject({ path: 'vehicleId' });
    expect((await refused({ date: '2028-01-01' })).details?.fields?.[0]).toMatchObject({ path: 'date' });

    const stranger = (await t.must('customers.create', { name: '路人', mobile: '13700137000' })).record.id;
    const notOwner = await refused({ customerId: stranger });
    expect(notOwner.details?.fields?.[0]).toMatchObject({ path: 'customerId', label: '客户' });
    expect(notOwner.message).toContain('车主：张三');

    const twice = await refused({ date: TODAY, time: '15:00' });
    expect(twice.details?.fields?.[0]).toMatchObject({ path: 'date' });
    expect(twice.message).toContain('已有预约（11:00 定保）');

    const scrapped = (
      await t.must('vehicles.create', { plate: '京C00001', model: '桑塔纳', ownerId: owner, status: 'scrapped' })
    ).record.id;
    expect((await refused({ vehicleId: scrapped })).message).toContain('已报废');

    // The contract refuses a bad time and a bad purpose before the service.
    expect((await refused({ time: '25:00' })).details?.fields?.[0]).toMatchObject({ path: 'time' });
    expect((await refused({ purpose: 'wash' as never })).message).toContain('首保/定保/维修/钣喷/其他');

    expect(await sql('SELECT date, time FROM appointment')).toEqual([{ date: TODAY, time: '11:00' }]);
  });

  it('book() from a call works inside the caller’s transaction: a second 已预约 for the same day updates the first', async () => {
    const service = new AppointmentsService(t.archive.db, clock);
    const booking = {
      vehicleId: car,
      customerId: null,
      date: TOMORROW,
      time: '10:00',
      purpose: 'periodic_service' as const,
      advisor: '',
      note: '',
      source: 'call' as const,
      callId: null,
      invitationRowId: null,
    };
    const id = await t.archive.db
      .transaction()
      .execute((trx) => service.book(trx, booking, t.ctx, '2026-12-03T09:30:00+08:00'));
    const again = await t.archive.db
      .transaction()
      .execute((trx) =>
        service.book(trx, { ...booking, time: '15:30', advisor: '李顾问' }, t.ctx, '2026-12-03T09:31:00+08:00'),
      );
    expect(again).toBe(id);
    expect(await t.must('appointments.list', { date: TOMORROW })).toMatchObject([
      { id, time: '15:30', advisor: '李顾问', source: 'call', customerId: owner },
    ]);
    expect(await sql("SELECT action FROM audit_log WHERE entity = 'appointment' ORDER BY id")).toEqual([
      { action: 'appointment.create' },
      { action: 'appointment.update' },
    ]);
    // Refused inside the caller's transaction: the call's own writes roll back with it.
    await expect(
      t.archive.db.transaction().execute(async (trx) => {
        await trx.updateTable('customer').set({ notes: 'x' }).where('id', '=', owner).execute();
        await service.book(trx, { ...booking, date: '2026-12-01' }, t.ctx, '2026-12-03T09:32:00+08:00', 'appointment.');
      }),
    ).rejects.toMatchObject({ details: { fields: [{ path: 'appointment.date' }] } });
    expect(await sql('SELECT notes FROM customer WHERE id = ?', owner)).toEqual([{ notes: '' }]);
  });
});

describe('arrival and no-shows', () => {
  it('an RO of the vehicle opened on the day makes it 已到店; moving the RO to another day undoes it', async () => {
    const a = await t.must('appointments.create', {
      vehicleId: car,
      date: TODAY,
      time: '14:00',
      purpose: 'periodic_service',
    });
    // Another day's RO does not count.
    await openRo('RO2612020001', car, '2026-12-02T10:00:00+08:00');
    expect((await t.must('appointments.list', { date: TODAY }))[0]?.state).toBe('booked');

    at(`${TODAY}T13:40:00`);
    const ro = await openRo('RO2612030001', car, '2026-12-03T13:40:00+08:00');
    expect((await t.must('appointments.list', { date: TODAY }))[0]).toMatchObject({
      id: a.id,
      state: 'arrived',
      arrivedRoId: ro.record.id,
      arrivedRoNumber: 'RO2612030001',
    });
    expect(await sql('SELECT arrived_at FROM appointment')).toEqual([{ arrived_at: '2026-12-03T13:40:00+08:00' }]);
    // Arrived: it cannot be cancelled.
    const cancel = await t.call('appointments.cancel', { id: a.id, reason: '客户改期' });
    expect(cancel.ok).toBe(false);
    if (!cancel.ok) expect(cancel.error).toMatchObject({ code: 'CONFLICT' });

    // The RO's date was typed wrong: corrected to the next day, the appointment is open again.
    const detail = ro.record;
    await t.must('repairOrders.update', {
      id: detail.id,
      roNumber: detail.roNumber,
      vehicleId: car,
      customerId: owner,
      openedAt: '2026-12-04T08:30:00+08:00',
      type: 'periodic_service',
      advisorName: '王顾问',
    });
    expect((await t.must('appointments.list', { date: TODAY }))[0]).toMatchObject({
      state: 'booked',
      arrivedRoId: null,
    });
    expect(
      await sql<{ action: string; actor: string }>(
        "SELECT action, actor FROM audit_log WHERE action LIKE 'appointment.arriv%' ORDER BY id",
      ),
    ).toEqual([
      { action: 'appointment.arrived', actor: 'system' },
      { action: 'appointment.arrivalUndone', actor: 'system' },
    ]);
  });

  it('booked for today after the car came in: arrived at once', async () => {
    await openRo('RO2612030002', car, '2026-12-03T08:10:00+08:00');
    const a = await t.must('appointments.create', { vehicleId: car, date: TODAY, time: null, purpose: 'repair' });
    expect(a).toMatchObject({ state: 'arrived', arrivedRoNumber: 'RO2612030002' });
  });

  it('a booked day that passed without an RO is 未到店 (no-show), filtered as such', async () => {
    const a = await t.must('appointments.create', { vehicleId: car, date: TOMORROW, time: '10:00', purpose: 'repair' });
    expect((await t.must('appointments.list', { date: TOMORROW, state: 'booked' })).map((x) => x.id)).toEqual([a.id]);
    at('2026-12-05T08:00:00');
    const list = await t.must('appointments.list', { date: TOMORROW });
    expect(list[0]?.state).toBe('no_show');
    expect(await t.must('appointments.list', { date: TOMORROW, state: 'booked' })).toEqual([]);
    expect((await t.must('appointments.list', { date: TOMORROW, state: 'no_show' })).map((x) => x.id)).toEqual([a.id]);
    // Stored as booked: no-show is computed.
    expect(await sql('SELECT state FROM appointment')).toEqual([{ state: 'booked' }]);
  });

  it('cancel needs a reason, is audited, and cannot be done twice', async () => {
    const a = await t.must('appointments.create', { vehicleId: car, date: TOMORROW, time: '10:00', purpose: 'repair' });
    const noReason = await t.call('appointments.cancel', { id: a.id, reason: '  ' });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error.message).toContain('请写明取消原因');
    const done = await t.must('appointments.cancel', { id: a.id, reason: '客户出差' });
    expect(done).toMatchObject({ state: 'cancelled', cancelledReason: '客户出差' });
    const again = await t.call('appointments.cancel', { id: a.id, reason: '客户出差' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('CONFLICT');
    expect(await sql("SELECT actor FROM audit_log WHERE action = 'appointment.cancel'")).toEqual([{ actor: '小王' }]);
    expect((await t.must('appointments.list', { date: TOMORROW, state: 'cancelled' })).map((x) => x.id)).toEqual([
      a.id,
    ]);
    // Cancelled frees the day for a new booking.
    expect((await create({ time: '16:00' })).ok).toBe(true);
    const range = await t.call('appointments.list', { date: TOMORROW, to: TODAY });
    expect(range.ok).toBe(false);
    if (!range.ok) expect(range.error.details?.fields?.[0]).toMatchObject({ path: 'to' });
  });
});

describe('今日预约 sheet (print and Excel)', () => {
  async function arrange() {
    const other = (await t.must('customers.create', { name: HTML_NAME, mobile: '13912345678' })).record.id;
    const car2 = (await t.must('vehicles.create', { plate: '京B55555', vin: VIN_B, model: '帕萨特', ownerId: other }))
      .record.id;
    await t.must('appointments.create', { vehicleId: car, date: TODAY, time: '15:00', purpose: 'first_service' });
    const c = await t.must('appointments.create', {
      vehicleId: car2,
      date: TODAY,
      time: '10:30',
      purpose: 'body_paint',
      note: '<script>x</script>',
    });
    const cancelled = (await t.must('customers.create', { name: '赵六', mobile: '13600136000' })).record.id;
    const car3 = (await t.must('vehicles.create', { plate: '京D44444', model: '途观', ownerId: cancelled })).record.id;
    const gone = await t.must('appointments.create', {
      vehicleId: car3,
      date: TODAY,
      time: '11:00',
      purpose: 'repair',
    });
    await t.must('appointments.cancel', { id: gone.id, reason: '不来了' });
    return c;
  }

  it('prints the day by time, masked and escaped; cancelled ones left out; unmasked only for a manager (audited)', async () => {
    await arrange();
    const page = await t.must('appointments.sheetHtml', {});
    expect(page.title).toBe('预约登记表 2026-12-03');
    expect(page.html).toContain('王**');
    expect(page.html).toContain('139****5678');
    expect(page.html).not.toContain('13912345678');
    expect(page.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page.html).not.toContain('<script>x');
    expect(page.html).not.toContain('京D44444');
    expect(page.html.indexOf('京B55555')).toBeLessThan(page.html.indexOf('京A12345'));
    expect(page.html).toContain('共 <b>2</b> 位预约');

    const clerk = await t.call('appointments.sheetHtml', { unmasked: true });
    expect(clerk.ok).toBe(false);
    if (!clerk.ok) expect(clerk.error.code).toBe('FORBIDDEN');
    await t.loginAs('manager');
    const full = await t.must('appointments.sheetHtml', { unmasked: true });
    expect(full.html).toContain('王&lt;b&gt;五&lt;/b&gt;&amp;');
    expect(full.html).toContain('13912345678');
    expect(await sql("SELECT actor, after_json FROM audit_log WHERE action = 'privacy.unmask'")).toEqual([
      { actor: '李经理', after_json: JSON.stringify({ document: '今日预约打印', date: TODAY }) },
    ]);
  });

  it('the Excel sheet has the same rows under its headers, phones masked', async () => {
    await arrange();
    const file = await t.must('appointments.sheetXlsx', { date: TODAY });
    expect(file.fileName).toBe('预约登记_2026-12-03.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('预约登记表');
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(APPOINTMENTS_HEADER_ROW)).toEqual([...APPOINTMENTS_HEADERS]);
    expect(values(APPOINTMENTS_HEADER_ROW + 1)).toEqual([
      1,
      '10:30',
      '京B55555',
      '帕萨特',
      '王**',
      '139****5678',
      '钣喷',
      undefined,
      '<script>x</script>',
      '已预约',
    ]);
    expect(values(APPOINTMENTS_HEADER_ROW + 2).slice(0, 7)).toEqual([
      2,
      '15:00',
      '京A12345',
      '朗逸',
      '张**',
      '138****8000',
      '首保',
    ]);
    expect(sheet.getRow(APPOINTMENTS_HEADER_ROW + 3).values).toEqual([]);
  });
});
