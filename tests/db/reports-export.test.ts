/**
 * 周报 / 月报 exports: the A4 page with its charts as inline SVG, the PDF made by a real Chromium
 * (read back with pdftotext / pdfinfo / pdfimages: vector charts, no raster image), the workbook read
 * back with ExcelJS, names and phones masked unless a manager asks (audited), and each PDF, Excel
 * and direct print recorded as a delivery (the preview is not one). First on the hand-made reports
 * of tests/support/report-sample.ts, then through the real dispatcher on a real archive.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers, createServices } from '../../src-main/api/handlers';
import { type CallContext, type Clock, Session } from '../../src-main/services/context';
import { PrintService } from '../../src-main/services/print/print.service';
import type { PrinterPort } from '../../src-main/services/print/printer';
import { type Disclosure, MASKED } from '../../src-main/services/privacy/disclosure';
import { reportPage } from '../../src-main/services/reports/report.print';
import { reportWorkbook } from '../../src-main/services/reports/report.xlsx';
import { openSetUpArchive, type TestArchive, tempDir } from '../support/archive';
import { MARKUP_NAME, MOBILE, monthlyReport, PLAIN_NAME, weeklyReport } from '../support/report-sample';

/** 2026-12-03 (a Thursday) 10:00 at the store: last month 2026-11, last week 2026-W48. */
const clock: Clock = { now: () => new Date('2026-12-03T02:00:00Z') };
const IN_FULL: Disclosure = { unmasked: true, name: (v) => v, phone: (v) => v };
const dir = tempDir('clerkdesk-reports-export-');

const MONTHLY_SHEETS = [
  '概要',
  '回访',
  '满意度',
  '问题客户',
  '投诉',
  '招揽',
  '流失',
  '首保',
  '进厂台次',
  '归档',
  '索赔',
];
const WEEKLY_SHEETS = ['概要', '回访', '满意度', '问题客户', '返修', '投诉', '招揽', '预约'];

function pdfFacts(pdf: Buffer): { text: string; pages: number; images: number } {
  const file = path.join(dir, `report-${Date.now()}-${Math.random()}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  // pdfimages -list: two header lines, then one line per embedded raster image.
  const listing = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n');
  return { text, pages, images: listing.length - 2 };
}

async function readWorkbook(content: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb;
}

const rowValues = (ws: ExcelJS.Worksheet, row: number) => (ws.getRow(row).values as unknown[]).slice(1);
const allText = (wb: ExcelJS.Workbook) =>
  wb.worksheets
    .flatMap((ws) => ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])))
    .filter((v) => typeof v === 'string')
    .join('\n');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the hand-made reports on A4', () => {
  const print = new PrintService();
  afterAll(() => print.close());

  it('the month: store header, every section, the charts as inline SVG, masked, escaped; a vector PDF', async () => {
    const page = await reportPage(monthlyReport, MASKED);
    expect(page.title).toBe('月报 2026年11月');
    // Six charts, inline SVG, no raster image.
    expect(page.html.match(/<svg /g)).toHaveLength(6);
    expect(page.html).not.toMatch(/<img|<canvas|data:image/);
    expect(page.html).toContain('测试汽车服务有限公司');
    expect(page.html).toContain('size: A4');
    // Masked: the plain name and the mobile; the name with markup masks to its first character, escaped.
    expect(page.html).toContain('王**');
    expect(page.html).toContain('138****5678');
    expect(page.html).not.toContain(MOBILE);
    expect(page.html).not.toContain(PLAIN_NAME);
    expect(page.html).toContain('&lt;**');
    // The customer's words are text, never markup.
    expect(page.html).toContain('接待没有说明&lt;b&gt;工时费&lt;/b&gt;');
    expect(page.html).not.toContain('<b>工时费');
    // The formulas under the tables.
    expect(page.html).toContain('部门满意率 = 该部门问题的满意回答数 / 该部门问题的回答数');
    expect(page.html).toContain('归档率 = 已归档 / 应归档');

    const { pdf, pages } = await print.pdf(page.html);
    const facts = pdfFacts(pdf);
    expect(pages).toBe(facts.pages);
    expect(facts.pages).toBeGreaterThanOrEqual(2);
    expect(facts.images).toBe(0);
    for (const heading of [
      '测试汽车服务有限公司',
      '一、回访完成情况',
      '二、月客户满意度回访表',
      '三、问题客户及处理',
      '四、投诉处理表',
      '五、流失客户',
      '六、首保登记与交接',
      '七、招揽转化',
      '八、进厂台次及金额',
      '九、档案归档',
      '十、索赔',
      // Chart titles and labels are text in the PDF: the SVG stayed vector.
      '各部门满意率',
      '投诉类型',
      '进厂台次及金额（按类型）',
      '制表',
      '服务经理',
    ])
      expect(facts.text).toContain(heading);
    expect(facts.text).toContain('138****5678');
    expect(facts.text).not.toContain(MOBILE);
    fs.writeFileSync(path.join(dir, 'monthly.pdf'), pdf);
  });

  it('in full for a manager: the name with its markup printed as text', async () => {
    const page = await reportPage(monthlyReport, IN_FULL);
    expect(page.html).toContain('&lt;b&gt;王&lt;/b&gt;五');
    expect(page.html).not.toContain(MARKUP_NAME);
    expect(page.html).toContain(MOBILE);
    expect(page.html).toContain('含完整姓名和电话');
  });

  it('the week: its seven sections and four charts', async () => {
    const page = await reportPage(weeklyReport, MASKED);
    expect(page.title).toBe('周报 2026年第48周（11月23日—11月29日）');
    expect(page.html.match(/<svg /g)).toHaveLength(4);
    for (const heading of [
      '一、回访完成情况',
      '二、客户满意度',
      '三、问题客户及处理',
      '四、返修',
      '五、投诉',
      '六、招揽转化',
      '七、预约',
    ])
      expect(page.html).toContain(heading);
    expect(page.html).toContain('守约率 = 到店 / (预约 − 取消)');
  });
});

describe('the hand-made reports as workbooks', () => {
  it('the month: a sheet per section, Chinese headers, frozen header, percent and money formats, masked', async () => {
    const wb = await readWorkbook(await reportWorkbook(monthlyReport, MASKED, clock.now()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(MONTHLY_SHEETS);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait' });
    }

    const revisits = wb.getWorksheet('回访')!;
    expect(rowValues(revisits, 4)).toEqual([
      '回访类型',
      '应回访',
      '已回访',
      '接通',
      '未接通',
      '未完成',
      '完成率',
      '接通率',
    ]);
    expect(rowValues(revisits, 5)).toEqual(['7天跟踪回访', 48, 43, 40, 3, 2, 43 / 48, 40 / 48]);
    expect(revisits.getRow(5).getCell(7).numFmt).toBe('0.0%');
    expect(rowValues(revisits, 8).slice(0, 6)).toEqual(['合计', 90, 82, 78, 5, 3]);
    expect(revisits.getRow(8).getCell(1).font?.bold).toBe(true);

    const summary = wb.getWorksheet('概要')!;
    const figure = (label: string) => {
      for (let r = 5; r <= summary.rowCount; r++)
        if (summary.getRow(r).getCell(1).value === label) return summary.getRow(r).getCell(2);
      throw new Error(`no ${label}`);
    };
    expect(figure('满意率').value).toBeCloseTo(54 / 59, 10);
    expect(figure('满意率').numFmt).toBe('0.0%');
    // 48,765,432 fen = 487,654.32 元.
    expect(figure('进厂金额（元）').value).toBe(487654.32);
    expect(figure('进厂金额（元）').numFmt).toBe('#,##0.00');

    const problems = wb.getWorksheet('问题客户')!;
    expect(rowValues(problems, 4)).toEqual([
      '回访日期',
      '部门',
      '客户',
      '电话',
      '车牌',
      '工单号',
      '客户反映',
      '处理措施',
      '处理结果',
      '处理日期',
      '投诉单号',
    ]);
    const first = problems.getRow(5);
    expect((first.getCell(1).value as Date).toISOString().slice(0, 10)).toBe('2026-11-24');
    expect(first.getCell(1).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(3).value).toBe('王**');
    expect(first.getCell(4).value).toBe('138****5678');
    expect(problems.getRow(6).getCell(3).value).toBe('<**');
    expect(problems.getRow(6).getCell(4).value).toBe('010-****4321');

    const complaints = wb.getWorksheet('投诉')!;
    expect(rowValues(complaints, 4)).toContain('处理天数');
    expect(complaints.getRow(5).getCell(3).value).toBe('王**');
    expect(complaints.getRow(5).getCell(14).value).toBe(2);

    const volume = wb.getWorksheet('进厂台次')!;
    expect(rowValues(volume, 4)).toEqual(['类型', '台次', '金额（元）', '占台次']);
    expect(rowValues(volume, 5)).toEqual(['首保', 17, 8500, 17 / 236]);
    expect(volume.getRow(5).getCell(3).numFmt).toBe('#,##0.00');
    expect(volume.getRow(5).getCell(4).numFmt).toBe('0.0%');

    const claims = wb.getWorksheet('索赔')!;
    expect(rowValues(claims, 5)).toEqual([14, 13, 13 / 14, 12, 23456, 1, 10, 19876.5]);

    const text = allText(wb);
    expect(text).not.toContain(MOBILE);
    expect(text).not.toContain(PLAIN_NAME);
  });

  it('the week: its eight sheets; in full for a manager', async () => {
    const wb = await readWorkbook(await reportWorkbook(weeklyReport, IN_FULL, clock.now()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(WEEKLY_SHEETS);
    const problems = wb.getWorksheet('问题客户')!;
    expect(problems.getRow(5).getCell(3).value).toBe(PLAIN_NAME);
    expect(problems.getRow(5).getCell(4).value).toBe(MOBILE);
    expect(problems.getRow(6).getCell(3).value).toBe(MARKUP_NAME);
    const appointments = wb.getWorksheet('预约')!;
    expect(rowValues(appointments, 4)).toEqual(['预约', '到店', '爽约', '取消', '守约率']);
    expect(rowValues(appointments, 5)).toEqual([20, 15, 3, 2, 15 / 18]);
  });
});

describe('through the dispatcher on a real archive', () => {
  let t: TestArchive;
  const unmaskAudits = async () =>
    (
      await t.archive.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'privacy.unmask')
        .executeTakeFirstOrThrow()
    ).n;

  /**
   * November 2026: two customers, two ROs (11-20 repair 150.00 + 80.00, 11-25 periodic 200.00 +
   * 150.00) and two complaints, one for each customer (11-20 time, 11-26 price).
   */
  beforeAll(async () => {
    t = await openSetUpArchive({ clock });
    const plain = (await t.must('customers.create', { name: PLAIN_NAME, mobile: MOBILE })).record;
    const markup = (await t.must('customers.create', { name: MARKUP_NAME, mobile: '13900139000' })).record;
    const a = (await t.must('vehicles.create', { plate: '京A12345', model: '朗逸', ownerId: plain.id })).record;
    const b = (await t.must('vehicles.create', { plate: '京B55555', model: '帕萨特', ownerId: markup.id })).record;
    await t.must('repairOrders.create', {
      roNumber: 'RO2611200001',
      vehicleId: a.id,
      advisorName: '王顾问',
      openedAt: '2026-11-20 09:00',
      type: 'repair',
      laborFen: 15000,
      partsFen: 8000,
    });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611250001',
      vehicleId: b.id,
      advisorName: '赵顾问',
      openedAt: '2026-11-25 09:00',
      type: 'periodic_service',
      laborFen: 20000,
      partsFen: 15000,
    });
    await t.must('complaints.create', {
      channel: 'walk_in',
      customerId: plain.id,
      vehicleId: a.id,
      openedAt: '2026-11-20 10:00',
      description: '等待时间<b>过长</b>',
      department: 'workshop',
      type: 'time',
      level: 'grumble',
    });
    await t.must('complaints.create', {
      channel: 'phone_in',
      customerId: markup.id,
      vehicleId: b.id,
      openedAt: '2026-11-26 15:00',
      description: '结算比预估多',
      department: 'reception',
      type: 'price',
      level: 'complaint',
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('the preview (html) is masked and escaped for the clerk, and is not a delivery', async () => {
    await t.loginAs('clerk');
    const page = await t.must('reports.html', { month: '2026-11' });
    expect(page.title).toBe('月报 2026年11月');
    expect(page.html.match(/<svg /g)).toHaveLength(6);
    expect(page.html).toContain('王**');
    expect(page.html).toContain('138****5678');
    expect(page.html).not.toContain(MOBILE);
    expect(page.html).toContain('&lt;**');
    expect(page.html).toContain('等待时间&lt;b&gt;过长&lt;/b&gt;');
    expect(page.html).not.toContain('<b>过长');
    expect(await t.must('reports.deliveries', { month: '2026-11' })).toEqual([]);
  });

  it('in full: refused for the clerk (nothing audited, nothing delivered), made for a manager and audited', async () => {
    await t.loginAs('clerk');
    const before = await unmaskAudits();
    for (const method of ['reports.html', 'reports.pdf', 'reports.xlsx'] as const) {
      const refused = await t.call(method, { month: '2026-11', unmasked: true });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('FORBIDDEN');
        expect(refused.error.message).toContain('仅限服务经理');
      }
    }
    expect(await unmaskAudits()).toBe(before);
    expect(await t.must('reports.deliveries', { month: '2026-11' })).toEqual([]);

    await t.loginAs('manager');
    const page = await t.must('reports.html', { month: '2026-11', unmasked: true });
    expect(page.html).toContain(MOBILE);
    expect(page.html).toContain('&lt;b&gt;王&lt;/b&gt;五');
    expect(await unmaskAudits()).toBe(before + 1);
    const audit = await t.archive.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'privacy.unmask')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    expect(audit?.after_json).toContain('月报');
    expect(audit?.after_json).toContain('2026-11');
    await t.loginAs('clerk');
  });

  it('the PDF: A4 pages with the headings, vector charts, masked; recorded as delivered', async () => {
    await t.loginAs('clerk');
    const file = await t.must('reports.pdf', { month: '2026-11' });
    expect(file.fileName).toBe('月报_2026-11.pdf');
    expect(file.mimeType).toBe('application/pdf');
    const pdf = Buffer.from(file.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const facts = pdfFacts(pdf);
    expect(file.pages).toBe(facts.pages);
    expect(facts.pages).toBeGreaterThanOrEqual(1);
    expect(facts.images).toBe(0);
    for (const heading of [
      '测试汽车服务有限公司',
      '2026年11月',
      '四、投诉处理表',
      '八、进厂台次及金额',
      '各部门满意率',
      '服务经理',
    ])
      expect(facts.text).toContain(heading);
    expect(facts.text).toContain('138****5678');
    expect(facts.text).not.toContain(MOBILE);
    const deliveries = await t.must('reports.deliveries', { month: '2026-11' });
    expect(deliveries).toEqual([
      {
        kind: 'monthly',
        period: '2026-11',
        format: 'pdf',
        unmasked: false,
        at: '2026-12-03T10:00:00+08:00',
        byName: '小王',
      },
    ]);
  });

  it('the workbook of a week and of the month: sheets, masked; each recorded as delivered', async () => {
    await t.loginAs('clerk');
    const week = await t.must('reports.xlsx', { week: '2026-W48' });
    expect(week.fileName).toBe('周报_2026-W48.xlsx');
    const weekBook = await readWorkbook(Buffer.from(week.contentBase64, 'base64'));
    expect(weekBook.worksheets.map((w) => w.name)).toEqual(WEEKLY_SHEETS);
    // W48 is 11-23 … 11-29: the 11-26 complaint only.
    const weekComplaints = weekBook.getWorksheet('投诉')!;
    expect(weekComplaints.getRow(5).getCell(3).value).toBe('<**');
    expect(weekComplaints.getRow(6).getCell(1).value).toBeNull();
    expect(await t.must('reports.deliveries', { week: '2026-W48' })).toMatchObject([
      { kind: 'weekly', period: '2026-W48', format: 'xlsx', unmasked: false, byName: '小王' },
    ]);

    const month = await t.must('reports.xlsx', { month: '2026-11' });
    const book = await readWorkbook(Buffer.from(month.contentBase64, 'base64'));
    expect(book.worksheets.map((w) => w.name)).toEqual(MONTHLY_SHEETS);
    const complaints = book.getWorksheet('投诉')!;
    const customers = [5, 6].map((r) => complaints.getRow(r).getCell(3).value);
    expect(customers.sort()).toEqual(['<**', '王**']);
    expect(allText(book)).not.toContain(MOBILE);
    expect(allText(book)).toContain('138****5678');
    // Two ROs opened in November: 230.00 + 350.00.
    const volume = book.getWorksheet('进厂台次')!;
    const total = [...Array(volume.rowCount).keys()]
      .map((i) => volume.getRow(i + 1))
      .find((row) => row.getCell(1).value === '合计')!;
    expect(total.getCell(2).value).toBe(2);
    expect(total.getCell(3).value).toBe(580);
    expect((await t.must('reports.deliveries', { month: '2026-11' })).map((d) => d.format)).toEqual(['xlsx', 'pdf']);
  });

  it('a direct print of the report (print.send in the desktop window) is recorded as delivered', async () => {
    const jobs: string[] = [];
    // The system's printer, which only Electron can reach: here a queue that takes the job.
    const printer: PrinterPort = {
      printers: async () => [{ name: '柜台打印机', displayName: '柜台打印机', isDefault: true }],
      print: async (html) => {
        jobs.push(html);
      },
    };
    const services = createServices(t.archive, clock, { printer });
    try {
      const dispatch = createDispatcher(createHandlers(services));
      const ctx: CallContext = { door: 'ipc', session: new Session() };
      const users = await t.must('users.list', {});
      const login = await dispatch(
        'session.login',
        { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' },
        ctx,
      );
      expect(login.ok).toBe(true);
      const sent = await dispatch('print.send', { document: { doc: 'report', week: '2026-W48' } }, ctx);
      expect(sent.ok).toBe(true);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toContain('<svg ');
      expect((await t.must('reports.deliveries', { week: '2026-W48' })).map((d) => [d.format, d.byName])).toEqual([
        ['print', '小王'],
        ['xlsx', '小王'],
      ]);
    } finally {
      await services.print.close();
    }
  });
});
