/**
 * The first-service register (首保登记表) on a real archive behind the real dispatcher: the rules of
 * registering a voucher, the register and its filing, the day's hand-off to sales (XLSX read back
 * with ExcelJS, PDF made by a real Chromium and read with pdftotext / pdfinfo), the vehicles still
 * waiting for their first service, the thank-you letters queue, the Today board rows and the CLI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { HANDOFF_HEADER_ROW, HANDOFF_HEADERS } from '../../src-main/services/first-service/handoff.xlsx';
import type { InputOf } from '../../src-shared/contract/index';
import type { DayTasks } from '../../src-shared/domain/today';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { rawSql } from '../support/raw-sql';

/** The store's clock, movable: starts 2026-11-22 10:00 at the store (UTC+8). */
let nowUtc = '2026-11-22T02:00:00Z';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-11-22';
const HTML_NAME = '王<b>五</b>&';

let t: TestArchive;
beforeEach(async () => {
  at(`${TODAY}T10:00:00`);
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

async function customer(name: string, extra: Partial<InputOf<'customers.create'>> = {}): Promise<number> {
  return (await t.must('customers.create', { name, ...extra })).record.id;
}

async function vehicle(input: InputOf<'vehicles.create'>): Promise<number> {
  return (await t.must('vehicles.create', input)).record.id;
}

function register(input: Partial<InputOf<'firstService.register'>> & { vehicleId: number }) {
  return t.call('firstService.register', {
    voucherNo: 'SB2611220001',
    serviceOn: '2026-11-21',
    mileage: 3000,
    advisor: '王顾问',
    ...input,
  });
}

async function mustRegister(input: Partial<InputOf<'firstService.register'>> & { vehicleId: number }) {
  const r = await register(input);
  if (!r.ok) throw new Error(`register failed: ${r.error.message}`);
  return r.value;
}

async function refused(input: Partial<InputOf<'firstService.register'>> & { vehicleId: number }) {
  const r = await register(input);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

const raw = rawSql(() => t.archive);

function sql<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return raw.all<T>(query, ...params);
}

describe('registering a voucher (首保登记)', () => {
  it('saves the voucher with vehicle and customer, records the mileage reading, and audits it', async () => {
    const owner = await customer('张三', { mobile: '13800138000' });
    const car = await vehicle({
      plate: '京A12345',
      vin: VIN_A,
      model: '朗逸',
      deliveryDate: '2026-06-10',
      ownerId: owner,
    });
    const v = await mustRegister({ voucherNo: ' sb2611220001 ', vehicleId: car, mileage: 4210 });
    expect(v).toMatchObject({
      voucherNo: 'SB2611220001',
      vehicleId: car,
      plate: '京A12345',
      vin: VIN_A,
      model: '朗逸',
      customerName: '张三',
      serviceOn: '2026-11-21',
      mileage: 4210,
      advisor: '王顾问',
      filedAt: null,
      handedOverAt: null,
      createdAt: '2026-11-22T10:00:00+08:00',
      createdBy: '小王',
    });
    expect(await sql('SELECT read_on, mileage, source FROM mileage_reading WHERE vehicle_id = ?', car)).toEqual([
      { read_on: '2026-11-21', mileage: 4210, source: 'manual' },
    ]);
    const audit = await sql<{ actor: string; entity_id: number; after_json: string }>(
      "SELECT actor, entity_id, after_json FROM audit_log WHERE action = 'firstService.register'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: '小王', entity_id: v.id });
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({ voucherNo: 'SB2611220001', mileage: 4210 });
  });

  it('a registered voucher counts as the first service for the due date, before its RO arrives', async () => {
    const car = await vehicle({ plate: '京A12346', model: '朗逸', deliveryDate: '2026-06-10' });
    // Delivered 2026-06-10, nothing else: 首保 is next, counted from the delivery.
    expect((await t.must('vehicles.serviceSummary', { vehicleId: car }))?.due).toMatchObject({
      kind: 'first',
      base: 'delivery',
    });
    await mustRegister({ voucherNo: 'SB2611220009', vehicleId: car, serviceOn: '2026-11-21', mileage: 4210 });
    // Now 定保 is next, from the voucher: 4,210 + 7,500 km or 6 months after 2026-11-21.
    expect((await t.must('vehicles.serviceSummary', { vehicleId: car }))?.due).toMatchObject({
      kind: 'periodic',
      base: 'first_service',
      baseOn: '2026-11-21',
      baseKm: 4210,
      dueKm: 11710,
      timeDueOn: '2027-05-21',
    });
  });

  it('refuses a voucher number registered before, saying when and by whom', async () => {
    const a = await vehicle({ plate: '京A12345', deliveryDate: '2026-06-10' });
    const b = await vehicle({ plate: '京B55555', deliveryDate: '2026-06-10' });
    await mustRegister({ vehicleId: a });
    const before = await sql('SELECT count(*) AS n FROM mileage_reading');
    const e = await refused({ voucherNo: 'SB2611220001', vehicleId: b });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(
      '凭证号：SB2611220001 已于 2026-11-22 10:00 由 小王 登记（车辆 京A12345，首保日期 2026-11-21），请核对凭证号，不要重复登记。',
    );
    // Nothing of the refused voucher was kept.
    expect(await sql('SELECT count(*) AS n FROM mileage_reading')).toEqual(before);
    expect(await sql('SELECT count(*) AS n FROM first_service_voucher')).toEqual([{ n: 1 }]);
  });

  it('refuses an unknown vehicle, a future date and a date before the delivery', async () => {
    const car = await vehicle({ plate: '京A12345', deliveryDate: '2026-11-01' });
    const unknown = await refused({ vehicleId: 9999 });
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('找不到车辆“9999”，请确认后重试。');

    const future = await refused({ vehicleId: car, serviceOn: '2026-11-23' });
    expect(future.code).toBe('VALIDATION');
    expect(future.message).toBe('首保日期：2026-11-23 晚于今天（2026-11-22），请按凭证上的首保日期填写');
    expect(future.details?.fields?.[0]?.path).toBe('serviceOn');

    const early = await refused({ vehicleId: car, serviceOn: '2026-10-31' });
    expect(early.message).toBe(
      '首保日期：2026-10-31 早于这辆车的交车日期 2026-11-01，请核对凭证上的日期，或车辆档案里的交车日期',
    );
    // The day of delivery itself is possible.
    await mustRegister({ vehicleId: car, serviceOn: '2026-11-01', mileage: 20 });
  });

  it('refuses a second voucher for the same vehicle: a vehicle has one first service', async () => {
    const car = await vehicle({ plate: '京A12345', deliveryDate: '2026-06-10' });
    await mustRegister({ vehicleId: car });
    const e = await refused({ voucherNo: 'SB2611220002', vehicleId: car });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(
      '车辆：京A12345 已登记过首保凭证 SB2611220001（首保日期 2026-11-21，小王 于 2026-11-22 10:00 登记）。一辆车只有一次首保，请核对车辆或凭证号。',
    );
    expect(e.details?.fields?.[0]?.path).toBe('vehicleId');
  });

  it('mileage: more than 500 km a day since delivery is refused; lower than an earlier reading is kept and noted', async () => {
    // Delivered 2026-11-01, serviced 2026-11-21: 20 days, at most 10,000 km.
    const car = await vehicle({ plate: '京A12345', deliveryDate: '2026-11-01' });
    const far = await refused({ vehicleId: car, mileage: 10_001 });
    expect(far.code).toBe('VALIDATION');
    expect(far.message).toBe(
      '里程：10001 公里不可信：交车（2026-11-01）后 20 天最多约 10000 公里（每天不超过 500 公里），请核对凭证上的里程',
    );
    expect(far.details?.fields?.[0]?.path).toBe('mileage');

    await t.must('vehicles.addMileage', { vehicleId: car, readOn: '2026-11-15', mileage: 5000 });
    const v = await mustRegister({ vehicleId: car, mileage: 4800 });
    expect(v.mileage).toBe(4800);
    const audit = (
      await sql<{ after_json: string }>("SELECT after_json FROM audit_log WHERE action = 'firstService.register'")
    )[0]!;
    expect(JSON.parse(audit.after_json).warnings).toEqual([
      '里程 4800 公里低于 2026-11-15 记录的 5000 公里，请核对（已保存，可能是以前的读数有误）。',
    ]);
    expect(await sql('SELECT mileage FROM mileage_reading WHERE vehicle_id = ? ORDER BY read_on', car)).toEqual([
      { mileage: 5000 },
      { mileage: 4800 },
    ]);
  });

  it('refuses a malformed voucher number in Chinese', async () => {
    const car = await vehicle({ plate: '京A12345' });
    const e = await refused({ vehicleId: car, voucherNo: '首保一号' });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('凭证号应为字母数字');
  });
});

describe('the register and filing', () => {
  it('lists by first-service date, newest first, paged, with plate, model and customer; marks vouchers filed', async () => {
    const owner = await customer('张三');
    const ids: number[] = [];
    for (const [i, day] of ['2026-11-18', '2026-11-20', '2026-11-19'].entries()) {
      const car = await vehicle({ plate: `京A1234${i}`, model: '朗逸', deliveryDate: '2026-06-10', ownerId: owner });
      ids.push((await mustRegister({ voucherNo: `SB000${i}`, vehicleId: car, serviceOn: day })).id);
    }
    const all = await t.must('firstService.list', {});
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => [r.serviceOn, r.plate, r.model, r.customerName])).toEqual([
      ['2026-11-20', '京A12341', '朗逸', '张三'],
      ['2026-11-19', '京A12342', '朗逸', '张三'],
      ['2026-11-18', '京A12340', '朗逸', '张三'],
    ]);
    const range = await t.must('firstService.list', { from: '2026-11-19', to: '2026-11-19' });
    expect(range.rows.map((r) => r.voucherNo)).toEqual(['SB0002']);
    expect(range.total).toBe(1);
    const page2 = await t.must('firstService.list', { page: 2, pageSize: 2 });
    expect(page2.rows.map((r) => r.voucherNo)).toEqual(['SB0000']);
    expect(page2.total).toBe(3);

    const filed = await t.must('firstService.markFiled', { ids: [ids[0]!, ids[2]!] });
    expect(filed.map((v) => [v.voucherNo, v.filedAt])).toEqual([
      ['SB0000', '2026-11-22T10:00:00+08:00'],
      ['SB0002', '2026-11-22T10:00:00+08:00'],
    ]);
    // Filing again keeps the first filing.
    at('2026-11-22T11:00:00');
    const again = await t.must('firstService.markFiled', { ids: [ids[0]!] });
    expect(again[0]!.filedAt).toBe('2026-11-22T10:00:00+08:00');
    expect(await sql('SELECT filed_by FROM first_service_voucher WHERE id = ?', ids[0])).toEqual([
      { filed_by: '小王' },
    ]);
    expect(await sql("SELECT count(*) AS n FROM audit_log WHERE action = 'firstService.markFiled'")).toEqual([
      { n: 2 },
    ]);

    const missing = await t.call('firstService.markFiled', { ids: [ids[1]!, 999] });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toBe('找不到首保凭证 #999，请刷新首保登记表后重新选择。');
    // Nothing was filed by the refused call.
    expect(await sql('SELECT filed_at FROM first_service_voucher WHERE id = ?', ids[1])).toEqual([{ filed_at: null }]);
  });
});

/** Two vouchers registered on 11-22 (one with a customer whose name holds HTML), one on 11-21. */
async function arrangeHandoff() {
  const zhang = await customer('张三', { mobile: '13800138000' });
  const wang = await customer(HTML_NAME, { otherPhones: ['010-87654321'] });
  const a = await vehicle({ plate: '京A12345', vin: VIN_A, model: '朗逸', deliveryDate: '2026-06-10', ownerId: zhang });
  const b = await vehicle({
    plate: '京B55555',
    vin: VIN_B,
    model: '帕萨特',
    deliveryDate: '2026-06-12',
    ownerId: wang,
  });
  const c = await vehicle({ plate: '京C66666', model: '速腾', deliveryDate: '2026-06-01' });
  at('2026-11-21T16:00:00');
  await mustRegister({ voucherNo: 'SB2611210001', vehicleId: c, serviceOn: '2026-11-20', mileage: 5100 });
  at('2026-11-22T09:30:00');
  await mustRegister({ voucherNo: 'SB2611220001', vehicleId: a, serviceOn: '2026-11-21', mileage: 4210 });
  at('2026-11-22T10:15:00');
  await mustRegister({
    voucherNo: 'SB2611220002',
    vehicleId: b,
    serviceOn: '2026-11-22',
    mileage: 12345,
    advisor: '李顾问',
  });
  at('2026-11-22T17:00:00');
}

describe('the hand-off to sales (首保登记交接单)', () => {
  it('the day’s sheet is the vouchers entered that day; handOver marks them and is refused when done or empty', async () => {
    await arrangeHandoff();
    const sheet = await t.must('firstService.handoff', { date: TODAY });
    expect(sheet.vouchers.map((v) => [v.voucherNo, v.plate, v.customerName, v.serviceOn])).toEqual([
      ['SB2611220001', '京A12345', '张三', '2026-11-21'],
      ['SB2611220002', '京B55555', HTML_NAME, '2026-11-22'],
    ]);
    expect(sheet).toMatchObject({ date: TODAY, handedOverAt: null, handedTo: null, handedBy: null });
    expect((await t.must('firstService.handoff', { date: '2026-11-21' })).vouchers.map((v) => v.voucherNo)).toEqual([
      'SB2611210001',
    ]);

    const handed = await t.must('firstService.handOver', { date: TODAY, receivedBy: ' 销售部 刘经理 ' });
    expect(handed).toMatchObject({
      handedOverAt: '2026-11-22T17:00:00+08:00',
      handedTo: '销售部 刘经理',
      handedBy: '小王',
    });
    expect(handed.vouchers.every((v) => v.handedTo === '销售部 刘经理')).toBe(true);
    // The day before is still open.
    expect((await t.must('firstService.handoff', { date: '2026-11-21' })).handedOverAt).toBeNull();

    at('2026-11-22T17:05:00');
    const twice = await t.call('firstService.handOver', { date: TODAY, receivedBy: '刘经理' });
    expect(twice.ok).toBe(false);
    if (!twice.ok) {
      expect(twice.error.code).toBe('CONFLICT');
      expect(twice.error.message).toBe(
        '2026-11-22 的 2 张首保凭证已于 2026-11-22 17:00 交给 销售部 刘经理（小王 交出），不需要再交接。',
      );
    }
    const none = await t.call('firstService.handOver', { date: '2026-11-10', receivedBy: '刘经理' });
    expect(none.ok).toBe(false);
    if (!none.ok) {
      expect(none.error.code).toBe('VALIDATION');
      expect(none.error.message).toBe(
        '登记日期：2026-11-10 没有登记首保凭证，没有要交给销售部的内容。请先录入当天的首保凭证，或选择别的日期',
      );
    }
    const noReceiver = await t.call('firstService.handOver', { date: TODAY, receivedBy: '  ' });
    expect(noReceiver.ok).toBe(false);

    // A voucher entered after the hand-over makes the day open again; the next hand-over takes only it.
    const d = await vehicle({ plate: '京D77777', deliveryDate: '2026-06-01' });
    await mustRegister({ voucherNo: 'SB2611220003', vehicleId: d, mileage: 4000 });
    expect((await t.must('firstService.handoff', { date: TODAY })).handedOverAt).toBeNull();
    at('2026-11-22T17:30:00');
    const second = await t.must('firstService.handOver', { date: TODAY, receivedBy: '赵专员' });
    expect(second.vouchers.map((v) => [v.voucherNo, v.handedTo])).toEqual([
      ['SB2611220001', '销售部 刘经理'],
      ['SB2611220002', '销售部 刘经理'],
      ['SB2611220003', '赵专员'],
    ]);
    expect(second).toMatchObject({ handedOverAt: '2026-11-22T17:30:00+08:00', handedTo: '赵专员' });
    expect(await sql("SELECT count(*) AS n FROM audit_log WHERE action = 'firstService.handOver'")).toEqual([{ n: 2 }]);
  });

  it('XLSX: store and date on top, the Chinese headers, a row per voucher, signature lines filled once handed over', async () => {
    await arrangeHandoff();
    await t.must('firstService.handOver', { date: TODAY, receivedBy: '刘经理' });
    // Names and phones in full: a manager's unmasked export (masking is tested in privacy.test.ts).
    await t.loginAs('manager');
    const file = await t.must('firstService.handoffXlsx', { date: TODAY, unmasked: true });
    expect(file.fileName).toBe('首保交接单_2026-11-22.xlsx');
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const content = Buffer.from(file.contentBase64, 'base64');
    expect(content.length).toBe(file.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(content as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['首保登记交接单']);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toBe('测试汽车服务有限公司　首保登记交接单');
    expect(String(ws.getCell('A2').value)).toContain('2026年11月22日 星期日');
    expect((ws.getRow(HANDOFF_HEADER_ROW).values as unknown[]).slice(1)).toEqual([...HANDOFF_HEADERS]);
    expect(HANDOFF_HEADERS).toEqual([
      '序号',
      '凭证号',
      '车牌',
      'VIN',
      '车型',
      '客户',
      '电话',
      '首保日期',
      '里程',
      '服务顾问',
    ]);
    const row = (n: number) => (ws.getRow(HANDOFF_HEADER_ROW + n).values as unknown[]).slice(1);
    const first = row(1);
    expect(first.slice(0, 7)).toEqual([1, 'SB2611220001', '京A12345', VIN_A, '朗逸', '张三', '13800138000']);
    expect((first[7] as Date).toISOString().slice(0, 10)).toBe('2026-11-21');
    expect(first.slice(8)).toEqual([4210, '王顾问']);
    expect(row(2).slice(0, 7)).toEqual([2, 'SB2611220002', '京B55555', VIN_B, '帕萨特', HTML_NAME, '010-87654321']);
    expect(row(2)[8]).toBe(12345);
    expect(ws.getRow(HANDOFF_HEADER_ROW + 1).getCell(9).numFmt).toBe('#,##0');
    const sig = ws.getRow(HANDOFF_HEADER_ROW + 2 + 2);
    expect([sig.getCell(1).value, sig.getCell(2).value]).toEqual(['交出人', '小王']);
    expect([sig.getCell(4).value, sig.getCell(5).value]).toEqual(['接收人', '刘经理']);
    expect([sig.getCell(7).value, sig.getCell(8).value]).toEqual(['时间', '2026-11-22 17:00']);
    expect(ws.pageSetup.paperSize).toBe(9);

    // A day without vouchers: the sheet says so.
    const empty = new ExcelJS.Workbook();
    const emptyFile = await t.must('firstService.handoffXlsx', { date: '2026-11-10' });
    await empty.xlsx.load(Buffer.from(emptyFile.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(empty.worksheets[0]!.getCell(`A${HANDOFF_HEADER_ROW + 1}`).value).toBe('当天没有新登记的首保凭证');
  });

  it('PDF and preview: A4, the store, every voucher, a customer name with HTML printed as text, the signature lines', async () => {
    await arrangeHandoff();
    await t.loginAs('manager');
    const preview = await t.must('firstService.handoffHtml', { date: TODAY, unmasked: true });
    expect(preview.title).toBe('首保登记交接单 2026-11-22');
    expect(preview.html).toContain('王&lt;b&gt;五&lt;/b&gt;&amp;');
    expect(preview.html).not.toContain(HTML_NAME);

    const file = await t.must('firstService.handoffPdf', { date: TODAY, unmasked: true });
    expect(file.fileName).toBe('首保交接单_2026-11-22.pdf');
    const content = Buffer.from(file.contentBase64, 'base64');
    expect(content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = path.join(t.dir, 'handoff.pdf');
    fs.writeFileSync(pdf, content);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(file.pages);
    expect(file.pages).toBe(1);
    expect(info).toMatch(/Page size:.*\(A4\)/);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    for (const expected of [
      '测试汽车服务有限公司',
      '首保登记交接单',
      '待交接',
      'SB2611220001',
      'SB2611220002',
      '京A12345',
      VIN_A,
      '13800138000',
      '12,345',
      '交出人',
      '接收人',
      '时间',
      '第 1 页 / 共 1 页',
    ])
      expect(text).toContain(expected);
    // The customer's name prints as the text typed (the narrow column may wrap it).
    expect(text.replace(/\s+/g, '')).toContain(HTML_NAME);
    // The other day's voucher is not on this sheet.
    expect(text).not.toContain('SB2611210001');
  });
});

describe('first-service candidates (待首保车辆)', () => {
  it('delivered, no first service yet, expiring soon or lately expired, by the model’s rule; soonest first', async () => {
    // Rules as the service-due area keeps them: a store default and two model rules (longest match wins).
    const ruleAt = '2026-11-01T09:00:00+08:00';
    const rule = (match: string, firstMonths: number) =>
      raw.run(
        "INSERT INTO service_rule (match, first_km, first_months, interval_km, interval_months, updated_at, updated_by) VALUES (?, 5000, ?, 7500, 6, ?, '管理员')",
        match,
        firstMonths,
        ruleAt,
      );
    await rule('', 6);
    await rule('朗逸', 3);
    await rule('朗逸PLUS', 5);
    const owner = await customer('张三', { mobile: '13800138000' });
    // Default 6 months: delivered 2026-06-10 → expires 2026-12-10, 18 days from 2026-11-22.
    const dec10 = await vehicle({ plate: '京A10001', model: '帕萨特', deliveryDate: '2026-06-10', ownerId: owner });
    // 2026-05-31 + 6 → 2026-11-30 (8 days).
    const nov30 = await vehicle({ plate: '京A10002', model: '帕萨特', deliveryDate: '2026-05-31' });
    // 2026-05-01 + 6 → 2026-11-01: expired 21 days ago, still listed.
    const nov01 = await vehicle({ plate: '京A10003', model: '速腾', deliveryDate: '2026-05-01' });
    // 2026-04-15 + 6 → 2026-10-15: expired 38 days ago, no longer listed.
    await vehicle({ plate: '京A10004', model: '速腾', deliveryDate: '2026-04-15' });
    // 朗逸: 3 months. 2026-08-25 → 2026-11-25 (3 days).
    const nov25 = await vehicle({ plate: '京A10005', model: '朗逸 1.5L', deliveryDate: '2026-08-25' });
    // 朗逸PLUS: 5 months (not 3). 2026-06-26 → 2026-11-26 (4 days); with 3 months it would be 09-26.
    const plus = await vehicle({ plate: '京A10006', model: '朗逸PLUS', deliveryDate: '2026-06-26' });
    // Left out: a first-service RO, a voucher, sold, scrapped, no delivery date.
    const withRo = await vehicle({ plate: '京A10007', model: '帕萨特', deliveryDate: '2026-06-10' });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611150001',
      vehicleId: withRo,
      openedAt: '2026-11-15 09:00',
      type: 'first_service',
    });
    const withVoucher = await vehicle({ plate: '京A10008', model: '帕萨特', deliveryDate: '2026-06-10' });
    await mustRegister({ vehicleId: withVoucher, voucherNo: 'SB0008', serviceOn: '2026-11-20' });
    await vehicle({ plate: '京A10009', model: '帕萨特', deliveryDate: '2026-06-10', status: 'sold' });
    await vehicle({ plate: '京A10010', model: '帕萨特', deliveryDate: '2026-06-10', status: 'scrapped' });
    await vehicle({ plate: '京A10011', model: '帕萨特' });
    // A periodic-service RO is not a first service.
    await t.must('repairOrders.create', {
      roNumber: 'RO2611150002',
      vehicleId: nov30,
      openedAt: '2026-11-15 10:00',
      type: 'repair',
    });

    const list = await t.must('firstService.candidates', { withinDays: 60 });
    expect(list.map((c) => [c.vehicleId, c.deliveryOn, c.expiresOn, c.daysLeft])).toEqual([
      [nov01, '2026-05-01', '2026-11-01', -21],
      [nov25, '2026-08-25', '2026-11-25', 3],
      [plus, '2026-06-26', '2026-11-26', 4],
      [nov30, '2026-05-31', '2026-11-30', 8],
      [dec10, '2026-06-10', '2026-12-10', 18],
    ]);
    expect(list[4]).toMatchObject({ plate: '京A10001', model: '帕萨特', customerName: '张三', phone: '13800138000' });
    // Within 14 days: 12-10 (18 days) is not yet.
    expect((await t.must('firstService.candidates', { withinDays: 14 })).map((c) => c.vehicleId)).toEqual([
      nov01,
      nov25,
      plus,
      nov30,
    ]);
    expect((await t.must('firstService.candidates', { withinDays: 0 })).map((c) => c.vehicleId)).toEqual([nov01]);
    // Default withinDays is 60.
    expect(await t.must('firstService.candidates', {})).toEqual(list);
  });

  it('without any rule row, the built-in default of 6 months applies', async () => {
    const car = await vehicle({ plate: '京A10001', model: '帕萨特', deliveryDate: '2026-06-10' });
    expect(await t.must('firstService.candidates', { withinDays: 30 })).toEqual([
      expect.objectContaining({ vehicleId: car, expiresOn: '2026-12-10', daysLeft: 18 }),
    ]);
  });
});

describe('the thank-you letters queue (待寄感谢信)', () => {
  it('purchase thanks within a week of delivery, first-service thanks after it; DNC left out; never twice', async () => {
    const zhang = await customer('张三');
    const li = await customer('李四');
    const dnc = await customer('王勿扰', { doNotContact: true });
    const noLetters = await customer('赵不要信');
    await raw.run(
      "INSERT INTO contact_preference (customer_id, channel, allowed, reason, updated_at, updated_by) VALUES (?, 'letter', 0, 'asked', '2026-11-01T09:00:00+08:00', '小王')",
      noLetters,
    );
    // Delivered 2026-11-18: purchase thanks, to be sent by 2026-11-25.
    const newCar = await vehicle({ plate: '京A20001', deliveryDate: '2026-11-18', ownerId: zhang });
    // Delivered 2026-10-01 (more than 30 days ago): none.
    await vehicle({ plate: '京A20002', deliveryDate: '2026-10-01', ownerId: li });
    // Customers who want no letters: none.
    await vehicle({ plate: '京A20003', deliveryDate: '2026-11-20', ownerId: dnc });
    await vehicle({ plate: '京A20004', deliveryDate: '2026-11-20', ownerId: noLetters });
    // Delivered in the future (a date typed ahead): not yet.
    await vehicle({ plate: '京A20009', deliveryDate: '2026-11-25', ownerId: li });
    // First service by RO on 2026-11-10: first-service thanks by 2026-11-17.
    const roCar = await vehicle({ plate: '京A20005', deliveryDate: '2026-06-01', ownerId: li });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611100001',
      vehicleId: roCar,
      openedAt: '2026-11-10 09:00',
      type: 'first_service',
    });
    // First service by voucher on 2026-11-21, and its RO the same day: one letter.
    const voucherCar = await vehicle({ plate: '京A20006', deliveryDate: '2026-06-01', ownerId: zhang });
    await mustRegister({ vehicleId: voucherCar, serviceOn: '2026-11-21' });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611210001',
      vehicleId: voucherCar,
      openedAt: '2026-11-21 09:00',
      type: 'first_service',
    });
    // First service long ago (2026-09-01), another first_service RO lately: no letter (one first service).
    const oldCar = await vehicle({ plate: '京A20007', deliveryDate: '2026-03-01', ownerId: li });
    for (const [no, day] of [
      ['RO2609010001', '2026-09-01 09:00'],
      ['RO2611120001', '2026-11-12 09:00'],
    ])
      await t.must('repairOrders.create', { roNumber: no!, vehicleId: oldCar, openedAt: day!, type: 'first_service' });
    // DNC after a first service: none.
    const dncCar = await vehicle({ plate: '京A20008', deliveryDate: '2026-06-01', ownerId: dnc });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611150001',
      vehicleId: dncCar,
      openedAt: '2026-11-15 09:00',
      type: 'first_service',
    });

    const queue = await t.must('letters.queue', {});
    // Soonest send-by first.
    expect(queue.map((l) => [l.kind, l.plate, l.customerName, l.reasonOn, l.sendBy, l.printedAt])).toEqual([
      ['first_service_thanks', '京A20005', '李四', '2026-11-10', '2026-11-17', null],
      ['purchase_thanks', '京A20001', '张三', '2026-11-18', '2026-11-25', null],
      ['first_service_thanks', '京A20006', '张三', '2026-11-21', '2026-11-28', null],
    ]);
    expect(queue.find((l) => l.vehicleId === newCar)).toMatchObject({ customerId: zhang, kind: 'purchase_thanks' });

    // A second read adds nothing.
    const rows = await sql('SELECT count(*) AS n FROM letter_queue');
    expect(rows).toEqual([{ n: 3 }]);
    await t.must('letters.queue', {});
    expect(await sql('SELECT count(*) AS n FROM letter_queue')).toEqual(rows);

    // Printed (by the letters issue): gone from the open queue, still there with includePrinted.
    await raw.run("UPDATE letter_queue SET printed_at = '2026-11-22T11:00:00+08:00' WHERE vehicle_id = ?", newCar);
    expect((await t.must('letters.queue', {})).map((l) => l.plate)).not.toContain('京A20001');
    const all = await t.must('letters.queue', { includePrinted: true });
    expect(all.find((l) => l.plate === '京A20001')?.printedAt).toBe('2026-11-22T11:00:00+08:00');
    expect(await sql('SELECT count(*) AS n FROM letter_queue')).toEqual(rows);

    // A customer who asks for no more contact after the letter was queued: left out from then on.
    await t.must('customers.update', { id: li, name: '李四', doNotContact: true });
    expect((await t.must('letters.queue', {})).map((l) => l.plate)).toEqual(['京A20006']);
  });
});

function rowsOf(d: DayTasks) {
  return d.tasks.filter((x) => x.area === 'first-service');
}

describe('the Today board', () => {
  it('vouchers not handed to sales (end of day) and first services about to expire', async () => {
    // Nothing registered, nothing expiring: no rows.
    expect(rowsOf(await t.must('today.tasks', {}))).toEqual([]);

    await arrangeHandoff();
    // Expires 2026-11-30 (8 days): about to expire. 2026-12-10 (18 days) is not yet.
    await vehicle({ plate: '京E10001', model: '帕萨特', deliveryDate: '2026-05-31' });
    await vehicle({ plate: '京E10002', model: '帕萨特', deliveryDate: '2026-06-10' });
    let board = await t.must('today.tasks', {});
    expect(rowsOf(board)).toEqual([
      {
        area: 'first-service',
        key: 'handoff',
        title: '首保登记交给销售部',
        count: 2,
        state: 'open',
        detail: '今天登记的 2 张首保凭证中有 2 张还没交给销售部：请打印或导出交接单，交接后点“已交接”',
        link: '/invitations/first-service',
        endOfDay: true,
      },
      {
        area: 'first-service',
        key: 'expiring',
        title: '首保即将到期',
        count: 1,
        state: 'open',
        detail: '1 辆车首保期限在 14 天内到期，还没有首保：请尽快电话邀请',
        link: '/invitations/first-service?tab=candidates',
        endOfDay: false,
      },
    ]);
    let eod = await t.must('today.endOfDay', {});
    expect(rowsOf(eod).map((x) => [x.key, x.state])).toEqual([['handoff', 'open']]);

    await t.must('firstService.handOver', { date: TODAY, receivedBy: '刘经理' });
    eod = await t.must('today.endOfDay', {});
    expect(rowsOf(eod)).toEqual([
      expect.objectContaining({
        key: 'handoff',
        state: 'done',
        count: null,
        detail: '2 张首保凭证已交给 刘经理（17:00）',
      }),
    ]);
    // The day before: its own voucher, still not handed over. Seen from that day, 11-30 is 9 days away.
    board = await t.must('today.tasks', { date: '2026-11-21' });
    expect(rowsOf(board).map((x) => [x.key, x.state, x.count])).toEqual([
      ['handoff', 'open', 1],
      ['expiring', 'open', 1],
    ]);
  });
});

describe('cli first-service handoff', () => {
  async function cli(...args: string[]) {
    // The CLI opens the same archive in its own connection; on a file, checkpoint so it sees everything.
    t.archive.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    let out = '';
    let err = '';
    const code = await runCli(
      [...args, '--db', t.file],
      { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) },
      {},
    );
    return { code, out, err };
  }

  it('--json prints the day’s sheet; --format pdf writes the file; a bad date is exit 2 in Chinese', async () => {
    await arrangeHandoff();
    await t.must('firstService.handOver', { date: TODAY, receivedBy: '刘经理' });
    // Masked unless --unmasked (which the audit log records).
    const masked = await cli('first-service', 'handoff', '--date', TODAY, '--json');
    expect(JSON.parse(masked.out).vouchers.map((v: { customer: string }) => v.customer)).toEqual(['张**', '王**']);
    const r = await cli('first-service', 'handoff', '--date', TODAY, '--json', '--unmasked');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      date: TODAY,
      vouchers: [
        {
          voucherNo: 'SB2611220001',
          plate: '京A12345',
          vin: VIN_A,
          model: '朗逸',
          customer: '张三',
          serviceOn: '2026-11-21',
          mileage: 4210,
          advisor: '王顾问',
        },
        {
          voucherNo: 'SB2611220002',
          plate: '京B55555',
          vin: VIN_B,
          model: '帕萨特',
          customer: HTML_NAME,
          serviceOn: '2026-11-22',
          mileage: 12345,
          advisor: '李顾问',
        },
      ],
      handedOverAt: '2026-11-22T17:00:00+08:00',
      handedTo: '刘经理',
    });
    const empty = await cli('first-service', 'handoff', '--date', '2026-11-01', '--json');
    expect(JSON.parse(empty.out)).toEqual({ date: '2026-11-01', vouchers: [], handedOverAt: null, handedTo: null });

    const human = await cli('first-service', 'handoff', '--date', TODAY);
    expect(human.code).toBe(0);
    expect(human.out).toContain('2026-11-22 首保登记 2 张，已于 2026-11-22 17:00 交给 刘经理');

    const pdf = path.join(t.dir, '交接单.pdf');
    const p = await cli('first-service', 'handoff', '--date', TODAY, '--format', 'pdf', '--out', pdf, '--json');
    expect(p.code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(JSON.parse(p.out)).toMatchObject({ path: pdf, fileName: '首保交接单_2026-11-22.pdf', pages: 1 });
    expect(execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' })).toContain('SB2611220002');
    const xlsx = path.join(t.dir, '交接单.xlsx');
    const x = await cli('first-service', 'handoff', '--date', TODAY, '--format', 'xlsx', '--out', xlsx);
    expect(x.code).toBe(0);
    expect(x.out).toContain(xlsx);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK');

    const badDate = await cli('first-service', 'handoff', '--date', '2026-02-30', '--json');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('--date：“2026-02-30”不是有效日期');
    const noDate = await cli('first-service', 'handoff');
    expect(noDate.code).toBe(2);
    expect(noDate.err).toContain('请用 --date 指定登记日期');
    const noOut = await cli('first-service', 'handoff', '--date', TODAY, '--format', 'pdf');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('需要用 --out');
    const badSub = await cli('first-service', 'list', '--date', TODAY);
    expect(badSub.code).toBe(2);
    expect(badSub.err).toContain('不认识子命令“list”');
  });
});
