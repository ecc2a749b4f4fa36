/**
 * Letters (信件): templates with merge fields, holiday dates (lunar-javascript), and batches from
 * an invitation list and the thank-you queue — on real temp archives, PDFs made by a real Chromium
 * and read with poppler (pdfinfo / pdftotext).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { Clock } from '../../src-main/services/context';
import { holidaysOf, nextHoliday } from '../../src-main/services/letters/holidays';
import { mailRecipients } from '../../src-main/services/printing/recipients';
import type { InputOf } from '../../src-shared/contract/index';
import { parseTemplate, templateProblem } from '../../src-shared/domain/letters';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, type TestArchive, tempDir } from '../support/archive';
import { rawSql } from '../support/raw-sql';

/** 10:00 at the store on 2026-11-22. */
const clock: Clock = { now: () => new Date('2026-11-22T02:00:00Z') };

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
async function car(
  t: TestArchive,
  customer: Partial<InputOf<'customers.create'>>,
  vehicle: Partial<InputOf<'vehicles.create'>> = {},
) {
  const n = ++serial;
  const c = await t.must('customers.create', {
    name: `客户${n}`,
    mobile: `1390000${String(n).padStart(4, '0')}`,
    ...customer,
  });
  const v = await t.must('vehicles.create', {
    plate: `京A${String(30000 + n)}`,
    vin: withCheckDigit(`LSVAU2180N2${String(500000 + n).padStart(6, '0')}`),
    model: '朗逸',
    ownerId: c.record.id,
    ...vehicle,
  });
  return { customer: c.record, vehicle: v.record };
}

function poppler(tool: 'pdfinfo' | 'pdftotext', pdf: Buffer, ...args: string[]): string {
  const dir = tempDir('clerkdesk-letters-');
  const file = path.join(dir, 'in.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A list of four: three mailable with postcodes out of order, one without a postcode; plus one DNC. */
async function listOfFour(t: TestArchive) {
  const a = await car(t, { name: '王五', address: '上海市浦东新区世纪大道100号', postalCode: '200120' });
  const b = await car(t, { name: '赵六<b>粗</b>', address: '北京市海淀区中关村大街1号', postalCode: '100080' });
  const c = await car(t, { name: '孙七', address: '广州市天河区体育西路2号', postalCode: '510620' });
  const noCode = await car(t, { name: '周八', address: '北京市东城区某胡同3号', postalCode: '' });
  const dnc = await car(t, {
    name: '吴九',
    address: '北京市西城区4号',
    postalCode: '100032',
    doNotContact: true,
  } as Partial<InputOf<'customers.create'>>);
  const list = await t.must('invitations.create', { from: '2030-01-01', to: '2030-01-31', title: '测试名单' });
  for (const x of [a, b, c, noCode, dnc])
    await t.must('invitations.addRow', { listId: list.id, vehicleId: x.vehicle.id, reason: '测试加入' });
  return { list, a, b, c, noCode, dnc };
}

describe('letter templates', () => {
  it('parses merge fields and refuses unknown fields (named) and unbalanced braces', () => {
    expect(parseTemplate('尊敬的{客户称呼}：{车牌}')).toEqual({
      ok: true,
      parts: [{ text: '尊敬的' }, { field: '客户称呼' }, { text: '：' }, { field: '车牌' }],
    });
    expect(parseTemplate('您好 {客户电话}')).toMatchObject({ ok: false, message: '未知的合并字段 {客户电话}' });
    expect(parseTemplate('您好 {车牌')).toMatchObject({ ok: false });
    expect(parseTemplate('您好 车牌}')).toMatchObject({ ok: false });
    expect(parseTemplate('{车{牌}}')).toMatchObject({ ok: false });
    // Full-width braces typed with the Chinese keyboard count too.
    expect(parseTemplate('｛车牌｝')).toMatchObject({ ok: true, parts: [{ field: '车牌' }] });
    expect(templateProblem({ letterhead: '{门店}', body: '' })).toBe('信头：未知的合并字段 {门店}');
  });

  it('starts with five default templates; saving one with an unknown field is refused, naming the field', async () => {
    const t = await counter();
    const templates = await t.must('letterTemplates.list', {});
    expect(templates.map((x) => x.kind)).toEqual([
      'invitation',
      'first_service_thanks',
      'purchase_thanks',
      'holiday',
      'birthday',
    ]);
    for (const x of templates) expect(templateProblem(x)).toBeNull();
    const { updatedAt: _at, updatedBy: _by, ...inv } = templates[0]!;
    const bad = await t.call('letterTemplates.save', { ...inv, body: `${inv.body}\n请带上{行驶证号}` });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('未知的合并字段 {行驶证号}');
    const unbalanced = await t.call('letterTemplates.save', { ...inv, body: '尊敬的{客户称呼：' });
    expect(unbalanced.ok).toBe(false);
    const saved = await t.must('letterTemplates.save', { ...inv, body: `${inv.body}\n顺祝商祺。` });
    expect(saved.body.endsWith('顺祝商祺。')).toBe(true);
    expect(saved.updatedBy).toBe('小王');
  });

  it('previews on real data: plate, next service date and km; customer text prints as text', async () => {
    const t = await counter();
    const x = await car(t, { name: '钱<script>x</script>', address: '北京市', postalCode: '100000' });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611010001',
      vehicleId: x.vehicle.id,
      openedAt: '2026-11-01 09:00',
      mileageIn: 5000,
      type: 'first_service',
      advisorName: '刘顾问',
      nextServiceDate: '2027-05-01',
      nextServiceMileage: 15000,
    } as InputOf<'repairOrders.create'>);
    const summary = await t.must('vehicles.serviceSummary', { vehicleId: x.vehicle.id });
    const templates = await t.must('letterTemplates.list', {});
    const p = await t.must('letterTemplates.preview', { templateId: templates[0]!.id, customerId: x.customer.id });
    expect(p.html).toContain(x.vehicle.plate!);
    expect(p.html).toContain('朗逸');
    expect(p.html).toContain('刘顾问');
    expect(p.html).toContain('测试汽车服务有限公司');
    const due = summary!.due!.dueOn;
    expect(p.html).toContain(`${Number(due.slice(0, 4))}年${Number(due.slice(5, 7))}月${Number(due.slice(8, 10))}日`);
    expect(p.html).toContain(`${summary!.due!.dueKm!.toLocaleString('en-US')} 公里`);
    expect(p.html).toContain('钱&lt;script&gt;x&lt;/script&gt;先生/女士');
    expect(p.html).not.toContain('<script>');
    // An unsaved draft previews too; an unknown field in it is refused.
    const draft = await t.must('letterTemplates.preview', {
      draft: { kind: 'holiday', letterhead: '{门店名称}', body: '{客户称呼}：\n{节日}快乐 <i>' },
      customerId: x.customer.id,
    });
    expect(draft.html).toContain(`<span class="nw">${nextHoliday('2026-11-22').name}</span>快乐 &lt;i&gt;`);
    const refused = await t.call('letterTemplates.preview', {
      draft: { kind: 'holiday', letterhead: '', body: '{生日}' },
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('未知的合并字段 {生日}');
  });
});

describe('holidays', () => {
  it('gives the lunar holidays of a year', () => {
    const y2026 = Object.fromEntries(holidaysOf(2026).map((h) => [h.name, h.date]));
    expect(y2026).toMatchObject({
      元旦: '2026-01-01',
      春节: '2026-02-17',
      元宵节: '2026-03-03',
      端午节: '2026-06-19',
      中秋节: '2026-09-25',
      国庆节: '2026-10-01',
      重阳节: '2026-10-18',
    });
    expect(Object.fromEntries(holidaysOf(2027).map((h) => [h.name, h.date]))).toMatchObject({
      春节: '2027-02-06',
      中秋节: '2027-09-15',
    });
    expect(holidaysOf(2026).map((h) => h.date)).toEqual([...holidaysOf(2026).map((h) => h.date)].sort());
    expect(nextHoliday('2026-11-22')).toMatchObject({ name: '元旦', date: '2027-01-01' });
    expect(nextHoliday('2026-09-25')).toMatchObject({ name: '中秋节' });
  });
});

describe('letter batches', () => {
  it('prints a list in the envelopes’ order, lists who cannot be mailed, and records sent on confirm', async () => {
    const t = await counter();
    const { list, a, b, c, noCode, dnc } = await listOfFour(t);
    const templates = await t.must('letterTemplates.list', {});
    const batch = await t.must('letterBatches.create', {
      kind: 'invitation',
      templateId: templates[0]!.id,
      source: { listId: list.id },
    });
    const expected = await mailRecipients(t.archive.db, { listId: list.id }, '2026-11-22');
    expect(batch.rows.map((r) => r.customerId)).toEqual(expected.mailable.map((m) => m.customerId));
    expect(batch.rows.map((r) => r.postalCode)).toEqual(['100080', '200120', '510620']);
    expect(batch.rows.map((r) => r.customerId)).toEqual([b.customer.id, a.customer.id, c.customer.id]);
    expect(batch.cannotMailRows).toEqual([
      { customerId: noCode.customer.id, name: '周八', plate: noCode.vehicle.plate, reason: '没有邮政编码' },
    ]);
    expect(batch.rows.some((r) => r.customerId === dnc.customer.id)).toBe(false);

    const pdf = await t.must('letterBatches.lettersPdf', { batchId: batch.id });
    expect(pdf.pages).toBe(3);
    const buf = Buffer.from(pdf.contentBase64, 'base64');
    expect(poppler('pdfinfo', buf)).toMatch(/Pages:\s+3/);
    expect(poppler('pdfinfo', buf)).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = poppler('pdftotext', buf, '-layout');
    const order = [b, a, c].map((x) => text.indexOf(x.vehicle.plate!));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(text).toContain('赵六<b>粗</b>先生/女士');
    expect(text).not.toContain('周八');

    // A misprint: the others are recorded as sent, the misprint stays open to reprint.
    const misprint = batch.rows[1]!;
    const reprint = await t.must('letterBatches.lettersPdf', { batchId: batch.id, onlyItemIds: [misprint.id] });
    expect(reprint.pages).toBe(1);
    const confirmed = await t.must('letterBatches.confirm', { batchId: batch.id, misprintItemIds: [misprint.id] });
    expect(confirmed.rows.map((r) => r.status)).toEqual(['sent', 'misprint', 'sent']);
    const rows = (await t.must('invitations.get', { id: list.id })).rows;
    const rowOf = (vehicleId: number) => rows.find((r) => r.vehicleId === vehicleId)!;
    for (const x of [b, c]) {
      expect(rowOf(x.vehicle.id)).toMatchObject({ letterSentOn: '2026-11-22', letterKind: 'invitation' });
      expect(
        await rawSql(t.archive).get('SELECT letter_batch FROM invitation_row WHERE id = ?', rowOf(x.vehicle.id).id),
      ).toEqual({ letter_batch: `信件批次 #${batch.id}` });
    }
    expect(rowOf(a.vehicle.id).letterSentOn).toBeNull();
    expect(rowOf(noCode.vehicle.id).letterSentOn).toBeNull();

    // Reprinted and confirmed again: now all sent.
    const all = await t.must('letterBatches.confirm', { batchId: batch.id, misprintItemIds: [] });
    expect(all.rows.map((r) => [r.status, r.misprints])).toEqual([
      ['sent', 0],
      ['sent', 1],
      ['sent', 0],
    ]);
    expect(rowOf(a.vehicle.id).letterSentOn).toBeNull();
    expect(
      (await t.must('invitations.get', { id: list.id })).rows.find((r) => r.vehicleId === a.vehicle.id)!.letterSentOn,
    ).toBe('2026-11-22');
    // A sent letter cannot be marked misprinted afterwards.
    expect((await t.call('letterBatches.confirm', { batchId: batch.id, misprintItemIds: [misprint.id] })).ok).toBe(
      false,
    );
    const history = await t.must('letterBatches.list', {});
    expect(history.rows[0]).toMatchObject({ id: batch.id, items: 3, sent: 3, misprints: 0, cannotMail: 1 });
  });

  it('prints the thank-you queue and marks the queued letters printed', async () => {
    const t = await counter();
    const x = await car(
      t,
      { name: '郑十', address: '杭州市西湖区文三路5号', postalCode: '310012' },
      { deliveryDate: '2026-11-18' },
    );
    await car(t, { name: '无地址', address: '', postalCode: '310000' }, { deliveryDate: '2026-11-19' });
    // No read of letters.queue first: the batch finds the letters due by itself.
    const template = (await t.must('letterTemplates.list', {})).find((tp) => tp.kind === 'purchase_thanks')!;
    const refused = await t.call('letterBatches.create', {
      kind: 'invitation',
      templateId: template.id,
      source: { queue: true },
    });
    expect(refused.ok).toBe(false);
    const batch = await t.must('letterBatches.create', {
      kind: 'purchase_thanks',
      templateId: template.id,
      source: { queue: true },
    });
    expect(batch.rows.map((r) => r.customerId)).toEqual([x.customer.id]);
    expect(batch.cannotMailRows.map((r) => r.reason)).toEqual(['没有地址']);
    const htmlOut = await t.must('letterBatches.lettersHtml', { batchId: batch.id });
    expect(htmlOut.letters).toBe(1);
    expect(htmlOut.html).toContain(x.vehicle.plate!);
    await t.must('letterBatches.confirm', { batchId: batch.id });
    const after = await t.must('letters.queue', { includePrinted: true });
    expect(after.find((q) => q.vehicleId === x.vehicle.id)!.printedAt).not.toBeNull();
    expect((await t.must('letters.queue', {})).map((q) => q.customerName)).toEqual(['无地址']);
  });

  it('prints the letters of a list from the CLI (pdf), in postcode order, naming who cannot be mailed', async () => {
    const t = await counter();
    const { list, a, b, c } = await listOfFour(t);
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
    const file = path.join(t.dir, 'letters.pdf');
    const r = await cli('print', 'letters', '--list', String(list.id), '--format', 'pdf', '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('定期保养邀请信 3 封');
    expect(r.out).toContain('周八：没有邮政编码');
    const pdf = fs.readFileSync(file);
    expect(poppler('pdfinfo', pdf)).toMatch(/Pages:\s+3/);
    const text = poppler('pdftotext', pdf);
    const order = [b, a, c].map((x) => text.indexOf(x.vehicle.plate!));
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    const bad = await cli(
      'print',
      'letters',
      '--list',
      String(list.id),
      '--kind',
      'love',
      '--format',
      'pdf',
      '--out',
      file,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--kind');
  });
});
