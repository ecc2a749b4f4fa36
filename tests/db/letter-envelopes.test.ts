/**
 * The envelopes of a letter batch (whatever its source: a list, a range, the thank-you queue) and
 * choosing the recipients of a new batch — on real temp archives through the real dispatcher,
 * PDFs made by a real Chromium and read with poppler (pdfinfo / pdftotext).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, type TestArchive, tempDir } from '../support/archive';

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
    mobile: `1370000${String(n).padStart(4, '0')}`,
    ...customer,
  });
  const v = await t.must('vehicles.create', {
    plate: `沪C${String(40000 + n)}`,
    vin: withCheckDigit(`LSVAU2180N4${String(600000 + n).padStart(6, '0')}`),
    model: '朗逸',
    ownerId: c.record.id,
    ...vehicle,
  });
  return { customer: c.record, vehicle: v.record };
}

function poppler(tool: 'pdfinfo' | 'pdftotext', pdf: Buffer, ...args: string[]): string {
  const dir = tempDir('clerkdesk-letter-envelopes-');
  const file = path.join(dir, 'in.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pageSizes(pdf: Buffer, pages: number): [number, number][] {
  const info = poppler('pdfinfo', pdf, '-f', '1', '-l', String(pages));
  return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** Where each name first appears in the text, in the given order (all found, increasing). */
function positions(text: string, names: readonly string[]): number[] {
  return names.map((n) => text.indexOf(n));
}
const increasing = (xs: readonly number[]) => xs.every((x, i) => x >= 0 && (i === 0 || x > xs[i - 1]!));

/** Four cars delivered this week (purchase thank-you letters due), postcodes out of order; one do-not-contact. */
async function deliveredThisWeek(t: TestArchive) {
  const a = await car(
    t,
    { name: '甲一', address: '上海市徐汇区漕溪北路1号', postalCode: '200030' },
    { deliveryDate: '2026-11-18' },
  );
  const b = await car(
    t,
    { name: '乙二', address: '北京市朝阳区建国路2号', postalCode: '100022' },
    { deliveryDate: '2026-11-19' },
  );
  const c = await car(
    t,
    { name: '丙三', address: '南京市鼓楼区中山路3号', postalCode: '210008' },
    { deliveryDate: '2026-11-20' },
  );
  const d = await car(
    t,
    { name: '丁四', address: '成都市锦江区春熙路4号', postalCode: '610021' },
    { deliveryDate: '2026-11-17' },
  );
  const dnc = await car(
    t,
    { name: '戊五', address: '北京市西城区5号', postalCode: '100032', doNotContact: true } as Partial<
      InputOf<'customers.create'>
    >,
    { deliveryDate: '2026-11-18' },
  );
  return { a, b, c, d, dnc };
}

describe('envelopes of a letter batch', () => {
  it('a thank-you queue batch gets one DL envelope per letter, in the letters’ order; a reprint gives just those', async () => {
    const t = await counter();
    const { a, b, c, d, dnc } = await deliveredThisWeek(t);
    const template = (await t.must('letterTemplates.list', {})).find((tp) => tp.kind === 'purchase_thanks')!;
    const batch = await t.must('letterBatches.create', {
      kind: 'purchase_thanks',
      templateId: template.id,
      source: { queue: true },
    });
    expect(batch.sourceKind).toBe('queue');
    expect(batch.rows.map((r) => r.customerId)).toEqual([b, a, c, d].map((x) => x.customer.id));
    expect(batch.rows.some((r) => r.customerId === dnc.customer.id)).toBe(false);
    const names = batch.rows.map((r) => r.name);

    const envelopes = await t.must('letterBatches.envelopesPdf', { batchId: batch.id, size: 'DL' });
    expect(envelopes.pages).toBe(4);
    expect(envelopes.fileName).toBe(`信封_DL_批次${batch.id}.pdf`);
    const env = Buffer.from(envelopes.contentBase64, 'base64');
    expect(poppler('pdfinfo', env)).toMatch(/Pages:\s+4\b/);
    const sizes = pageSizes(env, 4);
    expect(sizes).toHaveLength(4);
    for (const [w, h] of sizes) {
      expect(Math.abs(w - 623.62)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(h - 311.81)).toBeLessThanOrEqual(0.01);
    }
    const envText = poppler('pdftotext', env, '-layout');
    expect(increasing(positions(envText, names))).toBe(true);
    expect(envText).not.toContain('戊五');
    // Each envelope carries its recipient's postcode and address, one per page.
    const envPages = envText.split('\f').filter((p) => p.trim() !== '');
    expect(envPages).toHaveLength(4);
    batch.rows.forEach((r, i) => {
      expect(envPages[i]).toContain(r.name);
      expect(envPages[i]!.replace(/\s/g, '')).toContain(r.address);
    });

    // The letters come out in the same order.
    const letters = await t.must('letterBatches.lettersPdf', { batchId: batch.id });
    expect(letters.pages).toBe(envelopes.pages);
    expect(increasing(positions(poppler('pdftotext', Buffer.from(letters.contentBase64, 'base64')), names))).toBe(true);

    // Reprint of misprints: the envelopes of just those, in the batch's order.
    const misprinted = [batch.rows[3]!.id, batch.rows[1]!.id];
    const reprint = await t.must('letterBatches.envelopesPdf', {
      batchId: batch.id,
      onlyItemIds: misprinted,
      size: 'DL',
    });
    expect(reprint.pages).toBe(2);
    expect(reprint.fileName).toBe(`信封_DL_批次${batch.id}_重印.pdf`);
    const reText = poppler('pdftotext', Buffer.from(reprint.contentBase64, 'base64'));
    expect(increasing(positions(reText, [batch.rows[1]!.name, batch.rows[3]!.name]))).toBe(true);
    for (const r of [batch.rows[0]!, batch.rows[2]!]) expect(reText).not.toContain(r.name);
    const reHtml = await t.must('letterBatches.envelopesHtml', { batchId: batch.id, onlyItemIds: misprinted });
    expect(reHtml.pages).toBe(2);
    expect(reHtml.title).toContain('（重印）');

    // An item of another batch, or none, is refused.
    const wrong = await t.call('letterBatches.envelopesHtml', { batchId: batch.id, onlyItemIds: [999_999] });
    expect(wrong.ok).toBe(false);
    expect((await t.call('letterBatches.envelopesHtml', { batchId: 999_999 })).ok).toBe(false);
  });

  it('uses the envelope sizes and the printer calibration of the envelope printing', async () => {
    const t = await counter();
    await deliveredThisWeek(t);
    const template = (await t.must('letterTemplates.list', {})).find((tp) => tp.kind === 'purchase_thanks')!;
    const batch = await t.must('letterBatches.create', {
      kind: 'purchase_thanks',
      templateId: template.id,
      source: { queue: true },
    });
    await t.must('calibration.set', { printer: '前台针式', size: 'C5', dxMm: 1.5, dyMm: -2 });
    const calibrated = await t.must('letterBatches.envelopesHtml', {
      batchId: batch.id,
      size: 'C5',
      printer: '前台针式',
      boxes: false,
    });
    expect(calibrated.pages).toBe(4);
    expect(calibrated.html).toContain('size: 229mm 162mm');
    expect(calibrated.html).toContain('translate(1.5mm, -2mm)');
    expect(calibrated.html).not.toContain('box framed');
    const plain = await t.must('letterBatches.envelopesHtml', { batchId: batch.id, size: 'C5' });
    expect(plain.html).not.toContain('translate(');
    expect(plain.html).toContain('box framed');
    const c4 = await t.must('letterBatches.envelopesPdf', { batchId: batch.id, size: 'C4' });
    for (const [w, h] of pageSizes(Buffer.from(c4.contentBase64, 'base64'), c4.pages)) {
      expect(Math.abs(w - (324 * 72) / 25.4)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(h - (229 * 72) / 25.4)).toBeLessThanOrEqual(0.01);
    }
  });
});

describe('choosing the recipients of a batch', () => {
  it('lists the recipients before saving (do-not-contact left out); unticked ones are not in the batch', async () => {
    const t = await counter();
    const x = await deliveredThisWeek(t);
    const noCode = await car(t, { name: '己六', address: '杭州市', postalCode: '' });
    const list = await t.must('invitations.create', { from: '2030-01-01', to: '2030-01-31', title: '测试名单' });
    for (const y of [x.a, x.b, x.c, x.d, x.dnc, noCode])
      await t.must('invitations.addRow', { listId: list.id, vehicleId: y.vehicle.id, reason: '测试加入' });
    const template = (await t.must('letterTemplates.list', {})).find((tp) => tp.kind === 'invitation')!;

    const before = await t.must('letterBatches.recipients', { kind: 'invitation', source: { listId: list.id } });
    expect(before.mailable.map((r) => r.customerId)).toEqual([x.b, x.a, x.c, x.d].map((y) => y.customer.id));
    expect(before.cannotMail.map((u) => u.name)).toEqual(['己六']);
    // Nothing is saved by looking.
    expect((await t.must('letterBatches.list', {})).total).toBe(0);

    const batch = await t.must('letterBatches.create', {
      kind: 'invitation',
      templateId: template.id,
      source: { listId: list.id },
      excludeCustomerIds: [x.a.customer.id, x.d.customer.id],
    });
    expect(batch.rows.map((r) => r.customerId)).toEqual([x.b.customer.id, x.c.customer.id]);
    expect(batch.rows.map((r) => r.position)).toEqual([1, 2]);
    expect(batch.cannotMailRows.map((u) => u.name)).toEqual(['己六']);
    const envelopes = await t.must('letterBatches.envelopesPdf', { batchId: batch.id, size: 'ZL' });
    expect(envelopes.pages).toBe(2);
    const text = poppler('pdftotext', Buffer.from(envelopes.contentBase64, 'base64'));
    expect(increasing(positions(text, ['乙二', '丙三']))).toBe(true);
    for (const n of ['甲一', '丁四', '戊五', '己六']) expect(text).not.toContain(n);
    // Confirming marks only the letters of the batch as sent on their rows.
    await t.must('letterBatches.confirm', { batchId: batch.id });
    const rows = (await t.must('invitations.get', { id: list.id })).rows;
    const sentOn = (vehicleId: number) => rows.find((r) => r.vehicleId === vehicleId)!.letterSentOn;
    expect(sentOn(x.b.vehicle.id)).toBe('2026-11-22');
    expect(sentOn(x.a.vehicle.id)).toBeNull();
    expect(sentOn(x.d.vehicle.id)).toBeNull();

    // Unticking everyone is refused; the queue source lists its recipients too.
    const none = await t.call('letterBatches.create', {
      kind: 'invitation',
      templateId: template.id,
      source: { listId: list.id },
      excludeCustomerIds: before.mailable.map((r) => r.customerId),
    });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toContain('请至少勾选一位收信人');
    const queue = await t.must('letterBatches.recipients', { kind: 'purchase_thanks', source: { queue: true } });
    expect(queue.mailable.map((r) => r.name)).toEqual(['乙二', '甲一', '丙三', '丁四']);
    expect((await t.call('letterBatches.recipients', { kind: 'invitation', source: { queue: true } })).ok).toBe(false);
  });
});
