/**
 * 结算单 on a real archive: PDFs made by a real Chromium, measured with pdfinfo and read with
 * pdftotext, in both forms; the HTML for the preview; and `print settlement` on the command line.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { PRINT_FONT_PLACEHOLDER } from '../../src-shared/print';
import { openSetUpArchive, type TestArchive, VIN_A, VIN_B } from '../support/archive';

/** 2026-11-22 10:00 at the store (UTC+8). */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };
const CUSTOMER = '王<b>五</b>&';

let t: TestArchive;
/** Full RO: lines, declined work, its own next service, total = lines + 50.00 other fees. */
let fullId: number;
/** Discount RO: total = lines − 30.00, no next service of its own (the vehicle's summary prints). */
let discountId: number;

beforeAll(async () => {
  t = await openSetUpArchive({ clock });
  const wang = await t.must('customers.create', {
    name: CUSTOMER,
    mobile: '13900139000',
    preferredCallTime: '工作日 18:00 以后',
  });
  const li = await t.must('customers.create', { name: '李四', mobile: '13700137000' });
  const a = await t.must('vehicles.create', {
    plate: '京B55555',
    vin: VIN_A,
    model: '帕萨特 330TSI',
    ownerId: wang.record.id,
  });
  const b = await t.must('vehicles.create', {
    plate: '京C66666',
    vin: VIN_B,
    model: '速腾',
    deliveryDate: '2025-05-10',
    ownerId: li.record.id,
  });
  const full = await t.must('repairOrders.create', {
    roNumber: 'RO2611210001',
    vehicleId: a.record.id,
    customerId: wang.record.id,
    advisorName: '王顾问',
    openedAt: '2026-11-21 08:30',
    mileageIn: 15230,
    type: 'periodic_service',
    status: 'settled',
    completedAt: '2026-11-21 11:00',
    deliveredAt: '2026-11-21 15:00',
    settledAt: '2026-11-21 15:10',
    declinedWork: '前刹车片剩余 3mm，建议更换',
    nextServiceDate: '2027-05-21',
    nextServiceMileage: 25230,
    laborLines: [
      { description: '更换机油机滤', hours: 0.5, amountFen: 8000 },
      { description: '四轮定位', hours: 1.5, amountFen: 27000 },
    ],
    partLines: [
      { partNumber: '06L115562B', name: '机油滤清器', quantity: 1, unitPriceFen: 6800, amountFen: 6800 },
      { partNumber: 'G052195M4', name: '机油 5W-30', quantity: 4, unitPriceFen: 9800, amountFen: 39200 },
    ],
  });
  fullId = full.record.id;
  // Labour 350.00 + parts 460.00 = 810.00; a DMS total of 860.00 leaves 50.00 other fees.
  await t.archive.db.updateTable('repair_order').set({ total_fen: 86000 }).where('id', '=', fullId).execute();
  const discount = await t.must('repairOrders.create', {
    roNumber: 'RO2611210002',
    vehicleId: b.record.id,
    customerId: li.record.id,
    advisorName: '赵顾问',
    openedAt: '2026-11-21 09:00',
    mileageIn: 9000,
    type: 'periodic_service',
    status: 'delivered',
    completedAt: '2026-11-21 12:00',
    deliveredAt: '2026-11-21 16:00',
    laborLines: [{ description: '常规保养', hours: 1, amountFen: 20000 }],
    partLines: [{ name: '空气滤芯', quantity: 1, unitPriceFen: 10000, amountFen: 10000 }],
  });
  discountId = discount.record.id;
  // Labour 200.00 + parts 100.00 = 300.00; settled at 270.00: 30.00 off.
  await t.archive.db.updateTable('repair_order').set({ total_fen: 27000 }).where('id', '=', discountId).execute();
  // The CLI opens the same file in its own connection; checkpoint so it sees everything.
  t.archive.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
});
afterAll(async () => {
  await t?.close();
});

function pdfText(pdf: Buffer): string {
  const file = path.join(t.dir, `sheet-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** pdftotext spaces CJK text out in -layout mode: compare without whitespace. */
const squash = (s: string) => s.replace(/\s+/g, '');

function pageSizePts(pdf: Buffer): [number, number] {
  const file = path.join(t.dir, `size-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  if (!m) throw new Error(info);
  return [Number(m[1]), Number(m[2])];
}

const mm = (pts: number) => (pts * 25.4) / 72;

describe('settlement.pdf', () => {
  it('prints an A4 sheet with the store, lines, other fees, total in figures and in capitals', async () => {
    const file = await t.must('settlement.pdf', { roId: fullId, form: 'a4' });
    expect(file.fileName).toBe('结算单_RO2611210001.pdf');
    expect(file.mimeType).toBe('application/pdf');
    expect(file.pages).toBe(1);
    const pdf = Buffer.from(file.contentBase64, 'base64');
    const [w, h] = pageSizePts(pdf);
    expect(mm(w)).toBeCloseTo(210, 0);
    expect(mm(h)).toBeCloseTo(297, 0);
    const text = squash(pdfText(pdf));
    for (const expected of [
      '测试汽车服务有限公司',
      '北京市朝阳区测试路1号',
      '010-12345678',
      '结算单',
      'RO2611210001',
      '京B55555',
      VIN_A,
      '帕萨特330TSI',
      '13900139000',
      '15,230公里',
      '2026-11-2108:30',
      '2026-11-2115:10',
      '更换机油机滤',
      '四轮定位',
      '180.00', // 270.00 over 1.5 hours
      '机油滤清器',
      '06L115562B',
      '机油5W-30',
      '392.00',
      '350.00',
      '460.00',
      '其他费用',
      '¥50.00',
      '¥860.00',
      '人民币捌佰陆拾元整',
      '自费',
      '2027-05-21或25,230公里',
      '前刹车片剩余3mm，建议更换',
      '工作日18:00以后',
      '客户签字',
      '服务顾问',
      '收银员',
    ])
      expect(text, expected).toContain(squash(expected));
    // The customer's name with HTML in it prints as text.
    expect(text).toContain(squash(CUSTOMER));
    expect(text).not.toContain('优惠');
  });

  it('prints the 241 mm continuous form at 241 × 279.4 mm, black only', async () => {
    const file = await t.must('settlement.pdf', { roId: fullId, form: 'continuous' });
    expect(file.fileName).toBe('结算单_RO2611210001_241mm.pdf');
    const pdf = Buffer.from(file.contentBase64, 'base64');
    const [w, h] = pageSizePts(pdf);
    expect(mm(w)).toBeCloseTo(241, 0);
    expect(mm(h)).toBeCloseTo(279.4, 0);
    expect(file.pages).toBe(1);
    const text = squash(pdfText(pdf));
    expect(text).toContain('人民币捌佰陆拾元整');
    expect(text).toContain(squash(CUSTOMER));
    // No colour and no fills in the continuous form's own styles.
    const page = await t.must('settlement.html', { roId: fullId, form: 'continuous' });
    const css = page.html.slice(page.html.indexOf('<style>'), page.html.indexOf('</style>'));
    expect(css).not.toMatch(/background/);
    expect(css).not.toMatch(/#1f3a5f/);
  });

  it('shows a discount, and the next service from the vehicle summary when the RO has none', async () => {
    const summary = await t.must('vehicles.serviceSummary', { vehicleId: (await ro(discountId)).vehicleId });
    expect(summary?.due).not.toBeNull();
    const file = await t.must('settlement.pdf', { roId: discountId, form: 'a4' });
    const text = squash(pdfText(Buffer.from(file.contentBase64, 'base64')));
    expect(text).toContain('优惠');
    expect(text).toContain('-¥30.00');
    expect(text).toContain('¥270.00');
    expect(text).toContain('人民币贰佰柒拾元整');
    expect(text).not.toContain('其他费用');
    expect(text).toContain(summary!.due!.dueOn);
    expect(text).toContain('按本车保养规则推算');
    // A part without a unit prints 件; no declined work prints 无.
    expect(text).toContain('空气滤芯件');
    expect(text).toContain(squash('建议维修但客户暂不维修的项目无'));
  });
});

async function ro(id: number) {
  return t.must('repairOrders.get', { id });
}

describe('settlement.html', () => {
  it('is the same sheet with the font placeholder left for the preview and customer text escaped', async () => {
    const page = await t.must('settlement.html', { roId: fullId, form: 'a4' });
    expect(page.title).toBe('结算单 RO2611210001');
    expect(page.html).toContain(PRINT_FONT_PLACEHOLDER);
    expect(page.html).toContain('王&lt;b&gt;五&lt;/b&gt;&amp;');
    expect(page.html).not.toContain('<b>五');
    expect(page.html).toContain('size: A4');
  });

  it('refuses an unknown RO and an unknown form in Chinese', async () => {
    const missing = await t.call('settlement.html', { roId: 999_999, form: 'a4' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const badForm = await t.call('settlement.pdf', { roId: fullId, form: 'a5' as never });
    expect(badForm.ok).toBe(false);
    if (!badForm.ok) expect(badForm.error.message).toContain('连续纸');
  });
});

describe('cli print settlement', () => {
  async function cli(...args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(
      [...args, '--db', t.file],
      { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) },
      {},
    );
    return { code, out, err };
  }

  it('writes the PDF in both forms and the HTML with the font inlined', async () => {
    const a4 = path.join(t.dir, 'cli-a4.pdf');
    const r = await cli('print', 'settlement', '--ro', 'ro2611210001', '--format', 'pdf', '--out', a4);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('RO2611210001');
    expect(r.out).toContain('1 页');
    const [w] = pageSizePts(fs.readFileSync(a4));
    expect(mm(w)).toBeCloseTo(210, 0);

    const cont = path.join(t.dir, 'cli-241.pdf');
    const c = await cli(
      'print',
      'settlement',
      '--ro',
      'RO2611210001',
      '--form',
      'continuous',
      '--format',
      'pdf',
      '--out',
      cont,
      '--json',
    );
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out)).toMatchObject({ path: cont, pages: 1 });
    const [cw, ch] = pageSizePts(fs.readFileSync(cont));
    expect(mm(cw)).toBeCloseTo(241, 0);
    expect(mm(ch)).toBeCloseTo(279.4, 0);

    const htmlFile = path.join(t.dir, 'cli.html');
    const h = await cli('print', 'settlement', '--ro', 'RO2611210002', '--format', 'html', '--out', htmlFile);
    expect(h.code).toBe(0);
    const html = fs.readFileSync(htmlFile, 'utf8');
    expect(html).toContain('RO2611210002');
    expect(html).not.toContain(PRINT_FONT_PLACEHOLDER);
    expect(html).toContain('data:font/woff2;base64,');
  });

  it('refuses bad input with exit 2, naming what is wrong', async () => {
    const out = path.join(t.dir, 'never.pdf');
    const unknown = await cli('print', 'settlement', '--ro', 'RO9999999999', '--format', 'pdf', '--out', out);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('RO9999999999');
    expect(unknown.err).toContain('找不到');
    const noRo = await cli('print', 'settlement', '--format', 'pdf', '--out', out);
    expect(noRo.code).toBe(2);
    expect(noRo.err).toContain('--ro');
    const badForm = await cli(
      'print',
      'settlement',
      '--ro',
      'RO2611210001',
      '--form',
      'a5',
      '--format',
      'pdf',
      '--out',
      out,
    );
    expect(badForm.code).toBe(2);
    expect(badForm.err).toContain('a5');
    const badFormat = await cli('print', 'settlement', '--ro', 'RO2611210001', '--format', 'docx', '--out', out);
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain('docx');
    const noOut = await cli('print', 'settlement', '--ro', 'RO2611210001', '--format', 'pdf');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--out');
    const what = await cli('print', 'posters');
    expect(what.code).toBe(2);
    expect(what.err).toContain('posters');
    expect(fs.existsSync(out)).toBe(false);
  });
});
