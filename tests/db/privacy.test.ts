/**
 * Personal data under PIPL (issue 10, part 9), on real temp archives through the real dispatcher:
 * masking of what leaves the counter (and the manager's audited unmasking), marketing consent in
 * invitations, letters and calls, the retention rule (preview = apply, nothing else touched,
 * search forgets them), and one customer's data on request.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, rowCounts, type TestArchive, tableNames } from '../support/archive';

/** A clock the test moves: 10:00 at the store on the day set. */
function movableClock(day: string): Clock & { set(day: string): void } {
  let at = new Date(`${day}T02:00:00Z`);
  return {
    now: () => new Date(at.getTime()),
    set(d: string) {
      at = new Date(`${d}T02:00:00Z`);
    },
  };
}

const open: TestArchive[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function store(clock: Clock): Promise<TestArchive> {
  const t = await openSetUpArchive({ clock });
  open.push(t);
  await t.loginAs('clerk');
  return t;
}

let serial = 0;
async function car(
  t: TestArchive,
  customer: Partial<InputOf<'customers.create'>>,
  vehicle: Partial<InputOf<'vehicles.create'>> = {},
) {
  const n = ++serial;
  const c = await t.must('customers.create', {
    name: `客户${n}`,
    mobile: `1390000${String(n).padStart(4, '0')}`,
    address: `北京市朝阳区测试路${n}号`,
    postalCode: '100020',
    ...customer,
  });
  const v = await t.must('vehicles.create', {
    plate: `京P${String(50000 + n)}`,
    vin: withCheckDigit(`LSVAU2180N5${String(700000 + n).padStart(6, '0')}`),
    model: '朗逸',
    ownerId: c.record.id,
    ...vehicle,
  });
  return { customer: c.record, vehicle: v.record };
}

async function visit(t: TestArchive, vehicleId: number, roNumber: string, on: string) {
  return t.must('repairOrders.create', {
    roNumber,
    vehicleId,
    openedAt: `${on} 09:00`,
    mileageIn: 10_000 + serial * 100,
    type: 'repair',
    status: 'settled',
    deliveredAt: `${on} 16:00`,
    settledAt: `${on} 16:05`,
    laborLines: [{ description: '更换刹车片', amountFen: 30_000 }],
  });
}

const auditActions = (t: TestArchive, action: string): Promise<{ actor: string; after_json: string | null }[]> =>
  t.archive.db
    .selectFrom('audit_log')
    .select(['actor', 'after_json'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();

async function xlsxText(base64: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        cells.push(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? ''));
      }),
    ),
  );
  return cells.join('\n');
}

describe('masking of exports and printouts that leave the counter', () => {
  it('the daily report shows 王** unless a manager unmasks it, which is audited; a clerk is refused', async () => {
    const clock = movableClock('2026-11-22');
    const t = await store(clock);
    const { vehicle } = await car(t, { name: '王小明', mobile: '13812345678' });
    await visit(t, vehicle.id, 'RO2611220001', '2026-11-22');

    const masked = await t.must('dailyReport.printHtml', { date: '2026-11-22' });
    expect(masked.html).toContain('王**');
    expect(masked.html).not.toContain('王小明');
    const xlsx = await xlsxText((await t.must('dailyReport.exportXlsx', { date: '2026-11-22' })).contentBase64);
    expect(xlsx).toContain('王**');
    expect(xlsx).not.toContain('王小明');

    const before = await rowCounts(t.archive);
    const refused = await t.call('dailyReport.printHtml', { date: '2026-11-22', unmasked: true });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('FORBIDDEN');
      expect(refused.error.message).toContain('仅限服务经理');
    }
    expect(await rowCounts(t.archive)).toEqual(before);

    await t.loginAs('manager');
    const full = await t.must('dailyReport.printHtml', { date: '2026-11-22', unmasked: true });
    expect(full.html).toContain('王小明');
    const fullXlsx = await xlsxText(
      (await t.must('dailyReport.exportXlsx', { date: '2026-11-22', unmasked: true })).contentBase64,
    );
    expect(fullXlsx).toContain('王小明');
    const audited = await auditActions(t, 'privacy.unmask');
    expect(audited).toHaveLength(2);
    expect(audited.every((a) => a.actor === '李经理')).toBe(true);
    expect(JSON.parse(audited[0]!.after_json!)).toMatchObject({ document: '日报打印', date: '2026-11-22' });
    expect(JSON.parse(audited[1]!.after_json!)).toMatchObject({ document: '日报 Excel', date: '2026-11-22' });
  });

  it('the first-service hand-off for sales masks names and phones (138****5678) unless a manager unmasks', async () => {
    const clock = movableClock('2026-11-22');
    const t = await store(clock);
    const { vehicle } = await car(t, { name: '欧阳明辉', mobile: '13812345678' }, { deliveryDate: '2026-08-01' });
    await t.must('firstService.register', {
      voucherNo: 'SB-0001',
      vehicleId: vehicle.id,
      serviceOn: '2026-11-22',
      mileage: 5_000,
    });
    const html = (await t.must('firstService.handoffHtml', { date: '2026-11-22' })).html;
    expect(html).toContain('欧阳**');
    expect(html).toContain('138****5678');
    expect(html).not.toContain('13812345678');
    expect(html).not.toContain('欧阳明辉');
    const xlsx = await xlsxText((await t.must('firstService.handoffXlsx', { date: '2026-11-22' })).contentBase64);
    expect(xlsx).toContain('138****5678');
    expect(xlsx).not.toContain('13812345678');

    const refused = await t.call('firstService.handoffXlsx', { date: '2026-11-22', unmasked: true });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');

    await t.loginAs('manager');
    const full = await t.must('firstService.handoffHtml', { date: '2026-11-22', unmasked: true });
    expect(full.html).toContain('13812345678');
    expect(full.html).toContain('欧阳明辉');
    expect((await auditActions(t, 'privacy.unmask')).map((a) => JSON.parse(a.after_json!).document)).toEqual([
      '首保交接单打印',
    ]);
  });
});

describe('marketing consent', () => {
  it('a customer without consent is left out of a new invitation list, counted as 不同意营销联系', async () => {
    const clock = movableClock('2026-11-22');
    const t = await store(clock);
    const yes = await car(t, { name: '赵同意' }, { deliveryDate: '2026-09-01' });
    const no = await car(t, { name: '钱不同意', marketingConsent: false }, { deliveryDate: '2026-09-01' });
    const due = await t.must('invitations.due', { from: '2026-11-22', to: '2027-11-21' });
    const vehicles = due.rows.map((r) => r.vehicleId);
    expect(vehicles).toContain(yes.vehicle.id);
    expect(vehicles).not.toContain(no.vehicle.id);
    expect(due.excluded.noMarketingConsent).toBe(1);
  });

  it('letters, greetings and reminder calls from a list leave out a customer who withdrew consent, with the reason', async () => {
    const clock = movableClock('2026-11-22');
    const t = await store(clock);
    const yes = await car(t, { name: '孙同意' }, { deliveryDate: '2026-09-01' });
    const no = await car(t, { name: '李撤回' }, { deliveryDate: '2026-09-01' });
    const list = await t.must('invitations.create', { from: '2026-11-22', to: '2027-11-21' });
    expect(list.rows.map((r) => r.vehicleId).sort()).toEqual([yes.vehicle.id, no.vehicle.id].sort());
    await t.must('invitations.markLetterSent', {
      listId: list.id,
      rowIds: list.rows.map((r) => r.id),
      sentOn: '2026-11-01',
      kind: 'invitation',
    });
    // The customer withdraws consent after the list was made and the letters went out.
    const { id, createdAt: _c, updatedAt: _u, ...fields } = no.customer;
    await t.must('customers.update', { id, ...fields, marketingConsent: false });

    for (const kind of ['invitation', 'holiday', 'birthday'] as const) {
      const recipients = await t.must('letterBatches.recipients', { kind, source: { listId: list.id } });
      expect(recipients.mailable.map((m) => m.customerId)).toEqual([yes.customer.id]);
      expect(recipients.cannotMail).toEqual([expect.objectContaining({ customerId: id, reason: '不同意营销联系' })]);
    }
    const envelopes = await t.must('mail.recipients', { listId: list.id });
    expect(envelopes.mailable.map((m) => m.customerId)).toEqual([yes.customer.id]);
    expect(envelopes.cannotMail.map((u) => u.reason)).toEqual(['不同意营销联系']);

    const calls = await t.must('invitations.callQueue', { date: '2026-11-22' });
    expect(calls.map((r) => r.vehicleId)).toEqual([yes.vehicle.id]);
  });

  it('thank-you letters are marketing too: listed as 不同意营销联系, not printed', async () => {
    const clock = movableClock('2026-11-22');
    const t = await store(clock);
    const yes = await car(t, { name: '周同意' }, { deliveryDate: '2026-11-18' });
    const no = await car(t, { name: '吴不同意', marketingConsent: false }, { deliveryDate: '2026-11-19' });
    const recipients = await t.must('letterBatches.recipients', { kind: 'purchase_thanks', source: { queue: true } });
    expect(recipients.mailable.map((m) => m.customerId)).toEqual([yes.customer.id]);
    expect(recipients.cannotMail).toEqual([
      expect.objectContaining({ customerId: no.customer.id, reason: '不同意营销联系' }),
    ]);
  });
});

describe('retention: anonymising customers with no visit for N years', () => {
  /** Three customers seen last in 2013-2014 (one with a list row and a letter), two seen recently. */
  async function tenYears() {
    const clock = movableClock('2013-03-01');
    const t = await store(clock);
    // Days later the idle logout has ended the session: log in again.
    const moveTo = async (day: string) => {
      clock.set(day);
      await t.loginAs('clerk');
    };
    const gone = await car(t, { name: '郑旧客', mobile: '13800000001', notes: '老客户，电话 13800000001' });
    await visit(t, gone.vehicle.id, 'RO1303010001', '2013-03-01');
    const gone2 = await car(t, { name: '冯旧客', mobile: '13800000002', otherPhones: ['010-66668888'] });
    await moveTo('2014-05-10');
    await visit(t, gone2.vehicle.id, 'RO1405100001', '2014-05-10');
    const goneListed = await car(t, { name: '陈旧客', mobile: '13800000003' }, { deliveryDate: '2014-01-01' });
    const list = await t.must('invitations.create', { from: '2014-05-10', to: '2015-05-09' });
    expect(list.rows.some((r) => r.vehicleId === goneListed.vehicle.id)).toBe(true);
    // Seen in 2013, but came back in 2025.
    await moveTo('2013-06-01');
    const back = await car(t, { name: '褚回头', mobile: '13800000004' });
    await visit(t, back.vehicle.id, 'RO1306010001', '2013-06-01');
    await moveTo('2025-07-01');
    await visit(t, back.vehicle.id, 'RO2507010001', '2025-07-01');
    // New this year, no RO yet.
    await moveTo('2026-11-01');
    const fresh = await car(t, { name: '卫新客', mobile: '13800000005' });
    await moveTo('2026-11-22');
    return { t, clock, gone, gone2, goneListed, back, fresh, list };
  }

  it('is off by default, and a preview changes nothing', async () => {
    const { t } = await tenYears();
    expect(await t.must('privacy.settings', {})).toEqual({ years: 0 });
    await t.loginAs('manager');
    const before = await rowCounts(t.archive);
    const refused = await t.call('privacy.retentionPreview', {});
    expect(refused.ok ? null : refused.error.message).toContain('没有设置');
    const preview = await t.must('privacy.retentionPreview', { years: 10 });
    expect(preview.cutoff).toBe('2016-11-22');
    expect(preview.customers).toBe(3);
    expect(await rowCounts(t.archive)).toEqual(before);
  });

  it('anonymises exactly what the preview showed, in one go, and nobody else', async () => {
    const { t, gone, gone2, goneListed, back, fresh } = await tenYears();
    await t.loginAs('manager');
    await t.must('privacy.setRetention', { years: 10 });
    const preview = await t.must('privacy.retentionPreview', {});
    expect(preview.years).toBe(10);
    expect(preview.sample.map((s) => s.customerId)).toEqual([
      gone.customer.id,
      gone2.customer.id,
      goneListed.customer.id,
    ]);
    expect(preview.sample[0]).toMatchObject({
      maskedName: '郑**',
      maskedPhone: '138****0001',
      lastSeenOn: '2013-03-01',
    });
    expect(preview).toMatchObject({ customers: 3, vehicles: 3 });
    expect(preview.invitationRows).toBeGreaterThanOrEqual(1);
    expect(preview.auditEntries).toBeGreaterThanOrEqual(6);

    const untouched = (id: number) =>
      t.archive.db.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const repairOrders = () => t.archive.db.selectFrom('repair_order').selectAll().orderBy('id').execute();
    const backBefore = await untouched(back.customer.id);
    const freshBefore = await untouched(fresh.customer.id);
    const roBefore = await repairOrders();

    // A wrong PIN, a clerk, or counts that no longer match: refused, nothing changed.
    const before = await rowCounts(t.archive);
    const apply = {
      years: 10,
      cutoff: preview.cutoff,
      expectedCustomers: preview.customers,
      expectedVehicles: preview.vehicles,
    };
    const wrongPin = await t.call('privacy.retentionApply', { ...apply, pin: '9999' });
    expect(wrongPin.ok ? null : wrongPin.error.code).toBe('VALIDATION');
    const stale = await t.call('privacy.retentionApply', { ...apply, expectedCustomers: 2, pin: '2222' });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    await t.loginAs('clerk');
    const clerk = await t.call('privacy.retentionApply', { ...apply, pin: '1111' });
    expect(clerk.ok ? null : clerk.error.code).toBe('FORBIDDEN');
    expect((await untouched(gone.customer.id)).anonymised_at).toBeNull();
    expect(
      await t.archive.db
        .selectFrom('customer')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('anonymised_at', 'is not', null)
        .executeTakeFirst(),
    ).toEqual({ n: 0 });
    // Refusals may be audited; nothing else changed.
    const { audit_log: _a, ...others } = await rowCounts(t.archive);
    const { audit_log: _b, ...othersBefore } = before;
    expect(others).toEqual(othersBefore);

    await t.loginAs('manager');
    const result = await t.must('privacy.retentionApply', { ...apply, pin: '2222' });
    expect(result).toMatchObject({
      customers: preview.customers,
      vehicles: preview.vehicles,
      invitationRows: preview.invitationRows,
      letterItems: preview.letterItems,
      auditEntries: preview.auditEntries,
    });

    const c = await untouched(gone.customer.id);
    expect(c).toMatchObject({
      name: `已匿名客户#${gone.customer.id}`,
      mobile: null,
      other_phones: '[]',
      address: '',
      postal_code: '',
      notes: '',
      is_marketing_consent: 0,
    });
    expect((await untouched(gone2.customer.id)).other_phones).toBe('[]');
    const v = await t.archive.db
      .selectFrom('vehicle')
      .select(['plate', 'vin'])
      .where('id', '=', gone.vehicle.id)
      .executeTakeFirst();
    expect(v).toEqual({ plate: `匿名车辆#${gone.vehicle.id}`, vin: null });
    const row = await t.archive.db
      .selectFrom('invitation_row')
      .select(['customer_name', 'phone', 'plate', 'vin'])
      .where('vehicle_id', '=', goneListed.vehicle.id)
      .executeTakeFirst();
    expect(row).toEqual({
      customer_name: `已匿名客户#${goneListed.customer.id}`,
      phone: null,
      plate: `匿名车辆#${goneListed.vehicle.id}`,
      vin: null,
    });
    // The others are exactly as they were; the ROs keep their figures.
    expect(await untouched(back.customer.id)).toEqual(backBefore);
    expect(await untouched(fresh.customer.id)).toEqual(freshBefore);
    expect(await repairOrders()).toEqual(roBefore);

    // Quick search no longer finds them by name, phone, plate or VIN; the others still are.
    for (const text of [
      '郑旧客',
      '13800000001',
      '0001',
      '冯旧客',
      '66668888',
      gone.vehicle.plate!,
      gone.vehicle.vin!,
    ]) {
      const hits = await t.must('search.quick', { text });
      expect(hits.filter((h) => h.kind !== 'repairOrder')).toEqual([]);
    }
    const found = (await t.must('search.quick', { text: '褚回头' })).map((h) => h.id);
    expect([...new Set(found)]).toEqual([back.customer.id]);

    // Nothing in the whole archive (audit log included: it keeps ids only) still holds their
    // names, phones, plates or VINs.
    const personal = [gone, gone2, goneListed].flatMap((x) => [
      x.customer.name,
      x.customer.mobile!,
      x.vehicle.plate!,
      x.vehicle.vin!,
    ]);
    personal.push('66668888');
    const leaks: string[] = [];
    for (const name of await tableNames(t.archive)) {
      const dump = JSON.stringify((await sql`SELECT * FROM ${sql.table(name)}`.execute(t.archive.db)).rows);
      for (const value of personal) if (dump.includes(value)) leaks.push(`${name}: ${value}`);
    }
    expect(leaks).toEqual([]);
    const entry = (await auditActions(t, 'privacy.retentionApply'))[0]!;
    expect(entry.actor).toBe('李经理');
    expect(JSON.parse(entry.after_json!)).toMatchObject({
      customers: 3,
      customerIds: [gone.customer.id, gone2.customer.id, goneListed.customer.id],
    });
    // Append-only otherwise: an edit of an audit entry is still refused by the archive.
    await expect(
      t.archive.db.updateTable('audit_log').set({ actor: 'x' }).where('id', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);

    // Nothing left to do: a second preview finds nobody.
    expect((await t.must('privacy.retentionPreview', {})).customers).toBe(0);
    // The file itself is sound (a server database has no such check to run).
    if (t.archive.sqlite)
      expect(t.archive.sqlite.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  });
});

describe("one customer's data on request", () => {
  it('exports the customer, vehicles, ROs with lines, readings, preferences, invitations and audit as JSON; audited', async () => {
    const clock = movableClock('2026-11-22');
    const t = await store(clock);
    const { customer, vehicle } = await car(
      t,
      { name: '蒋请求', mobile: '13912345678' },
      { deliveryDate: '2026-09-01' },
    );
    const other = await car(t, { name: '沈他人' });
    const list = await t.must('invitations.create', { from: '2026-11-22', to: '2027-11-21' });
    expect(list.rows.map((r) => r.vehicleId)).toContain(vehicle.id);
    await visit(t, vehicle.id, 'RO2611220009', '2026-11-22');
    await t.must('contactPrefs.set', { customerId: customer.id, channel: 'phone', allowed: false, reason: 'asked' });

    const file = await t.must('privacy.exportCustomer', { customerId: customer.id });
    expect(file.mimeType).toBe('application/json');
    expect(file.fileName).toBe(`客户个人信息_${customer.id}_2026-11-22.json`);
    const data = JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8'));
    expect(data.customer).toMatchObject({ id: customer.id, name: '蒋请求', mobile: '13912345678' });
    expect(data.vehicles).toHaveLength(1);
    expect(data.vehicles[0]).toMatchObject({ id: vehicle.id, plate: vehicle.plate });
    expect(data.vehicles[0].mileageReadings.length).toBeGreaterThanOrEqual(1);
    expect(data.repairOrders).toHaveLength(1);
    expect(data.repairOrders[0].laborLines[0]).toMatchObject({ description: '更换刹车片', amountFen: 30_000 });
    expect(data.contactPreferences).toEqual([expect.objectContaining({ channel: 'phone', allowed: 0 })]);
    expect(data.invitations).toHaveLength(1);
    expect(data.auditEntries.some((a: { action: string }) => a.action === 'customer.create')).toBe(true);
    // Nobody else's data.
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    expect(text).not.toContain('沈他人');
    expect(text).not.toContain(other.vehicle.plate!);
    expect(await auditActions(t, 'privacy.exportCustomer')).toEqual([
      { actor: '小王', after_json: JSON.stringify({ fileName: file.fileName, bytes: file.bytes }) },
    ]);
  });
});
