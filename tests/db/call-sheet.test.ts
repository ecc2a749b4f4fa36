/**
 * The day's call sheet (今日电话单) and the quick-handling form (快速处理表) on a real archive behind
 * the real dispatcher: the sheet lists the open calls in queue order and the customers not to call,
 * as A4 landscape PDF made by a real Chromium (read back with pdfinfo / pdftotext) and as XLSX (read
 * back with ExcelJS); names and phones masked unless a manager asks (audited); the CLI writes both.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { PrintService } from '../../src-main/services/print/print.service';
import { CALL_SHEET_HEADER_ROW, CALL_SHEET_HEADERS } from '../../src-main/services/revisits/call-sheet.xlsx';
import type { InputOf } from '../../src-shared/contract/index';
import { maskName, maskPhone } from '../../src-shared/domain/masking';
import { openSetUpArchive, rowCounts, type TestArchive } from '../support/archive';
import { rawSql } from '../support/raw-sql';

/** The store's clock, movable: starts 2026-11-22 10:30 at the store (UTC+8), inside the 10:00-12:00 window. */
let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-11-22';
const HTML_NAME = '王<b>五</b>&';

let t: TestArchive;
beforeEach(async () => {
  at(`${TODAY}T10:30:00`);
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

const raw = rawSql(() => t.archive);

function sql<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return raw.all<T>(query, ...params);
}

/** A customer with a car and an RO delivered on `deliveredOn` at 16:00. */
async function delivered(
  customer: Partial<InputOf<'customers.create'>> & { name: string },
  car: { plate: string; model: string },
  roNumber: string,
  deliveredOn: string,
) {
  const customerId = (await t.must('customers.create', customer)).record.id;
  const vehicleId = (await t.must('vehicles.create', { ...car, ownerId: customerId })).record.id;
  const ro = await t.must('repairOrders.create', {
    roNumber,
    vehicleId,
    customerId,
    advisorName: '王顾问',
    type: 'repair',
    openedAt: `${deliveredOn} 09:00`,
    status: 'delivered',
    completedAt: `${deliveredOn} 15:00`,
    deliveredAt: `${deliveredOn} 16:00`,
    laborFen: 30000,
  } as InputOf<'repairOrders.create'>);
  return { customerId, vehicleId, roId: ro.record.id };
}

/**
 * The morning of 2026-11-22 (7-day follow-up of 11-15, satisfaction revisit of 11-20): one call
 * callable now, one the customer wants in the afternoon, one left from yesterday, one customer who
 * refuses calls, and one already made (refused to talk: closed).
 */
async function arrangeMorning() {
  const now = await delivered(
    { name: '张三', mobile: '13800138000' },
    { plate: '京A12345', model: '朗逸' },
    'RO2611150001',
    '2026-11-15',
  );
  const later = await delivered(
    { name: HTML_NAME, mobile: '13912345678', preferredCallTime: '下午' },
    { plate: '京B55555', model: '帕萨特' },
    'RO2611200001',
    '2026-11-20',
  );
  const overdue = await delivered(
    { name: '孙八', mobile: '13700137000' },
    { plate: '京D22222', model: '途观' },
    'RO2611140001',
    '2026-11-14',
  );
  const skipped = await delivered(
    { name: '赵六', mobile: '13600136000', doNotContact: true },
    { plate: '京C11111', model: '速腾' },
    'RO2611150002',
    '2026-11-15',
  );
  const done = await delivered(
    { name: '钱七', mobile: '13500135000' },
    { plate: '京E33333', model: '宝来' },
    'RO2611150003',
    '2026-11-15',
  );
  await t.must('calls.record', { key: `followup7:ro:${done.roId}`, outcome: 'refused' } as InputOf<'calls.record'>);
  return { now, later, overdue, skipped, done };
}

function pdfText(file: { contentBase64: string }, name: string): { text: string; info: string } {
  const pdf = path.join(t.dir, name);
  fs.writeFileSync(pdf, Buffer.from(file.contentBase64, 'base64'));
  return {
    text: execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }),
    info: execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }),
  };
}

describe('the call sheet (今日电话单)', () => {
  it('lists the open calls in queue order (now, later, overdue), then the customers not to call; done calls are left out', async () => {
    await arrangeMorning();
    const queue = await t.must('calls.queue', { date: TODAY });
    const order = queue.entries.filter((e) => ['now', 'later', 'overdue'].includes(e.state)).map((e) => e.roNumber);
    expect(order).toEqual(['RO2611150001', 'RO2611200001', 'RO2611140001']);

    const page = await t.must('calls.sheetHtml', { date: TODAY });
    expect(page.title).toBe('今日电话单 2026-11-22');
    const html = page.html;
    // Landscape A4: the print service and 直接打印 read the first @page size.
    expect(/@page\s*\{[^{}]*?size:\s*A4 landscape/.test(html)).toBe(true);
    const pos = (s: string) => html.indexOf(s);
    expect(pos('RO2611150001')).toBeGreaterThan(0);
    expect(pos('RO2611150001')).toBeLessThan(pos('RO2611200001'));
    expect(pos('RO2611200001')).toBeLessThan(pos('RO2611140001'));
    // The skipped customer is after every call, with the reason; the closed call is not there.
    expect(pos('RO2611140001')).toBeLessThan(pos('RO2611150002'));
    expect(html).toContain('不打电话的客户 1 位');
    expect(html).not.toContain('RO2611150003');
    // Groups with counts, the time to call and the customer's own time.
    expect(html).toContain('现在可打 1 通');
    expect(html).toContain('稍后再打 1 通');
    expect(html).toContain('逾期未打 1 通');
    expect(html).toContain('10:00-12:00');
    expect(html).toContain('15:00 起');
    expect(html).toContain('逾期 1 天');
    expect(html).toContain('应打 11-21');
    expect(html).toContain('下午');
    expect(html).toContain('待打 3 通');
  });

  it('PDF: A4 landscape made by Chromium, the columns to write in, phones and names masked by default', async () => {
    await arrangeMorning();
    const file = await t.must('calls.sheetPdf', { date: TODAY });
    expect(file.fileName).toBe('今日电话单_2026-11-22.pdf');
    expect(file.mimeType).toBe('application/pdf');
    const { text, info } = pdfText(file, 'sheet.pdf');
    expect(info).toMatch(/Page size:.*\(A4\)/);
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number) as [number, number];
    expect(w).toBeGreaterThan(h);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(file.pages);
    expect(file.pages).toBe(1);
    const flat = text.replace(/\s+/g, '');
    for (const expected of [
      '测试汽车服务有限公司',
      '今日电话单',
      ...[
        '序号',
        '类别',
        '客户',
        '电话',
        '车牌/车型',
        '工单号',
        '原因/到期',
        '方便时间',
        '已打次数',
        '结果',
        '用户原话/备注',
      ],
      '7天跟踪回访',
      '满意度回访',
      'RO2611150001',
      '京A12345',
      maskPhone('13800138000'),
      maskName('张三'),
      '□接通',
      '不打电话的客户',
      '打电话人',
      '第1页/共1页',
    ])
      expect(flat).toContain(expected.replace(/\s+/g, ''));
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('张三');
  });

  it('masking: a clerk asking for names and phones in full is refused and nothing is written; a manager gets them, audited', async () => {
    await arrangeMorning();
    // The printed sheet is the counter's dialling list: phones in full (as on the queue screen), names masked.
    const masked = await t.must('calls.sheetHtml', { date: TODAY });
    expect(masked.html).toContain('13912345678');
    expect(masked.html).toContain(maskName('孙八'));
    expect(masked.html).not.toContain('孙八');
    // The XLSX is a file that can travel: phones masked too.
    const xlsxMasked = await t.must('calls.sheetXlsx', { date: TODAY });
    const wbMasked = new ExcelJS.Workbook();
    await wbMasked.xlsx.load(Buffer.from(xlsxMasked.contentBase64, 'base64') as unknown as ArrayBuffer);
    const cells: string[] = [];
    wbMasked.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
    expect(cells).toContain(maskPhone('13912345678'));
    expect(cells).not.toContain('13912345678');

    const before = await rowCounts(t.archive);
    const refused = await t.call('calls.sheetXlsx', { date: TODAY, unmasked: true });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    expect(await rowCounts(t.archive)).toEqual(before);

    await t.loginAs('manager');
    const full = await t.must('calls.sheetHtml', { date: TODAY, unmasked: true });
    expect(full.html).toContain('13912345678');
    expect(full.html).toContain('孙八');
    // Customer data prints as the text typed.
    expect(full.html).toContain('王&lt;b&gt;五&lt;/b&gt;&amp;');
    expect(full.html).not.toContain(HTML_NAME);
    expect(full.html).toContain('含完整姓名电话');
    const audited = await sql<{ actor: string; after_json: string }>(
      "SELECT actor, after_json FROM audit_log WHERE action = 'privacy.unmask' ORDER BY id",
    );
    expect(audited.map((a) => [a.actor, JSON.parse(a.after_json)])).toEqual([
      ['李经理', { document: '今日电话单打印', date: TODAY }],
    ]);
  });

  it('XLSX: store and date on top, the Chinese headers frozen, one row per call in queue order, the columns to fill in empty', async () => {
    await arrangeMorning();
    await t.loginAs('manager');
    const file = await t.must('calls.sheetXlsx', { date: TODAY, unmasked: true });
    expect(file.fileName).toBe('今日电话单_2026-11-22.xlsx');
    const content = Buffer.from(file.contentBase64, 'base64');
    expect(content.length).toBe(file.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(content as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['今日电话单']);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toBe('测试汽车服务有限公司　今日电话单');
    expect(String(ws.getCell('A2').value)).toContain('2026年11月22日 星期日');
    expect(String(ws.getCell('A2').value)).toContain('待打 3 通');
    expect((ws.getRow(CALL_SHEET_HEADER_ROW).values as unknown[]).slice(1)).toEqual([...CALL_SHEET_HEADERS]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: CALL_SHEET_HEADER_ROW });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    const row = (n: number) => ws.getRow(CALL_SHEET_HEADER_ROW + n);
    const col = (name: (typeof CALL_SHEET_HEADERS)[number]) => CALL_SHEET_HEADERS.indexOf(name) + 1;
    const rows = [1, 2, 3, 4].map((n) => [
      row(n).getCell(col('序号')).value,
      row(n).getCell(col('状态')).value,
      row(n).getCell(col('客户')).value,
      row(n).getCell(col('电话')).value,
      row(n).getCell(col('工单号')).value,
    ]);
    expect(rows).toEqual([
      [1, '现在可打', '张三', '13800138000', 'RO2611150001'],
      [2, '稍后再打', HTML_NAME, '13912345678', 'RO2611200001'],
      [3, '逾期', '孙八', '13700137000', 'RO2611140001'],
      [4, '不打（客户拒绝电话）', '赵六', '13600136000', 'RO2611150002'],
    ]);
    expect(row(5).getCell(col('工单号')).value ?? null).toBeNull();
    expect(String(row(1).getCell(col('车牌/车型')).value)).toBe('京A12345 朗逸');
    expect(String(row(3).getCell(col('原因/到期')).value)).toContain('逾期 1 天');
    // The columns written by hand: empty, wide, bordered.
    for (const name of ['结果', '用户原话/备注'] as const) {
      expect(row(1).getCell(col(name)).value ?? null).toBeNull();
      expect(row(1).getCell(col(name)).border?.bottom?.style).toBe('thin');
    }
    expect(ws.getColumn(col('用户原话/备注')).width).toBeGreaterThanOrEqual(30);
  });

  it('a day without calls: the sheet says so (PDF and XLSX)', async () => {
    const page = await t.must('calls.sheetHtml', { date: TODAY });
    expect(page.html).toContain('这一天没有要打的回访电话');
    expect(page.html).toContain('已打完');
    const wb = new ExcelJS.Workbook();
    const file = await t.must('calls.sheetXlsx', {});
    expect(file.fileName).toBe('今日电话单_2026-11-22.xlsx');
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell(`A${CALL_SHEET_HEADER_ROW + 1}`).value).toBe('这一天没有要打的回访电话');
  });
});

describe('the quick-handling form (快速处理表)', () => {
  /** A satisfaction revisit answered with a low score: its problem record, as calls.record leaves it. */
  async function arrangeProblem(roId: number, vehicleId: number, customerId: number): Promise<number> {
    const closedAt = `${TODAY}T10:40:00+08:00`;
    const callId = await raw.insert(
      `INSERT INTO revisit_call (call_key, kind, ro_id, vehicle_id, customer_id, due_on, state, closed_at, closed_by,
           words, problem_fixed, suggestions, is_problem, attempts, created_at, updated_at)
         VALUES (?, 'csi', ?, ?, ?, ?, 'done', ?, '小王', ?, 'no', '交车时讲清楚做了什么', 1, 1, ?, ?)`,
      `csi:ro:${roId}`,
      roId,
      vehicleId,
      customerId,
      TODAY,
      closedAt,
      '发动机还是<响>',
      closedAt,
      closedAt,
    );
    return raw.insert(
      `INSERT INTO call_problem (call_id, department, questions_json, words, created_at, updated_at)
           VALUES (?, 'workshop', ?, '发动机还是<响>', ?, ?)`,
      callId,
      JSON.stringify(['维修质量：不满意', '总体评价：一般']),
      closedAt,
      closedAt,
    );
  }

  it('prints the problem, the department, the owner line, lines to write the action and result, and the signatures; masked', async () => {
    const c = await delivered(
      { name: '欧阳明辉', mobile: '13812345678' },
      { plate: '京A12345', model: '朗逸' },
      'RO2611200001',
      '2026-11-20',
    );
    const id = await arrangeProblem(c.roId, c.vehicleId, c.customerId);
    const form = await t.must('callProblems.formHtml', { id });
    expect(form.title).toBe(`快速处理表 No. ${String(id).padStart(6, '0')}`);
    const html = form.html;
    for (const expected of [
      '快速处理表',
      '待处理',
      '电话回访（满意度回访）',
      '欧阳**',
      maskPhone('13812345678'),
      '京A12345',
      'RO2611200001',
      '王顾问',
      '维修质量：不满意',
      '发动机还是&lt;响&gt;',
      '交车时讲清楚做了什么',
      '未解决',
      '车间',
      '处理措施',
      '处理结果',
      '是否完成',
      '负责人签字',
      '部门主管签字',
      '服务经理确认',
    ])
      expect(html).toContain(expected);
    expect(html).not.toContain('欧阳明辉');
    expect(html).not.toContain('13812345678');
    expect(html).toContain('class="lines"');

    // Filled in: the owner, the action and the result print instead of the blank lines.
    const owner = (await sql<{ id: number }>("SELECT id FROM app_user WHERE name = '李经理'"))[0]!.id;
    await raw.run(
      "UPDATE call_problem SET owner_user_id = ?, action = '请客户回厂复查', result = '已更换支架', done_at = ?, done_by = '李经理' WHERE id = ?",
      owner,
      `${TODAY}T16:00:00+08:00`,
      id,
    );
    const filled = (await t.must('callProblems.formHtml', { id })).html;
    expect(filled).toContain('已处理');
    expect(filled).toContain('李经理');
    expect(filled).toContain('请客户回厂复查');
    expect(filled).toContain('已更换支架');
    expect(filled).toContain('2026-11-22 16:00');
    expect(filled).not.toContain('class="lines"');

    // On paper through the one print service (a real Chromium): one A4 portrait page.
    const print = new PrintService();
    try {
      const { pdf, pages } = await print.pdf(filled);
      expect(pages).toBe(1);
      const file = path.join(t.dir, 'form.pdf');
      fs.writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:.*\(A4\)/);
      const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number) as [number, number];
      expect(w).toBeLessThan(h);
      const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('发动机还是<响>');
      expect(text).toContain('请客户回厂复查');
    } finally {
      await print.close();
    }
  });

  it('a problem that does not exist is NOT_FOUND, and nothing is disclosed', async () => {
    const r = await t.call('callProblems.formHtml', { id: 999 });
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
  });
});

describe('the CLI: calls sheet', () => {
  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    // The CLI opens the same archive in its own connection; on a file, checkpoint so it sees everything.
    t.archive.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    // Its store clock: the test's moment (the CLI reads CLERKDESK_FAKE_NOW outside a packaged app).
    vi.stubEnv('CLERKDESK_FAKE_NOW', nowUtc);
    try {
      const code = await runCli(
        [...args, '--db', t.file],
        { out: (s) => out.push(s), err: (s) => err.push(s) },
        {
          INIT_CWD: t.dir,
        },
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      vi.unstubAllEnvs();
    }
  }

  it('--format pdf and xlsx write the files; a bad date or format is exit 2 in Chinese, nothing written', async () => {
    await arrangeMorning();
    const pdf = path.join(t.dir, '电话单.pdf');
    const p = await cli('calls', 'sheet', '--date', TODAY, '--format', 'pdf', '--out', pdf, '--json');
    expect(p.err).toBe('');
    expect(p.code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(JSON.parse(p.out)).toMatchObject({ path: pdf, fileName: '今日电话单_2026-11-22.pdf', pages: 1 });
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('RO2611150001');
    expect(text).toContain(maskPhone('13800138000'));

    const xlsx = await cli('calls', 'sheet', '--date', TODAY, '--format', 'xlsx', '--out', '电话单.xlsx');
    expect(xlsx.code).toBe(0);
    expect(xlsx.out).toContain('已导出 2026-11-22 的今日电话单 Excel');
    expect(fs.existsSync(path.join(t.dir, '电话单.xlsx'))).toBe(true);

    const badDate = await cli('calls', 'sheet', '--date', '2026-02-30', '--format', 'pdf', '--out', 'x.pdf');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('不是有效日期');
    const badFormat = await cli('calls', 'sheet', '--date', TODAY, '--format', 'doc', '--out', 'x.doc');
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain('应为 pdf 或 xlsx');
    const noOut = await cli('calls', 'sheet', '--date', TODAY, '--format', 'pdf');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--out');
    expect(fs.existsSync(path.join(t.dir, 'x.pdf'))).toBe(false);
  });
});
