/**
 * 返修 on a real archive behind the real dispatcher, with the store clock pinned: comebacks proposed
 * from the ROs (a new RO within N days of a repair RO, an RO typed 返修) without writing anything,
 * checked against a brute-force reading of a few hundred ROs and read through the indexes; the
 * clerk's confirm and dismiss, a comeback marked by hand and from a reached call (in the call's
 * transaction), the service manager's close (the role checked in the service too, the CLI refused),
 * the monthly rate on a hand-worked fixture, the Today rows, and the CLI's JSON (masked).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  comebacksJson,
  formatComebacks,
  parseComebacksArgs,
  runComebacksCommand,
} from '../../src-main/cli/comebacks-command';
import { candidateQuery } from '../../src-main/services/comebacks/comeback-queries';
import { ComebacksService } from '../../src-main/services/comebacks/comebacks.service';
import { type CallContext, type Clock, Session } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import { type Comeback, REPAIR_RO_TYPES } from '../../src-shared/domain/complaints';
import type { AppErrorShape } from '../../src-shared/errors';
import { daysBetween } from '../../src-shared/validation/dates';
import { openSetUpArchive, rowCounts, type TestArchive, VIN_A, VIN_B } from '../support/archive';
import { rawSql } from '../support/raw-sql';

/** The store's clock, movable: starts 2026-12-03 10:30 at the store (UTC+8). */
let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-12-03';
const HTML_NAME = '王<b>五</b>&';

let t: TestArchive;
beforeEach(async () => {
  at(`${TODAY}T10:30:00`);
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

async function refusal<M extends Parameters<TestArchive['call']>[0]>(
  method: M,
  input: InputOf<M>,
): Promise<AppErrorShape> {
  const r = await t.call(method, input);
  if (r.ok) throw new Error(`${method} was accepted`);
  return r.error;
}

let plates = 0;
/** A customer with one car. */
async function car(name = '张三', mobile = '13800138000', vin: string | null = null) {
  const customerId = (await t.must('customers.create', { name, mobile })).record.id;
  plates += 1;
  const vehicleId = (
    await t.must('vehicles.create', { plate: `京A${String(12340 + plates)}`, vin, model: '朗逸', ownerId: customerId })
  ).record.id;
  return { customerId, vehicleId };
}

/** An RO opened on `openedAt` (local), delivered the same day when it is before today. */
async function ro(
  c: { customerId: number; vehicleId: number },
  roNumber: string,
  openedAt: string,
  type: InputOf<'repairOrders.create'>['type'],
  extra: Partial<InputOf<'repairOrders.create'>> = {},
) {
  const day = openedAt.slice(0, 10);
  const r = await t.must('repairOrders.create', {
    roNumber,
    vehicleId: c.vehicleId,
    customerId: c.customerId,
    advisorName: '王顾问',
    openedAt,
    type,
    ...(day < TODAY
      ? { status: 'delivered', completedAt: `${day} 15:00`, deliveredAt: `${day} 16:00` }
      : { status: 'in_repair' }),
    ...extra,
  } as InputOf<'repairOrders.create'>);
  return r.record.id;
}

const byKey = (list: Comeback[]) => new Map(list.map((c) => [c.key, c]));

/**
 * November 2026, by hand:
 * - A: 维修 11-01 (更换前刹车片) → 维修 11-20: proposed (19 days after a repair RO).
 * - A2: 维修 11-01 → 定保 11-24 is not proposed (a service after a repair is the car's routine).
 * - B: 定保 11-01 → 维修 11-10: not proposed (the earlier RO is a service).
 * - C: 维修 10-01 → 维修 11-15: 45 days, not proposed with 30 days.
 * - D: 定保 06-01 → 返修-typed RO 11-25: proposed as imported, the earlier RO the previous one.
 * - E: 钣喷 11-28 09:00 → 钣喷 11-28 14:00: proposed, 0 days (paint comes back for paint).
 */
async function november() {
  const a = await car('张三', '13800138000', VIN_A);
  const b = await car('李四', '13900139000', VIN_B);
  const c = await car('赵六', '13600136000');
  const d = await car(HTML_NAME, '13700137000');
  const e = await car('钱七', '13500135000');
  const ids = {
    a1: await ro(a, 'RO2611010001', '2026-11-01 09:00', 'repair', {
      laborLines: [
        { description: '更换前刹车片', hours: 1, amountFen: 20000 },
        { description: '四轮定位', hours: 1, amountFen: 15000 },
      ],
    }),
    a2: await ro(a, 'RO2611200001', '2026-11-20 09:30', 'repair', { complaint: '刹车还是有异响' }),
    a3: await ro(a, 'RO2611240001', '2026-11-24 09:30', 'periodic_service'),
    b1: await ro(b, 'RO2611010002', '2026-11-01 10:00', 'periodic_service'),
    b2: await ro(b, 'RO2611100001', '2026-11-10 10:00', 'repair'),
    c1: await ro(c, 'RO2610010001', '2026-10-01 10:00', 'repair'),
    c2: await ro(c, 'RO2611150001', '2026-11-15 10:00', 'repair'),
    d1: await ro(d, 'RO2606010001', '2026-06-01 10:00', 'periodic_service'),
    d2: await ro(d, 'RO2611250001', '2026-11-25 10:00', 'comeback', { complaint: '空调不制冷' }),
    e1: await ro(e, 'RO2611280001', '2026-11-28 09:00', 'body_paint'),
    e2: await ro(e, 'RO2611280002', '2026-11-28 14:00', 'body_paint'),
  };
  return { a, b, c, d, e, ids };
}

describe('proposals (computed, nothing written by reading)', () => {
  it('proposes a new RO within 30 days of a repair RO and every RO typed 返修, newest first, with the earlier RO and its work', async () => {
    const { ids, a, d } = await november();
    const before = await rowCounts(t.archive);
    const list = await t.must('comebacks.list', { from: '2026-11-01', to: '2026-11-30' });
    expect(await rowCounts(t.archive)).toEqual(before);
    expect(list.map((c) => c.key)).toEqual([`ro:${ids.e2}`, `ro:${ids.d2}`, `ro:${ids.a2}`]);
    expect(list.every((c) => c.state === 'proposed' && c.id === null && c.version === null)).toBe(true);

    const found = byKey(list);
    expect(found.get(`ro:${ids.a2}`)).toMatchObject({
      source: 'detected',
      date: '2026-11-20',
      customerId: a.customerId,
      customerName: '张三',
      phone: '13800138000',
      vehicleId: a.vehicleId,
      vin: VIN_A,
      model: '朗逸',
      earlierRoId: ids.a1,
      earlierRoNumber: 'RO2611010001',
      earlierOpenedOn: '2026-11-01',
      earlierAdvisor: '王顾问',
      earlierWork: '更换前刹车片；四轮定位',
      roNumber: 'RO2611200001',
      roOpenedOn: '2026-11-20',
      roType: 'repair',
      daysBetween: 19,
      words: '刹车还是有异响',
    });
    expect(found.get(`ro:${ids.d2}`)).toMatchObject({
      source: 'imported',
      customerId: d.customerId,
      customerName: HTML_NAME,
      earlierRoNumber: 'RO2606010001',
      daysBetween: 177,
      words: '空调不制冷',
    });
    expect(found.get(`ro:${ids.e2}`)).toMatchObject({ source: 'detected', earlierRoId: ids.e1, daysBetween: 0 });

    // The period counts by the new RO's day: only D's and E's in the last week of November.
    const late = await t.must('comebacks.list', { from: '2026-11-21', to: '2026-11-30', state: 'proposed' });
    expect(late.map((c) => c.key)).toEqual([`ro:${ids.e2}`, `ro:${ids.d2}`]);
    // The default period is the last 90 days up to today.
    expect((await t.must('comebacks.list', {})).length).toBe(3);
  });

  it('the window is the setting: 50 days also proposes C (45 days)', async () => {
    const { ids } = await november();
    await raw.run(
      "INSERT INTO app_setting (key, value) VALUES ('complaints', ?)",
      JSON.stringify({ comebackDays: 50 }),
    );
    const list = await t.must('comebacks.list', { from: '2026-11-01', to: '2026-11-30' });
    expect(byKey(list).get(`ro:${ids.c2}`)).toMatchObject({ source: 'detected', earlierRoId: ids.c1, daysBetween: 45 });
  });

  it('refuses a period the wrong way round or longer than a year, naming the field', async () => {
    const backwards = await refusal('comebacks.list', { from: '2026-11-30', to: '2026-11-01' });
    expect(backwards.code).toBe('VALIDATION');
    expect(backwards.message).toMatch(/^结束日期：/);
    const long = await refusal('comebacks.list', { from: '2025-01-01', to: '2026-11-30' });
    expect(long.message).toMatch(/^开始日期：/);
  });

  it('on a few hundred ROs: the proposals are exactly what a brute-force reading finds, read through the indexes', async () => {
    const stamp = `${TODAY}T10:30:00+08:00`;
    const types = ['first_service', 'periodic_service', 'repair', 'body_paint', 'warranty', 'insurance', 'comeback'];
    // A fixed pseudo-random walk: 60 vehicles, 5 ROs each over 2026, gaps of 1-80 days, some the same day.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const all: { id: number; vehicle: number; opened: string; type: string }[] = [];
    await t.archive.db.transaction().execute(async (trx) => {
      for (let v = 0; v < 60; v++) {
        const vehicle = await rawSql(trx).insert(
          "INSERT INTO vehicle (plate, model, status, created_at, updated_at) VALUES (?, '速腾', 'active', ?, ?)",
          `沪B${String(v).padStart(5, '0')}`,
          stamp,
          stamp,
        );
        let day = Date.UTC(2026, 0, 1 + next(60));
        for (let k = 0; k < 5; k++) {
          const opened = `${new Date(day).toISOString().slice(0, 10)}T${String(8 + next(9)).padStart(2, '0')}:00:00+08:00`;
          const type = types[next(10) < 1 ? 6 : next(6)]!;
          const id = await rawSql(trx).insert(
            "INSERT INTO repair_order (ro_number, vehicle_id, opened_at, type, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'delivered', ?, ?)",
            `RO${v}X${k}`,
            vehicle,
            opened,
            type,
            stamp,
            stamp,
          );
          all.push({ id, vehicle, opened, type });
          day += next(81) * 86_400_000;
        }
      }
    });
    expect(all.length).toBe(300);

    // Brute force: every RO against every earlier RO of its vehicle.
    const repair: readonly string[] = REPAIR_RO_TYPES;
    const earlierThan = (p: (typeof all)[number], r: (typeof all)[number]) =>
      p.vehicle === r.vehicle && (p.opened < r.opened || (p.opened === r.opened && p.id < r.id));
    const latest = (list: typeof all) =>
      list.sort((x, y) => (x.opened === y.opened ? y.id - x.id : y.opened.localeCompare(x.opened)))[0];
    const from = '2026-04-01';
    const to = '2026-09-30';
    const expected = all
      .filter((r) => r.opened.slice(0, 10) >= from && r.opened.slice(0, 10) <= to)
      .flatMap((r) => {
        if (r.type === 'comeback')
          return [{ key: `ro:${r.id}`, earlier: latest(all.filter((p) => earlierThan(p, r)))?.id ?? null }];
        const e = latest(all.filter((p) => earlierThan(p, r) && repair.includes(p.type)));
        // Mechanical comes back for mechanical, paint for paint or an accident; a service or an accident never.
        const family =
          e !== undefined &&
          (((r.type === 'repair' || r.type === 'warranty') && ['repair', 'warranty', 'comeback'].includes(e.type)) ||
            (r.type === 'body_paint' && ['body_paint', 'insurance'].includes(e.type)));
        return e && family && daysBetween(e.opened.slice(0, 10), r.opened.slice(0, 10)) <= 30
          ? [{ key: `ro:${r.id}`, earlier: e.id }]
          : [];
      });
    expect(expected.length).toBeGreaterThan(10);
    const list = await t.must('comebacks.list', { from, to, state: 'proposed' });
    expect(
      list.map((c) => ({ key: c.key, earlier: c.earlierRoId })).sort((x, y) => x.key.localeCompare(y.key)),
    ).toEqual(expected.sort((x, y) => x.key.localeCompare(y.key)));

    // The plan (SQLite's; PostgreSQL plans by its own statistics): a range on repair_order_opened, the
    // earlier ROs probed on repair_order_vehicle_opened, no table scan.
    const db = t.archive.sqlite;
    if (db === null) return;
    const compiled = candidateQuery(t.archive.db, { from, to }, 30).compile();
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as {
      detail: string;
    }[];
    const details = plan.map((p) => p.detail);
    expect(details.some((d) => /SEARCH r USING INDEX repair_order_opened/.test(d))).toBe(true);
    expect(details.filter((d) => /USING INDEX repair_order_vehicle_opened/.test(d)).length).toBeGreaterThanOrEqual(2);
    expect(details.some((d) => /SEARCH cb USING (COVERING )?INDEX comeback_ro/.test(d))).toBe(true);
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });
});

describe('the clerk decides: confirm or dismiss', () => {
  it('confirm stores it, handed to the service manager now, audited; it is no longer proposed, and cannot be confirmed twice', async () => {
    const { ids } = await november();
    const confirmed = await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    expect(confirmed).toMatchObject({
      key: `comeback:${confirmed.id}`,
      state: 'confirmed',
      source: 'detected',
      date: '2026-11-20',
      earlierRoId: ids.a1,
      roId: ids.a2,
      // No words given: the RO's own complaint.
      words: '刹车还是有异响',
      handedAt: `${TODAY}T10:30:00+08:00`,
      handedBy: '小王',
      version: 1,
    });
    const audit = await sql<{ action: string; entity_id: number; actor: string }>(
      "SELECT action, entity_id, actor FROM audit_log WHERE entity = 'comeback'",
    );
    expect(audit).toEqual([{ action: 'comeback.confirm', entity_id: confirmed.id, actor: '小王' }]);

    const list = await t.must('comebacks.list', { from: '2026-11-01', to: '2026-11-30' });
    expect(list.map((c) => c.key)).toEqual([`ro:${ids.e2}`, `ro:${ids.d2}`, `comeback:${confirmed.id}`]);
    expect((await t.must('comebacks.list', { from: '2026-11-01', to: '2026-11-30', state: 'open' })).length).toBe(3);
    expect((await t.must('comebacks.list', { from: '2026-11-01', to: '2026-11-30', state: 'confirmed' })).length).toBe(
      1,
    );

    const before = await rowCounts(t.archive);
    const again = await refusal('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('已交服务经理');
    const stored = await refusal('comebacks.confirm', { key: `comeback:${confirmed.id}`, words: '' });
    expect(stored.code).toBe('CONFLICT');
    // Not a proposal (B's 维修 after a 定保), and an RO that does not exist.
    expect((await refusal('comebacks.confirm', { key: `ro:${ids.b2}`, words: '' })).code).toBe('CONFLICT');
    expect((await refusal('comebacks.confirm', { key: 'ro:99999', words: '' })).code).toBe('NOT_FOUND');
    expect((await refusal('comebacks.confirm', { key: 'ro:abc', words: '' } as never)).code).toBe('VALIDATION');
    expect(await rowCounts(t.archive)).toEqual(before);
  });

  it('dismiss needs a reason; a proposal or a confirmed one can be dismissed, a closed one cannot', async () => {
    const { ids } = await november();
    const before = await rowCounts(t.archive);
    const blank = await refusal('comebacks.dismiss', { key: `ro:${ids.e2}`, reason: '  ' });
    expect(blank.code).toBe('VALIDATION');
    expect(blank.details?.fields?.[0]?.path).toBe('reason');
    expect(await rowCounts(t.archive)).toEqual(before);

    const dismissed = await t.must('comebacks.dismiss', { key: `ro:${ids.e2}`, reason: '同一天钣喷，与维修无关' });
    expect(dismissed).toMatchObject({ state: 'dismissed', dismissedReason: '同一天钣喷，与维修无关', handedAt: null });
    expect((await t.must('comebacks.list', { from: '2026-11-01', to: '2026-11-30', state: 'proposed' })).length).toBe(
      2,
    );
    expect((await refusal('comebacks.dismiss', { key: `ro:${ids.e2}`, reason: '再来' })).code).toBe('CONFLICT');

    const confirmed = await t.must('comebacks.confirm', { key: `ro:${ids.d2}`, words: '空调又不凉了' });
    const undone = await t.must('comebacks.dismiss', { key: confirmed.key, reason: '客户说是新问题' });
    expect(undone).toMatchObject({ state: 'dismissed', version: 2, words: '空调又不凉了' });

    const toClose = await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    await t.loginAs('manager');
    await t.must('comebacks.close', {
      id: toClose.id!,
      version: 1,
      cause: '刹车片装配',
      action: '重新装配',
      result: '异响消除',
    });
    await t.loginAs('clerk');
    const closed = await refusal('comebacks.dismiss', { key: toClose.key, reason: '不算' });
    expect(closed.code).toBe('CONFLICT');
    expect(closed.message).toContain('已处理并关闭');
    expect(
      (await sql<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'comeback' ORDER BY id")).map(
        (r) => r.action,
      ),
    ).toEqual(['comeback.dismiss', 'comeback.confirm', 'comeback.dismiss', 'comeback.confirm', 'comeback.close']);
  });
});

describe('marked by hand', () => {
  it('from the vehicle: the earlier RO defaults to its last repair RO, handed over now; from a complaint: source complaint', async () => {
    const { a, ids } = await november();
    const marked = await t.must('comebacks.mark', { vehicleId: a.vehicleId, words: '客户来电说刹车又响' });
    expect(marked).toMatchObject({
      source: 'call',
      state: 'confirmed',
      date: TODAY,
      // A's last repair RO is the 11-20 one (the 11-24 定保 is a service).
      earlierRoId: ids.a2,
      roId: null,
      words: '客户来电说刹车又响',
      handedAt: `${TODAY}T10:30:00+08:00`,
      customerName: '张三',
      daysBetween: daysBetween('2026-11-20', TODAY),
    });

    const b = await car('周九', '13300133000');
    const b1 = await ro(b, 'RO2611300001', '2026-11-30 09:00', 'repair');
    await raw.run(
      `INSERT INTO complaint (no, channel, customer_id, vehicle_id, ro_id, department, type, level, description,
           opened_at, opened_by, respond_within_hours, respond_by, resolve_working_days, resolve_by, state, created_at, updated_at)
         VALUES ('TS202612-0001', 'phone_in', ?, ?, ?, 'workshop', 'quality', 'complaint', '修完又漏油',
           '2026-12-02T09:00:00+08:00', '小王', 24, '2026-12-03T09:00:00+08:00', 3, '2026-12-07', 'open', '2026-12-02T09:00:00+08:00', '2026-12-02T09:00:00+08:00')`,
      b.customerId,
      b.vehicleId,
      b1,
    );
    const complaintId = (await sql<{ id: number }>('SELECT id FROM complaint'))[0]!.id;
    const fromComplaint = await t.must('comebacks.mark', { vehicleId: b.vehicleId, complaintId, words: '修完又漏油' });
    expect(fromComplaint).toMatchObject({ source: 'complaint', complaintId, earlierRoId: b1, customerName: '周九' });
  });

  it('with the RO it came back with: refused when that RO already has a comeback (naming it), or belongs to another car; nothing saved', async () => {
    const { a, b, ids } = await november();
    const confirmed = await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    const before = await rowCounts(t.archive);
    const twice = await refusal('comebacks.mark', { vehicleId: a.vehicleId, roId: ids.a2, words: '又来了' });
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toContain(`comeback:${confirmed.id}`);
    expect(twice.message).toContain('RO2611200001');
    const otherCar = await refusal('comebacks.mark', { vehicleId: b.vehicleId, roId: ids.a2, words: '又来了' });
    expect(otherCar.code).toBe('VALIDATION');
    expect(otherCar.details?.fields?.[0]?.path).toBe('roId');
    const earlierLater = await refusal('comebacks.mark', {
      vehicleId: b.vehicleId,
      roId: ids.b1,
      earlierRoId: ids.b2,
      words: '又来了',
    });
    expect(earlierLater.details?.fields?.[0]?.path).toBe('earlierRoId');
    const noWords = await refusal('comebacks.mark', { vehicleId: a.vehicleId, words: ' ' });
    expect(noWords.details?.fields?.[0]?.path).toBe('words');
    const noCar = await refusal('comebacks.mark', { vehicleId: 9999, words: '又来了' });
    expect(noCar.details?.fields?.[0]?.path).toBe('vehicleId');
    expect(await rowCounts(t.archive)).toEqual(before);

    // B's 维修 11-10 marked by hand with its RO: the earlier RO is the last repair RO before it (none: B's was a 定保).
    const withRo = await t.must('comebacks.mark', { vehicleId: b.vehicleId, roId: ids.b2, words: '又来了' });
    expect(withRo).toMatchObject({ roId: ids.b2, earlierRoId: null, daysBetween: null });
  });
});

describe('the service manager closes it', () => {
  it('only a service manager: the admin, a clerk and the command line are refused in Chinese naming the step; stale versions are CONFLICT', async () => {
    const { ids } = await november();
    const c = await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    const input = {
      id: c.id!,
      version: 1,
      cause: '刹车片装配不到位',
      action: '重新装配并试车',
      result: '异响消除，客户满意',
    };
    const untouched = async () => ({
      row: await sql('SELECT * FROM comeback'),
      audit: (await sql("SELECT id FROM audit_log WHERE entity = 'comeback'")).length,
    });
    const before = await untouched();

    // The contract keeps the window's users out…
    await t.loginAs('admin');
    const admin = await refusal('comebacks.close', input);
    expect(admin.code).toBe('FORBIDDEN');
    await t.loginAs('clerk');
    expect((await refusal('comebacks.close', input)).code).toBe('FORBIDDEN');
    // …the command line acts as admin past the contract's roles, and the service refuses it.
    const cli: CallContext = { door: 'cli', session: new Session() };
    const fromCli = await t.dispatch('comebacks.close', input, cli);
    expect(fromCli.ok ? null : fromCli.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(fromCli.ok ? '' : fromCli.error.message).toMatch(/^只有服务经理才能处理返修.*命令行/);
    expect(await untouched()).toEqual(before);

    await t.loginAs('manager');
    const blank = await refusal('comebacks.close', { ...input, cause: '' });
    expect(blank.details?.fields?.[0]?.path).toBe('cause');
    const stale = await refusal('comebacks.close', { ...input, version: 2 });
    expect(stale.code).toBe('CONFLICT');
    expect(await untouched()).toEqual(before);

    at(`${TODAY}T15:00:00`);
    const closed = await t.must('comebacks.close', input);
    expect(closed).toMatchObject({
      state: 'closed',
      cause: '刹车片装配不到位',
      action: '重新装配并试车',
      result: '异响消除，客户满意',
      closedAt: `${TODAY}T15:00:00+08:00`,
      closedBy: '李经理',
      version: 2,
    });
    expect(
      await sql<{ actor: string; action: string }>(
        "SELECT actor, action FROM audit_log WHERE action = 'comeback.close'",
      ),
    ).toEqual([{ actor: '李经理', action: 'comeback.close' }]);
    const again = await refusal('comebacks.close', { ...input, version: 2 });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('已经处理并关闭');
  });

  it('a dismissed one cannot be closed', async () => {
    const { ids } = await november();
    const c = await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    await t.must('comebacks.dismiss', { key: c.key, reason: '客户说是新问题' });
    await t.loginAs('manager');
    const r = await refusal('comebacks.close', { id: c.id!, version: 2, cause: 'a', action: 'b', result: 'c' });
    expect(r.code).toBe('CONFLICT');
    expect(r.message).toContain('不算返修');
  });
});

describe('from a call (calls.record with comeback)', () => {
  /** A repair RO delivered 7 days ago, so its 7-day follow-up is due today. */
  async function followUp() {
    const c = await car('张三', '13800138000', VIN_A);
    const roId = await ro(c, 'RO2611260001', '2026-11-26 09:00', 'repair', {
      laborLines: [{ description: '更换水泵', hours: 2, amountFen: 40000 }],
    });
    return { ...c, roId, key: `followup7:ro:${roId}` };
  }

  it('a reached call marks it in the call’s transaction: source call, the call’s RO as the earlier RO, handed over', async () => {
    const f = await followUp();
    await t.loginAs('clerk');
    await t.must('calls.record', {
      key: f.key,
      outcome: 'reached',
      words: '水温还是高',
      comeback: { words: '水温还是高，要回厂看' },
    } as InputOf<'calls.record'>);
    const callId = (await sql<{ id: number }>('SELECT id FROM revisit_call'))[0]!.id;
    const [c] = await t.must('comebacks.list', { state: 'confirmed' });
    expect(c).toMatchObject({
      source: 'call',
      callId,
      date: TODAY,
      vehicleId: f.vehicleId,
      customerId: f.customerId,
      earlierRoId: f.roId,
      earlierWork: '更换水泵',
      roId: null,
      words: '水温还是高，要回厂看',
      handedBy: '小王',
    });
    expect(await sql<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'comeback'")).toEqual([
      { action: 'comeback.mark' },
    ]);

    // The vehicle comes back 2 days later: that RO is this comeback, not a second proposal.
    at('2026-12-05T09:00:00');
    await ro(f, 'RO2612050001', '2026-12-05 09:00', 'repair');
    expect(await t.must('comebacks.list', { state: 'proposed' })).toEqual([]);
  });

  it('refused with the whole attempt when the call was not reached; nothing saved', async () => {
    const f = await followUp();
    const before = await rowCounts(t.archive);
    const r = await refusal('calls.record', {
      key: f.key,
      outcome: 'no_answer',
      comeback: { words: '要回厂' },
    } as InputOf<'calls.record'>);
    expect(r.code).toBe('VALIDATION');
    expect(r.details?.fields?.[0]?.path).toBe('comeback');
    expect(await rowCounts(t.archive)).toEqual(before);
  });

  it('a call without a vehicle: 返修 “这通电话没有对应的车辆”', async () => {
    const f = await followUp();
    await t.must('calls.record', { key: f.key, outcome: 'reached', words: '好' } as InputOf<'calls.record'>);
    // The listener itself, given the recorded call as a call without a vehicle would be.
    const row = await t.archive.db.selectFrom('revisit_call').selectAll().executeTakeFirstOrThrow();
    const comebacks = new ComebacksService(t.archive.db, clock);
    const input = { key: f.key, outcome: 'reached', comeback: { words: '要回厂' } } as never;
    const error = await t.archive.db
      .transaction()
      .execute((trx) =>
        comebacks.callRecorded(trx, t.ctx, `${TODAY}T10:30:00+08:00`, { ...row, vehicle_id: null }, input, 'done'),
      )
      .then(
        () => null,
        (e: { code: string; message: string }) => e,
      );
    expect(error).toMatchObject({ code: 'VALIDATION', message: '返修：这通电话没有对应的车辆' });
  });
});

describe('返修率 per month (hand-worked)', () => {
  it('comeback vehicles / vehicles repaired, per month; dismissed ones and services do not count', async () => {
    // November: repair ROs of A (2), B, C, E (2 on 11-28: 维修 and 钣喷) → 4 vehicles repaired (D's RO is typed 返修 → 5).
    const { ids, a } = await november();
    await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' }); // A, 11-20
    await t.must('comebacks.confirm', { key: `ro:${ids.d2}`, words: '' }); // D, 11-25
    await t.must('comebacks.dismiss', { key: `ro:${ids.e2}`, reason: '钣喷，与维修无关' }); // not counted
    // A second comeback of A in November counts A once.
    await raw.run(
      "INSERT INTO comeback (source, state, date, vehicle_id, words, handed_at, handed_by, created_at, created_by, updated_at) VALUES ('call', 'confirmed', '2026-11-29', ?, '又响', ?, '小王', ?, '小王', ?)",
      a.vehicleId,
      `${TODAY}T10:30:00+08:00`,
      `${TODAY}T10:30:00+08:00`,
      `${TODAY}T10:30:00+08:00`,
    );
    const rates = await t.must('comebacks.rate', { from: '2026-10', to: '2026-12' });
    // Repaired in November: A (维修 11-01), B (维修 11-10), C (维修 11-15), D (返修 11-25), E (维修+钣喷 11-28) = 5.
    // October: C (维修 10-01) = 1. December: nothing.
    expect(rates).toEqual([
      { month: '2026-10', comebacks: 0, repaired: 1, rate: 0 },
      { month: '2026-11', comebacks: 2, repaired: 5, rate: 0.4 },
      { month: '2026-12', comebacks: 0, repaired: 0, rate: null },
    ]);
    const backwards = await refusal('comebacks.rate', { from: '2026-12', to: '2026-10' });
    expect(backwards.message).toMatch(/^结束月份：/);
  });
});

describe('Today board and end-of-day check', () => {
  it('says how many proposals wait for the clerk and how many comebacks wait for the manager', async () => {
    expect((await t.must('today.tasks', {})).tasks.filter((x) => x.area === 'comebacks')).toEqual([]);
    const { ids } = await november();
    at(`${TODAY}T09:00:00`);
    await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    const rows = (await t.must('today.endOfDay', {})).tasks.filter((x) => x.area === 'comebacks');
    expect(rows).toMatchObject([
      { key: 'proposed', title: '返修待确认', count: 2, state: 'open', link: '/complaints/comebacks', endOfDay: true },
      { key: 'manager', title: '返修待服务经理处理', count: 1, state: 'open', link: '/complaints/comebacks' },
    ]);
    expect(rows[1]!.detail).toContain(`最早 ${TODAY}`);
  });
});

describe('CLI: comebacks --from --to --json', () => {
  const cli: CallContext = { door: 'cli', session: new Session() };

  it('lists proposed, confirmed, closed and dismissed, each with its state; names and phones masked unless --unmasked', async () => {
    const { ids } = await november();
    await t.must('comebacks.confirm', { key: `ro:${ids.a2}`, words: '' });
    await t.must('comebacks.dismiss', { key: `ro:${ids.e2}`, reason: '钣喷' });
    const args = parseComebacksArgs([], { from: '2026-11-01', to: '2026-11-30' });
    const rows = await runComebacksCommand(t.dispatch, cli, args, undefined, true);
    expect(rows.map((r) => [r.state, r.ro, r.customer, r.phone])).toEqual([
      ['dismissed', 'RO2611280002', '钱**', '135****5000'],
      ['proposed', 'RO2611250001', '王**', '137****7000'],
      ['confirmed', 'RO2611200001', '张**', '138****8000'],
    ]);
    expect(rows[2]).toMatchObject({
      key: expect.stringMatching(/^comeback:\d+$/),
      date: '2026-11-20',
      plate: expect.stringMatching(/^京A/),
      vin: VIN_A,
      earlierRo: 'RO2611010001',
      days: 19,
      words: '刹车还是有异响',
      cause: '',
    });
    const disclosed: string[] = [];
    const full = await runComebacksCommand(
      t.dispatch,
      cli,
      { ...args, unmasked: true },
      async (d) => disclosed.push(d),
      true,
    );
    expect(full[1]!.customer).toBe(HTML_NAME);
    expect(disclosed).toEqual(['跟踪及返修记录 JSON']);
    const text = formatComebacks(rows, args, (r) => r.map((line) => line.join(' | ')).join('\n'));
    expect(text).toContain('待确认 1、已交服务经理 1、已处理 0、不算返修 1');
    expect(text).toContain('不算返修：钣喷');
    expect(comebacksJson([], false)).toEqual([]);
  });

  it('refuses missing or bad dates before the archive is touched (exit 2)', () => {
    const fail = (values: Record<string, unknown>, positionals: string[] = []) => {
      try {
        parseComebacksArgs(positionals, values);
      } catch (e) {
        return e as { exitCode: number; message: string };
      }
      throw new Error('accepted');
    };
    expect(fail({ from: '2026-11-01' })).toMatchObject({ exitCode: 2 });
    expect(fail({ from: '2026-11-31', to: '2026-12-01' }).message).toContain('--from');
    expect(fail({ from: '2026-12-01', to: '2026-11-01' }).message).toContain('--to');
    expect(fail({ from: '2026-11-01', to: '2026-11-30' }, ['x']).message).toContain('多余的参数');
  });
});
