/**
 * The daily report's exports on a real archive: the XLSX read back with ExcelJS, the PDF made by a
 * real Chromium and read with pdftotext / pdfinfo, before and after the manager signs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import { SHEET_NAMES } from '../../src-main/services/daily-report/daily-report.xlsx';
import { daysOfMonth } from '../../src-main/services/daily-report/daily-report-export.service';
import { PRINT_FONT_PLACEHOLDER } from '../../src-shared/print';
import { openSetUpArchive, type TestArchive } from '../support/archive';

/** 2026-11-22 10:00 at the store (UTC+8). */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
const D = '2026-11-21';
const CUSTOMER = '王<b>五</b>&';

/**
 * On D (worked out by hand):
 *   RO2611210001  张三     first_service  opened D 08:30, delivered D 15:00, settled D 15:10   150.00 +  80.00 = 230.00
 *   RO2611210002  (none)   repair         opened D 09:15, in repair (赵顾问)                        0 +      0 =      0
 *   RO2611200001  王<b>五  periodic       opened 11-20 10:00, delivered D 16:00 (not settled)   200.00 + 150.00 = 350.00
 * opened 2, in repair 1 (RO2611210002; the other two were completed on D), delivered 2,
 * totals over the delivered: labour 350.00, parts 230.00, total 580.00.
 */
let t: TestArchive;
let managerId: number;

beforeAll(async () => {
  t = await openSetUpArchive({ clock });
  managerId = (
    await t.archive.db.selectFrom('app_user').select('id').where('name', '=', '李经理').executeTakeFirstOrThrow()
  ).id;
  const zhang = await t.must('customers.create', { name: '张三', mobile: '13800138000' });
  const wang = await t.must('customers.create', { name: CUSTOMER, mobile: '13900139000' });
  const a = (await t.must('vehicles.create', { plate: '京A12345', model: '朗逸', ownerId: zhang.record.id })).record.id;
  const b = (await t.must('vehicles.create', { plate: '京B55555', model: '帕萨特', ownerId: wang.record.id })).record
    .id;
  const c = (await t.must('vehicles.create', { plate: '京C66666', model: '速腾' })).record.id;
  await t.must('repairOrders.create', {
    roNumber: 'RO2611210001',
    vehicleId: a,
    advisorName: '王顾问',
    openedAt: `${D} 08:30`,
    type: 'first_service',
    status: 'settled',
    completedAt: `${D} 11:00`,
    deliveredAt: `${D} 15:00`,
    settledAt: `${D} 15:10`,
    laborFen: 15000,
    partsFen: 8000,
  });
  await t.must('repairOrders.create', {
    roNumber: 'RO2611210002',
    vehicleId: c,
    advisorName: '赵顾问',
    openedAt: `${D} 09:15`,
    type: 'repair',
  });
  await t.must('repairOrders.create', {
    roNumber: 'RO2611200001',
    vehicleId: b,
    advisorName: '王顾问',
    openedAt: '2026-11-20 10:00',
    type: 'periodic_service',
    status: 'delivered',
    completedAt: `${D} 12:00`,
    deliveredAt: `${D} 16:00`,
    laborFen: 20000,
    partsFen: 15000,
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function workbook(input: ({ date: string } | { month: string }) & { unmasked?: boolean }) {
  const file = await t.must('dailyReport.exportXlsx', input);
  const content = Buffer.from(file.contentBase64, 'base64');
  expect(content.length).toBe(file.bytes);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return { file, wb };
}

const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
/** A totals cell: a SUM formula with its value, or the plain value. */
const cellResult = (cell: ExcelJS.Cell): unknown =>
  cell.value !== null && typeof cell.value === 'object' && 'formula' in cell.value ? cell.value.result : cell.value;
const columnOf = (ws: ExcelJS.Worksheet, header: string) => headers(ws).indexOf(header) + 1;
const lastRow = (ws: ExcelJS.Worksheet) => ws.getRow(ws.rowCount);

function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = path.join(t.dir, `report-${Date.now()}-${Math.random()}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  return { text, pages };
}

async function pdf(input: { date: string; version?: number; unmasked?: boolean }) {
  const file = await t.must('dailyReport.exportPdf', input);
  const content = Buffer.from(file.contentBase64, 'base64');
  expect(content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { text, pages } = pdfText(content);
  expect(file.pages).toBe(pages);
  return { file, text };
}

describe('daily report XLSX', () => {
  it('one day: the sheets, Chinese headers, formats, frozen header, filter and totals equal to the figures', async () => {
    await t.loginAs('manager');
    const { file, wb } = await workbook({ date: D, unmasked: true });
    expect(file.fileName).toBe('日报_2026-11-21.xlsx');
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SHEET_NAMES]);

    const summary = wb.getWorksheet('汇总')!;
    expect(headers(summary)).toEqual([
      '日期',
      '状态',
      '版本',
      '进厂',
      '在修',
      '完工',
      '交车',
      '结算',
      '首保',
      '返修',
      '纸质补录',
      '工时费',
      '材料费',
      '合计',
      '核对人',
      '签字人',
      '签字时间',
    ]);
    expect(summary.rowCount).toBe(3); // header, the day, totals
    const day = summary.getRow(2);
    expect((day.getCell(1).value as Date).toISOString().slice(0, 10)).toBe(D);
    expect(day.getCell(1).numFmt).toBe('yyyy-mm-dd');
    expect(day.getCell(2).value).toBe('未核对');
    const col = (h: string) => columnOf(summary, h);
    expect(day.getCell(col('进厂')).value).toBe(2);
    expect(day.getCell(col('在修')).value).toBe(1);
    expect(day.getCell(col('交车')).value).toBe(2);
    expect(day.getCell(col('首保')).value).toBe(1);
    expect(day.getCell(col('合计')).value).toBe(580);
    expect(day.getCell(col('合计')).numFmt).toBe('#,##0.00');
    const totals = lastRow(summary);
    expect(totals.getCell(1).value).toBe('合计');
    expect(cellResult(totals.getCell(col('工时费')))).toBe(350);
    expect(cellResult(totals.getCell(col('材料费')))).toBe(230);
    expect(cellResult(totals.getCell(col('合计')))).toBe(580);
    expect(totals.getCell(col('合计')).numFmt).toBe('#,##0.00');
    expect(totals.getCell(1).font?.bold).toBe(true);
    expect(summary.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary.autoFilter).toBeTruthy();
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    // Widths come from the content; Chinese counts double.
    expect(summary.getColumn(col('纸质补录')).width).toBeGreaterThanOrEqual(8 + 2);

    const advisors = wb.getWorksheet('按服务顾问')!;
    expect(headers(advisors)).toEqual(['日期', '服务顾问', '进厂', '在修', '交车', '工时费', '材料费', '合计']);
    expect(cellResult(lastRow(advisors).getCell(8))).toBe(580);
    expect(cellResult(lastRow(advisors).getCell(3))).toBe(2);
    const types = wb.getWorksheet('按类型')!;
    expect(types.rowCount).toBe(1 + 7 + 1); // every type, zeros included
    expect(cellResult(lastRow(types).getCell(8))).toBe(580);

    const delivered = wb.getWorksheet('交车明细')!;
    expect(headers(delivered)).toEqual(expect.arrayContaining(['日期', '工单号', '车牌', '客户', '服务顾问', '合计']));
    const ro = columnOf(delivered, '工单号');
    expect([2, 3].map((r) => delivered.getRow(r).getCell(ro).value)).toEqual(['RO2611200001', 'RO2611210001']);
    expect(delivered.getRow(2).getCell(columnOf(delivered, '客户')).value).toBe(CUSTOMER);
    expect(cellResult(lastRow(delivered).getCell(columnOf(delivered, '合计')))).toBe(580);
    expect(wb.getWorksheet('在修明细')!.rowCount).toBe(1 + 1 + 1);
    expect(headers(wb.getWorksheet('对单')!)).toContain('差异未说明');
  });

  it('a month stacks its days up to today, each with its date', async () => {
    expect(daysOfMonth('2026-11', '2026-11-22')).toHaveLength(22);
    expect(daysOfMonth('2026-02', '2026-11-22')).toHaveLength(28);
    expect(daysOfMonth('2026-11', '2026-11-22', '2026-11-20')).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    const { file, wb } = await workbook({ month: '2026-11' });
    expect(file.fileName).toBe('日报_2026-11.xlsx');
    const summary = wb.getWorksheet('汇总')!;
    // The archive starts on 11-20: 11-20, 11-21, 11-22, then the totals row.
    const dates = [2, 3, 4].map((r) => (summary.getRow(r).getCell(1).value as Date).toISOString().slice(0, 10));
    expect(dates).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(summary.rowCount).toBe(5);
    expect(cellResult(lastRow(summary).getCell(columnOf(summary, '进厂')))).toBe(3);
    expect(cellResult(lastRow(summary).getCell(columnOf(summary, '合计')))).toBe(580);
    const opened = wb.getWorksheet('进厂明细')!;
    const rows = [2, 3, 4].map((r) => [
      (opened.getRow(r).getCell(1).value as Date).toISOString().slice(0, 10),
      opened.getRow(r).getCell(2).value,
    ]);
    expect(rows).toEqual([
      ['2026-11-20', 'RO2611200001'],
      ['2026-11-21', 'RO2611210001'],
      ['2026-11-21', 'RO2611210002'],
    ]);
    const future = await t.call('dailyReport.exportXlsx', { month: '2026-12' });
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.error.message).toContain('还没有到');
  });
});

describe('daily report PDF and print HTML', () => {
  it('unsigned: store, date, figures and totals, clearly a draft', async () => {
    // The names in full (a manager's unmasked export; masked 王** is tested in privacy.test.ts).
    await t.loginAs('manager');
    const { file, text } = await pdf({ date: D, unmasked: true });
    expect(file.fileName).toBe('日报_2026-11-21.pdf');
    expect(text).toContain('测试汽车服务有限公司');
    expect(text).toContain('2026年11月21日 星期六');
    expect(text).toContain('¥350.00');
    expect(text).toContain('¥580.00');
    // The customer's name wraps in its narrow column: compare without the line breaks (-raw keeps
    // a cell's text together).
    expect(text.replace(/\s+/g, '')).toContain(CUSTOMER);
    expect(text).toContain('RO2611210002');
    expect(text).toContain('草稿');
    expect(text).toContain('未签字');
    expect(text).not.toContain('李经理');

    const page = await t.must('dailyReport.printHtml', { date: D, unmasked: true });
    expect(page.title).toBe('日报 2026-11-21');
    expect(page.html).toContain(PRINT_FONT_PLACEHOLDER);
    expect(page.html).toContain('王&lt;b&gt;五&lt;/b&gt;&amp;');
    expect(page.html).not.toContain(CUSTOMER);
  });

  it('signed: the manager’s name and signing time; a correction prints as a draft v2 and v1 stays signed', async () => {
    for (const roNumber of ['RO2611210001', 'RO2611210002', 'RO2611200001'])
      await t.must('reconciliation.tick', { date: D, roNumber });
    await t.must('reconciliation.complete', { date: D });
    const view = await t.must('dailyReport.get', { date: D });
    expect(view.blocking).toBe(0);
    await t.must('dailyReport.confirm', { date: D, fingerprint: view.fingerprint });
    await t.must('dailyReport.sign', { date: D, signerId: managerId, pin: '2222', fingerprint: view.fingerprint });

    const { text } = await pdf({ date: D });
    expect(text).toContain('已签字');
    expect(text).toContain('李经理');
    expect(text).toContain('2026-11-22 10:00');
    expect(text).not.toContain('草稿');
    const { wb } = await workbook({ date: D });
    const summary = wb.getWorksheet('汇总')!;
    expect(summary.getRow(2).getCell(columnOf(summary, '签字人')).value).toBe('李经理');
    expect(summary.getRow(2).getCell(columnOf(summary, '状态')).value).toBe('已签字');

    await t.must('dailyReport.startCorrection', { date: D, reason: '补录纸质单' });
    const v2 = await pdf({ date: D });
    expect(v2.file.fileName).toBe('日报_2026-11-21_v2.pdf');
    expect(v2.text).toContain('草稿');
    expect(v2.text).toContain('补录纸质单');
    const v1 = await pdf({ date: D, version: 1 });
    expect(v1.file.fileName).toBe('日报_2026-11-21.pdf');
    expect(v1.text).toContain('李经理');
    expect(v1.text).not.toContain('草稿');
  });
});
