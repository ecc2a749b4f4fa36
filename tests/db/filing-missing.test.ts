/**
 * 缺失 on a real archive with a fixed store clock: the month's missing papers (ROs settled,
 * vehicles delivered, customers created), per RO / vehicle / customer and per series' month, the
 * 电子健康档案 uploads (the list, late ones, the clerk's bulk mark, the DMS import's column) and the
 * day's incomplete customer and vehicle files per advisor. Papers are plain rows (the filing desk
 * is tested on its own).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, StoreClock } from '../../src-main/services/context';
import { MissingService } from '../../src-main/services/filing/missing.service';
import type { InputOf } from '../../src-shared/contract/index';
import { DEFAULT_FILING_SETTINGS, type FilingSettings } from '../../src-shared/domain/filing';
import type { ImportJob } from '../../src-shared/domain/imports';
import { openSetUpArchive, rowCounts, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { rawSql } from '../support/filing';

let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
/** Moves the store clock to a local time (UTC+8). */
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};

let t: TestArchive;
let missing: MissingService;
beforeEach(async () => {
  at('2026-11-20T18:00:00');
  t = await openSetUpArchive({ clock });
  await t.loginAs('clerk');
  missing = new MissingService(t.archive.db, new StoreClock(clock));
});
afterEach(async () => {
  await t.close();
});

const { run, all } = rawSql(() => t);

const local = (day: string, time = '10:00:00') => `${day}T${time}+08:00`;

async function customer(name: string, created = '2026-10-01', extra: Record<string, unknown> = {}): Promise<number> {
  const row = { mobile: '13800138000', address: '北京市朝阳区1号', ...extra };
  return Number(
    (
      await run(
        `INSERT INTO customer (name, mobile, other_phones, address, postal_code, birthday, preferred_call_time,
         is_do_not_contact, is_marketing_consent, notes, created_at, updated_at)
       VALUES (?, ?, '', ?, '', NULL, '', 0, 0, '', ?, ?)`,
        name,
        row.mobile,
        row.address,
        local(created),
        local(created),
      )
    ).lastInsertRowid,
  );
}

async function vehicle(
  plate: string | null,
  vin: string | null,
  ownerId: number | null,
  extra: { delivery?: string | null; created?: string; model?: string } = {},
): Promise<number> {
  const created = extra.created ?? '2026-10-01';
  return Number(
    (
      await run(
        `INSERT INTO vehicle (plate, vin, model, color, delivery_date, owner_id, status, notes, created_at, updated_at)
       VALUES (?, ?, ?, '', ?, ?, 'active', '', ?, ?)`,
        plate,
        vin,
        extra.model ?? '朗逸',
        extra.delivery ?? null,
        ownerId,
        local(created),
        local(created),
      )
    ).lastInsertRowid,
  );
}

async function ro(
  roNumber: string,
  vehicleId: number,
  customerId: number | null,
  o: { type?: string; settled?: string | null; hours?: number[]; advisor?: string; opened?: string } = {},
): Promise<number> {
  const settled = o.settled === undefined ? null : o.settled;
  const opened = o.opened ?? (settled ? settled.slice(0, 10) : '2026-11-01');
  const id = Number(
    (
      await run(
        `INSERT INTO repair_order (ro_number, vehicle_id, customer_id, advisor_name, opened_at, type, status, settled_at,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        roNumber,
        vehicleId,
        customerId,
        o.advisor ?? '王顾问',
        local(opened, '08:30:00'),
        o.type ?? 'repair',
        settled ? 'settled' : 'in_repair',
        settled,
        local(opened, '08:30:00'),
        local(opened, '08:30:00'),
      )
    ).lastInsertRowid,
  );
  for (const [i, h] of (o.hours ?? []).entries()) {
    await run(
      'INSERT INTO ro_labor_line (ro_id, line_no, description, hours, amount_fen) VALUES (?, ?, ?, ?, ?)',
      id,
      i + 1,
      `工时${i + 1}`,
      h,
      h * 10000,
    );
  }
  return id;
}

/** A paper as a plain row: received (not filed) unless a state is given. */
async function paper(
  kind: string,
  subject: { roId?: number; vehicleId?: number; customerId?: number },
  o: { state?: 'received' | 'removed'; docDate?: string } = {},
): Promise<number> {
  const state = o.state ?? 'received';
  const now = local('2026-11-20');
  return Number(
    (
      await run(
        `INSERT INTO paper (kind, ro_id, vehicle_id, customer_id, doc_date, received_on, state, removed_at, removed_reason,
         created_at, created_by, updated_at)
       VALUES (?, ?, ?, ?, ?, '2026-11-20', ?, ?, ?, ?, '小王', ?)`,
        kind,
        subject.roId ?? null,
        subject.vehicleId ?? null,
        subject.customerId ?? null,
        o.docDate ?? '2026-11-20',
        state,
        state === 'removed' ? now : null,
        state === 'removed' ? '放错了' : '',
        now,
        now,
      )
    ).lastInsertRowid,
  );
}

async function settings(change: Partial<FilingSettings>): Promise<void> {
  const value = JSON.stringify({ ...DEFAULT_FILING_SETTINGS, ...change });
  await run(
    "INSERT INTO app_setting (key, value) VALUES ('filing', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    value,
  );
}

const brief = (list: { kind: string; roNumber: string | null; plate: string | null; since: string }[]) =>
  list.map((m) => `${m.since} ${m.roNumber ?? m.plate} ${m.kind}`);

/** A small November: ordinary, major by type, major by hours, a warranty job, one in October, one open. */
async function november() {
  const zhang = await customer('张三');
  const li = await customer('李四');
  const car = await vehicle('京A12345', VIN_A, zhang);
  const other = await vehicle('京B22222', VIN_B, li);
  const ordinary = await ro('RO2611030001', car, zhang, { settled: local('2026-11-03', '16:00:00') });
  const paint = await ro('RO2611050001', other, li, { type: 'body_paint', settled: local('2026-11-05') });
  const long = await ro('RO2611040001', car, zhang, { settled: local('2026-11-04'), hours: [5, 3] });
  const short = await ro('RO2611040002', other, li, { settled: local('2026-11-04', '11:00:00'), hours: [5, 2.5] });
  const claim = await ro('RO2611060001', other, li, { type: 'warranty', settled: local('2026-11-06') });
  const october = await ro('RO2610310001', car, zhang, { settled: local('2026-10-31', '23:59:00') });
  const open = await ro('RO2611190001', car, zhang, { opened: '2026-11-19' });
  // The ordinary one has its RO sheet filed, the consultation handed in, the settlement filed in error.
  await paper('ro_sheet', { roId: ordinary });
  await paper('consultation', { roId: ordinary });
  await paper('settlement', { roId: ordinary }, { state: 'removed' });
  // Everything of the short one (7.5 h: not major) is in.
  for (const kind of ['ro_sheet', 'consultation', 'settlement']) await paper(kind, { roId: short });
  for (const kind of ['ro_sheet', 'consultation', 'settlement', 'inspection', 'certificate'])
    await paper(kind, { roId: paint });
  return { zhang, li, car, other, ordinary, paint, long, short, claim, october, open };
}

describe('the month (本月缺失)', () => {
  it('lists each settled RO’s required kinds not in, ordered by day and RO, with the reason', async () => {
    await november();
    const list = await missing.month('2026-11');
    expect(brief(list)).toEqual([
      '2026-11-03 RO2611030001 settlement',
      '2026-11-04 RO2611040001 ro_sheet',
      '2026-11-04 RO2611040001 consultation',
      '2026-11-04 RO2611040001 settlement',
      '2026-11-04 RO2611040001 inspection',
      '2026-11-04 RO2611040001 certificate',
      '2026-11-06 RO2611060001 ro_sheet',
      '2026-11-06 RO2611060001 consultation',
      '2026-11-06 RO2611060001 settlement',
      '2026-11-06 RO2611060001 warranty_claim',
    ]);
    expect(list[0]).toMatchObject({
      kindLabel: '结算单',
      plate: '京A12345',
      vin: VIN_A,
      customerName: '张三',
      reason: '已结算 2026-11-03，缺结算单',
    });
    expect(list.find((m) => m.kind === 'inspection')?.reason).toBe('已结算 2026-11-04，大修须附质检单');
    // The dispatcher answers the same (filing.missing).
    expect(await t.must('filing.missing', { month: '2026-11' })).toEqual(list);
    expect(brief(await missing.month('2026-10'))).toEqual([
      '2026-10-31 RO2610310001 ro_sheet',
      '2026-10-31 RO2610310001 consultation',
      '2026-10-31 RO2610310001 settlement',
    ]);
  });

  it('vehicles delivered in the month without 保修登记表 / PDI检查单; customers created, when the store requires a kind', async () => {
    const wang = await customer('王五', '2026-11-08');
    const sold = await vehicle('京C33333', VIN_A, wang, { delivery: '2026-11-08' });
    await vehicle('京D44444', VIN_B, wang, { delivery: '2026-10-30' });
    await paper('pdi', { vehicleId: sold });
    expect(await missing.month('2026-11')).toEqual([
      {
        kind: 'warranty_registration',
        kindLabel: '保修登记表',
        roId: null,
        roNumber: null,
        vehicleId: sold,
        plate: '京C33333',
        vin: VIN_A,
        customerId: wang,
        customerName: '王五',
        reason: '新车交车 2026-11-08，缺保修登记表',
        since: '2026-11-08',
      },
    ]);
    await settings({
      kinds: DEFAULT_FILING_SETTINGS.kinds.map((k) =>
        k.code === 'customer_file' ? { ...k, required: { on: 'customer_created' } } : k,
      ),
    });
    expect(brief(await missing.month('2026-11'))).toEqual([
      '2026-11-08 京C33333 warranty_registration',
      '2026-11-08 null customer_file',
    ]);
    expect((await missing.month('2026-11'))[1]?.reason).toBe('新建客户 2026-11-08，缺客户档案');
  });

  it('checkFrom: nothing is required before the store began filing here', async () => {
    await november();
    await settings({ checkFrom: '2026-11-05' });
    expect(brief(await missing.month('2026-11'))).toEqual([
      '2026-11-06 RO2611060001 ro_sheet',
      '2026-11-06 RO2611060001 consultation',
      '2026-11-06 RO2611060001 settlement',
      '2026-11-06 RO2611060001 warranty_claim',
    ]);
    expect(await missing.month('2026-10')).toEqual([]);
  });

  it('a kind switched off or made optional is not missing; hours rule off: 8 h is ordinary', async () => {
    await november();
    await settings({
      kinds: DEFAULT_FILING_SETTINGS.kinds.map((k) =>
        k.code === 'consultation'
          ? { ...k, active: false }
          : k.code === 'ro_sheet'
            ? { ...k, required: { on: 'never' } }
            : k,
      ),
      majorRepair: { roTypes: ['body_paint'], minLaborHours: null },
    });
    expect(brief(await missing.month('2026-11'))).toEqual([
      '2026-11-03 RO2611030001 settlement',
      '2026-11-04 RO2611040001 settlement',
      '2026-11-06 RO2611060001 settlement',
      '2026-11-06 RO2611060001 warranty_claim',
    ]);
  });
});

describe('per subject and per series’ month', () => {
  it('an RO; a vehicle with its settled ROs and its delivery; a customer with their vehicles and ROs', async () => {
    const n = await november();
    const none = { roId: null, vehicleId: null, customerId: null };
    expect(brief(await missing.forSubject({ ...none, roId: n.ordinary }))).toEqual([
      '2026-11-03 RO2611030001 settlement',
    ]);
    expect(await missing.forSubject({ ...none, roId: n.open })).toEqual([]);
    await run('UPDATE vehicle SET delivery_date = ? WHERE id = ?', '2026-11-02', n.car);
    expect(brief(await missing.forSubject({ ...none, vehicleId: n.car }))).toEqual([
      '2026-10-31 RO2610310001 ro_sheet',
      '2026-10-31 RO2610310001 consultation',
      '2026-10-31 RO2610310001 settlement',
      '2026-11-02 京A12345 warranty_registration',
      '2026-11-02 京A12345 pdi',
      '2026-11-03 RO2611030001 settlement',
      '2026-11-04 RO2611040001 ro_sheet',
      '2026-11-04 RO2611040001 consultation',
      '2026-11-04 RO2611040001 settlement',
      '2026-11-04 RO2611040001 inspection',
      '2026-11-04 RO2611040001 certificate',
    ]);
    // 李四's: the warranty job (the paint job and the short one are complete).
    expect(brief(await missing.forSubject({ ...none, customerId: n.li }))).toEqual([
      '2026-11-06 RO2611060001 ro_sheet',
      '2026-11-06 RO2611060001 consultation',
      '2026-11-06 RO2611060001 settlement',
      '2026-11-06 RO2611060001 warranty_claim',
    ]);
    // An RO of 李四's car written to another customer still counts for the car's owner.
    await ro('RO2611070001', n.other, n.zhang, { settled: local('2026-11-07') });
    expect(brief(await missing.forSubject({ ...none, customerId: n.li }))).toContain(
      '2026-11-07 RO2611070001 settlement',
    );
  });

  it('a series’ month has only its own kinds (binder completeness)', async () => {
    const n = await november();
    await run('UPDATE vehicle SET delivery_date = ? WHERE id = ?', '2026-11-02', n.car);
    expect(brief(await missing.forSeriesMonth('warranty', '2026-11'))).toEqual([
      '2026-11-06 RO2611060001 warranty_claim',
    ]);
    expect(brief(await missing.forSeriesMonth('sales', '2026-11'))).toEqual([
      '2026-11-02 京A12345 warranty_registration',
      '2026-11-02 京A12345 pdi',
    ]);
    const repair = await missing.forSeriesMonth('repair', '2026-11');
    expect(repair.map((m) => m.kind)).not.toContain('warranty_claim');
    expect(repair).toHaveLength(9);
    expect(await missing.forSeriesMonth('first_service', '2026-11')).toEqual([]);
  });

  it('settled on a day: the end-of-day list', async () => {
    await november();
    expect(brief(await missing.settledOn('2026-11-04'))).toEqual([
      '2026-11-04 RO2611040001 ro_sheet',
      '2026-11-04 RO2611040001 consultation',
      '2026-11-04 RO2611040001 settlement',
      '2026-11-04 RO2611040001 inspection',
      '2026-11-04 RO2611040001 certificate',
    ]);
    expect(await missing.settledOn('2026-11-05')).toEqual([]);
  });
});

describe('电子健康档案 uploads', () => {
  it('lists the month’s settled ROs with their upload; late after healthRecordHours, measured now', async () => {
    const n = await november();
    at('2026-11-07T09:00:00');
    const month = await t.must('healthUploads.list', { month: '2026-11', state: 'all' });
    expect(month.map((u) => `${u.roNumber} ${u.late}`)).toEqual([
      'RO2611030001 true',
      'RO2611040001 true',
      'RO2611040002 true',
      'RO2611050001 true',
      // Settled 2026-11-06 10:00: 23 hours ago.
      'RO2611060001 false',
    ]);
    expect(month[0]).toMatchObject({ plate: '京A12345', uploadedAt: null, source: null, roId: n.ordinary });
    at('2026-11-07T10:00:01');
    expect((await t.must('healthUploads.list', { date: '2026-11-06', state: 'late' })).map((u) => u.roNumber)).toEqual([
      'RO2611060001',
    ]);
    await settings({ healthRecordCheck: false });
    const off = await t.must('healthUploads.list', { month: '2026-11', state: 'all' });
    expect(off).toHaveLength(5);
    expect(off.some((u) => u.late)).toBe(false);
    expect(await t.must('healthUploads.list', { month: '2026-11', state: 'late' })).toEqual([]);
    expect(await t.must('healthUploads.list', { month: '2026-11', state: 'missing' })).toHaveLength(5);
  });

  it('the clerk marks settled ROs uploaded in bulk: counted, first mark kept, audited; an open RO refused by number', async () => {
    const n = await november();
    at('2026-11-07T09:00:00');
    const before = await rowCounts(t.archive);
    const refused = await t.call('healthUploads.mark', { roIds: [n.ordinary, n.open], uploadedAt: null });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.message).toContain('RO2611190001');
      expect(refused.error.message).toContain('还没有结算');
    }
    expect(await rowCounts(t.archive)).toEqual(before);

    expect(await t.must('healthUploads.mark', { roIds: [n.ordinary, n.paint], uploadedAt: null })).toEqual({
      marked: 2,
    });
    at('2026-11-08T09:00:00');
    expect(
      await t.must('healthUploads.mark', {
        roIds: [n.ordinary, n.long],
        uploadedAt: '2026-11-05T12:00:00+08:00',
      }),
    ).toEqual({ marked: 1 });
    const rows = await all<{ ro_id: number; uploaded_at: string; source: string; marked_by: string }>(
      'SELECT ro_id, uploaded_at, source, marked_by FROM health_upload ORDER BY ro_id',
    );
    expect(rows).toEqual(
      [
        { ro_id: n.ordinary, uploaded_at: '2026-11-07T09:00:00+08:00', source: 'clerk', marked_by: '小王' },
        { ro_id: n.paint, uploaded_at: '2026-11-07T09:00:00+08:00', source: 'clerk', marked_by: '小王' },
        { ro_id: n.long, uploaded_at: '2026-11-05T12:00:00+08:00', source: 'clerk', marked_by: '小王' },
      ].sort((a, b) => a.ro_id - b.ro_id),
    );
    const audits = await all<{ action: string; actor: string; after_json: string }>(
      "SELECT action, actor, after_json FROM audit_log WHERE action = 'healthUploads.mark' ORDER BY id",
    );
    expect(audits).toHaveLength(2);
    expect(audits[1]?.actor).toBe('小王');
    expect(JSON.parse(audits[1]!.after_json)).toMatchObject({ ros: ['RO2611040001'] });
    const list = await t.must('healthUploads.list', { month: '2026-11', state: 'missing' });
    expect(list.map((u) => u.roNumber)).toEqual(['RO2611040002', 'RO2611060001']);
    const marked = (await t.must('healthUploads.list', { month: '2026-11', state: 'all' })).find(
      (u) => u.roId === n.ordinary,
    );
    expect(marked).toMatchObject({ uploadedAt: '2026-11-07T09:00:00+08:00', source: 'clerk', late: false });

    const future = await t.call('healthUploads.mark', { roIds: [n.short], uploadedAt: '2026-11-09T09:00:00+08:00' });
    expect(future.ok).toBe(false);
    const early = await t.call('healthUploads.mark', { roIds: [n.short], uploadedAt: '2026-11-04T10:00:00+08:00' });
    expect(early.ok || early.error.message).toBe('上传时间：早于 RO2611040002 的结算时间，请核对');
    const unknown = await t.call('healthUploads.mark', { roIds: [99999], uploadedAt: null });
    expect(unknown.ok || unknown.error.code).toBe('NOT_FOUND');
  });

  it('the DMS import’s 电子健康档案上传时间 column writes the upload of settled ROs (source import)', async () => {
    const header = '工单号,车牌号,车架号,进厂时间,结算时间,电子健康档案上传时间';
    const lines = [
      header,
      `RO2611100001,京A12345,${VIN_A},2026-11-10 08:30,2026-11-10 16:00,2026-11-10 17:30`,
      `RO2611100002,京B22222,${VIN_B},2026-11-10 09:00,2026-11-10 15:00,未上传`,
      `RO2611100003,京B22222,${VIN_B},2026-11-10 09:30,,2026-11-10 18:00`,
    ];
    const job = await importCsv(lines.join('\r\n'));
    expect(job.phase, job.error ?? '').toBe('done');
    const rows = await all<{ ro_number: string; uploaded_at: string; source: string }>(
      `SELECT r.ro_number, h.uploaded_at, h.source FROM health_upload h JOIN repair_order r ON r.id = h.ro_id`,
    );
    expect(rows).toEqual([{ ro_number: 'RO2611100001', uploaded_at: '2026-11-10T17:30:00+08:00', source: 'import' }]);
    // A later export settles the second with its upload; the first keeps its first mark.
    const again = await importCsv(
      [
        header,
        `RO2611100001,京A12345,${VIN_A},2026-11-10 08:30,2026-11-10 16:00,2026-11-11 09:00`,
        `RO2611100002,京B22222,${VIN_B},2026-11-10 09:00,2026-11-10 15:00,2026-11-11 10:00`,
      ].join('\r\n'),
    );
    expect(again.phase, again.error ?? '').toBe('done');
    expect(
      await all<{ ro_number: string; uploaded_at: string }>(
        'SELECT r.ro_number, h.uploaded_at FROM health_upload h JOIN repair_order r ON r.id = h.ro_id ORDER BY r.ro_number',
      ),
    ).toEqual([
      { ro_number: 'RO2611100001', uploaded_at: '2026-11-10T17:30:00+08:00' },
      { ro_number: 'RO2611100002', uploaded_at: '2026-11-11T10:00:00+08:00' },
    ]);
    at('2026-11-12T09:00:00');
    const list = await t.must('healthUploads.list', { date: '2026-11-10', state: 'all' });
    expect(list.map((u) => `${u.roNumber} ${u.source} ${u.late}`)).toEqual([
      'RO2611100002 import false',
      'RO2611100001 import false',
    ]);
  });
});

async function importCsv(text: string): Promise<ImportJob> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const poll = async (job: ImportJob, phases: ImportJob['phase'][]) => {
    let current = job;
    while (phases.includes(current.phase)) {
      await sleep(5);
      current = await t.must('imports.job', { jobId: current.jobId });
    }
    return current;
  };
  const input: InputOf<'imports.start'> = {
    fileName: 'dms.csv',
    contentBase64: Buffer.from(text, 'utf8').toString('base64'),
  };
  const ready = await poll(await t.must('imports.start', input), ['reading', 'checking']);
  if (ready.phase !== 'ready') return ready;
  return poll(await t.must('imports.commit', { jobId: ready.jobId }), ['committing']);
}

describe('new files left incomplete (新建档案不完整)', () => {
  it('the day’s customers and vehicles missing required fields, with the advisor of their first RO or 未知', async () => {
    const full = await customer('完整', '2026-11-20');
    const noPhone = await customer('缺电话', '2026-11-20', { mobile: null, address: '  ' });
    await customer('昨天的', '2026-11-19', { mobile: null });
    const walkIn = await customer('未接车', '2026-11-20', { address: '' });
    await vehicle('京E55555', VIN_A, full, { created: '2026-11-20' });
    const bare = await vehicle(null, VIN_B, null, { created: '2026-11-20', model: '' });
    await ro('RO2611200001', bare, noPhone, { advisor: '赵顾问', opened: '2026-11-20' });
    await ro('RO2611200002', bare, noPhone, { advisor: '钱顾问', opened: '2026-11-21' });
    const files = await t.must('filing.incompleteFiles', { date: '2026-11-20' });
    expect(files).toEqual([
      {
        entity: 'customer',
        id: noPhone,
        label: '缺电话',
        createdAt: '2026-11-20T10:00:00+08:00',
        advisor: '赵顾问',
        missingFields: ['手机', '地址'],
      },
      {
        entity: 'vehicle',
        id: bare,
        label: VIN_B,
        createdAt: '2026-11-20T10:00:00+08:00',
        advisor: '赵顾问',
        missingFields: ['车牌', '车型', '车主'],
      },
      {
        entity: 'customer',
        id: walkIn,
        label: '未接车',
        createdAt: '2026-11-20T10:00:00+08:00',
        advisor: '未知',
        missingFields: ['地址'],
      },
    ]);
    // Without a date: today (the store clock's).
    expect(await t.must('filing.incompleteFiles', {})).toEqual(files);
    await settings({ requiredCustomerFields: [], requiredVehicleFields: ['color'] });
    expect((await t.must('filing.incompleteFiles', { date: '2026-11-20' })).map((f) => f.label)).toEqual([
      VIN_B,
      '京E55555',
    ]);
  });
});
