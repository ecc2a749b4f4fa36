/**
 * 直接打印 (print.send / print.printers) through the real dispatcher on a real temp archive. Only the
 * desktop window has printers (Electron's webContents.print, typechecked and built, not run here):
 * every other door reports none and refuses, saying what to do instead. Each printable document is
 * made by the very service behind its preview: checked for every kind against the preview method.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src-main/api/handlers';
import type { CallContext, Clock } from '../../src-main/services/context';
import { documentPaper, printFailureMessage } from '../../src-main/services/print/printer';
import type { MethodName } from '../../src-shared/contract/index';
import {
  type PrintableDocument,
  printableDocument,
  SILENT_PRINT_UNAVAILABLE,
} from '../../src-shared/contract/print.contract';
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

async function counter(door: CallContext['door'] = 'http'): Promise<TestArchive> {
  const t = await openSetUpArchive({ clock });
  open.push(t);
  t.ctx.door = door;
  const users = await t.must('users.list', {});
  await t.must('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
  return t;
}

async function printAudits(t: TestArchive): Promise<number> {
  const row = await t.archive.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'print.send')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One of everything printable: a customer with an address, a car on an invitation list, an RO, a voucher, a batch. */
async function arrange(t: TestArchive) {
  const customer = (
    await t.must('customers.create', {
      name: '王<b>五</b>&',
      mobile: '13800000001',
      address: '杭州市西湖区文三路1号',
      postalCode: '310012',
    })
  ).record;
  const vehicle = (
    await t.must('vehicles.create', {
      plate: '浙A10001',
      vin: withCheckDigit('LSVAU2180N3000001'),
      model: '朗逸',
      ownerId: customer.id,
      deliveryDate: '2026-08-01',
    })
  ).record;
  const ro = (
    await t.must('repairOrders.create', {
      roNumber: 'RO2611220001',
      vehicleId: vehicle.id,
      openedAt: `${TODAY} 09:00`,
      mileageIn: 3000,
      type: 'repair',
    })
  ).record;
  // The voucher on a second car: the first one's 首保 stays due, for the list.
  const other = (
    await t.must('vehicles.create', {
      plate: '浙A10002',
      vin: withCheckDigit('LSVAU2180N3000002'),
      model: '朗逸',
      ownerId: customer.id,
      deliveryDate: '2026-08-01',
    })
  ).record;
  await t.must('firstService.register', {
    vehicleId: other.id,
    voucherNo: 'SB2611220001',
    serviceOn: '2026-11-21',
    mileage: 3000,
    advisor: '王顾问',
  });
  // 首保 due 2027-02-01: inside this list's period.
  const list = await t.must('invitations.create', { from: '2027-01-01', to: '2027-03-31', title: '' });
  const templates = await t.must('letterTemplates.list', {});
  const batch = await t.must('letterBatches.create', {
    kind: 'invitation',
    templateId: templates.find((tp) => tp.kind === 'invitation')!.id,
    source: { listId: list.id },
  });
  return { ro, list, batch };
}

describe('print.printers and print.send outside the desktop window', () => {
  for (const door of ['http', 'cli'] as const)
    it(`the ${door} door reports no printers and refuses to print, in Chinese, recording nothing`, async () => {
      const t = await counter(door);
      expect(await t.must('print.printers', {})).toEqual({ silentAvailable: false, printers: [] });
      const before = await printAudits(t);
      for (const input of [
        { document: { doc: 'dailyReport', date: TODAY } },
        { document: { doc: 'calibration', size: 'DL' }, deviceName: '柜台打印机' },
        { document: { doc: 'binderLabels', month: '2026-11' }, deviceName: '' },
      ] as const) {
        const r = await t.call('print.send', input);
        expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: SILENT_PRINT_UNAVAILABLE } });
      }
      expect(await printAudits(t)).toBe(before);
    });

  it('asks who is at the counter first (it writes the audit log), like every write from the browser', async () => {
    const t = await counter('http');
    await t.must('session.logout', {});
    const r = await t.call('print.send', { document: { doc: 'binderLabels', month: '2026-11' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses an unknown document or a bad field of a known one, naming it in Chinese', async () => {
    const t = await counter('http');
    const unknown = await t.dispatch('print.send', { document: { doc: 'invoice', date: TODAY } }, t.ctx);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error.code).toBe('VALIDATION');
      expect(unknown.error.message).toBe('文件类别：不能打印这种文件');
    }
    const badMonth = await t.dispatch('print.send', { document: { doc: 'binderLabels', month: '2026-13' } }, t.ctx);
    expect(badMonth.ok).toBe(false);
    if (!badMonth.ok) expect(badMonth.error.message).toMatch(/^月份：/);
    // The envelopes' own rule (a list or a date range) holds inside print.send too.
    const both = await t.dispatch(
      'print.send',
      { document: { doc: 'envelopes', listId: 1, from: '2027-01-01', to: '2027-03-31' } },
      t.ctx,
    );
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.error.message).toContain('二选一');
  });
});

describe('printableHtml: every document through the service behind its preview', () => {
  it('gives, for each kind, exactly the preview method’s title and HTML', async () => {
    const t = await counter('http');
    const { ro, list, batch } = await arrange(t);
    const services = createServices(t.archive, clock);
    try {
      const cases: [PrintableDocument, MethodName, Record<string, unknown>][] = [
        [{ doc: 'dailyReport', date: TODAY }, 'dailyReport.printHtml', { date: TODAY }],
        [
          { doc: 'settlement', roId: ro.id, form: 'continuous' },
          'settlement.html',
          { roId: ro.id, form: 'continuous' },
        ],
        [{ doc: 'settlement', roId: ro.id }, 'settlement.html', { roId: ro.id }],
        [{ doc: 'handoff', date: TODAY }, 'firstService.handoffHtml', { date: TODAY }],
        [{ doc: 'envelopes', listId: list.id, size: 'C5' }, 'envelopes.html', { listId: list.id, size: 'C5' }],
        [{ doc: 'letters', batchId: batch.id }, 'letterBatches.lettersHtml', { batchId: batch.id }],
        [
          { doc: 'letters', batchId: batch.id, onlyItemIds: [batch.rows[0]!.id] },
          'letterBatches.lettersHtml',
          { batchId: batch.id, onlyItemIds: [batch.rows[0]!.id] },
        ],
        [{ doc: 'calibration', size: 'ZL' }, 'calibration.testPageHtml', { size: 'ZL' }],
        [{ doc: 'binderLabels', month: '2026-11' }, 'labels.binderHtml', { month: '2026-11' }],
        // Issue 11: the day's call sheet, a problem call's 快速处理表 (NOT_FOUND below), 今日预约.
        [{ doc: 'callSheet', date: TODAY }, 'calls.sheetHtml', { date: TODAY }],
        [{ doc: 'appointments', date: TODAY }, 'appointments.sheetHtml', { date: TODAY }],
      ];
      const kinds = new Set<string>();
      for (const [document, method, input] of cases) {
        kinds.add(document.doc);
        const page = await services.printJobs.printableHtml(printableDocument.parse(document), t.ctx);
        const preview = await t.dispatch(method, input, t.ctx);
        if (!preview.ok) throw new Error(`${method}: ${preview.error.message}`);
        const expected = preview.value as { title: string; html: string };
        expect(page, document.doc).toEqual({ title: expected.title, html: expected.html });
        expect(page.html).toContain(PRINT_FONT_PLACEHOLDER);
      }
      expect([...kinds].sort()).toEqual(
        [
          'appointments',
          'binderLabels',
          'calibration',
          'callSheet',
          'dailyReport',
          'envelopes',
          'handoff',
          'letters',
          'settlement',
        ].sort(),
      );
      // Customer text stays text in what would be printed.
      const sheet = await services.printJobs.printableHtml(
        printableDocument.parse({ doc: 'settlement', roId: ro.id }),
        t.ctx,
      );
      expect(sheet.title).toBe('结算单 RO2611220001');
      expect(sheet.html).toContain('王&lt;b&gt;五&lt;/b&gt;&amp;');
      expect(sheet.html).not.toContain('<b>五');
    } finally {
      await services.print.close();
    }
  });

  it('a document that cannot be made is refused as its preview is (before any printer is asked)', async () => {
    const t = await counter('http');
    const services = createServices(t.archive, clock);
    try {
      await expect(
        services.printJobs.printableHtml(printableDocument.parse({ doc: 'settlement', roId: 999_999 }), t.ctx),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        services.printJobs.printableHtml(printableDocument.parse({ doc: 'problemForm', id: 999_999 }), t.ctx),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await services.print.close();
    }
  });
});

describe('the paper each document is sent on (its own @page size)', () => {
  it('A4 documents on A4, the continuous form on 241 × 279.4 mm, envelopes turned (landscape)', async () => {
    const t = await counter('http');
    const { ro, list } = await arrange(t);
    const services = createServices(t.archive, clock);
    const paperOf = async (document: PrintableDocument) =>
      documentPaper((await services.printJobs.printableHtml(printableDocument.parse(document), t.ctx)).html);
    try {
      const a4 = { paper: { widthMm: 210, heightMm: 297 }, landscape: false };
      expect(await paperOf({ doc: 'dailyReport', date: TODAY })).toEqual(a4);
      expect(await paperOf({ doc: 'settlement', roId: ro.id })).toEqual(a4);
      expect(await paperOf({ doc: 'handoff', date: TODAY })).toEqual(a4);
      expect(await paperOf({ doc: 'binderLabels', month: '2026-11' })).toEqual(a4);
      expect(await paperOf({ doc: 'appointments', date: TODAY })).toEqual(a4);
      // The call sheet is landscape A4 (its columns to write in need the width).
      expect(await paperOf({ doc: 'callSheet', date: TODAY })).toEqual({
        paper: { widthMm: 210, heightMm: 297 },
        landscape: true,
      });
      expect(await paperOf({ doc: 'settlement', roId: ro.id, form: 'continuous' })).toEqual({
        paper: { widthMm: 241, heightMm: 279.4 },
        landscape: false,
      });
      // DL is 220 × 110 mm printed across: sent as 110 × 220 mm paper, turned.
      expect(await paperOf({ doc: 'envelopes', listId: list.id, size: 'DL' })).toEqual({
        paper: { widthMm: 110, heightMm: 220 },
        landscape: true,
      });
      expect(await paperOf({ doc: 'calibration', size: 'C5' })).toEqual({
        paper: { widthMm: 162, heightMm: 229 },
        landscape: true,
      });
    } finally {
      await services.print.close();
    }
  });

  it('reads named sizes and lengths, and gives up on what it does not know', () => {
    expect(documentPaper('<style>@page { size: A4 landscape; margin: 0 }</style>')).toEqual({
      paper: { widthMm: 210, heightMm: 297 },
      landscape: true,
    });
    expect(documentPaper('<style>@page{size:8.5in 11in}</style>')).toEqual({
      paper: { widthMm: 215.9, heightMm: 279.4 },
      landscape: false,
    });
    expect(documentPaper('<style>@page { margin: 10mm }</style>')).toBeNull();
    expect(documentPaper('<style>@page { size: auto }</style>')).toBeNull();
    expect(documentPaper('<p>no style</p>')).toBeNull();
  });

  it('says in Chinese what a failed job means and what to do', () => {
    expect(printFailureMessage('Print job canceled', undefined)).toBe('打印已取消，默认打印机没有收到这份文件。');
    expect(printFailureMessage('Invalid printer settings', '柜台打印机')).toMatch(/^打印机“柜台打印机”无法使用/);
    expect(printFailureMessage('Print job failed', undefined)).toMatch(/^默认打印机没有接受这份文件/);
    expect(printFailureMessage('', 'HP')).toContain('原因不明');
  });
});
