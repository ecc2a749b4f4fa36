import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { addresseeLine, mailRecipients } from '../../src-main/services/printing/recipients';
import type { InputOf } from '../../src-shared/contract/index';
import { ENVELOPE_DIMENSIONS, ENVELOPE_SIZES, type EnvelopeSize } from '../../src-shared/domain/printing';
import { PRINT_FONT_PLACEHOLDER } from '../../src-shared/print';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, type TestArchive } from '../support/archive';

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
const vinOf = (n: number) => withCheckDigit(`LSVAU2180N3${String(n).padStart(6, '0')}`);

type CustomerFields = Partial<InputOf<'customers.create'>>;

async function customer(t: TestArchive, fields: CustomerFields = {}) {
  const n = ++serial;
  return (
    await t.must('customers.create', {
      name: `客户${n}`,
      mobile: `1380000${String(n).padStart(4, '0')}`,
      address: `杭州市西湖区文三路${n}号`,
      postalCode: '310012',
      ...fields,
    })
  ).record;
}

/** A car delivered 2026-08-01: 首保 due 2027-02-01, inside the list period below. */
async function car(t: TestArchive, ownerId: number, model = '朗逸') {
  const n = ++serial;
  return (
    await t.must('vehicles.create', {
      plate: `浙A${String(10000 + n)}`,
      vin: vinOf(n),
      model,
      ownerId,
      deliveryDate: '2026-08-01',
    })
  ).record;
}

const PERIOD = { from: '2027-01-01', to: '2027-03-31' };

describe('mail recipients', () => {
  it('leaves out who refuses letters, lists who cannot be mailed with the reason, one per customer, sorted by postcode then name', async () => {
    const t = await counter();
    const zhang = await customer(t, { name: '张三', postalCode: '310012' });
    const li = await customer(t, { name: '李四', postalCode: '100020' });
    const company = await customer(t, { name: '杭州某某物流有限公司', postalCode: '310012' });
    const dnc = await customer(t, { name: '王五', doNotContact: true });
    const noLetters = await customer(t, { name: '赵六' });
    const noPostcode = await customer(t, { name: '钱七', postalCode: '' });
    const noAddress = await customer(t, { name: '孙八', address: '' });
    const zhangCar1 = await car(t, zhang.id);
    const zhangCar2 = await car(t, zhang.id, '帕萨特');
    await car(t, li.id);
    await car(t, company.id);
    await car(t, dnc.id);
    await car(t, noLetters.id);
    await car(t, noPostcode.id);
    await car(t, noAddress.id);
    await t.must('contactPrefs.set', { customerId: noLetters.id, channel: 'letter', allowed: false, reason: 'asked' });
    const list = await t.must('invitations.create', { ...PERIOD, title: '' });

    const r = await mailRecipients(t.archive.db, { listId: list.id }, TODAY);
    expect(r.mailable.map((m) => m.name)).toEqual(['李四', '杭州某某物流有限公司', '张三']);
    expect(r.mailable.map((m) => m.postalCode)).toEqual(['100020', '310012', '310012']);
    const z = r.mailable.find((m) => m.customerId === zhang.id)!;
    expect(z.plate).toBe(`${zhangCar1.plate}、${zhangCar2.plate}`);
    expect(z).toMatchObject({ salutation: '', address: zhang.address, nextServiceOn: '2027-02-01' });
    expect(r.cannotMail.map((u) => [u.name, u.reason]).sort()).toEqual(
      [
        ['孙八', '没有地址'],
        ['钱七', '没有邮政编码'],
      ].sort(),
    );
    const everyone = [...r.mailable, ...r.cannotMail].map((x) => x.customerId);
    expect(everyone).not.toContain(dnc.id);
    expect(everyone).not.toContain(noLetters.id);

    // The same from the period (lists overlapping it).
    const byRange = await mailRecipients(t.archive.db, { from: '2027-02-01', to: '2027-02-01' }, TODAY);
    expect(byRange.mailable.map((m) => m.customerId)).toEqual(r.mailable.map((m) => m.customerId));
    const none = await mailRecipients(t.archive.db, { from: '2028-01-01', to: '2028-12-31' }, TODAY);
    expect(none).toEqual({ mailable: [], cannotMail: [] });

    // A removed row is not mailed.
    const liRow = list.rows.find((row) => row.customerId === li.id)!;
    await t.must('invitations.removeRow', { listId: list.id, rowId: liRow.id, reason: '客户搬走' });
    const after = await mailRecipients(t.archive.db, { listId: list.id }, TODAY);
    expect(after.mailable.map((m) => m.name)).toEqual(['杭州某某物流有限公司', '张三']);

    expect(addresseeLine('张三', '')).toBe('张三 先生/女士');
    expect(addresseeLine('李四', '女士')).toBe('李四 女士');
    expect(addresseeLine('杭州某某物流有限公司', '')).toBe('杭州某某物流有限公司');
    expect(addresseeLine('城东4S店', '')).toBe('城东4S店');
  });
});

const PT = 72 / 25.4;

function pdfTool(tool: string, args: string[], pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-env-'));
  try {
    const file = path.join(dir, 'f.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const pdfOf = (f: { contentBase64: string }) => Buffer.from(f.contentBase64, 'base64');

/** The words of page 1 with their boxes (pt, from the top-left). */
function words(pdf: Buffer): { text: string; x: number; y: number }[] {
  const xml = pdfTool('pdftotext', ['-bbox', '-f', '1', '-l', '1'], pdf);
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    text: m[3]!,
  }));
}

async function mailingList(t: TestArchive) {
  const a = await customer(t, { name: '张三', postalCode: '310012' });
  const b = await customer(t, { name: '<b>欧阳</b>娜娜', postalCode: '100022' });
  const c = await customer(t, { name: '杭州某某物流有限公司', postalCode: '311121' });
  const d = await customer(t, { name: '钱七', postalCode: '' });
  for (const x of [a, b, c, d]) await car(t, x.id);
  return t.must('invitations.create', { ...PERIOD, title: '' });
}

describe('envelopes', () => {
  it('one envelope per page at exactly the chosen size, postcode and name printed, HTML in a name as text', async () => {
    const t = await counter();
    const list = await mailingList(t);
    const recipients = await t.must('mail.recipients', { listId: list.id });
    expect(recipients.mailable).toHaveLength(3);
    expect(recipients.cannotMail).toMatchObject([{ name: '钱七', reason: '没有邮政编码' }]);
    for (const size of ENVELOPE_SIZES) {
      const file = await t.must('envelopes.pdf', { listId: list.id, size });
      const pdf = pdfOf(file);
      const info = pdfTool('pdfinfo', [], pdf);
      expectPageSize(info, size);
      expect(info).toMatch(/Pages:\s+3\n/);
      expect(file.pages).toBe(3);
      const text = pdfTool('pdftotext', ['-layout'], pdf);
      expect(text.replace(/\s+/g, ' ')).toContain('1 0 0 0 2 2');
      expect(text).toContain('张三 先生/女士');
      expect(text).toContain('<b>欧阳</b>娜娜 先生/女士');
      expect(text).toContain('杭州某某物流有限公司');
      expect(text).not.toContain('杭州某某物流有限公司 先生');
      // The store, from the archive's profile.
      expect(text).toContain('测试汽车服务有限公司');
      expect(text).toContain('邮政编码：100020');
    }
    const preview = await t.must('envelopes.html', { listId: list.id, size: 'DL' });
    expect(preview.pages).toBe(3);
    expect(preview.html).toContain('&lt;b&gt;欧阳&lt;/b&gt;娜娜');
    expect(preview.html).toContain(PRINT_FONT_PLACEHOLDER);
  });

  it('a printer calibration moves the printed content by its offsets; the test page renders', async () => {
    const t = await counter();
    const list = await mailingList(t);
    const plain = words(pdfOf(await t.must('envelopes.pdf', { listId: list.id, size: 'DL', printer: '柜台打印机' })));
    expect(await t.must('calibration.list', {})).toEqual([]);
    const saved = await t.must('calibration.set', { printer: '柜台打印机', size: 'DL', dxMm: 5, dyMm: -3.5 });
    expect(saved).toMatchObject([{ printer: '柜台打印机', size: 'DL', dxMm: 5, dyMm: -3.5 }]);
    const bad = await t.call('calibration.set', { printer: '柜台打印机', size: 'DL', dxMm: 0.3, dyMm: 25 });
    expect(bad.ok).toBe(false);
    const moved = words(pdfOf(await t.must('envelopes.pdf', { listId: list.id, size: 'DL', printer: '柜台打印机' })));
    // Another printer, or another size, keeps its own (none).
    const other = words(pdfOf(await t.must('envelopes.pdf', { listId: list.id, size: 'DL' })));
    const at = (ws: typeof plain, text: string) => ws.find((w) => w.text === text)!;
    for (const text of ['先生/女士', '邮政编码：100020']) {
      expect(at(moved, text).x - at(plain, text).x).toBeCloseTo(5 * PT, 0);
      expect(at(moved, text).y - at(plain, text).y).toBeCloseTo(-3.5 * PT, 0);
      expect(at(other, text)).toEqual(at(plain, text));
    }

    for (const size of ENVELOPE_SIZES) {
      const file = await t.must('calibration.testPagePdf', { printer: '柜台打印机', size });
      const pdf = pdfOf(file);
      expectPageSize(pdfTool('pdfinfo', [], pdf), size);
      expect(file.pages).toBe(1);
      const text = pdfTool('pdftotext', [], pdf);
      expect(text).toContain('十字 A');
      expect(text).toContain('柜台打印机');
    }
    const page = await t.must('calibration.testPageHtml', { printer: '柜台打印机', size: 'DL' });
    expect(page.html).toContain('当前偏移：横向 +5 毫米，纵向 -3.5 毫米');
  });

  it('binder spine labels and cover sheet for a month', async () => {
    const t = await counter();
    const owner = await customer(t);
    const v = await car(t, owner.id);
    const types = ['periodic_service', 'periodic_service', 'repair'] as const;
    for (const [i, type] of types.entries())
      await t.must('repairOrders.create', {
        roNumber: `RO2611${String(i + 1).padStart(4, '0')}`,
        vehicleId: v.id,
        openedAt: `2026-11-0${i + 1} 09:00`,
        mileageIn: 1000 + i * 100,
        type,
      });
    const file = await t.must('labels.binderPdf', { month: '2026-11' });
    expect(file.pages).toBe(2);
    const text = pdfTool('pdftotext', ['-layout'], pdfOf(file));
    expect(text).toContain('RO26110001');
    expect(text).toContain('RO26110003');
    expect(text).toMatch(/定保\s+2/);
    expect(text).toMatch(/一般维修\s+1/);
    expect(text).toContain('2026年11月 修理单');
    const empty = await t.must('labels.binderHtml', { month: '2026-12' });
    expect(empty.html).toContain('本月没有修理单');
  });
});

/** The page measures exactly the envelope (mm × 72 / 25.4 pt; pdfinfo prints 3 decimals). */
function expectPageSize(info: string, size: EnvelopeSize): void {
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  const { widthMm, heightMm } = ENVELOPE_DIMENSIONS[size];
  expect(m, info).not.toBeNull();
  expect(Math.abs(Number(m![1]) - widthMm * PT), `${size} width`).toBeLessThan(0.001);
  expect(Math.abs(Number(m![2]) - heightMm * PT), `${size} height`).toBeLessThan(0.001);
}

describe('print envelopes (CLI)', () => {
  it('writes one envelope per page at the exact size; refuses bad options with exit 2', async () => {
    const t = await counter();
    const list = await mailingList(t);
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
    const file = path.join(t.dir, 'envelopes.pdf');
    const r = await cli(
      'print',
      'envelopes',
      '--list',
      String(list.id),
      '--size',
      'C5',
      '--format',
      'pdf',
      '--out',
      file,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 个');
    expect(r.out).toContain('1 位客户不能邮寄');
    const pdf = fs.readFileSync(file);
    const info = pdfTool('pdfinfo', [], pdf);
    expectPageSize(info, 'C5');
    expect(info).toMatch(/Pages:\s+3\n/);

    const html = path.join(t.dir, 'envelopes.html');
    const byRange = await cli(
      'print',
      'envelopes',
      '--from',
      '2027-01-01',
      '--to',
      '2027-12-31',
      '--format',
      'html',
      '--out',
      html,
    );
    expect(byRange.code).toBe(0);
    const doc = fs.readFileSync(html, 'utf8');
    expect(doc).toContain('size: 220mm 110mm');
    expect(doc).not.toContain(PRINT_FONT_PLACEHOLDER);

    const bad = await cli(
      'print',
      'envelopes',
      '--list',
      String(list.id),
      '--size',
      'A4',
      '--format',
      'pdf',
      '--out',
      file,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--size');
    const both = await cli(
      'print',
      'envelopes',
      '--list',
      '1',
      '--from',
      '2027-01-01',
      '--to',
      '2027-01-02',
      '--format',
      'pdf',
      '--out',
      file,
    );
    expect(both.code).toBe(2);
  });
});
