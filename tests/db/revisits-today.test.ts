/**
 * 回访 and 预约 on the Today board and the end-of-day check, on a real archive behind the real
 * dispatcher with the store clock pinned: calls due and not made, callbacks booked for the day,
 * the day's appointments and arrivals, yesterday's no-shows, problem calls without an owner.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import { DEFAULT_REVISIT_SETTINGS } from '../../src-shared/domain/revisits';
import type { DayTask, DayTasks } from '../../src-shared/domain/today';
import { openSetUpArchive, type TestArchive } from '../support/archive';

/** The store's clock, movable: starts 2026-11-22 10:30 at the store (UTC+8), inside the 10:00-12:00 window. */
let nowUtc = '';
const clock: Clock = { now: () => new Date(nowUtc) };
const at = (local: string) => {
  nowUtc = new Date(`${local}+08:00`).toISOString();
};
const TODAY = '2026-11-22';
const YESTERDAY = '2026-11-21';

let t: TestArchive;
beforeEach(async () => {
  at(`${TODAY}T10:30:00`);
  t = await openSetUpArchive({ clock });
});
afterEach(async () => {
  await t.close();
});

const OUR_AREAS = ['revisits', 'appointments'];

/** Our rows only: [area, key, state, count]. */
function rows(d: DayTasks): [string, string, string, number | null][] {
  return d.tasks.filter((x) => OUR_AREAS.includes(x.area)).map((x) => [x.area, x.key, x.state, x.count]);
}

function task(d: DayTasks, key: string): DayTask {
  const found = d.tasks.find((x) => OUR_AREAS.includes(x.area) && x.key === key);
  if (!found) throw new Error(`no task ${key} in ${JSON.stringify(rows(d))}`);
  return found;
}

let plateNo = 10;
/** A customer with a car; with `deliveredOn`, an RO delivered that day at 16:00. */
async function customerWithCar(name: string, deliveredOn: string | null) {
  const n = plateNo++;
  const customerId = (await t.must('customers.create', { name, mobile: `138001380${n}` })).record.id;
  const vehicleId = (await t.must('vehicles.create', { plate: `京A123${n}`, model: '朗逸', ownerId: customerId }))
    .record.id;
  let roId: number | null = null;
  if (deliveredOn !== null) {
    const ro = await t.must('repairOrders.create', {
      roNumber: `RO${deliveredOn.replace(/-/g, '').slice(2)}00${n}`,
      vehicleId,
      customerId,
      type: 'repair',
      openedAt: `${deliveredOn} 09:00`,
      status: 'delivered',
      deliveredAt: `${deliveredOn} 16:00`,
      laborFen: 20000,
    } as InputOf<'repairOrders.create'>);
    roId = ro.record.id;
  }
  return { customerId, vehicleId, roId };
}

const record = (input: { key: string } & Partial<InputOf<'calls.record'>>) =>
  t.must('calls.record', { outcome: 'refused', ...input } as InputOf<'calls.record'>);

describe('回访 on the Today board', () => {
  it('an archive without calls, appointments or problems shows no 回访 or 预约 rows', async () => {
    expect(rows(await t.must('today.tasks', {}))).toEqual([]);
    expect(rows(await t.must('today.endOfDay', {}))).toEqual([]);
  });

  it('calls due and not made: counted per state, on the end-of-day check, done once all are made', async () => {
    // One call per delivery (the 7-day call asks the satisfaction questions too).
    await t.loginAs('admin');
    await t.must('revisitSettings.save', { ...DEFAULT_REVISIT_SETTINGS, mergeCsiWithFollowup: true });
    await t.loginAs('clerk');
    const a = await customerWithCar('张三', '2026-11-15');
    const b = await customerWithCar('李四', '2026-11-15');
    const c = await customerWithCar('王五', '2026-11-15');
    const board = await t.must('today.tasks', {});
    expect(task(board, 'calls')).toMatchObject({
      area: 'revisits',
      title: '回访电话',
      count: 3,
      state: 'open',
      link: '/revisits/calls',
      endOfDay: true,
    });
    expect(task(board, 'calls').detail).toBe('还有 3 通回访电话没打（现在可打 3）：请在今日电话里打完并记录结果');
    expect(rows(await t.must('today.endOfDay', {}))).toEqual([['revisits', 'calls', 'open', 3]]);

    await record({ key: `followup7:ro:${a.roId}` });
    await record({ key: `followup7:ro:${b.roId}` });
    expect(task(await t.must('today.tasks', {}), 'calls')).toMatchObject({ count: 1, state: 'open' });
    await record({ key: `followup7:ro:${c.roId}` });
    const done = task(await t.must('today.endOfDay', {}), 'calls');
    expect(done).toMatchObject({ state: 'done', count: null });
    expect(done.detail).toBe('今天的回访电话已打完（完成 3 通）');
  });

  it('not counted as forgotten: a call tried in the last window (明天再打); said: calls given up (未接通) waiting for an SMS or letter', async () => {
    const a = await customerWithCar('张三', '2026-11-15');
    // Its satisfaction revisit (due 11-17) was never made and ran out of days today: given up.
    const before = task(await t.must('today.tasks', {}), 'calls');
    expect(before).toMatchObject({ count: 1, state: 'open' });
    expect(before.detail).toBe(
      '还有 1 通回访电话没打（现在可打 1）：请在今日电话里打完并记录结果；1 位客户未接通已放弃，请改发短信或信件',
    );

    at(`${TODAY}T17:30:00`);
    await record({ key: `followup7:ro:${a.roId}`, outcome: 'no_answer' });
    const after = task(await t.must('today.endOfDay', {}), 'calls');
    expect(after).toMatchObject({ state: 'warn', count: 1 });
    expect(after.detail).toBe(
      '今天没有还要打的回访电话；另有 1 通今天没打通，明天再打；1 位客户未接通已放弃，请改发短信或信件',
    );
  });

  it('a callback booked for the day is a row of its own with its time, done once it is made', async () => {
    const a = await customerWithCar('张三', '2026-11-15');
    const key = `followup7:ro:${a.roId}`;
    await t.must('calls.record', {
      key,
      outcome: 'call_back',
      callbackAt: `${TODAY}T15:30:00+08:00`,
    } as InputOf<'calls.record'>);
    const board = await t.must('today.tasks', {});
    expect(task(board, 'callbacks')).toMatchObject({
      title: '约定回电',
      count: 1,
      state: 'open',
      link: '/revisits/calls',
      endOfDay: false,
    });
    expect(task(board, 'callbacks').detail).toContain('15:30');
    // The callback is still a call not made: it counts there too, and the end-of-day check lists that.
    expect(task(board, 'calls')).toMatchObject({ count: 1, state: 'open' });
    expect(rows(await t.must('today.endOfDay', {})).map((r) => r[1])).toEqual(['calls']);

    at(`${TODAY}T15:35:00`);
    await record({ key });
    const after = await t.must('today.tasks', {});
    expect(task(after, 'callbacks')).toMatchObject({ count: 0, state: 'done' });
    expect(task(after, 'callbacks').detail).toBe('今天约好的 1 通回电都已打过');
  });

  it('problem calls without an owner: on the end-of-day check until someone is made responsible', async () => {
    const a = await customerWithCar('张三', '2026-11-20');
    const key = `csi:ro:${a.roId}`;
    const detail = await t.must('calls.get', { key });
    const questionnaire = detail.questionnaire!;
    // The lowest answer on the first scored question makes a problem call.
    const q = questionnaire.questions.find((x) => x.scale !== 'choice' && x.department !== null)!;
    const lowest = { yesno: 0, five: 1, ten: 1, nps: 0, choice: 0 }[q.scale];
    const recorded = await t.must('calls.record', {
      key,
      outcome: 'reached',
      questionnaireId: questionnaire.id,
      answers: [{ key: q.key, value: lowest }],
      words: '等了两个小时才交车',
    } as InputOf<'calls.record'>);
    expect(recorded.detail.problems.length).toBeGreaterThan(0);
    const board = await t.must('today.endOfDay', {});
    expect(task(board, 'problems')).toMatchObject({
      title: '问题客户指派负责人',
      count: recorded.detail.problems.length,
      state: 'open',
      link: '/revisits/problems',
      endOfDay: true,
    });

    const users = await t.must('users.list', {});
    const manager = users.find((u) => u.name === '李经理')!;
    for (const p of recorded.detail.problems)
      await t.must('callProblems.update', { id: p.id, ownerUserId: manager.id });
    const after = task(await t.must('today.endOfDay', {}), 'problems');
    expect(after).toMatchObject({ state: 'done', count: null });
    expect(after.detail).toContain('都已指派负责人');
  });
});

describe('预约 on the Today board', () => {
  it('today’s appointments: how many, how many arrived so far (an RO of the vehicle opened today)', async () => {
    const a = await customerWithCar('张三', null);
    const b = await customerWithCar('李四', null);
    await t.must('appointments.create', { vehicleId: a.vehicleId, date: TODAY, time: '14:00', purpose: 'repair' });
    await t.must('appointments.create', {
      vehicleId: b.vehicleId,
      date: TODAY,
      time: '16:00',
      purpose: 'periodic_service',
    });
    const board = await t.must('today.tasks', {});
    expect(task(board, 'today')).toMatchObject({
      area: 'appointments',
      title: '今日预约',
      count: 2,
      state: 'open',
      link: '/revisits/appointments',
      endOfDay: false,
    });
    expect(task(board, 'today').detail).toBe(
      '今天预约 2 位，已到店 0 位，还有 2 位未到（14:00、16:00）：请提前告诉服务顾问',
    );
    // Not on the end-of-day check.
    expect(rows(await t.must('today.endOfDay', {}))).toEqual([]);

    at(`${TODAY}T13:50:00`);
    await t.must('repairOrders.create', {
      roNumber: 'RO2611220001',
      vehicleId: a.vehicleId,
      customerId: a.customerId,
      type: 'repair',
      openedAt: `${TODAY} 13:50`,
    } as InputOf<'repairOrders.create'>);
    const arrived = task(await t.must('today.tasks', {}), 'today');
    expect(arrived).toMatchObject({ count: 2, state: 'open' });
    expect(arrived.detail).toContain('已到店 1 位，还有 1 位未到（16:00）');

    at(`${TODAY}T15:55:00`);
    await t.must('repairOrders.create', {
      roNumber: 'RO2611220002',
      vehicleId: b.vehicleId,
      customerId: b.customerId,
      type: 'periodic_service',
      openedAt: `${TODAY} 15:55`,
    } as InputOf<'repairOrders.create'>);
    const all = task(await t.must('today.tasks', {}), 'today');
    expect(all).toMatchObject({ count: 2, state: 'done', detail: '今天预约的 2 位都已到店' });
  });

  it('yesterday’s no-shows: counted until their call (预约未到店) is made', async () => {
    const a = await customerWithCar('张三', null);
    at(`${YESTERDAY}T09:00:00`);
    const booked = await t.must('appointments.create', {
      vehicleId: a.vehicleId,
      date: YESTERDAY,
      time: '15:00',
      purpose: 'repair',
    });
    at(`${TODAY}T10:30:00`);
    const board = await t.must('today.tasks', {});
    expect(task(board, 'no-shows')).toMatchObject({
      area: 'appointments',
      title: '昨天预约未到店',
      count: 1,
      state: 'open',
      link: '/revisits/calls',
    });
    expect(task(board, 'no-shows').detail).toContain('还有 1 位没打电话');
    // Yesterday's appointment is not today's.
    expect(board.tasks.some((x) => x.area === 'appointments' && x.key === 'today')).toBe(false);

    await record({ key: `reminder:appointment:${booked.id}` });
    const after = task(await t.must('today.tasks', {}), 'no-shows');
    expect(after).toMatchObject({ count: 0, state: 'done' });
    expect(after.detail).toBe('昨天预约未到店的 1 位客户都已打过电话');
  });
});
