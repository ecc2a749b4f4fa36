/**
 * 短信 batches on a real archive behind the real dispatcher, with the store clock pinned: templates
 * (the letters' merge fields plus 预约日期/预约时间, unknown fields refused), recipients from each
 * source with the refusals left out and kept with the reason, characters and segments, the batch
 * saved and exported (XLSX read back with ExcelJS, CSV with iconv-lite + papaparse) and marked sent.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import { smsSegments } from '../../src-shared/domain/revisits';
import { openSetUpArchive, type TestArchive } from '../support/archive';
import { rawSql } from '../support/raw-sql';

let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-12-03';

let t: TestArchive;
let plates = 0;
beforeEach(async () => {
  at(`${TODAY}T09:30:00`);
  plates = 0;
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

const raw = rawSql(() => t.archive);

function sql<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return raw.all<T>(query, ...params);
}

/** A customer with one vehicle. */
async function owner(
  name: string,
  extra: { mobile?: string | null; otherPhones?: string[]; doNotContact?: boolean; marketingConsent?: boolean } = {},
) {
  const customer = (await t.must('customers.create', { name, mobile: null, ...extra })).record.id;
  plates++;
  const vehicle = (await t.must('vehicles.create', { plate: `京A1000${plates}`, model: '朗逸', ownerId: customer }))
    .record.id;
  return { customer, vehicle, plate: `京A1000${plates}` };
}

/** Made by the migration 202612031010_revisit_defaults. */
const DEFAULT_SMS_TEMPLATE_NAMES = ['保养提醒', '预约提醒', '未接通回访', '交车关怀'];

describe('templates', () => {
  it('a new store has the default templates; a save with an unknown merge field is refused naming it', async () => {
    const list = await t.must('sms.templates', {});
    expect(list.map((x) => x.name)).toEqual(DEFAULT_SMS_TEMPLATE_NAMES);

    const bad = await t.call('sms.saveTemplate', { name: '错的', body: '您好{客户电话}，请回电' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.details?.fields?.[0]).toMatchObject({ path: 'body', label: '短信内容' });
      expect(bad.error.message).toContain('{客户电话}');
    }
    const unpaired = await t.call('sms.saveTemplate', { name: '错的', body: '您好{客户称呼' });
    expect(unpaired.ok).toBe(false);

    const saved = await t.must('sms.saveTemplate', { name: '节日', body: '【{门店名称}】{客户称呼}，{节日}快乐！' });
    expect(saved).toMatchObject({ name: '节日', updatedAt: '2026-12-03T09:30:00+08:00' });
    const edited = await t.must('sms.saveTemplate', {
      id: saved.id,
      name: '节日问候',
      body: '{客户称呼}，{节日}快乐！',
    });
    expect(edited.id).toBe(saved.id);
    const clash = await t.call('sms.saveTemplate', { name: '保养提醒', body: '你好' });
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.error.details?.fields?.[0]).toMatchObject({ path: 'name' });
    expect((await t.must('sms.templates', {})).length).toBe(DEFAULT_SMS_TEMPLATE_NAMES.length + 1);
    expect(await sql("SELECT actor FROM audit_log WHERE action = 'smsTemplate.save'")).toEqual([
      { actor: '小王' },
      { actor: '小王' },
    ]);
  });

  it('counts segments as the platforms do: 70 Chinese characters in one, 67 each when split', () => {
    expect(smsSegments('')).toEqual({ characters: 0, segments: 0 });
    expect(smsSegments('好'.repeat(70))).toEqual({ characters: 70, segments: 1 });
    expect(smsSegments('好'.repeat(71))).toEqual({ characters: 71, segments: 2 });
    expect(smsSegments('好'.repeat(134))).toEqual({ characters: 134, segments: 2 });
    expect(smsSegments('好'.repeat(135))).toEqual({ characters: 135, segments: 3 });
    expect(smsSegments('a'.repeat(160))).toEqual({ characters: 160, segments: 1 });
  });
});

describe('recipients and refusals', () => {
  it('an appointment reminder: merged per customer with the day and time; refusals and missing mobiles left out with the reason', async () => {
    const ok = await owner('张三', { mobile: '13800138000' });
    const other = await owner('李四', { mobile: null, otherPhones: ['010-12345678', '13912345678'] });
    const noMobile = await owner('王五', { mobile: null, otherPhones: ['010-87654321'] });
    const quiet = await owner('赵六', { mobile: '13600136000', doNotContact: true });
    const noSms = await owner('钱七', { mobile: '13500135000' });
    // Marketing consent does not matter for a reminder the customer asked for by booking.
    const noMarketing = await owner('孙八', { mobile: '13300133000', marketingConsent: false });
    await t.must('contactPrefs.set', { customerId: noSms.customer, channel: 'sms', allowed: false, reason: 'asked' });
    for (const [i, v] of [ok, other, noMobile, quiet, noSms, noMarketing].entries())
      await t.must('appointments.create', {
        vehicleId: v.vehicle,
        date: '2026-12-05',
        time: i === 1 ? null : `1${i}:00`,
        purpose: 'periodic_service',
        advisor: '王顾问',
      });
    const body = '【{门店名称}】{客户称呼}：您预约了{预约日期}{预约时间}到店保养（{车牌}），服务顾问{服务顾问}。';
    const preview = await t.must('sms.preview', { recipients: { kind: 'appointments', date: '2026-12-05' }, body });
    expect(preview.messages.map((m) => [m.customerName, m.phone, m.skippedReason])).toEqual([
      ['张三', '13800138000', null],
      ['王五', null, '没有手机号'],
      ['赵六', '13600136000', '客户要求勿扰'],
      ['钱七', '13500135000', '客户不接收短信（客户要求不再联系）'],
      ['孙八', '13300133000', null],
      ['李四', '13912345678', null],
    ]);
    const first = preview.messages[0]!;
    expect(first.content).toBe(
      `【测试汽车服务有限公司】张三先生/女士：您预约了12月5日10:00到店保养（${ok.plate}），服务顾问王顾问。`,
    );
    expect(first).toMatchObject({ characters: [...first.content].length, segments: 1 });
    expect(preview.messages[5]!.content).toContain('您预约了12月5日到店保养');
    expect(preview.messages[1]).toMatchObject({ content: '', segments: 0 });
    expect(preview).toMatchObject({ recipients: 3, skipped: 3, segments: 3 });

    // A day already past is refused (a reminder goes before the day).
    const past = await t.call('sms.preview', { recipients: { kind: 'appointments', date: '2026-12-02' }, body });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error.details?.fields?.[0]).toMatchObject({ path: 'recipients.date' });
    // The appointment fields only for appointment reminders.
    const wrong = await t.call('sms.preview', {
      recipients: { kind: 'deliveries', from: TODAY, to: TODAY },
      body,
    });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.details?.fields?.[0]).toMatchObject({ path: 'body' });
      expect(wrong.error.message).toContain('{预约日期}、{预约时间} 只能用于');
    }
  });

  it('an invitation list is marketing: no consent, already back or booked are left out; one message per number', async () => {
    const a = await owner('张三', { mobile: '13800138000' });
    const noConsent = await owner('李四', { mobile: '13900139000', marketingConsent: false });
    const came = await owner('王五', { mobile: '13700137000' });
    // The same customer with a second car: one message.
    const second = (await t.must('vehicles.create', { plate: '京Z99999', model: '途观', ownerId: a.customer })).record
      .id;
    const list = await t.must('invitations.create', { from: '2027-06-01', to: '2027-06-30', title: '' });
    for (const v of [a.vehicle, noConsent.vehicle, came.vehicle, second])
      await t.must('invitations.addRow', { listId: list.id, vehicleId: v, reason: '测试' });
    // 王五's car came in after the list was made.
    at(`${TODAY}T10:00:00`);
    await t.must('repairOrders.create', {
      roNumber: 'RO2612030001',
      vehicleId: came.vehicle,
      openedAt: '2026-12-03T10:00:00+08:00',
      type: 'periodic_service',
    });
    const preview = await t.must('sms.preview', {
      recipients: { kind: 'invitation_list', listId: list.id },
      body: '{客户称呼}，您的爱车{车牌}该保养了。',
    });
    expect(preview.messages.map((m) => [m.customerName, m.plate, m.skippedReason])).toEqual([
      ['张三', a.plate, null],
      ['李四', noConsent.plate, '不同意营销联系'],
      ['王五', came.plate, '已回厂（2026-12-03）'],
      ['张三', '京Z99999', '同一手机号本批已有一条'],
    ]);
    const missing = await t.call('sms.preview', {
      recipients: { kind: 'invitation_list', listId: 9999 },
      body: '你好',
    });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.details?.fields?.[0]).toMatchObject({ path: 'recipients.listId' });
  });

  it('the customers a call could not reach, and a period’s deliveries', async () => {
    const a = await owner('张三', { mobile: '13800138000' });
    const b = await owner('李四', { mobile: '13900139000', marketingConsent: false });
    const c = await owner('王五', { mobile: '13700137000' });
    const ro = await t.must('repairOrders.create', {
      roNumber: 'RO2611250001',
      vehicleId: a.vehicle,
      customerId: a.customer,
      openedAt: '2026-11-25T09:00:00+08:00',
      status: 'delivered',
      completedAt: '2026-11-25T15:00:00+08:00',
      deliveredAt: '2026-11-25T17:00:00+08:00',
      type: 'repair',
      advisorName: '李顾问',
    });
    await t.must('repairOrders.create', {
      roNumber: 'RO2611250002',
      vehicleId: b.vehicle,
      openedAt: '2026-11-24T09:00:00+08:00',
      status: 'settled',
      completedAt: '2026-11-26T15:00:00+08:00',
      settledAt: '2026-11-26T17:00:00+08:00',
      type: 'repair',
    });
    // The calls service (another area) closes calls as 未接通; the rows as it writes them.
    const call = (...params: unknown[]) =>
      raw.run(
        `INSERT INTO revisit_call (call_key, kind, ro_id, vehicle_id, customer_id, due_on, state, closed_at,
         follow_up_channel, follow_up_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, '2026-11-28', 'unreached', ?, ?, ?, '2026-11-28T10:00:00+08:00', '2026-11-28T10:00:00+08:00')`,
        ...params,
      );
    await call(
      `followup7:ro:${ro.record.id}`,
      'followup7',
      ro.record.id,
      a.vehicle,
      a.customer,
      '2026-12-01T18:00:00+08:00',
      null,
      null,
    );
    await call(
      'delivery:vehicle:1',
      'delivery',
      null,
      b.vehicle,
      b.customer,
      '2026-12-01T18:00:00+08:00',
      'letter',
      '2026-12-02T09:00:00+08:00',
    );
    await call(
      'csi:ro:99',
      'csi',
      null,
      c.vehicle,
      c.customer,
      '2026-11-20T18:00:00+08:00',
      'sms',
      '2026-12-02T09:00:00+08:00',
    );

    const unreached = await t.must('sms.preview', {
      recipients: { kind: 'unreached', from: '2026-12-01', to: '2026-12-03' },
      body: '{客户称呼}，我们多次致电未能接通，服务顾问{服务顾问}。',
    });
    // 李四 was offered a letter instead; 王五 closed earlier but was offered an SMS in the period.
    expect(unreached.messages.map((m) => [m.customerName, m.skippedReason])).toEqual([
      ['王五', null],
      ['张三', null],
    ]);
    expect(unreached.messages[1]!.content).toBe('张三先生/女士，我们多次致电未能接通，服务顾问李顾问。');
    // Once the batch is confirmed sent, 张三's call closed as 未接通 has its follow-up: 短信.
    const channelOf = (key: string) =>
      raw.value('SELECT follow_up_channel AS c FROM revisit_call WHERE call_key = ?', key);
    expect(await channelOf(`followup7:ro:${ro.record.id}`)).toBeNull();
    const batch = await t.must('sms.createBatch', {
      recipients: { kind: 'unreached', from: '2026-12-01', to: '2026-12-03' },
      body: '{客户称呼}，我们多次致电未能接通。',
    });
    await t.must('sms.markSent', { id: batch.id });
    expect(await channelOf(`followup7:ro:${ro.record.id}`)).toBe('sms');
    expect(await channelOf('delivery:vehicle:1')).toBe('letter');
    // Messaged once: the next batch of the same period does not pick them again.
    const again = await t.must('sms.preview', {
      recipients: { kind: 'unreached', from: '2026-12-01', to: '2026-12-03' },
      body: '{客户称呼}，我们多次致电未能接通。',
    });
    expect(again.messages).toEqual([]);

    const deliveries = await t.must('sms.preview', {
      recipients: { kind: 'deliveries', from: '2026-11-25', to: '2026-11-26' },
      body: '{客户称呼}，感谢惠顾。',
    });
    // Settled without a delivery time counts on its settlement day; not marketing, so no consent needed.
    expect(deliveries.messages.map((m) => [m.customerName, m.skippedReason])).toEqual([
      ['张三', null],
      ['李四', null],
    ]);
    const backwards = await t.call('sms.preview', {
      recipients: { kind: 'deliveries', from: '2026-11-26', to: '2026-11-25' },
      body: '你好',
    });
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.error.details?.fields?.[0]).toMatchObject({ path: 'recipients.to' });
  });
});

describe('a batch: saved, exported, sent', () => {
  it('keeps every message (the skipped with the reason), exports XLSX and CSV with 手机号 and 内容, and is marked sent once', async () => {
    const a = await owner('张三', { mobile: '13800138000' });
    const b = await owner('=SUM(A1)', { mobile: '13900139000' });
    await owner('王五', { mobile: null });
    for (const v of [a, b])
      await t.must('appointments.create', {
        vehicleId: v.vehicle,
        date: '2026-12-04',
        time: '10:00',
        purpose: 'repair',
      });
    const noOne = await t.call('sms.createBatch', {
      recipients: { kind: 'appointments', date: '2026-12-06' },
      body: '你好',
    });
    expect(noOne.ok).toBe(false);
    if (!noOne.ok) expect(noOne.error.details?.fields?.[0]).toMatchObject({ path: 'recipients' });

    const long = '请按时到店，'.repeat(12);
    const batch = await t.must('sms.createBatch', {
      recipients: { kind: 'appointments', date: '2026-12-04' },
      body: `{客户姓名}，明天{预约时间}见。\n${long}`,
    });
    expect(batch).toMatchObject({
      title: '预约提醒 2026-12-04',
      source: 'appointments',
      recipients: 2,
      skipped: 0,
      createdBy: '小王',
      sentAt: null,
    });
    expect(batch.messages[0]!.content).toBe(`张三，明天10:00见。\n${long}`);
    expect(batch.messages[0]!.segments).toBe(2);
    expect(batch.segments).toBe(4);

    const xlsx = await t.must('sms.export', { id: batch.id, format: 'xlsx' });
    expect(xlsx.fileName).toBe(`短信_${batch.id}_2026-12-03.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['手机号', '内容', '姓名', '车牌']);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '13800138000',
      `张三，明天10:00见。\n${long}`,
      '张三',
      a.plate,
    ]);
    expect((sheet.getRow(3).values as unknown[]).slice(1, 4)).toEqual(['13900139000', expect.any(String), "'=SUM(A1)"]);
    expect(sheet.rowCount).toBe(3);

    const csv = await t.must('sms.export', { id: batch.id, format: 'csv' });
    const bytes = Buffer.from(csv.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(iconv.decode(bytes, 'utf8', { stripBOM: true }), { skipEmptyLines: true });
    expect(parsed.data).toEqual([
      ['手机号', '内容', '姓名', '车牌'],
      ['13800138000', `张三，明天10:00见。\n${long}`, '张三', a.plate],
      ['13900139000', `=SUM(A1)，明天10:00见。\n${long}`, "'=SUM(A1)", b.plate],
    ]);
    expect(await sql("SELECT action FROM audit_log WHERE action LIKE 'smsBatch.%' ORDER BY id")).toEqual([
      { action: 'smsBatch.create' },
      { action: 'smsBatch.export' },
      { action: 'smsBatch.export' },
    ]);

    at(`${TODAY}T11:00:00`);
    const sent = await t.must('sms.markSent', { id: batch.id });
    expect(sent).toMatchObject({ sentAt: '2026-12-03T11:00:00+08:00', sentBy: '小王' });
    const twice = await t.call('sms.markSent', { id: batch.id });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error).toMatchObject({ code: 'CONFLICT' });

    const page = await t.must('sms.batches', {});
    expect(page).toMatchObject({ total: 1, rows: [{ id: batch.id, recipients: 2, sentBy: '小王' }] });
    expect(page.rows[0]).not.toHaveProperty('messages');
    expect((await t.must('sms.batch', { id: batch.id })).messages).toHaveLength(2);
  });
});
