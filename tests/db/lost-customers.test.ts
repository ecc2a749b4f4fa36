/**
 * 流失客户 and 流失率 on a real archive behind the real dispatcher, the store clock pinned at
 * 2026-12-03 09:30 (UTC+8), default settings (已流失: last visit more than 12 months ago, i.e.
 * before 2025-12-03; 流失预警: from 2025-12-03 up to, not including, 2026-06-03). The expected lists
 * and rates are worked out by hand in the comments, not by the code under test.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatChurn,
  parseChurnArgs,
  parseLostCustomersArgs,
  runChurnCommand,
  runLostCustomersCommand,
} from '../../src-main/cli/lost-customers-command';
import { SERVICE_VISITS_BACKFILL } from '../../src-main/db/migrations/202612031200_complaints';
import type { Clock } from '../../src-main/services/context';
import { LOST_SHEET_HEADER_ROW, LOST_SHEET_HEADERS } from '../../src-main/services/lost-customers/lost-customers.xlsx';
import type { RoType } from '../../src-shared/domain/enums';
import { openSetUpArchive, rowCounts, type TestArchive, VIN_A } from '../support/archive';
import { rawSql } from '../support/raw-sql';

let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-12-03';

let t: TestArchive;
beforeEach(async () => {
  at(`${TODAY}T09:30:00`);
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

const raw = rawSql(() => t.archive);

function sql<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return raw.all<T>(query, ...params);
}

let roSeq = 0;
let phoneSeq = 0;
/** A customer and their vehicle with ROs on the given days (10:00 at the store unless a time is given). */
async function car(
  plate: string,
  visits: [day: string, type: RoType, km: number | null][],
  options: { status?: 'active' | 'lost' | 'sold' | 'scrapped'; vin?: string; name?: string } = {},
) {
  phoneSeq++;
  const owner = (
    await t.must('customers.create', {
      name: options.name ?? `客户${plate.slice(-2)}`,
      mobile: `1380000${String(phoneSeq).padStart(4, '0')}`,
    })
  ).record.id;
  const id = (
    await t.must('vehicles.create', {
      plate,
      vin: options.vin ?? null,
      model: '朗逸',
      ownerId: owner,
      status: options.status ?? 'active',
    })
  ).record.id;
  for (const [day, type, km] of visits) {
    roSeq++;
    await t.must('repairOrders.create', {
      roNumber: `RO${String(roSeq).padStart(6, '0')}`,
      vehicleId: id,
      customerId: owner,
      openedAt: day.length > 10 ? `${day}:00+08:00` : `${day}T10:00:00+08:00`,
      mileageIn: km,
      type,
      advisorName: '王顾问',
    });
  }
  return { id, owner };
}

/**
 * The lost-customer fixture (today 2026-12-03; cut-offs 2025-12-03 and 2026-06-03):
 * - V1 京A10001: 首保 2024-03-20 6,000 km, 定保 2024-09-16 11,400, 定保 2025-03-15 16,800 — the readings
 *   are 180 days apart and 5,400 km apart: 30 km/day exactly. Last visit 2025-03-15 → 已流失,
 *   20 months away (2026-11-15 ≤ 12-03 < 2026-12-15); 3 services → 多次保养后流失; estimated now:
 *   16,800 + 30 × 628 days (2025-03-15 → 2026-03-15 is 365, → 12-03 is 263) = 35,640 → 35,600.
 * - V2 京A10002: 首保 2025-01-05 → 已流失, 22 months, 首保后流失; on two invitation lists after it
 *   (one removed from its list) and one before: 1 missed invitation.
 * - V3 京A10003: 首保 2024-06-01, 定保 2024-12-01, repair 2025-02-10 → 已流失 (last 2025-02-10, 21
 *   months), 2 services → 二保后流失.
 * - V4 京A10004: repair 2025-05-05 only → 已流失, 未在本店保养.
 * - V5 京A10005: 定保 2026-03-15 → 流失预警 (8 months).
 * - V6 京A10006: 定保 2026-09-01 → not listed (recent).
 * - V7 京A10007: status sold, last 2024-01-01 → not listed.
 * - V8 京A10008: last 2024-05-05, then reason 搬家 recorded → off the list.
 * - V9 京A10009: marked status 'lost' by hand, last 2025-06-06 → listed (已流失).
 * - V10 京A10010: last 2025-12-03, the cut-off itself → 流失预警 (not more than 12 months).
 * - V11 京A10011: last 2025-12-02 → 已流失.
 * - V12 京A10012: last 2026-06-03 → not listed (exactly 6 months).
 * - V13 京A10013: last 2026-06-02 → 流失预警.
 * Most recently lost first — 已流失 (V8 out): V1 2025-03-15, V2 2025-01-05, V3 2025-02-10, V4
 * 2025-05-05, V9 2025-06-06, V11 2025-12-02 → V11, V9, V4, V1, V3, V2. 流失预警: V13 2026-06-02,
 * V5 2026-03-15, V10 2025-12-03.
 */
async function lostFixture() {
  const v1 = await car(
    '京A10001',
    [
      ['2024-03-20', 'first_service', 6000],
      ['2024-09-16', 'periodic_service', 11400],
      ['2025-03-15', 'periodic_service', 16800],
    ],
    { vin: VIN_A, name: '张三' },
  );
  const v2 = await car('京A10002', [['2025-01-05', 'first_service', 3000]]);
  const v3 = await car('京A10003', [
    ['2024-06-01', 'first_service', 3000],
    ['2024-12-01', 'periodic_service', 9000],
    ['2025-02-10', 'repair', 10000],
  ]);
  const v4 = await car('京A10004', [['2025-05-05', 'repair', null]]);
  const v5 = await car('京A10005', [['2026-03-15', 'periodic_service', null]]);
  const v6 = await car('京A10006', [['2026-09-01', 'periodic_service', null]]);
  const v7 = await car('京A10007', [['2024-01-01', 'repair', null]], { status: 'sold' });
  const v8 = await car('京A10008', [['2024-05-05', 'repair', null]]);
  const v9 = await car('京A10009', [['2025-06-06', 'repair', null]], { status: 'lost' });
  const v10 = await car('京A10010', [['2025-12-03', 'repair', null]]);
  const v11 = await car('京A10011', [['2025-12-02', 'repair', null]]);
  const v12 = await car('京A10012', [['2026-06-03', 'repair', null]]);
  const v13 = await car('京A10013', [['2026-06-02', 'repair', null]]);
  // Invitation lists (raw: the lists' own rules decide who is due; here only being on one matters).
  const list = (title: string, createdAt: string) =>
    raw.insert(
      "INSERT INTO invitation_list (title, period_from, period_to, created_at, created_by) VALUES (?, '2025-01-01', '2025-12-31', ?, '小王')",
      title,
      createdAt,
    );
  const row = (listId: number, vehicleId: number, createdAt: string, removed: boolean) =>
    raw.run(
      `INSERT INTO invitation_row (list_id, vehicle_id, kind, due_on, due_by, created_at, updated_at, removed_at, removed_reason)
         VALUES (?, ?, 'periodic', '2025-07-05', 'time', ?, ?, ?, ?)`,
      listId,
      vehicleId,
      createdAt,
      createdAt,
      removed ? createdAt : null,
      removed ? '客户要求' : '',
    );
  const before = await list('2024-12 招揽', '2024-12-20T09:00:00+08:00');
  const after = await list('2025-07 招揽', '2025-06-20T09:00:00+08:00');
  const later = await list('2025-10 招揽', '2025-09-20T09:00:00+08:00');
  await row(before, v2.id, '2024-12-20T09:00:00+08:00', false);
  await row(after, v2.id, '2025-06-20T09:00:00+08:00', false);
  await row(later, v2.id, '2025-09-20T09:00:00+08:00', true);
  await t.must('lostCustomers.recordReason', { vehicleId: v8.id, reason: 'moved' });
  return { v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13 };
}

describe('the lost-customer list (流失客户)', () => {
  it('lists 已流失 and 流失预警 by the cut-offs, most recently lost first, with stage, mileage and missed invitations', async () => {
    const f = await lostFixture();
    const page = await t.must('lostCustomers.list', {});
    expect(page).toMatchObject({ total: 6, asOf: TODAY });
    const lost = page.rows;
    expect(lost.map((r) => r.plate)).toEqual(['京A10011', '京A10009', '京A10004', '京A10001', '京A10003', '京A10002']);
    expect(lost.every((r) => r.level === 'lost')).toBe(true);
    expect(lost.map((r) => [r.plate, r.stage, r.monthsAway])).toEqual([
      ['京A10011', 'never_serviced', 12],
      ['京A10009', 'never_serviced', 17],
      ['京A10004', 'never_serviced', 18],
      ['京A10001', 'later', 20],
      ['京A10003', 'after_second', 21],
      ['京A10002', 'after_first', 22],
    ]);
    const v1 = lost.find((r) => r.vehicleId === f.v1.id)!;
    expect(v1).toMatchObject({
      plate: '京A10001',
      vin: VIN_A,
      model: '朗逸',
      customerId: f.v1.owner,
      customer: '张三',
      lastVisit: '2025-03-15',
      lastMileage: 16800,
      estimatedMileage: 35600,
      missedInvitations: 0,
      reason: null,
      winbackOn: null,
      winbackState: null,
    });
    expect(v1.phone).toMatch(/^1380000\d{4}$/);
    expect(lost.find((r) => r.vehicleId === f.v2.id)!.missedInvitations).toBe(1);
    expect(lost.find((r) => r.vehicleId === f.v4.id)!.lastMileage).toBeNull();

    const atRisk = (await t.must('lostCustomers.list', { level: 'at_risk' })).rows;
    expect(atRisk.map((r) => [r.plate, r.level, r.monthsAway])).toEqual([
      ['京A10013', 'at_risk', 6],
      ['京A10005', 'at_risk', 8],
      ['京A10010', 'at_risk', 12],
    ]);
    const all = await t.must('lostCustomers.list', { level: 'all' });
    expect(all.rows).toHaveLength(9);
    expect(all.total).toBe(9);
    const firstOnly = await t.must('lostCustomers.list', { level: 'all', stage: 'after_first' });
    // One service here each: V2's 首保, V5's single 定保 (the count decides, not the type).
    expect(firstOnly.rows.map((r) => r.plate)).toEqual(['京A10005', '京A10002']);
    expect(firstOnly.total).toBe(2);
    // As of another day: on 2026-06-01 V11 (2025-12-02) is only at risk, V1 still lost (14 months).
    const earlier = await t.must('lostCustomers.list', { asOf: '2026-06-01' });
    expect(earlier.rows.map((r) => r.plate)).toEqual(['京A10004', '京A10001', '京A10003', '京A10002']);
    expect(earlier.asOf).toBe('2026-06-01');
  });

  it('pages, counts the whole selection by stage and reason, filters by both; service_visits kept and backfilled', async () => {
    const f = await lostFixture();
    await t.must('lostCustomers.recordReason', { vehicleId: f.v4.id, reason: 'price' });
    await t.must('lostCustomers.recordReason', { vehicleId: f.v13.id, reason: 'price' });
    await t.must('lostCustomers.recordReason', { vehicleId: f.v1.id, reason: 'little_use' });
    /*
     * All (9, newest first): V13 never (price), V5 first, V10 never, V11 never, V9 never, V4 never
     * (price), V1 later (little use), V3 second, V2 first. Stages: never 5, first 2, second 1, later 1;
     * reasons: price 2, little use 1, none 6 (moved and sold never: they are off the list).
     */
    const counts = {
      byStage: { never_serviced: 5, after_first: 2, after_second: 1, later: 1 },
      byReason: {
        moved: 0,
        sold: 0,
        elsewhere: 0,
        dissatisfied: 0,
        price: 2,
        distance: 0,
        little_use: 1,
        other: 0,
        none: 6,
      },
    };
    const page2 = await t.must('lostCustomers.list', { level: 'all', page: 2, pageSize: 4 });
    expect(page2).toEqual({ rows: expect.any(Array), total: 9, ...counts, asOf: TODAY });
    expect(page2.rows.map((r) => r.plate)).toEqual(['京A10009', '京A10004', '京A10001', '京A10003']);
    const page3 = await t.must('lostCustomers.list', { level: 'all', page: 3, pageSize: 4 });
    expect(page3.rows.map((r) => r.plate)).toEqual(['京A10002']);
    const beyond = await t.must('lostCustomers.list', { level: 'all', page: 4, pageSize: 4 });
    expect(beyond).toMatchObject({ rows: [], total: 9 });

    // Filters narrow the rows and the total; the counts stay those of the whole selection.
    const never = await t.must('lostCustomers.list', { level: 'all', stage: 'never_serviced', pageSize: 2 });
    expect(never).toMatchObject({ total: 5, ...counts });
    expect(never.rows.map((r) => r.plate)).toEqual(['京A10013', '京A10010']);
    const price = await t.must('lostCustomers.list', { level: 'all', reason: 'price' });
    expect(price.rows.map((r) => r.plate)).toEqual(['京A10013', '京A10004']);
    const none = await t.must('lostCustomers.list', { level: 'all', reason: 'none', stage: 'never_serviced' });
    expect(none.rows.map((r) => r.plate)).toEqual(['京A10010', '京A10011', '京A10009']);
    expect(none).toMatchObject({ total: 3, ...counts });
    const lostOnly = await t.must('lostCustomers.list', { reason: 'price' });
    expect(lostOnly.rows.map((r) => r.plate)).toEqual(['京A10004']);
    expect(lostOnly.byReason).toMatchObject({ price: 1, little_use: 1, none: 4 });

    // Bad paging input: refused naming the field.
    for (const [input, path] of [
      [{ pageSize: 501 }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ reason: 'gone' }, 'reason'],
    ] as const) {
      const bad = await t.call('lostCustomers.list', input as never);
      expect(!bad.ok && bad.error.details?.fields?.[0]?.path).toBe(path);
    }

    // The stage comes from vehicle_service_summary.service_visits, kept as ROs arrive.
    const visits = (...vehicles: { id: number }[]) =>
      Promise.all(
        vehicles.map(
          async ({ id }) =>
            (
              await sql<{ n: number }>(
                'SELECT service_visits AS n FROM vehicle_service_summary WHERE vehicle_id = ?',
                id,
              )
            )[0]!.n,
        ),
      );
    expect(await visits(f.v1, f.v2, f.v3, f.v4)).toEqual([3, 1, 2, 0]);
    // The migration's backfill gives the same counts from repair_order.
    await raw.run('UPDATE vehicle_service_summary SET service_visits = 0');
    await raw.run(SERVICE_VISITS_BACKFILL);
    expect(await visits(f.v1, f.v2, f.v3, f.v4, f.v5)).toEqual([3, 1, 2, 0, 1]);
  });

  it('a reason: 车已卖 marks the vehicle sold and takes it off; 停止联系 refuses letters and calls; 其他 needs the words', async () => {
    const f = await lostFixture();
    const sold = await t.must('lostCustomers.recordReason', { vehicleId: f.v3.id, reason: 'sold', stopContact: true });
    expect(sold).toBeNull();
    expect((await sql<{ status: string }>('SELECT status FROM vehicle WHERE id = ?', f.v3.id))[0]!.status).toBe('sold');
    expect(
      await sql<{ channel: string; allowed: number; reason: string }>(
        'SELECT channel, allowed, reason FROM contact_preference WHERE customer_id = ? ORDER BY channel',
        f.v3.owner,
      ),
    ).toEqual([
      { channel: 'letter', allowed: 0, reason: 'sold' },
      { channel: 'phone', allowed: 0, reason: 'sold' },
      { channel: 'sms', allowed: 0, reason: 'sold' },
    ]);
    const actions = (
      await sql<{ action: string }>(
        `SELECT action FROM audit_log WHERE action IN ('lostVehicle.reason', 'vehicle.update', 'contactPreference.set')
         AND ((entity = 'vehicle' AND entity_id = ?) OR (entity = 'customer' AND entity_id = ?)) ORDER BY id`,
        f.v3.id,
        f.v3.owner,
      )
    ).map((a) => a.action);
    expect(actions).toEqual([
      'lostVehicle.reason',
      'vehicle.update',
      'contactPreference.set',
      'contactPreference.set',
      'contactPreference.set',
    ]);

    const elsewhere = await t.must('lostCustomers.recordReason', {
      vehicleId: f.v4.id,
      reason: 'elsewhere',
      words: '在家附近的快修店保养',
      stopContact: true,
    });
    expect(elsewhere).toMatchObject({ plate: '京A10004', reason: 'elsewhere', reasonWords: '在家附近的快修店保养' });
    expect(elsewhere!.reasonAt).toBe('2026-12-03T09:30:00+08:00');
    expect(
      await sql<{ channel: string; reason: string }>(
        'SELECT channel, reason FROM contact_preference WHERE customer_id = ? AND allowed = 0 ORDER BY channel',
        f.v4.owner,
      ),
    ).toEqual([
      { channel: 'letter', reason: 'serviced_elsewhere' },
      { channel: 'phone', reason: 'serviced_elsewhere' },
    ]);

    const counts = await rowCounts(t.archive);
    const other = await t.call('lostCustomers.recordReason', { vehicleId: f.v1.id, reason: 'other', words: '  ' });
    expect(other.ok).toBe(false);
    if (!other.ok) {
      expect(other.error.code).toBe('VALIDATION');
      expect(other.error.details?.fields?.[0]?.path).toBe('words');
      expect(other.error.message).toContain('其他');
    }
    const unknown = await t.call('lostCustomers.recordReason', { vehicleId: 99999, reason: 'price' });
    expect(unknown.ok).toBe(false);
    expect(await rowCounts(t.archive)).toEqual(counts);

    const lost = (await t.must('lostCustomers.list', {})).rows;
    expect(lost.map((r) => r.plate)).toEqual(['京A10011', '京A10009', '京A10004', '京A10001', '京A10002']);
  });
});

describe('win-back calls (流失召回)', () => {
  it('puts listed vehicles in the 回访 queue, skips the others with the reason, and records the reason from the call', async () => {
    const f = await lostFixture();
    // V9's owner refuses calls.
    const v9owner = (await sql<{ owner_id: number }>('SELECT owner_id FROM vehicle WHERE id = ?', f.v9.id))[0]!
      .owner_id;
    await t.must('contactPrefs.set', {
      customerId: v9owner,
      channel: 'phone',
      allowed: false,
      reason: 'asked',
      note: '',
    });
    const r = await t.must('lostCustomers.winback', { vehicleIds: [f.v2.id, f.v6.id, f.v9.id, f.v5.id] });
    expect(r.added).toBe(2);
    expect(r.skipped).toEqual([
      { vehicleId: f.v6.id, reason: expect.stringContaining('不在流失或流失预警名单上') },
      { vehicleId: f.v9.id, reason: expect.stringContaining('客户不接电话') },
    ]);
    const again = await t.must('lostCustomers.winback', { vehicleIds: [f.v2.id] });
    expect(again).toEqual({ added: 0, skipped: [{ vehicleId: f.v2.id, reason: `已加入流失召回（${TODAY} 打）` }] });
    const past = await t.call('lostCustomers.winback', { vehicleIds: [f.v1.id], on: '2026-12-01' });
    expect(!past.ok && past.error.details?.fields?.[0]?.path).toBe('on');

    const queue = await t.must('calls.queue', {});
    const entry = queue.entries.find((e) => e.key === `reminder:vehicle:${f.v2.id}`);
    expect(entry).toMatchObject({
      kind: 'reminder',
      vehicleId: f.v2.id,
      plate: '京A10002',
      dueOn: TODAY,
      reason: '流失召回：上次进厂 2025-01-05（22 个月未回厂）',
    });
    expect(queue.entries.some((e) => e.key === `reminder:vehicle:${f.v5.id}`)).toBe(true);
    const listed = (await t.must('lostCustomers.list', {})).rows;
    expect(listed.find((x) => x.vehicleId === f.v2.id)).toMatchObject({ winbackOn: TODAY, winbackState: 'open' });
    const detail = await t.must('calls.get', { key: `reminder:vehicle:${f.v2.id}` });
    expect(detail.entry.plate).toBe('京A10002');

    // A reason on a call not reached is refused, nothing saved.
    const counts = await rowCounts(t.archive);
    const notReached = await t.call('calls.record', {
      key: `reminder:vehicle:${f.v2.id}`,
      outcome: 'no_answer',
      lostReason: { reason: 'price' },
    });
    expect(!notReached.ok && notReached.error.details?.fields?.[0]?.path).toBe('lostReason');
    expect(await rowCounts(t.archive)).toEqual(counts);

    at(`${TODAY}T10:15:00`);
    await t.must('calls.record', {
      key: `reminder:vehicle:${f.v2.id}`,
      outcome: 'reached',
      words: '离家太远',
      lostReason: { reason: 'distance', words: '搬到通州了，太远' },
    });
    const row = (
      await sql<{ reason: string; words: string; call_id: number; reason_by: string }>(
        'SELECT reason, words, call_id, reason_by FROM lost_vehicle WHERE vehicle_id = ?',
        f.v2.id,
      )
    )[0]!;
    const callId = (
      await sql<{ id: number }>('SELECT id FROM revisit_call WHERE call_key = ?', `reminder:vehicle:${f.v2.id}`)
    )[0]!.id;
    expect(row).toEqual({ reason: 'distance', words: '搬到通州了，太远', call_id: callId, reason_by: '小王' });
    const after = (await t.must('lostCustomers.list', {})).rows;
    expect(after.find((x) => x.vehicleId === f.v2.id)).toMatchObject({
      reason: 'distance',
      winbackState: 'done',
      reasonAt: '2026-12-03T10:15:00+08:00',
    });
    const once = await t.must('lostCustomers.winback', { vehicleIds: [f.v2.id] });
    expect(once.skipped[0]!.reason).toBe(`已打过流失召回电话（${TODAY}）`);
  });
});

describe('the lost-customer workbook and the CLI', () => {
  it('xlsx: masked by default, in full for a manager (audited)', async () => {
    await lostFixture();
    const read = async (base64: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
      return wb.worksheets[0]!;
    };
    const masked = await t.must('lostCustomers.xlsx', {});
    expect(masked.fileName).toBe(`流失客户_${TODAY}.xlsx`);
    const sheet = await read(masked.contentBase64);
    expect(sheet.getRow(LOST_SHEET_HEADER_ROW).values).toEqual([undefined, ...LOST_SHEET_HEADERS]);
    // Most recently lost first: V11, V9, V4, V1 …
    const v1 = sheet.getRow(LOST_SHEET_HEADER_ROW + 4);
    expect(v1.getCell(3).value).toBe('京A10001');
    expect(v1.getCell(6).value).toBe('张**');
    expect(String(v1.getCell(7).value)).toMatch(/^138\*\*\*\*\d{4}$/);
    expect(v1.getCell(11).value).toBe(35600);
    expect(sheet.getRow(LOST_SHEET_HEADER_ROW + 7).getCell(1).value).toBeNull();

    const refused = await t.call('lostCustomers.xlsx', { unmasked: true });
    expect(refused.ok).toBe(false);
    await t.loginAs('manager');
    const full = await read((await t.must('lostCustomers.xlsx', { unmasked: true })).contentBase64);
    expect(full.getRow(LOST_SHEET_HEADER_ROW + 4).getCell(6).value).toBe('张三');
    expect(await sql("SELECT 1 FROM audit_log WHERE action = 'privacy.unmask'")).toHaveLength(1);
  });

  it('lost-customers --json: masked rows as the issue names them; churn --month; bad arguments', async () => {
    const f = await lostFixture();
    await t.must('lostCustomers.recordReason', { vehicleId: f.v4.id, reason: 'price' });
    const rows = await runLostCustomersCommand(
      t.dispatch,
      t.ctx,
      parseLostCustomersArgs([], { 'as-of': TODAY }),
      undefined,
      true,
    );
    expect(rows).toHaveLength(6);
    expect(rows[3]).toEqual({
      plate: '京A10001',
      vin: VIN_A,
      customer: '张**',
      phone: expect.stringMatching(/^138\*\*\*\*\d{4}$/),
      lastVisit: '2025-03-15',
      lastMileage: 16800,
      estimatedMileage: 35600,
      stage: 'later',
      reason: null,
    });
    expect(rows[2]).toMatchObject({ plate: '京A10004', reason: 'price', stage: 'never_serviced' });
    const disclosed: string[] = [];
    const full = await runLostCustomersCommand(
      t.dispatch,
      t.ctx,
      parseLostCustomersArgs([], { 'as-of': TODAY, level: 'all', unmasked: true }),
      async (d) => disclosed.push(d),
      true,
    );
    expect(full).toHaveLength(9);
    expect(full[6]!.customer).toBe('张三');
    expect(disclosed).toEqual(['流失客户 JSON']);

    expect(() => parseLostCustomersArgs([], { 'as-of': '2026-02-30' })).toThrow(/--as-of/);
    expect(() => parseLostCustomersArgs([], { level: 'gone' })).toThrow(/--level/);
    expect(() => parseChurnArgs([], {})).toThrow(/--month/);
    expect(() => parseChurnArgs([], { month: '2026-13' })).toThrow(/YYYY-MM/);
    const churn = await runChurnCommand(t.dispatch, t.ctx, parseChurnArgs([], { month: '2026-09' }));
    // Base 2026-03: V5 only (定保 2026-03-15), not back by the end of 2026-09 → churn 100%.
    expect(churn).toMatchObject({ month: '2026-09', baseMonth: '2026-03', base: 1, returned: 0, churn: 1 });
    expect(formatChurn(churn)).toContain('流失率 100.0%');
  });
});

describe('the churn rate (流失率)', () => {
  it('counts month N−6’s vehicles and those back in N−5..N, and 首保 → 2nd service retention', async () => {
    /*
     * Month 2026-10, base month 2026-04:
     * - C1: repair 04-05, repair 07-10 → in base, returned.
     * - C2: 首保 04-20, 定保 10-31 23:30 → in base, returned; 首保 base, 2nd service.
     * - C3: 首保 04-30 23:30 (still April at the store), repair 06-01 → in base, returned; 首保 base only.
     * - C4: 定保 04-15, nothing after → in base, not returned.
     * - C5: 首保 04-10, 定保 11-02 (after 2026-10) → in base, not returned; 首保 base only.
     * - C6: repair 03-31, repair 05-01 → not in base (March).
     * base 5, returned 3 (C1, C2, C3) → churn = 1 − 3/5 = 0.4; 首保 base 3 (C2, C3, C5), 2nd service
     * 1 (C2) → retention 1/3.
     * Month 2026-09 (base 2026-03): C6 only, back on 05-01 → churn 0; no 首保 → retention null.
     * Month 2026-08 (base 2026-02): nobody → churn null.
     */
    await car('京C00001', [
      ['2026-04-05', 'repair', null],
      ['2026-07-10', 'repair', null],
    ]);
    await car('京C00002', [
      ['2026-04-20', 'first_service', 3000],
      ['2026-10-31T23:30', 'periodic_service', 9000],
    ]);
    await car('京C00003', [
      ['2026-04-30T23:30', 'first_service', 3000],
      ['2026-06-01', 'repair', null],
    ]);
    await car('京C00004', [['2026-04-15', 'periodic_service', 20000]]);
    await car('京C00005', [
      ['2026-04-10', 'first_service', 3000],
      ['2026-11-02', 'periodic_service', 9000],
    ]);
    await car('京C00006', [
      ['2026-03-31', 'repair', null],
      ['2026-05-01', 'repair', null],
    ]);
    const months = await t.must('churn.months', { from: '2026-08', to: '2026-10' });
    expect(months.map((m) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(months[2]).toMatchObject({
      month: '2026-10',
      baseMonth: '2026-04',
      base: 5,
      returned: 3,
      firstServiceBase: 3,
      secondService: 1,
    });
    expect(months[2]!.churn).toBeCloseTo(0.4, 10);
    expect(months[2]!.retention).toBeCloseTo(1 / 3, 10);
    expect(months[2]!.formula).toContain(
      '流失率 = 1 − 第 N−6 月（2026-04）进厂车辆中在 2026-05 至 2026-10 再次进厂的比例',
    );
    expect(months[2]!.formula).toContain('= 1 − 3 / 5 = 40.0%');
    expect(months[1]).toMatchObject({ baseMonth: '2026-03', base: 1, returned: 1, churn: 0, retention: null });
    expect(months[0]).toMatchObject({ baseMonth: '2026-02', base: 0, churn: null });

    const reversed = await t.call('churn.months', { from: '2026-10', to: '2026-08' });
    expect(!reversed.ok && reversed.error.details?.fields?.[0]?.path).toBe('to');
  });
});
