import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { runCli } from '../../src-main/cli/main';
import { openArchive } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations/index';
import { type CallContext, Session, systemClock } from '../../src-main/services/context';
import { ImportsService } from '../../src-main/services/imports/imports.service';
import type { InputOf } from '../../src-shared/contract/index';
import type { ImportJob } from '../../src-shared/domain/imports';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, rowCounts, type TestArchive, tempDir } from '../support/archive';
import { freshPgDatabase, onPostgres } from '../support/pg';

const FIXTURES = path.resolve(__dirname, '../fixtures/import');
const VIN_A = withCheckDigit('LSVAU2180N2183456');
const VIN_C = withCheckDigit('LFV3A23C5K3000777');

const open: TestArchive[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

/** A set-up archive with the clerk 小王 at the counter, as in the window. */
async function counter(): Promise<TestArchive> {
  const t = await openSetUpArchive();
  open.push(t);
  const users = await t.must('users.list', {});
  await t.must('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
  return t;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poll(t: TestArchive, job: ImportJob, phases: ImportJob['phase'][]): Promise<ImportJob> {
  let current = job;
  while (phases.includes(current.phase)) {
    await sleep(2);
    current = await t.must('imports.job', { jobId: current.jobId });
  }
  return current;
}

function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

async function preview(
  t: TestArchive,
  fileName: string,
  content: Buffer = fixture(fileName),
  extra: Partial<InputOf<'imports.start'>> = {},
): Promise<ImportJob> {
  const started = await t.must('imports.start', { fileName, contentBase64: content.toString('base64'), ...extra });
  expect(['reading', 'checking', 'ready']).toContain(started.phase);
  return poll(t, started, ['reading', 'checking']);
}

async function commit(t: TestArchive, job: ImportJob): Promise<ImportJob> {
  const started = await t.must('imports.commit', { jobId: job.jobId });
  return poll(t, started, ['committing']);
}

async function importFile(t: TestArchive, fileName: string, content?: Buffer) {
  const ready = await preview(t, fileName, content);
  expect(ready.phase, ready.error ?? '').toBe('ready');
  const done = await commit(t, ready);
  expect(done.phase, done.error ?? '').toBe('done');
  return { preview: ready.preview!, result: done.result!, job: done };
}

/** Rows of a query on the test archive (the file or the server). */
async function rows<T = Record<string, unknown>>(t: TestArchive, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await query.execute(t.archive.db)).rows as T[];
}

async function ro(t: TestArchive, roNumber: string) {
  const [row] = await rows(
    t,
    sql`SELECT r.*, v.plate, v.vin, v.model, v.color, c.name AS customer_name, c.mobile, c.other_phones
       FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id LEFT JOIN customer c ON c.id = r.customer_id
       WHERE r.ro_number = ${roNumber}`,
  );
  return row;
}

describe('each fixture through the dispatcher (start → ready → commit → done)', () => {
  it.each([
    ['dms-utf8.csv', 'utf-8', 1, { rows: 5, new: 5, rejected: 0, duplicates: 0 }],
    ['dms-utf8-bom.csv', 'utf-8-bom', 1, { rows: 4, new: 4, rejected: 0, duplicates: 0 }],
    ['dms-gbk.csv', 'gbk', 3, { rows: 8, new: 6, rejected: 2, duplicates: 0 }],
    ['dms-gb18030.csv', 'gb18030', 1, { rows: 4, new: 4, rejected: 0, duplicates: 0 }],
    ['dms.xlsx', 'xlsx', 2, { rows: 6, new: 5, rejected: 1, duplicates: 0 }],
    ['dms-faults.csv', 'utf-8', 1, { rows: 13, new: 2, rejected: 10, duplicates: 1 }],
  ] as const)('%s: %s, header on line %d, exact counts', async (name, encoding, headerLine, counts) => {
    const t = await counter();
    const before = await rowCounts(t.archive);
    const ready = await preview(t, name);
    expect(ready.phase).toBe('ready');
    // The preview writes nothing.
    expect(await rowCounts(t.archive)).toEqual(before);
    const p = ready.preview!;
    expect(p).toMatchObject({ encoding, headerLine, missingRequired: [], alreadyImported: null, fileName: name });
    expect(p.counts).toEqual({ changed: 0, unchanged: 0, ...counts });
    expect(new Set(p.rejected.map((r) => r.line)).size).toBe(counts.rejected);
    const done = await commit(t, ready);
    expect(done.phase).toBe('done');
    expect(done.result).toMatchObject({
      encoding,
      rows: counts.rows,
      imported: counts.new,
      updated: 0,
      unchanged: 0,
      duplicates: counts.duplicates,
    });
    const after = await rowCounts(t.archive);
    expect(after.repair_order).toBe(before.repair_order! + counts.new);
    expect(after.import_batch).toBe(1);
    const [batch] = await rows(t, sql`SELECT * FROM import_batch`);
    expect(batch).toMatchObject({
      file_name: name,
      encoding,
      rows: counts.rows,
      imported: counts.new,
      rejected: counts.rejected,
      duplicates: counts.duplicates,
      user_name: '小王',
      sha256: p.sha256,
    });
    const audit = await rows(t, sql`SELECT actor, entity_id FROM audit_log WHERE action = 'import.commit'`);
    expect(audit).toEqual([{ actor: '小王', entity_id: batch!.id }]);
  });

  it('GBK: title lines, totals, ¥, full-width digits, +86, Excel serials, 公里, quoted newlines all land right', async () => {
    const t = await counter();
    const { preview: p } = await importFile(t, 'dms-gbk.csv');
    expect(p.headers[0]).toBe('委托书号');
    expect(p.rejected).toEqual([
      {
        line: 9,
        column: '车牌',
        value: '京A1234',
        reason: expect.stringMatching(/车牌号格式不对.*京A12345/),
      },
      {
        line: 11,
        column: '维修类型',
        value: '洗车美容',
        reason: expect.stringMatching(/维修类别“洗车美容”无法识别.*首保/),
      },
    ]);
    expect(await ro(t, 'WT2611220001')).toMatchObject({
      plate: '京A12345',
      customer_name: '张伟',
      mobile: '13800138000',
      opened_at: '2026-11-22T08:30:00+08:00',
      mileage_in: 12345,
      type: 'periodic_service',
      status: 'settled',
      settled_at: '2026-11-22T15:36:00+08:00',
      labor_fen: 20000,
      parts_fen: 103450,
      total_fen: 123450,
      source: 'import',
      advisor_name: '陈晓东',
      model: '朗逸',
    });
    expect(await ro(t, 'WT2611220002')).toMatchObject({
      opened_at: '2026-11-22T08:24:00+08:00',
      mileage_in: 8888,
      mobile: '13912345678',
      status: 'in_repair',
      // Full-width punctuation becomes half-width, as in every text field of the archive.
      complaint: '左前轮异响，\n刹车时明显',
      total_fen: 0,
    });
    expect(await ro(t, 'WT2611220003')).toMatchObject({
      mobile: '13700001111',
      opened_at: '2026-11-22T09:15:00+08:00',
    });
    expect(await ro(t, 'WT2611220004')).toMatchObject({
      plate: '京AD12345',
      mobile: null,
      other_phones: '["010-88886666"]',
      status: 'delivered',
      type: 'warranty',
      payer: 'warranty',
      parts_fen: 120000,
      complaint: '仪表提示"电池包异常"',
    });
    expect(await ro(t, 'WT2611220006')).toMatchObject({ opened_at: '2026-11-22T00:00:00+08:00', mileage_in: 99999 });
    expect(await ro(t, 'WT2611220008')).toMatchObject({ plate: '粤B12345', vin: null, type: 'body_paint' });
    // Mileage readings from the import, tied to their RO.
    const [reading] = await rows(
      t,
      sql`SELECT m.source, m.mileage, m.read_on FROM mileage_reading m JOIN repair_order r ON r.id = m.ro_id WHERE r.ro_number = 'WT2611220001'`,
    );
    expect(reading).toEqual({ source: 'import', mileage: 12345, read_on: '2026-11-22' });
    // Search terms for every record the import created.
    const find = async (text: string) => (await t.must('search.quick', { text })).map((h) => `${h.kind}:${h.title}`);
    expect(await find('WT2611220006')).toContain('repairOrder:WT2611220006');
    expect(await find('A12345')).toContain('vehicle:京A12345');
    expect(await find('8000')).toContain('customer:张伟');
    expect(await find('zw')).toContain('customer:张伟');
  });

  it('GB18030: a name outside GBK survives; XLSX: date cells, a serial, number cells', async () => {
    const t = await counter();
    await importFile(t, 'dms-gb18030.csv');
    expect(await ro(t, 'RO2611220401')).toMatchObject({
      customer_name: '𠮷田一',
      status: 'delivered',
      delivered_at: '2026-11-22T10:00:00+08:00',
    });
    expect(await ro(t, 'RO2611220402')).toMatchObject({ customer_name: '䶮明', type: 'periodic_service' });
    const { preview: p } = await importFile(t, 'dms.xlsx');
    expect(p.sheet).toBe('工单明细');
    expect(p.rejected).toEqual([
      {
        line: 8,
        column: '车架号(VIN)',
        value: expect.any(String),
        reason: '车架号第 9 位校验位不符，请逐位核对行驶证',
      },
    ]);
    expect(await ro(t, 'RO2611220501')).toMatchObject({
      opened_at: '2026-11-22T08:00:00+08:00',
      settled_at: '2026-11-22T10:30:00+08:00',
      mobile: '13900005501',
      mileage_in: 11000,
      labor_fen: 12000,
      parts_fen: 48050,
      total_fen: 60050,
    });
    expect(await ro(t, 'RO2611220503')).toMatchObject({ opened_at: '2026-11-22T09:00:00+08:00' });
    expect(await ro(t, 'RO2611220505')).toMatchObject({ labor_fen: 200010, parts_fen: 300020, total_fen: 500030 });
  });

  it('faults: every refused line, its column and what to do', async () => {
    const t = await counter();
    const { preview: p } = await importFile(t, 'dms-faults.csv');
    const byLine = p.rejected.map((r) => [r.line, r.column, r.value]);
    expect(byLine).toEqual([
      [3, '车架号', expect.stringMatching(/^LSVAU218/)],
      [4, '车牌号', '京I60603'],
      [5, '联系电话', '12345'],
      [6, '进厂时间', '2026-02-30 08:00'],
      [7, '行驶里程', '-100'],
      [8, '总金额', 'abc'],
      [9, '维修类别', '洗车'],
      [10, '车牌号/车架号', ''],
      [12, '工单状态', '待定'],
      [13, '工单号', 'RO#2611220612'],
    ]);
    for (const r of p.rejected) expect(r.reason).toMatch(/请|至少|应为/);
    expect(p.rejected[3]!.reason).toMatch(/不存在/);
    expect(p.rejected[6]!.reason).toMatch(/首保、定保、一般维修、钣喷、索赔\/三包、保险理赔、返修/);
    expect(await ro(t, 'RO2611220601')).toBeDefined();
    expect(await ro(t, 'RO2611220613')).toBeDefined();
    expect(await ro(t, 'RO2611220602')).toBeUndefined();
  });

  it('refuses an old .xls at once, saying to save it as .xlsx', async () => {
    const t = await counter();
    const r = await t.call('imports.start', {
      fileName: 'old.xls',
      contentBase64: fixture('old.xls').toString('base64'),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(/97-2003.*另存为.*\.xlsx/);
    }
  });

  it('a file it cannot read ends the job as failed with the reason', async () => {
    const t = await counter();
    const job = await preview(t, 'notes.csv', Buffer.from('会议纪要\n今天讨论了保养流程\n'));
    expect(job.phase).toBe('failed');
    expect(job.error).toMatch(/不是表格文件|找不到表头/);
    const r = await t.call('imports.commit', { jobId: job.jobId });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CONFLICT');
  });
});

describe('the refused rows, fixed and imported again', () => {
  it('GBK stays GBK: header and refused rows only, and they import once fixed', async () => {
    const t = await counter();
    const { job } = await importFile(t, 'dms-gbk.csv');
    const file = await t.must('imports.rejectedFile', { jobId: job.jobId });
    expect(file.rows).toBe(2);
    expect(file.fileName).toBe('dms-gbk-被拒绝的行.csv');
    const bytes = Buffer.from(file.contentBase64, 'base64');
    // Not UTF-8: GBK bytes, as the DMS wrote them.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'gbk');
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^委托书号,车牌,VIN/);
    expect(lines[1]).toMatch(/^WT2611220005,京A1234,/);
    expect(lines[2]).toMatch(/^WT2611220007,京C77777,.*洗车美容/);
    expect(lines.slice(3)).toEqual(['']);

    const fixed = iconv.encode(text.replace('京A1234,', '京A12340,').replace('洗车美容', '一般维修'), 'gbk');
    const again = await importFile(t, 'dms-gbk-被拒绝的行.csv', fixed);
    expect(again.preview.encoding).toBe('gbk');
    expect(again.result).toMatchObject({ imported: 2, rejected: [] });
    expect(await ro(t, 'WT2611220005')).toMatchObject({ plate: '京A12340' });
    expect(await ro(t, 'WT2611220007')).toMatchObject({ type: 'repair' });
  });

  it('XLSX gives an XLSX with the same headers and the refused row', async () => {
    const t = await counter();
    const { job } = await importFile(t, 'dms.xlsx');
    const file = await t.must('imports.rejectedFile', { jobId: job.jobId });
    expect(file).toMatchObject({ rows: 1, fileName: 'dms-被拒绝的行.xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('工单明细');
    expect(sheet.getRow(1).getCell(1).value).toBe('工单编号');
    expect(sheet.getRow(1).getCell(3).value).toBe('车架号(VIN)');
    expect(sheet.getRow(2).getCell(1).value).toBe('RO2611220506');
    expect(sheet.getRow(2).getCell(7).value).toBeInstanceOf(Date);
    expect(sheet.rowCount).toBe(2);
  });
});

describe('importing again', () => {
  it('an overlapping later export: changed orders updated with an audit entry each, the rest untouched', async () => {
    const t = await counter();
    const first = await importFile(t, 'day1.csv');
    expect(first.result).toMatchObject({ imported: 6, updated: 0 });
    const quiet = ['RO2611220703', 'RO2611220704', 'RO2611220705', 'RO2611220706'];
    const untouched = await Promise.all(quiet.map((n) => ro(t, n)));
    const later = await importFile(t, 'day1-later.csv');
    expect(later.preview.counts).toEqual({ rows: 9, new: 2, changed: 2, unchanged: 4, duplicates: 1, rejected: 0 });
    expect(later.result).toMatchObject({ imported: 2, updated: 2, unchanged: 4, duplicates: 1 });
    expect(await ro(t, 'RO2611220701')).toMatchObject({
      status: 'settled',
      settled_at: '2026-11-22T16:00:00+08:00',
      labor_fen: 30000,
      parts_fen: 120000,
      total_fen: 150000,
      source: 'import',
    });
    expect(await ro(t, 'RO2611220702')).toMatchObject({ status: 'settled', total_fen: 8000 });
    expect(await Promise.all(quiet.map((n) => ro(t, n)))).toEqual(untouched);
    const audits = await rows<{ before_json: string; after_json: string; actor: string }>(
      t,
      sql`SELECT entity_id, before_json, after_json, actor FROM audit_log WHERE action = 'repairOrder.importUpdate' ORDER BY id`,
    );
    expect(audits).toHaveLength(2);
    expect(JSON.parse(audits[0]!.before_json)).toMatchObject({
      roNumber: 'RO2611220701',
      status: 'in_repair',
      totalFen: 0,
    });
    expect(JSON.parse(audits[0]!.after_json)).toMatchObject({
      roNumber: 'RO2611220701',
      status: 'settled',
      totalFen: 150000,
    });
    expect(audits[0]!.actor).toBe('小王');

    // The morning file again: nothing goes backwards, and that is said.
    const again = await importFile(t, 'day1.csv');
    expect(again.result).toMatchObject({ imported: 0, updated: 0, unchanged: 6 });
    expect(again.preview.alreadyImported).toMatchObject({ by: '小王', batchId: first.result.batchId });
    expect(again.result.flags.map((f) => [f.line, f.kind])).toEqual([
      [2, 'statusBackwards'],
      [3, 'statusBackwards'],
    ]);
    expect(await ro(t, 'RO2611220701')).toMatchObject({ status: 'settled', total_fen: 150000 });
  });

  it('an existing RO’s labour and parts lines are never touched', async () => {
    const t = await counter();
    await importFile(t, 'day1.csv');
    const id = ((await ro(t, 'RO2611220701')) as { id: number }).id;
    const detail = await t.must('repairOrders.get', { id });
    await t.must('repairOrders.update', {
      id,
      roNumber: detail.roNumber,
      vehicleId: detail.vehicleId,
      customerId: detail.customerId,
      openedAt: detail.openedAt,
      mileageIn: detail.mileageIn,
      type: detail.type,
      laborLines: [{ description: '更换机油机滤', amountFen: 12000 }],
      partLines: [{ name: '机油', quantity: 1, unitPriceFen: 39800, amountFen: 39800 }],
    });
    await importFile(t, 'day1-later.csv');
    const after = await t.must('repairOrders.get', { id });
    expect(after.laborLines).toMatchObject([{ description: '更换机油机滤', amountFen: 12000 }]);
    expect(after.partLines).toMatchObject([{ name: '机油', amountFen: 39800 }]);
    expect(after).toMatchObject({ status: 'settled', laborFen: 30000, partsFen: 120000, totalFen: 150000 });
  });

  it('the same file twice: recognised, and committing it again changes nothing', async () => {
    const t = await counter();
    const first = await importFile(t, 'dms-utf8.csv');
    const before = await rowCounts(t.archive);
    const orders = await rows(t, sql`SELECT * FROM repair_order ORDER BY id`);
    const again = await preview(t, 'dms-utf8.csv');
    expect(again.preview!.alreadyImported).toEqual({
      at: expect.any(String),
      by: '小王',
      batchId: first.result.batchId,
    });
    expect(again.preview!.counts).toMatchObject({ new: 0, changed: 0, unchanged: 5 });
    const done = await commit(t, again);
    expect(done.result).toMatchObject({ imported: 0, updated: 0, unchanged: 5 });
    expect(await rows(t, sql`SELECT * FROM repair_order ORDER BY id`)).toEqual(orders);
    const after = await rowCounts(t.archive);
    expect({ ...after, import_batch: 0, audit_log: 0 }).toEqual({ ...before, import_batch: 0, audit_log: 0 });
    expect(after.import_batch).toBe(2);
    const history = await t.must('imports.history', {});
    expect(history.total).toBe(2);
    expect(history.rows[0]).toMatchObject({
      fileName: 'dms-utf8.csv',
      imported: 0,
      unchanged: 5,
      by: '小王',
      encoding: 'utf-8',
    });
    expect(history.rows[1]).toMatchObject({ imported: 5 });
  });
});

describe('customers and vehicles follow, flagged where they disagree', () => {
  it('plate with another VIN, a changed phone, another owner name, lower mileage: flagged, nothing overwritten', async () => {
    const t = await counter();
    const c = await t.must('customers.create', { name: '张三', mobile: '13800138000' });
    const v = await t.must('vehicles.create', { plate: '京A12345', vin: VIN_A, ownerId: c.record.id });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611200001',
      vehicleId: v.record.id,
      openedAt: '2026-11-20 09:15',
      mileageIn: 12000,
      type: 'periodic_service',
    });
    const { preview: p, result } = await importFile(t, 'dms-flags.csv');
    expect(p.counts).toMatchObject({ new: 3, rejected: 0 });
    expect(result.flags.map((f) => [f.line, f.kind])).toEqual([
      [2, 'plateVinConflict'],
      [3, 'phoneChanged'],
      [3, 'mileageBackwards'],
      [4, 'ownerChanged'],
    ]);
    expect(result.flags[0]!.message).toContain(VIN_C);
    expect(result.flags[1]!.message).toMatch(/13800138000.*13900001111.*档案未改动/);
    expect(result.flags[2]!.message).toMatch(/11000 公里低于 2026-11-20 记录的 12000 公里/);
    expect(result.flags[3]!.message).toMatch(/张三.*李四/);
    // Nothing overwritten; new facts fill empty fields only.
    const vehicle = await t.must('vehicles.get', { id: v.record.id });
    expect(vehicle).toMatchObject({ plate: '京A12345', vin: VIN_A, model: '朗逸', ownerId: c.record.id });
    expect(await t.must('customers.get', { id: c.record.id })).toMatchObject({ name: '张三', mobile: '13800138000' });
    expect(vehicle.mileageReadings.map((r) => [r.mileage, r.source])).toEqual(
      expect.arrayContaining([
        [12000, 'ro'],
        [11000, 'import'],
      ]),
    );
    // The other VIN got its own vehicle (and owner); both orders on VIN_A are the vehicle's.
    expect(await ro(t, 'FL2611220001')).toMatchObject({ vin: VIN_C, plate: '京A12345', customer_name: '王五' });
    expect(await ro(t, 'FL2611220002')).toMatchObject({ vehicle_id: v.record.id, customer_id: c.record.id });
    expect(await ro(t, 'FL2611220003')).toMatchObject({ vehicle_id: v.record.id, customer_id: c.record.id });
    const audits = await rows<{ before_json: string; after_json: string }>(
      t,
      sql`SELECT action, before_json, after_json FROM audit_log WHERE action = 'vehicle.importUpdate'`,
    );
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]!.before_json)).toMatchObject({ model: '' });
    expect(JSON.parse(audits[0]!.after_json)).toMatchObject({ model: '朗逸' });
  });
});

describe('column mapping and presets', () => {
  const odd = Buffer.from(
    [
      '单据编码,牌照,接车日,公里,备注',
      'RO2611220901,京A90901,2026-11-22 08:00,1000,',
      'RO2611220902,京A90902,2026-11-22 09:00,2000,',
    ].join('\n'),
    'utf8',
  );

  it('missing required columns are reported; the clerk maps them, saves a preset, and it applies next time', async () => {
    const t = await counter();
    const unmapped = await preview(t, 'odd.csv', odd, { mapping: { plate: 1 } });
    expect(unmapped.phase).toBe('ready');
    expect(unmapped.preview!.missingRequired).toEqual(['roNumber', 'openedAt']);
    const refused = await t.call('imports.commit', { jobId: unmapped.jobId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/缺少必需的列：工单号、进厂时间/);

    const mapped = await preview(t, 'odd.csv', odd, { mapping: { roNumber: 0, plate: 1, openedAt: 2, mileage: 3 } });
    expect(mapped.preview).toMatchObject({ missingRequired: [], counts: { new: 2 } });
    const preset = await t.must('imports.savePreset', { name: '怀远 DMS', jobId: mapped.jobId });
    expect(preset.columns).toEqual({ 单据编码: 'roNumber', 牌照: 'plate', 接车日: 'openedAt', 公里: 'mileage' });
    expect(await t.must('imports.presets', {})).toMatchObject([{ name: '怀远 DMS' }]);

    // Columns moved around: the preset follows the header text.
    const moved = Buffer.from(
      ['备注,接车日,单据编码,公里,牌照', ',2026-11-22 10:00,RO2611220903,3000,京A90903'].join('\n'),
      'utf8',
    );
    const withPreset = await preview(t, 'moved.csv', moved, { presetName: '怀远 DMS' });
    expect(withPreset.preview!.mapping).toMatchObject({ roNumber: 2, plate: 4, openedAt: 1, mileage: 3 });
    const done = await commit(t, withPreset);
    expect(done.result).toMatchObject({ imported: 1 });
    expect(await ro(t, 'RO2611220903')).toMatchObject({ plate: '京A90903', mileage_in: 3000 });

    const unknown = await t.call('imports.start', {
      fileName: 'x.csv',
      contentBase64: odd.toString('base64'),
      presetName: '没有',
    });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toMatch(/对应方案.*找不到“没有”/);
  });

  it('a mapping to a column the file lacks is said, not ignored', async () => {
    const t = await counter();
    const job = await preview(t, 'odd.csv', odd, { mapping: { vin: 12 } });
    expect(job.phase).toBe('failed');
    expect(job.error).toMatch(/车架号\(VIN\).*第 13 列.*只有 5 列/);
  });
});

/** A generated export big enough for several commit chunks. */
function bigCsv(rows: number): Buffer {
  const lines = ['工单号,车牌号,车架号,客户名称,联系电话,进厂时间,行驶里程,维修类别,工单状态'];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(5, '0');
    lines.push(
      `RO26112${n},京B${n},${withCheckDigit(`LSVAU2180N27${n}`)},客户${i},139${String(i).padStart(8, '0')},2026-11-22 08:00,${1000 + i},定保,在修`,
    );
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

describe('big files, cancel, and an archive that cannot be written', () => {
  it('reports progress in chunks; a cancel during the commit leaves nothing behind', async () => {
    const t = await counter();
    const before = await rowCounts(t.archive);
    const ready = await preview(t, 'big.csv', bigCsv(5000));
    expect(ready.preview!.counts).toMatchObject({ rows: 5000, new: 5000 });
    process.env.CLERKDESK_TEST_PAUSE_COMMIT_MS = '100';
    try {
      let job = await t.must('imports.commit', { jobId: ready.jobId });
      expect(job).toMatchObject({ phase: 'committing', total: 5000 });
      while (job.done === 0) {
        await sleep(5);
        job = await t.must('imports.job', { jobId: job.jobId });
      }
      expect(job.phase).toBe('committing');
      // Progress is answered meanwhile: the event loop is free between chunks.
      expect(job.done).toBe(2000);
      const cancelled = await t.must('imports.cancel', { jobId: job.jobId });
      expect(cancelled.phase).toBe('cancelled');
    } finally {
      delete process.env.CLERKDESK_TEST_PAUSE_COMMIT_MS;
    }
    expect(await rowCounts(t.archive)).toEqual(before);
    const r = await t.call('imports.rejectedFile', { jobId: ready.jobId });
    expect(r.ok).toBe(false);
  });

  // The file opened read-only (a copy in a temp folder); a server's permissions are the administrator's.
  it.skipIf(onPostgres())(
    'a read-only archive: the preview works, the commit ends with a clear message and nothing written',
    async () => {
      const t = await counter();
      t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const dir = tempDir();
      const copy = path.join(dir, 'archive.sqlite');
      fs.copyFileSync(t.file, copy);
      const archive = await openArchive(copy, { readonly: true });
      try {
        const dispatch = createDispatcher(createHandlers(createServices(archive)));
        const ctx: CallContext = { door: 'cli', session: new Session() };
        const call = async (method: string, input: unknown) => {
          const r = await dispatch(method, input, ctx);
          if (!r.ok) throw new Error(r.error.message);
          return r.value as ImportJob;
        };
        const before = await rowCounts(archive);
        let job = await call('imports.start', {
          fileName: 'dms-utf8.csv',
          contentBase64: fixture('dms-utf8.csv').toString('base64'),
        });
        while (job.phase === 'reading' || job.phase === 'checking') {
          await sleep(2);
          job = await call('imports.job', { jobId: job.jobId });
        }
        expect(job.phase).toBe('ready');
        job = await call('imports.commit', { jobId: job.jobId });
        while (job.phase === 'committing') {
          await sleep(2);
          job = await call('imports.job', { jobId: job.jobId });
        }
        expect(job.phase).toBe('failed');
        expect(job.error).toMatch(/只读.*导入已撤回|导入已撤回.*只读/);
        expect(await rowCounts(archive)).toEqual(before);
      } finally {
        await archive.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  // SQLite's max_page_count stands in for a full disk; a server's disk is not the test's to fill.
  it.skipIf(onPostgres())('a full disk: the commit ends with a clear message and nothing written', async () => {
    const t = await counter();
    const before = await rowCounts(t.archive);
    // SQLite cannot grow the file past max_page_count: it answers SQLITE_FULL, as a full disk does.
    const pages = t.archive.sqlite!.pragma('page_count', { simple: true }) as number;
    const free = t.archive.sqlite!.pragma('freelist_count', { simple: true }) as number;
    expect(free).toBe(0);
    t.archive.sqlite!.pragma(`max_page_count = ${pages}`);
    try {
      // 500 new orders need new pages; a handful of rows could fit in the pages already there.
      const lines = ['工单号,车牌号,进厂时间,行驶里程,维修类别,联系电话,客户名称'];
      for (let i = 0; i < 500; i++) {
        const n = String(i).padStart(5, '0');
        lines.push(`FD26112${n},苏E${n},2026-11-22 09:00,${2000 + i},定保,136${String(i).padStart(8, '0')},客户${n}`);
      }
      let r = await t.call('imports.start', {
        fileName: 'full-disk.csv',
        contentBase64: Buffer.from(lines.join('\n'), 'utf8').toString('base64'),
      });
      if (!r.ok) throw new Error(r.error.message);
      let job = r.value;
      while (job.phase === 'reading' || job.phase === 'checking') {
        await sleep(2);
        r = await t.call('imports.job', { jobId: job.jobId });
        if (!r.ok) throw new Error(r.error.message);
        job = r.value;
      }
      expect(job.phase).toBe('ready');
      r = await t.call('imports.commit', { jobId: job.jobId });
      if (!r.ok) throw new Error(r.error.message);
      job = r.value;
      while (job.phase === 'committing') {
        await sleep(2);
        r = await t.call('imports.job', { jobId: job.jobId });
        if (!r.ok) throw new Error(r.error.message);
        job = r.value;
      }
      expect(job.phase).toBe('failed');
      expect(job.error).toMatch(/磁盘已满/);
      expect(await rowCounts(t.archive)).toEqual(before);
    } finally {
      t.archive.sqlite!.pragma('max_page_count = 1073741823');
    }
  });

  it('jobs are dropped after their time to live', async () => {
    const t = await counter();
    const service = new ImportsService(t.archive, systemClock, { jobTtlMs: 30 });
    const file = fixture('dms-utf8.csv').toString('base64');
    const job = await service.start({ fileName: 'dms-utf8.csv', contentBase64: file }, t.ctx);
    expect(service.getJob(job.jobId).jobId).toBe(job.jobId);
    await sleep(80);
    expect(() => service.getJob(job.jobId)).toThrow(/超过 1 小时未操作会被清理/);
  });

  it('an unknown or expired job is said so', async () => {
    const t = await counter();
    const r = await t.call('imports.job', { jobId: 'AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/重新选择文件/) });
  });
});

describe('two counters importing at once', () => {
  /** Orders `from`..`to`-1, each its own vehicle and customer; the same index gives the same row in any file. */
  function counterCsv(from: number, to: number): Buffer {
    const lines = ['工单号,车牌号,车架号,客户名称,联系电话,进厂时间,行驶里程,维修类别,工单状态'];
    for (let i = from; i < to; i++) {
      const n = String(i).padStart(5, '0');
      lines.push(
        `TC26112${n},鲁C${n},${withCheckDigit(`LSVAU2180N23${n}`)},客户${n},135${String(i).padStart(8, '0')},2026-11-22 08:00,${3000 + i},定保,在修`,
      );
    }
    return Buffer.from(lines.join('\n'), 'utf8');
  }

  async function settle(service: ImportsService, job: ImportJob, phases: ImportJob['phase'][]): Promise<ImportJob> {
    let current = job;
    while (phases.includes(current.phase)) {
      await sleep(5);
      current = service.getJob(current.jobId);
    }
    return current;
  }

  it('two archives on the same store commit overlapping files together: one after the other, nothing twice', async () => {
    const t = await counter();
    // The second counter: its own connection(s) to the same archive (the same file, or the same server database).
    const other = await openArchive(t.file);
    try {
      // Small chunks with a pause between them: the first commit is still writing when the second starts.
      const options = { chunkSize: 20, commitPauseMs: 15 };
      const a = new ImportsService(t.archive, systemClock, options);
      const b = new ImportsService(other, systemClock, options);
      const [readyA, readyB] = await Promise.all([
        a.start({ fileName: 'a.csv', contentBase64: counterCsv(0, 120).toString('base64') }, t.ctx),
        b.start({ fileName: 'b.csv', contentBase64: counterCsv(60, 180).toString('base64') }, t.ctx),
      ]).then(([ja, jb]) =>
        Promise.all([settle(a, ja, ['reading', 'checking']), settle(b, jb, ['reading', 'checking'])]),
      );
      // Both previews were planned against the same empty archive: every row new.
      expect(readyA.preview!.counts).toMatchObject({ rows: 120, new: 120, rejected: 0 });
      expect(readyB.preview!.counts).toMatchObject({ rows: 120, new: 120, rejected: 0 });

      const [doneA, doneB] = await Promise.all([a.commit(readyA.jobId, t.ctx), b.commit(readyB.jobId, t.ctx)]).then(
        ([ja, jb]) => Promise.all([settle(a, ja, ['committing']), settle(b, jb, ['committing'])]),
      );
      expect(doneA.phase, doneA.error ?? '').toBe('done');
      expect(doneB.phase, doneB.error ?? '').toBe('done');
      // The later commit planned its rows against what the earlier one wrote: the 60 shared orders unchanged.
      const results = [doneA.result!, doneB.result!].sort((x, y) => x.batchId - y.batchId);
      expect(results.map((r) => [r.imported, r.updated, r.unchanged])).toEqual([
        [120, 0, 0],
        [60, 0, 60],
      ]);
      const [counts] = await rows<{ orders: number; numbers: number; vehicles: number; customers: number }>(
        t,
        sql`SELECT (SELECT count(*) FROM repair_order) AS orders,
                   (SELECT count(DISTINCT ro_number) FROM repair_order) AS numbers,
                   (SELECT count(*) FROM vehicle) AS vehicles,
                   (SELECT count(*) FROM customer) AS customers`,
      );
      expect(counts).toEqual({ orders: 180, numbers: 180, vehicles: 180, customers: 180 });
      const batches = await rows(t, sql`SELECT file_name, imported, unchanged FROM import_batch ORDER BY id`);
      expect(batches).toHaveLength(2);
      expect(batches.map((x) => x.imported)).toEqual([120, 60]);
      // Each vehicle's reading once, from the order that created it.
      const [readings] = await rows<{ n: number }>(t, sql`SELECT count(*) AS n FROM mileage_reading`);
      expect(readings!.n).toBe(180);
    } finally {
      await other.close();
    }
  });
});

describe('migration 202611221000_imports', () => {
  // The file's migration (sqlite_master, STRICT); a server's history is migrated as a whole (tests/db/postgres*).
  it.skipIf(onPostgres())('N-1 → N: the import tables arrive, the data stays', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'archive.sqlite');
      const index = MIGRATIONS.findIndex((m) => m.name === '202611221000_imports');
      const a = await openArchive(file, { migrations: MIGRATIONS.slice(0, index) });
      a.sqlite!.prepare(
        "INSERT INTO customer (name, created_at, updated_at) VALUES ('张三', '2026-01-01T00:00:00+08:00', '2026-01-01T00:00:00+08:00')",
      ).run();
      await a.close();
      const b = await openArchive(file, { migrations: MIGRATIONS.slice(0, index + 1) });
      expect(b.schemaVersion).toBe('202611221000_imports');
      expect(b.sqlite!.prepare('SELECT name FROM customer').all()).toEqual([{ name: '张三' }]);
      const tables = b
        .sqlite!.prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'import_%' ORDER BY name",
        )
        .all() as { name: string; sql: string }[];
      expect(tables.map((t) => t.name)).toEqual(['import_batch', 'import_preset']);
      for (const t of tables) expect(t.sql).toMatch(/STRICT/);
      await b.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cli import', () => {
  async function cli(db: string, ...args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(
      [...args, '--db', db],
      { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) },
      {},
    );
    return { code, out, err };
  }

  /** A new archive for the CLI: a file in `dir`, or a fresh database on the server (PostgreSQL pass). */
  async function target(dir: string): Promise<{ db: string; drop(): Promise<void> }> {
    if (onPostgres()) {
      const server = await freshPgDatabase();
      return { db: server.url, drop: server.drop };
    }
    return { db: path.join(dir, 'archive.sqlite'), drop: async () => {} };
  }

  it('imports, prints counts and refused lines (JSON and human), --dry-run writes nothing', async () => {
    const dir = tempDir();
    const { db, drop } = await target(dir);
    try {
      const gbk = path.join(FIXTURES, 'dms-gbk.csv');
      const dry = await cli(db, 'import', gbk, '--dry-run', '--json');
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.out)).toMatchObject({ encoding: 'gbk', rows: 8, imported: 6, dryRun: true, batchId: null });
      const info = await cli(db, 'info', '--json');
      expect(JSON.parse(info.out).counts).toEqual({ customers: 0, vehicles: 0, repairOrders: 0 });

      const real = await cli(db, 'import', gbk, '--json');
      expect(real.code).toBe(0);
      const summary = JSON.parse(real.out);
      expect(summary).toMatchObject({
        encoding: 'gbk',
        rows: 8,
        imported: 6,
        updated: 0,
        unchanged: 0,
        duplicates: 0,
        flags: [],
        dryRun: false,
        batchId: 1,
      });
      expect(
        summary.rejected.map((r: { line: number; column: string; value: string }) => [r.line, r.column, r.value]),
      ).toEqual([
        [9, '车牌', '京A1234'],
        [11, '维修类型', '洗车美容'],
      ]);

      const human = await cli(db, 'import', path.join(FIXTURES, 'day1.csv'));
      expect(human.code).toBe(0);
      expect(human.out).toContain('共 6 行数据：已新增 6 张修理单');
      const later = await cli(db, 'import', path.join(FIXTURES, 'day1-later.csv'));
      expect(later.out).toContain('已新增 2 张修理单，已更新 2 张，未变 4 张，重复行 1 行，拒绝 0 行');
      const again = await cli(db, 'import', gbk);
      expect(again.out).toMatch(/注意：同一文件已于 .* 由 命令行 导入过/);
      expect(again.out).toMatch(
        /被拒绝的行（改正后可重新导入）：\n行号\s+列\s+内容\s+原因\n9\s+车牌\s+京A1234\s+车牌号格式不对/,
      );
    } finally {
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with a Chinese message when the file cannot be read', async () => {
    const dir = tempDir();
    const { db, drop } = await target(dir);
    try {
      const missing = await cli(db, 'import', path.join(dir, 'nothere.csv'));
      expect(missing.code).toBe(1);
      expect(missing.err).toMatch(/找不到或无法读取文件“.*nothere.csv”/);
      // Nothing was created for a file that does not exist.
      if (!onPostgres()) expect(fs.existsSync(db)).toBe(false);
      const xls = await cli(db, 'import', path.join(FIXTURES, 'old.xls'));
      expect(xls.code).toBe(1);
      expect(xls.err).toMatch(/另存为.*\.xlsx/);
      fs.writeFileSync(path.join(dir, 'notes.csv'), '会议纪要\n今天讨论了保养流程\n');
      const notes = await cli(db, 'import', path.join(dir, 'notes.csv'), '--json');
      expect(notes.code).toBe(1);
      expect(notes.err).toMatch(/不是表格文件/);
      expect(JSON.parse(notes.out)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      fs.writeFileSync(path.join(dir, 'odd.csv'), '单据编码,牌照,接车日\nRO1,京A12345,2026-11-22\n');
      const odd = await cli(db, 'import', path.join(dir, 'odd.csv'));
      expect(odd.code).toBe(1);
      expect(odd.err).toMatch(
        /缺少必需的列：工单号、进厂时间、车牌号或车架号\(VIN\)（至少一个）.*单据编码、牌照、接车日/,
      );
      const preset = await cli(db, 'import', path.join(FIXTURES, 'dms-utf8.csv'), '--preset', '没有');
      expect(preset.code).toBe(1);
      expect(preset.err).toMatch(/找不到“没有”/);
      const info = await cli(db, 'info', '--json');
      expect(JSON.parse(info.out).counts.repairOrders).toBe(0);
    } finally {
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
