import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src-main/api/handlers';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import type { ImportJob } from '../../src-shared/domain/imports';
import type { InvitationJsonRow } from '../../src-shared/domain/invitations';
import { maskName, maskPhone } from '../../src-shared/domain/masking';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, openTestArchive, type TestArchive, tempDir } from '../support/archive';
import { encodeCsv } from '../support/import-files';
import { onPostgres } from '../support/pg';
import { rawSql } from '../support/raw-sql';

/** 10:00 at the store on 2026-11-22. */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
const TODAY = '2026-11-22';

const open: TestArchive[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function counter(): Promise<TestArchive> {
  const t = await openSetUpArchive({ clock });
  open.push(t);
  const users = await t.must('users.list', {});
  await t.must('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
  return t;
}

let serial = 0;
const vinOf = (n: number) => withCheckDigit(`LSVAU2180N2${String(n).padStart(6, '0')}`);

/** A customer and a vehicle; each call a new plate, VIN and mobile. */
async function car(
  t: TestArchive,
  fields: Partial<InputOf<'vehicles.create'>> & { customer?: Partial<InputOf<'customers.create'>> } = {},
) {
  const n = ++serial;
  const { customer: customerFields, ...vehicleFields } = fields;
  const customer = await t.must('customers.create', {
    name: `客户${n}`,
    mobile: `1390000${String(n).padStart(4, '0')}`,
    ...customerFields,
  });
  const vehicle = await t.must('vehicles.create', {
    plate: `京A${String(10000 + n)}`,
    vin: vinOf(n),
    model: '朗逸',
    ownerId: customer.record.id,
    ...vehicleFields,
  });
  return { customer: customer.record, vehicle: vehicle.record };
}

async function ro(
  t: TestArchive,
  vehicleId: number,
  openedAt: string,
  mileageIn: number | null,
  type: InputOf<'repairOrders.create'>['type'],
) {
  const n = ++serial;
  return (
    await t.must('repairOrders.create', {
      roNumber: `RO${String(n).padStart(8, '0')}`,
      vehicleId,
      openedAt,
      mileageIn,
      type,
    })
  ).record;
}

const summary = (t: TestArchive, vehicleId: number) => t.must('vehicles.serviceSummary', { vehicleId });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function importCsv(t: TestArchive, lines: string[]): Promise<ImportJob> {
  const content = Buffer.from(encodeCsv(lines.join('\n'), 'gbk'));
  let job = await t.must('imports.start', { fileName: 'dms.csv', contentBase64: content.toString('base64') });
  while (job.phase === 'reading' || job.phase === 'checking') {
    await sleep(2);
    job = await t.must('imports.job', { jobId: job.jobId });
  }
  expect(job.phase, job.error ?? '').toBe('ready');
  job = await t.must('imports.commit', { jobId: job.jobId });
  while (job.phase === 'committing') {
    await sleep(2);
    job = await t.must('imports.job', { jobId: job.jobId });
  }
  expect(job.phase, job.error ?? '').toBe('done');
  return job;
}
const CSV_HEADER = '工单号,车牌号,车架号,客户名称,联系电话,进厂时间,行驶里程,维修类别,工单状态';

describe('next due, worked by hand through the archive', () => {
  it('a vehicle with one visit: own pace from delivery to that visit; periodic due counted from the first service', async () => {
    const t = await counter();
    const { vehicle } = await car(t, { deliveryDate: '2025-11-01' });
    // Before any visit: 首保 six months after delivery, by time only (no reading).
    const before = await summary(t, vehicle.id);
    expect(before?.due).toMatchObject({ kind: 'first', base: 'delivery', dueOn: '2026-05-01', timeOnly: true });
    expect(before?.explanation).toContain('没有里程读数，只按时间');

    await ro(t, vehicle.id, '2026-03-01 09:00', 4000, 'first_service');
    const s = (await summary(t, vehicle.id))!;
    // 4,000 km in the 120 days since delivery.
    expect(s.pace.source).toBe('own');
    expect(s.pace.kmPerDay).toBeCloseTo(4000 / 120, 6);
    expect(s.lastReading).toMatchObject({ on: '2026-03-01', km: 4000 });
    expect(s.lastVisitOn).toBe('2026-03-01');
    // 定保: 6 months → 2026-09-01; 7,500 km more (11,500) at 33.3 km/day → 225 days → 2026-10-12.
    expect(s.due).toMatchObject({
      kind: 'periodic',
      base: 'first_service',
      baseOn: '2026-03-01',
      baseKm: 4000,
      timeDueOn: '2026-09-01',
      mileageDueOn: '2026-10-12',
      dueOn: '2026-09-01',
      dueKm: 11_500,
      dueBy: 'time',
      timeOnly: false,
    });
    // 266 days since the reading.
    expect(s.estimatedKmToday).toBe(Math.round(4000 + (4000 / 120) * 266));
    expect(s.explanation).toContain('定保以时间为准：2026-09-01');
  });

  it('a vehicle bought elsewhere with one reading: counted from its first visit at the store pace', async () => {
    const t = await counter();
    const { vehicle } = await car(t, { model: '测试车型X' });
    await ro(t, vehicle.id, '2026-06-01 09:00', 30_000, 'repair');
    const s = (await summary(t, vehicle.id))!;
    expect(s.pace).toMatchObject({ source: 'store', kmPerDay: 40, points: 0 });
    // 6 months → 2026-12-01; 7,500 km at 40 km/day → 188 days → 2026-12-06: time first.
    expect(s.due).toMatchObject({
      kind: 'periodic',
      base: 'first_visit',
      baseKm: 30_000,
      timeDueOn: '2026-12-01',
      mileageDueOn: '2026-12-06',
      dueOn: '2026-12-01',
      dueKm: 37_500,
    });
    expect(s.explanation).toContain('按门店默认日均 40 km');
  });

  it('an outlier reading is shown and ignored: pace, base and due come from the believable readings', async () => {
    const t = await counter();
    const { vehicle } = await car(t, { deliveryDate: '2025-01-01' });
    await ro(t, vehicle.id, '2025-07-01 09:00', 6000, 'first_service');
    const typo = await t.must('vehicles.addMileage', { vehicleId: vehicle.id, readOn: '2025-09-01', mileage: 99_999 });
    await ro(t, vehicle.id, '2026-01-01 09:00', 14_000, 'periodic_service');
    const s = (await summary(t, vehicle.id))!;
    const typoId = typo.record.mileageReadings.find((r) => r.mileage === 99_999)!.id;
    expect(s.outliers).toEqual([{ id: typoId, on: '2025-09-01', km: 99_999 }]);
    expect(s.lastReading).toMatchObject({ on: '2026-01-01', km: 14_000 });
    // Theil-Sen over delivery (0), 6,000 and 14,000: the median slope is 14,000 / 365.
    expect(s.pace).toMatchObject({ source: 'own', points: 3, fromOn: '2025-01-01', toOn: '2026-01-01' });
    expect(s.pace.kmPerDay).toBeCloseTo(14_000 / 365, 6);
    expect(s.due).toMatchObject({ kind: 'periodic', baseKm: 14_000, dueOn: '2026-07-01', dueKm: 21_500 });
    expect(s.explanation).toContain('已忽略 1 个不可信的里程读数（2025-09-01 99,999 km）');
  });

  it('a model rule beats the default, the longest match wins, and rule changes recompute the vehicles', async () => {
    const t = await counter();
    const { vehicle } = await car(t, { model: '高尔夫 GTI', deliveryDate: '2025-01-01' });
    const other = await car(t, { model: '朗逸', deliveryDate: '2025-01-01' });
    for (const v of [vehicle.id, other.vehicle.id]) {
      await ro(t, v, '2025-07-01 09:00', 6000, 'first_service');
      await ro(t, v, '2026-01-01 09:00', 14_000, 'periodic_service');
    }
    const rules = await t.must('serviceRules.list', {});
    expect(rules).toEqual([expect.objectContaining({ match: '', firstKm: 5000, intervalKm: 7500, intervalMonths: 6 })]);
    expect((await summary(t, vehicle.id))?.due?.dueOn).toBe('2026-07-01');

    // The service rules are a store-wide setting: the admin's.
    await t.loginAs('admin');
    const golf = await t.must('serviceRules.save', {
      match: '高尔夫',
      firstKm: 3000,
      firstMonths: 3,
      intervalKm: 5000,
      intervalMonths: 12,
    });
    // 5,000 km at 14,000/365 km/day → 131 days after 2026-01-01; 12 months later by time.
    let s = (await summary(t, vehicle.id))!;
    expect(s.ruleMatch).toBe('高尔夫');
    expect(s.due).toMatchObject({ dueOn: '2026-05-12', dueKm: 19_000, dueBy: 'mileage', timeDueOn: '2027-01-01' });
    expect(s.explanation).toContain('定保规则每 5,000 km 或 12 个月');
    expect((await summary(t, other.vehicle.id))?.ruleMatch).toBe('');

    const gti = await t.must('serviceRules.save', {
      match: '高尔夫 GTI',
      firstKm: 3000,
      firstMonths: 3,
      intervalKm: 10_000,
      intervalMonths: 12,
    });
    s = (await summary(t, vehicle.id))!;
    expect(s.ruleMatch).toBe('高尔夫 GTI');
    expect(s.due).toMatchObject({ dueOn: '2026-09-19', dueKm: 24_000 });

    const dup = await t.call('serviceRules.save', {
      match: '高尔夫',
      firstKm: 3000,
      firstMonths: 3,
      intervalKm: 5000,
      intervalMonths: 6,
    });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error.message).toMatch(/^适用车型：“高尔夫”已有保养规则/);

    await t.must('serviceRules.remove', { id: gti.id });
    expect((await summary(t, vehicle.id))?.ruleMatch).toBe('高尔夫');
    // Editing a rule recomputes too.
    await t.must('serviceRules.save', {
      id: golf.id,
      match: golf.match,
      firstKm: golf.firstKm,
      firstMonths: golf.firstMonths,
      intervalKm: 7000,
      intervalMonths: golf.intervalMonths,
    });
    expect((await summary(t, vehicle.id))?.due?.dueKm).toBe(21_000);

    const defaultRule = (await t.must('serviceRules.list', {})).find((r) => r.match === '')!;
    const refused = await t.call('serviceRules.remove', { id: defaultRule.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('门店默认保养规则不能删除');
    const audit = await rawSql(t.archive).column(
      "SELECT action FROM audit_log WHERE action LIKE 'serviceRule.%' ORDER BY id",
    );
    expect(audit).toEqual(['serviceRule.save', 'serviceRule.save', 'serviceRule.remove', 'serviceRule.save']);
  });

  it('a rule with zero or negative intervals is refused by the dispatcher in Chinese, naming the field', async () => {
    const t = await counter();
    await t.loginAs('admin');
    const zero = await t.call('serviceRules.save', {
      match: '朗逸',
      firstKm: 0,
      firstMonths: 6,
      intervalKm: 7500,
      intervalMonths: 6,
    });
    expect(zero.ok).toBe(false);
    if (!zero.ok) {
      expect(zero.error.code).toBe('VALIDATION');
      expect(zero.error.message).toBe('首保里程：首保里程必须大于 0');
    }
    const negative = await t.call('serviceRules.save', {
      match: '朗逸',
      firstKm: 5000,
      firstMonths: 6,
      intervalKm: 7500,
      intervalMonths: -1,
    });
    expect(negative.ok).toBe(false);
    if (!negative.ok) expect(negative.error.message).toContain('定保间隔月数必须大于 0');
    expect((await t.must('serviceRules.list', {})).map((r) => r.match)).toEqual(['']);
  });

  it('a vehicle with no readings at all gets a time-only due and says so', async () => {
    const t = await counter();
    const { vehicle } = await car(t, { deliveryDate: '2026-08-15' });
    const s = (await summary(t, vehicle.id))!;
    expect(s.lastReading).toBeNull();
    expect(s.estimatedKmToday).toBeNull();
    expect(s.due).toMatchObject({
      kind: 'first',
      dueOn: '2027-02-15',
      dueKm: 5000,
      mileageDueOn: null,
      timeOnly: true,
    });
    expect(s.explanation).toContain('没有里程读数，只按时间');
    const unknown = await car(t, {});
    expect((await summary(t, unknown.vehicle.id))?.due).toBeNull();
    expect(await t.must('vehicles.serviceSummary', { vehicleId: 999_999 })).toBeNull();
  });
});

describe('the summary kept up to date', () => {
  it('follows a vehicle update (delivery date) and a DMS import of a service RO', async () => {
    const t = await counter();
    const { vehicle } = await car(t, {});
    expect((await summary(t, vehicle.id))?.due).toBeNull();
    await t.must('vehicles.update', {
      id: vehicle.id,
      plate: vehicle.plate,
      vin: vehicle.vin,
      model: vehicle.model,
      ownerId: vehicle.ownerId,
      deliveryDate: '2026-05-10',
    });
    expect((await summary(t, vehicle.id))?.due).toMatchObject({ kind: 'first', dueOn: '2026-11-10' });
    await importCsv(t, [
      CSV_HEADER,
      `RO99000001,${vehicle.plate},${vehicle.vin},客户,13900000001,2026-11-20 09:00,4500,首保,在修`,
    ]);
    const s = (await summary(t, vehicle.id))!;
    expect(s.lastVisitOn).toBe('2026-11-20');
    expect(s.due).toMatchObject({ kind: 'periodic', base: 'first_service', baseKm: 4500, timeDueOn: '2027-05-20' });
  });

  it('a large write refreshes afterwards: recorded as pending with the write, caught up before any read, even after a crash', async () => {
    // Every write counts as large here (deferVehicleChangesAbove: 0), as a 100k-row import does.
    const first = await openSetUpArchive({ clock, deferVehicleChangesAbove: 0 });
    const users = await first.must('users.list', {});
    await first.must('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
    const { vehicle } = await car(first, { deliveryDate: '2026-05-10' });
    await importCsv(first, [
      CSV_HEADER,
      `RO99000002,${vehicle.plate},${vehicle.vin},客户,13900000001,2026-11-20 09:00,4500,首保,在修`,
    ]);
    // The read catches up first: the import's first service is already the base of the next due.
    expect((await summary(first, vehicle.id))?.due).toMatchObject({ kind: 'periodic', baseKm: 4500 });
    const pending = (archive: TestArchive) =>
      rawSql(archive.archive).value('SELECT count(*) AS n FROM vehicle_change_pending');
    expect(await pending(first)).toBe(0);

    // A crash between the write and the refresh: the pending rows were committed with the write.
    const file = first.file;
    const raw = rawSql(first.archive);
    const ro2 = await raw.value("SELECT id FROM repair_order WHERE ro_number = 'RO99000002'");
    await raw.run("UPDATE repair_order SET type = 'periodic_service' WHERE id = ?", ro2);
    await raw.run(
      'INSERT INTO vehicle_change_pending (vehicle_id, at) VALUES (?, ?)',
      vehicle.id,
      '2026-11-22T10:00:00+08:00',
    );
    // What a crash leaves: the committed file, copied as it is now (the refresh never ran). On a
    // server the committed rows stay there: the next program connects to the same database.
    let crashed = file;
    if (first.archive.sqlite) {
      first.archive.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      crashed = path.join(tempDir(), 'archive.sqlite');
      fs.copyFileSync(file, crashed);
      await first.close();
    } else open.push(first);
    const again = await openTestArchive({ clock, file: crashed });
    open.unshift(again);
    await again.loginAs('clerk');
    expect((await again.must('vehicles.serviceSummary', { vehicleId: vehicle.id }))?.due).toMatchObject({
      kind: 'periodic',
      base: 'periodic_service',
    });
    expect(await pending(again)).toBe(0);
  });

  // The in-app demo seed is for a file archive only (a server refuses it: NOT_ON_SERVER).
  it.skipIf(onPostgres())(
    'rebuildAll gives exactly the rows the per-vehicle recompute gives (seeded demo archive, every row)',
    async () => {
      const t = await openSetUpArchive({ clock });
      open.push(t);
      const users = await t.must('users.list', {});
      await t.must('session.login', { userId: users.find((u) => u.role === 'admin')!.id, pin: '1234' });
      await t.must('demo.seed', { years: 1, seed: 3, until: '2026-11-21' });
      const raw = rawSql(t.archive);
      const rows = () =>
        raw.all<{ vehicle_id: number; due_on: string | null; pace_source: string }>(
          'SELECT * FROM vehicle_service_summary ORDER BY vehicle_id',
        );
      // The seed ends with a rebuild.
      const rebuilt = await rows();
      const vehicles = await raw.value<number>('SELECT count(*) FROM vehicle');
      expect(rebuilt.length).toBe(vehicles);
      expect(rebuilt.filter((r) => r.due_on !== null).length).toBeGreaterThan(vehicles! * 0.9);
      // Own paces, and the models' averages for vehicles with too few readings.
      expect(new Set(rebuilt.map((r) => r.pace_source))).toEqual(new Set(['own', 'model']));

      // Another instance (its model paces read back from the table), recomputing as the hooks do.
      const services = createServices(t.archive, clock);
      // Its cached model paces are read from the table on first use, as at the app's start.
      await t.archive.db.transaction().execute((trx) => services.serviceDue.recompute(trx, [1]));
      await raw.run('DELETE FROM vehicle_service_summary');
      const ids = await raw.column<number>('SELECT id FROM vehicle ORDER BY id');
      const single = ids.filter((_, i) => i % 25 === 0);
      await t.archive.db.transaction().execute(async (trx) => {
        for (const id of single) await services.serviceDue.recompute(trx, [id]);
      });
      const firstSingles = await rows();
      await t.archive.db.transaction().execute((trx) => services.serviceDue.recompute(trx, ids));
      expect(await rows()).toEqual(rebuilt);
      expect(firstSingles).toEqual(rebuilt.filter((r) => single.includes(r.vehicle_id)));
    },
    60_000,
  );

  it('an archive without a summary gets it built on first use', async () => {
    const t = await counter();
    const { vehicle } = await car(t, { deliveryDate: '2026-06-10' });
    await rawSql(t.archive).run('DELETE FROM vehicle_service_summary');
    await rawSql(t.archive).run("DELETE FROM app_setting WHERE key = 'service_summary_version'");
    const services = createServices(t.archive, clock);
    const due = await services.invitations.dueIn({ from: '2026-12-01', to: '2026-12-31' });
    expect(due.rows.map((r) => r.vehicleId)).toEqual([vehicle.id]);
    expect(await rawSql(t.archive).value("SELECT value FROM app_setting WHERE key = 'service_summary_version'")).toBe(
      '1',
    );
  });
});

describe('invitation lists', () => {
  /** Vehicles delivered 2026-06-10: 首保 due 2026-12-10 by time. */
  async function december(t: TestArchive) {
    const first = { deliveryDate: '2026-06-10' };
    const ok = await car(t, first);
    const sold = await car(t, { ...first, status: 'sold' });
    const dnc = await car(t, { ...first, customer: { doNotContact: true } });
    const noLetter = await car(t, first);
    const neither = await car(t, first);
    const booked = await car(t, first);
    const listed = await car(t, first);
    // 定保 due 2026-12-05 (six months after its first service).
    const periodic = await car(t, { deliveryDate: '2025-05-01' });
    await ro(t, periodic.vehicle.id, '2026-06-05 09:00', 5000, 'first_service');

    await t.must('contactPrefs.set', {
      customerId: noLetter.customer.id,
      channel: 'phone',
      allowed: false,
      reason: 'asked',
    });
    for (const channel of ['letter', 'phone'] as const)
      await t.must('contactPrefs.set', { customerId: neither.customer.id, channel, allowed: false, reason: 'asked' });
    // Booked on November's list; on another list whose period overlaps December.
    const nov = await t.must('invitations.create', { from: '2026-11-01', to: '2026-11-30', title: '' });
    const novWithBooked = await t.must('invitations.addRow', {
      listId: nov.id,
      vehicleId: booked.vehicle.id,
      reason: '客户来电询问',
    });
    const bookedRow = novWithBooked.rows.find((r) => r.vehicleId === booked.vehicle.id)!;
    await t.must('invitations.recordCall', { rowId: bookedRow.id, result: 'booked', bookedFor: '2026-12-05' });
    const late = await t.must('invitations.create', { from: '2026-12-20', to: '2027-01-10', title: '跨年' });
    await t.must('invitations.addRow', { listId: late.id, vehicleId: listed.vehicle.id, reason: '提前加入' });
    return { ok, sold, dnc, noLetter, neither, booked, listed, periodic, nov };
  }

  it('lists who is due, 首保 first, leaving out sold, do-not-contact (global or both channels), booked and listed', async () => {
    const t = await counter();
    const v = await december(t);
    const due = await t.must('invitations.due', { from: '2026-12-01', to: '2026-12-31' });
    expect(due.rows.map((r) => r.vehicleId)).toEqual([v.ok.vehicle.id, v.noLetter.vehicle.id, v.periodic.vehicle.id]);
    expect(due.rows.map((r) => r.kind)).toEqual(['first', 'first', 'periodic']);
    expect(due.excluded).toEqual({
      sold: 1,
      scrapped: 0,
      lost: 0,
      doNotContact: 2,
      noMarketingConsent: 0,
      booked: 1,
      listed: 1,
    });
    expect(due.rows[0]).toMatchObject({
      plate: v.ok.vehicle.plate,
      customerName: v.ok.customer.name,
      phone: v.ok.customer.mobile,
      dueOn: '2026-12-10',
      dueKm: 5000,
      dueBy: 'time',
      timeOnly: true,
    });
    expect(due.rows[2]).toMatchObject({ dueOn: '2026-12-05', lastVisitOn: '2026-06-05', lastKm: 5000 });

    const list = await t.must('invitations.create', { from: '2026-12-01', to: '2026-12-31', title: '' });
    expect(list.title).toBe('2026-12-01 至 2026-12-31 保养招揽');
    expect(list.rows.map((r) => r.vehicleId)).toEqual(due.rows.map((r) => r.vehicleId));
    expect(list.rows[2]).toMatchObject({ kind: 'periodic', lastKm: 5000, estimatedKm: due.rows[2]!.estimatedKm });
    expect(list.rows[2]!.explanation).toContain('从首保 2026-06-05');
    expect(list.funnel).toEqual({ rows: 3, sent: 0, called: 0, booked: 0, came: 0 });
    // The list is saved: a second list for the same month finds them all listed.
    const again = await t.must('invitations.due', { from: '2026-12-01', to: '2026-12-31' });
    expect(again.rows).toEqual([]);
    expect(again.excluded.listed).toBe(4);
    const page = await t.must('invitations.lists', {});
    expect(page.total).toBe(3);
    expect(page.rows[0]).toMatchObject({ id: list.id, funnel: { rows: 3 } });
  });

  it('adds and removes rows with a reason, restores them; the reason is required', async () => {
    const t = await counter();
    const v = await december(t);
    const list = await t.must('invitations.create', { from: '2026-12-01', to: '2026-12-31', title: '十二月' });
    const noReason = await t.call('invitations.addRow', {
      listId: list.id,
      vehicleId: v.sold.vehicle.id,
      reason: '  ',
    });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error.message).toMatch(/必填，请写明原因/);
    const added = await t.must('invitations.addRow', {
      listId: list.id,
      vehicleId: v.sold.vehicle.id,
      reason: '车在家人名下，仍来保养',
    });
    const row = added.rows.find((r) => r.vehicleId === v.sold.vehicle.id)!;
    expect(row).toMatchObject({ addedManually: true, addReason: '车在家人名下，仍来保养', dueOn: '2026-12-10' });
    expect(row.explanation).toMatch(/^手工加入：车在家人名下，仍来保养。/);
    const twice = await t.call('invitations.addRow', { listId: list.id, vehicleId: v.sold.vehicle.id, reason: '再加' });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.message).toContain('已在这张表中');

    const target = list.rows[0]!;
    const refused = await t.call('invitations.removeRow', { listId: list.id, rowId: target.id, reason: '' });
    expect(refused.ok).toBe(false);
    const removed = await t.must('invitations.removeRow', { listId: list.id, rowId: target.id, reason: '客户已出国' });
    expect(removed.rows.find((r) => r.id === target.id)).toMatchObject({ removed: true, removedReason: '客户已出国' });
    expect(removed.funnel.rows).toBe(3);
    const call = await t.call('invitations.recordCall', { rowId: target.id, result: 'reached' });
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.error.message).toContain('已从一览表移除，请先恢复');
    const restored = await t.must('invitations.restoreRow', { listId: list.id, rowId: target.id });
    expect(restored.rows.find((r) => r.id === target.id)).toMatchObject({ removed: false, removedReason: '' });
    expect(restored.funnel.rows).toBe(4);
    const actions = await rawSql(t.archive).column(
      "SELECT action FROM audit_log WHERE entity IN ('invitation_row', 'invitation_list') ORDER BY id",
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'invitationList.create',
        'invitationRow.add',
        'invitationRow.remove',
        'invitationRow.restore',
      ]),
    );
  });

  it('records several call attempts per row; 已预约 needs a date; 车已卖 and 已在别处保养 set the contact preferences', async () => {
    const t = await counter();
    const v = await december(t);
    const list = await t.must('invitations.create', { from: '2026-12-01', to: '2026-12-31', title: '' });
    const row = list.rows.find((r) => r.vehicleId === v.ok.vehicle.id)!;
    await t.must('invitations.recordCall', { rowId: row.id, result: 'no_answer' });
    await t.must('invitations.recordCall', { rowId: row.id, result: 'no_answer', words: '' });
    const noDate = await t.call('invitations.recordCall', { rowId: row.id, result: 'booked' });
    expect(noDate.ok).toBe(false);
    if (!noDate.ok) expect(noDate.error.message).toBe('预约日期：已预约请填写预约日期');
    const past = await t.call('invitations.recordCall', { rowId: row.id, result: 'booked', bookedFor: '2026-11-01' });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error.message).toContain('预约日期：不能早于今天');
    const booked = await t.must('invitations.recordCall', {
      rowId: row.id,
      result: 'booked',
      bookedFor: '2026-12-08',
      words: '下周一上午过来，顺便看看空调',
    });
    expect(booked.calls.map((c) => c.result)).toEqual(['no_answer', 'no_answer', 'booked']);
    expect(booked.calls[2]).toMatchObject({
      bookedFor: '2026-12-08',
      words: '下周一上午过来，顺便看看空调',
      by: '小王',
    });
    expect(booked.bookedFor).toBe('2026-12-08');

    const soldRow = list.rows.find((r) => r.vehicleId === v.periodic.vehicle.id)!;
    await t.must('invitations.recordCall', { rowId: soldRow.id, result: 'sold', words: '车去年就卖了' });
    const prefs = await t.must('contactPrefs.get', { customerId: v.periodic.customer.id });
    expect(prefs.map((p) => [p.channel, p.allowed, p.reason])).toEqual([
      ['letter', false, 'sold'],
      ['phone', false, 'sold'],
      ['sms', false, 'sold'],
    ]);
    // The vehicle itself is not changed.
    expect((await t.must('vehicles.get', { id: v.periodic.vehicle.id })).status).toBe('active');

    const elsewhere = list.rows.find((r) => r.vehicleId === v.noLetter.vehicle.id)!;
    await t.must('invitations.recordCall', { rowId: elsewhere.id, result: 'serviced_elsewhere' });
    const prefs2 = await t.must('contactPrefs.get', { customerId: v.noLetter.customer.id });
    // The earlier refusal keeps its own reason; letters stay allowed.
    expect(prefs2.map((p) => [p.channel, p.allowed, p.reason])).toEqual([
      ['letter', true, null],
      ['phone', false, 'asked'],
      ['sms', true, null],
    ]);
    const got = await t.must('invitations.get', { id: list.id });
    expect(got.funnel).toMatchObject({ rows: 3, called: 3, booked: 1 });
  });

  it('已预约 books the appointment (预约登记); booking another day replaces it (改约), 不感兴趣 cancels it', async () => {
    const t = await counter();
    const v = await december(t);
    const list = await t.must('invitations.create', { from: '2026-12-01', to: '2026-12-31', title: '' });
    const row = list.rows.find((r) => r.vehicleId === v.ok.vehicle.id)!;
    const appointmentsOf = async () =>
      (await t.must('appointments.list', { date: '2026-11-22', to: '2026-12-31', state: 'all' }))
        .filter((a) => a.vehicleId === v.ok.vehicle.id)
        .map((a) => [a.date, a.time, a.source, a.state, a.cancelledReason]);
    await t.must('invitations.recordCall', {
      rowId: row.id,
      result: 'booked',
      bookedFor: '2026-12-08',
      bookedTime: '09:30',
    });
    expect(await appointmentsOf()).toEqual([['2026-12-08', '09:30', 'invitation', 'booked', '']]);
    await t.must('invitations.recordCall', { rowId: row.id, result: 'booked', bookedFor: '2026-12-10' });
    expect(await appointmentsOf()).toEqual([
      ['2026-12-08', '09:30', 'invitation', 'cancelled', '改约到 2026-12-10'],
      ['2026-12-10', null, 'invitation', 'booked', ''],
    ]);
    await t.must('invitations.recordCall', { rowId: row.id, result: 'not_interested', words: '不用了' });
    expect(await appointmentsOf()).toEqual([
      ['2026-12-08', '09:30', 'invitation', 'cancelled', '改约到 2026-12-10'],
      ['2026-12-10', null, 'invitation', 'cancelled', '招揽提醒电话：不感兴趣'],
    ]);
  });

  it('a letter sent a week ago puts the row in the call queue (respecting phone do-not-contact); the Today board counts it', async () => {
    const t = await counter();
    const v = await december(t);
    const list = await t.must('invitations.create', { from: '2026-12-01', to: '2026-12-31', title: '' });
    const byVehicle = (id: number) => list.rows.find((r) => r.vehicleId === id)!;
    const okRow = byVehicle(v.ok.vehicle.id);
    const noPhoneRow = byVehicle(v.noLetter.vehicle.id);
    const recentRow = byVehicle(v.periodic.vehicle.id);
    await t.must('invitations.markLetterSent', {
      listId: list.id,
      rowIds: [okRow.id, noPhoneRow.id],
      sentOn: '2026-11-14',
      kind: 'invitation',
      batch: 'B1',
    });
    const sent = await t.must('invitations.markLetterSent', {
      listId: list.id,
      rowIds: [recentRow.id],
      sentOn: '2026-11-20',
      kind: 'invitation',
    });
    expect(sent.funnel).toMatchObject({ rows: 3, sent: 3 });
    expect(sent.rows.find((r) => r.id === okRow.id)).toMatchObject({
      letterSentOn: '2026-11-14',
      letterKind: 'invitation',
    });

    // Six days after the letter: not yet; a week: the row whose customer may be phoned.
    expect(await t.must('invitations.callQueue', { date: '2026-11-20' })).toEqual([]);
    const queue = await t.must('invitations.callQueue', {});
    expect(queue.map((r) => r.id)).toEqual([okRow.id]);
    // Nothing due the day before: no row on the board.
    expect(
      (await t.must('today.tasks', { date: '2026-11-20' })).tasks.filter((task) => task.area === 'invitations'),
    ).toEqual([]);
    const board = await t.must('today.tasks', {});
    expect(board.tasks.find((task) => task.area === 'invitations')).toMatchObject({
      count: 1,
      state: 'open',
      link: '/invitations/calls',
      endOfDay: true,
    });
    // No answer: not again today, again tomorrow; reached: done.
    await t.must('invitations.recordCall', { rowId: okRow.id, result: 'no_answer' });
    expect(await t.must('invitations.callQueue', {})).toEqual([]);
    expect((await t.must('today.endOfDay', {})).tasks.find((task) => task.area === 'invitations')).toMatchObject({
      count: 0,
      state: 'done',
      // This call and the booking on November's list.
      detail: '招揽提醒电话已打完（这天记录了 2 次）',
    });
    expect((await t.must('invitations.callQueue', { date: '2026-11-23' })).map((r) => r.id)).toEqual([okRow.id]);
    expect((await t.must('invitations.callQueue', { date: '2026-11-30' })).map((r) => r.id)).toEqual([
      okRow.id,
      recentRow.id,
    ]);
    await t.must('invitations.recordCall', { rowId: recentRow.id, result: 'reached', words: '知道了' });
    expect((await t.must('invitations.callQueue', { date: '2026-11-30' })).map((r) => r.id)).toEqual([okRow.id]);

    const other = await t.call('invitations.markLetterSent', {
      listId: v.nov.id,
      rowIds: [okRow.id],
      sentOn: '2026-11-14',
      kind: 'invitation',
    });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.error.message).toContain('不在这张一览表中');
  });

  it('marks 回厂 when a service RO of the right type arrives, by hand or by import; funnel and missed lists', async () => {
    const t = await counter();
    const v = await december(t);
    // A September list with the vehicle on it that it never came in for.
    const sept = await t.must('invitations.create', { from: '2026-09-01', to: '2026-09-30', title: '' });
    await t.must('invitations.addRow', { listId: sept.id, vehicleId: v.ok.vehicle.id, reason: '九月补充' });
    const list = await t.must('invitations.create', { from: '2026-12-01', to: '2026-12-31', title: '' });
    const row = (l: typeof list, id: number) => l.rows.find((r) => r.vehicleId === id)!;
    expect(row(list, v.ok.vehicle.id)).toMatchObject({ missedLists: 1, cameOn: null });
    expect(row(list, v.noLetter.vehicle.id).missedLists).toBe(0);

    // A repair, or a periodic service for a 首保 row, does not count; a first service does.
    await ro(t, v.ok.vehicle.id, '2026-11-22 09:00', 3000, 'repair');
    await ro(t, v.ok.vehicle.id, '2026-11-22 10:00', 3000, 'periodic_service');
    let got = await t.must('invitations.get', { id: list.id });
    expect(row(got, v.ok.vehicle.id).cameOn).toBeNull();
    const first = await ro(t, v.ok.vehicle.id, '2026-11-22 11:00', 3000, 'first_service');
    got = await t.must('invitations.get', { id: list.id });
    expect(row(got, v.ok.vehicle.id)).toMatchObject({ cameRoId: first.id, cameOn: TODAY, missedLists: 0 });
    // The September list was made before the RO too: it came in for that one as well.
    const septGot = await t.must('invitations.get', { id: sept.id });
    expect(septGot.rows[0]).toMatchObject({ cameRoId: first.id });

    // The same by DMS import: 定保 row, 首保 RO counts.
    await importCsv(t, [
      CSV_HEADER,
      `RO99000002,${v.periodic.vehicle.plate},${v.periodic.vehicle.vin},客户,13900000002,2026-11-22 14:00,9800,定保,在修`,
    ]);
    got = await t.must('invitations.get', { id: list.id });
    const imported = await rawSql(t.archive).value("SELECT id FROM repair_order WHERE ro_number = 'RO99000002'");
    expect(row(got, v.periodic.vehicle.id)).toMatchObject({ cameRoId: imported, cameOn: TODAY });
    await t.must('invitations.recordCall', {
      rowId: row(got, v.noLetter.vehicle.id).id,
      result: 'booked',
      bookedFor: '2026-12-01',
    });
    expect((await t.must('invitations.get', { id: list.id })).funnel).toEqual({
      rows: 3,
      sent: 0,
      called: 1,
      booked: 1,
      came: 2,
    });
    const summaryRow = (await t.must('invitations.lists', {})).rows.find((l) => l.id === list.id)!;
    expect(summaryRow.funnel).toEqual({ rows: 3, sent: 0, called: 1, booked: 1, came: 2 });
    expect(await rawSql(t.archive).value("SELECT count(*) FROM audit_log WHERE action = 'invitationRow.came'")).toBe(3);
  });
});

describe('cli invitations', () => {
  it('--json prints the due rows; bad dates are refused with exit code 2', async () => {
    const t = await counter();
    const { vehicle, customer } = await car(t, { deliveryDate: '2026-06-10' });
    const cli = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(
        [...args, '--db', t.file],
        { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) },
        {},
      );
      return { code, out, err };
    };
    // What leaves the counter is masked unless --unmasked (written to the audit log).
    const masked = JSON.parse((await cli('invitations', '--from', '2026-12-01', '--to', '2026-12-31', '--json')).out);
    expect(masked).toEqual([
      expect.objectContaining({ customer: maskName(customer.name), phone: maskPhone(customer.mobile) }),
    ]);
    expect(masked[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const r = await cli('invitations', '--from', '2026-12-01', '--to', '2026-12-31', '--json', '--unmasked');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as InvitationJsonRow[];
    expect(rows).toEqual([
      {
        plate: vehicle.plate,
        vin: vehicle.vin,
        customer: customer.name,
        phone: customer.mobile,
        kind: 'first',
        dueDate: '2026-12-10',
        dueMileage: 5000,
        estimatedMileage: null,
        lastVisit: null,
      },
    ]);
    const human = await cli('invitations', '--from', '2026-12-01', '--to', '2026-12-31');
    expect(human.out).toContain('到期 1 辆');
    expect(human.out).toContain(vehicle.plate!);
    const bad = await cli('invitations', '--from', '2026-12-01', '--to', '2026-13-01');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--to：“2026-13-01”不是有效日期');
    const backwards = await cli('invitations', '--from', '2026-12-31', '--to', '2026-12-01');
    expect(backwards.code).toBe(2);
  });
});

describe('two counters on the same invitation row', () => {
  /**
   * Two counters on one archive (the same file, or the same server database): 小王 and a manager,
   * and a December list with a row for each of `cars` new vehicles.
   */
  async function twoCountersOnAList(cars = 1) {
    const t = await counter();
    const other = await openTestArchive({ clock, file: t.file });
    open.unshift(other);
    await other.loginAs('manager');
    const vehicles: number[] = [];
    for (let i = 0; i < cars; i++) vehicles.push((await car(t, { deliveryDate: '2026-06-10' })).vehicle.id);
    const list = await t.must('invitations.create', { from: '2026-12-01', to: '2026-12-31', title: '' });
    const rows = vehicles.map((id) => list.rows.find((r) => r.vehicleId === id)!);
    return { t, other, list, rows };
  }

  it('a 已预约 and a 无人接听 recorded at once: both calls kept, the booking not lost to the other write', async () => {
    // Several rounds, as below: a lost booking need not show in the first.
    const { t, other, list, rows } = await twoCountersOnAList(4);
    for (const row of rows) {
      const results = await Promise.all([
        t.call('invitations.recordCall', { rowId: row.id, result: 'booked', bookedFor: '2026-12-08' }),
        other.call('invitations.recordCall', { rowId: row.id, result: 'no_answer' }),
      ]);
      for (const r of results) if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
    }
    const after = (await t.must('invitations.get', { id: list.id })).rows;
    for (const row of rows) {
      const mine = after.find((r) => r.id === row.id)!;
      expect(mine.calls.map((c) => c.result).sort()).toEqual(['booked', 'no_answer']);
      expect(mine.bookedFor, `row ${row.id}: the booking was lost`).toBe('2026-12-08');
    }
    expect(await rawSql(t.archive).value("SELECT count(*) FROM appointment WHERE state = 'booked'")).toBe(rows.length);
  });

  it('a call result and a removal at once: either the call is written and then the row removed, or the call is refused', async () => {
    // Several rounds: a call that read the row before the removal and wrote after it (no lock on
    // the row) shows in one of them as a call audited after the removal.
    const { t, other, list, rows } = await twoCountersOnAList(8);
    const raw = rawSql(t.archive);
    for (const row of rows) {
      const [called, removed] = await Promise.all([
        t.call('invitations.recordCall', { rowId: row.id, result: 'reached', words: '下月再说' }),
        other.call('invitations.removeRow', { listId: list.id, rowId: row.id, reason: '客户要求' }),
      ]);
      expect(removed.ok).toBe(true);
      const calls = await raw.value('SELECT count(*) FROM invitation_call WHERE row_id = ?', row.id);
      const audited = await raw.column(
        `SELECT action FROM audit_log WHERE entity = 'invitation_row' AND entity_id = ?
           AND action IN ('invitationCall.record', 'invitationRow.remove') ORDER BY id`,
        row.id,
      );
      if (called.ok) {
        expect(calls).toBe(1);
        expect(audited, `row ${row.id}: the call was written after the removal`).toEqual([
          'invitationCall.record',
          'invitationRow.remove',
        ]);
      } else {
        expect(called.error.code).toBe('CONFLICT');
        expect(called.error.message).toContain('已从一览表移除');
        expect(calls).toBe(0);
        expect(audited).toEqual(['invitationRow.remove']);
      }
    }
  });
});
