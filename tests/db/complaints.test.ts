import { afterEach, describe, expect, it } from 'vitest';
import {
  COMPLAINTS_USAGE,
  complaintsJson,
  formatComplaints,
  parseComplaintsArgs,
  runComplaintsCommand,
} from '../../src-main/cli/complaints-command';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import type { ComplaintSummary } from '../../src-shared/domain/complaints';
import { addDays } from '../../src-shared/validation/dates';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, rowCounts, type TestArchive } from '../support/archive';

/**
 * 投诉 (issue 12): the closed loop on a real archive with the store clock pinned to Wednesday
 * 2026-09-30 10:30 at the store (+08:00), the day before 国庆: 3 working days from it end on the
 * adjusted working Saturday 2026-10-10.
 */
const START = Date.parse('2026-09-30T10:30:00+08:00');
let nowMs = START;
const clock: Clock = { now: () => new Date(nowMs) };
const TODAY = '2026-09-30';
/** Moves the store clock to HH:mm (store time, +08:00) on a day. */
const setClock = (date: string, time: string) => {
  nowMs = Date.parse(`${date}T${time}:00+08:00`);
};

const open: TestArchive[] = [];
afterEach(async () => {
  nowMs = START;
  for (const t of open.splice(0)) await t.close();
});

async function counter(): Promise<TestArchive> {
  const t = await openSetUpArchive({ clock });
  open.push(t);
  await t.loginAs('clerk');
  return t;
}

let serial = 0;

/** A customer, a vehicle and a repair RO delivered `daysAgo` days before today. */
async function deliveredRo(t: TestArchive, daysAgo: number, name?: string) {
  const n = ++serial;
  const c = await t.must('customers.create', {
    name: name ?? `客户${n}`,
    mobile: `1390000${String(n).padStart(4, '0')}`,
  });
  const v = await t.must('vehicles.create', {
    plate: `京A${String(30000 + n)}`,
    vin: withCheckDigit(`LSVAU2180N2${String(n).padStart(6, '0')}`),
    model: '朗逸',
    ownerId: c.record.id,
  });
  const day = addDays(TODAY, -daysAgo);
  const roNumber = `RO${String(n).padStart(8, '0')}`;
  const ro = await t.must('repairOrders.create', {
    roNumber,
    vehicleId: v.record.id,
    customerId: c.record.id,
    openedAt: `${day} 09:00`,
    type: 'repair',
    status: 'settled',
    advisorName: '赵顾问',
    deliveredAt: `${day} 17:00`,
    settledAt: `${day} 16:30`,
    laborLines: [{ description: '检查底盘异响', hours: 0.5, amountFen: 8000 }],
  });
  return { customerId: c.record.id, vehicleId: v.record.id, roId: ro.record.id, roNumber, plate: v.record.plate };
}

async function userId(t: TestArchive, name: string): Promise<number> {
  return (await t.must('users.list', {})).find((u) => u.name === name)!.id;
}

const basics = {
  department: 'workshop',
  type: 'quality',
  level: 'complaint',
} as const satisfies Partial<InputOf<'complaints.create'>>;

async function problemCall(t: TestArchive) {
  const ro = await deliveredRo(t, 7, '张三');
  const recorded = await t.must('calls.record', {
    key: `followup7:ro:${ro.roId}`,
    outcome: 'reached',
    answers: [{ key: 'repair_result', value: 1 }],
    words: '异响还在，跑高速时明显',
    problemFixed: 'no',
  });
  const problem = recorded.detail.problems[0]!;
  const call = await t.archive.db.selectFrom('revisit_call').select('id').executeTakeFirstOrThrow();
  return { ro, problem, callId: call.id };
}

async function auditActions(t: TestArchive, entity: string): Promise<string[]> {
  const rows = await t.archive.db
    .selectFrom('audit_log')
    .select('action')
    .where('entity', '=', entity)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

function fieldOf(r: { ok: boolean; error?: { details?: { fields?: { path: string }[] } } }): string | undefined {
  return r.ok ? undefined : r.error?.details?.fields?.[0]?.path;
}

describe('the closed loop (投诉 → 处理 → 二次回访 → 闭环)', () => {
  it('problem call → complaint → action → resolve → callback 不满意 reopens → resolve → callback via the 回访 call closes it', async () => {
    const t = await counter();
    const { ro, problem, callId } = await problemCall(t);
    const managerId = await userId(t, '李经理');

    // 1. From the problem call: customer, vehicle, RO, words and the call carried over.
    const created = await t.must('complaints.create', {
      channel: 'call',
      callProblemId: problem.id,
      ...basics,
      secondaryDepartments: ['reception', 'workshop', 'reception'],
      ownerUserId: managerId,
      demand: '彻底修好',
    });
    expect(created).toMatchObject({
      no: 'TS202609-0001',
      channel: 'call',
      customerId: ro.customerId,
      customerName: '张三',
      vehicleId: ro.vehicleId,
      plate: ro.plate,
      roId: ro.roId,
      roNumber: ro.roNumber,
      advisor: '赵顾问',
      department: 'workshop',
      secondaryDepartments: ['reception'],
      description: '异响还在，跑高速时明显',
      demand: '彻底修好',
      openedAt: '2026-09-30T10:30:00+08:00',
      openedBy: '小王',
      respondWithinHours: 24,
      respondBy: '2026-10-01T10:30:00+08:00',
      respondedAt: null,
      resolveWorkingDays: 3,
      // 10-01..10-07 国庆 off; Thu 10-08, Fri 10-09, Saturday 10-10 (调休上班).
      resolveBy: '2026-10-10',
      resolveByApproximate: false,
      ownerUserId: managerId,
      ownerName: '李经理',
      state: 'open',
      reopened: 0,
      callProblemId: problem.id,
      callId,
      comebackId: null,
      actions: [],
      callbacks: [],
      overdue: { response: false, resolution: false, callback: false },
      version: 1,
    });
    const problems = await t.must('callProblems.list', { state: 'all' });
    expect(problems.find((p) => p.id === problem.id)?.complaintId).toBe(created.id);
    // A problem is turned into one complaint only.
    const again = await t.call('complaints.create', { channel: 'call', callProblemId: problem.id, ...basics });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('CONFLICT');
      expect(again.error.message).toContain('TS202609-0001');
    }

    // 2. The owner acts: the first action is the response.
    await t.loginAs('manager');
    setClock(TODAY, '14:00');
    const acted = await t.must('complaints.addAction', {
      id: created.id,
      version: 1,
      text: '已致电客户，约 10-08 进厂复查',
    });
    expect(acted).toMatchObject({ respondedAt: '2026-09-30T14:00:00+08:00', version: 2 });
    expect(acted.actions).toEqual([
      {
        id: expect.any(Number),
        at: '2026-09-30T14:00:00+08:00',
        byUserId: managerId,
        byName: '李经理',
        text: '已致电客户，约 10-08 进厂复查',
      },
    ]);
    // Two windows: the second edit with the version it read is refused, nothing written.
    const before = await rowCounts(t.archive);
    const stale = await t.call('complaints.addAction', { id: created.id, version: 1, text: '重复' });
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.code).toBe('CONFLICT');
      expect(stale.error.message).toBe('这条投诉刚被别人修改过，请刷新后再改');
    }
    // Closing without a resolution and a callback is refused.
    const early = await t.call('complaints.recordCallback', {
      id: created.id,
      version: 2,
      verdict: 'satisfied',
      closedLoop: true,
    });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.message).toContain('还没有处理结果，不能回访/关闭');
    expect(await rowCounts(t.archive)).toEqual(before);
    // Not yet due: the callback is not in the queue before the resolution.
    expect((await t.must('calls.queue', {})).entries.map((e) => e.key)).not.toContain(
      `callback:complaint:${created.id}`,
    );

    // 3. Resolved after the holiday: the callback is due within 7 days and in the 回访 queue.
    setClock('2026-10-08', '10:30');
    const resolved = await t.must('complaints.resolve', {
      id: created.id,
      version: 2,
      resolution: '更换减震器支架',
      customerAccepted: true,
    });
    expect(resolved).toMatchObject({
      state: 'resolved',
      resolution: '更换减震器支架',
      customerAccepted: true,
      resolvedAt: '2026-10-08T10:30:00+08:00',
      resolvedBy: '李经理',
      callbackDueBy: '2026-10-15',
    });
    expect(resolved.actions.map((a) => a.text)).toEqual([
      '已致电客户，约 10-08 进厂复查',
      '处理完毕：更换减震器支架（客户接受处理结果）',
    ]);
    await t.loginAs('clerk');
    const key = `callback:complaint:${created.id}`;
    const queue = await t.must('calls.queue', {});
    const entry = queue.entries.find((e) => e.key === key);
    expect(entry).toMatchObject({
      kind: 'callback',
      reason: '投诉二次回访：维修质量（TS202609-0001，2026-10-15 前）',
      state: 'now',
      customerName: '张三',
      roNumber: ro.roNumber,
      dueOn: '2026-10-08',
    });
    const screen = await t.must('calls.get', { key });
    expect(screen).toMatchObject({ state: null, questionnaire: null, customer: { name: '张三' } });

    // 4. Reached without the verdict: refused, nothing saved.
    const counts = await rowCounts(t.archive);
    const noVerdict = await t.call('calls.record', { key, outcome: 'reached', words: '还是有点响' });
    expect(noVerdict.ok).toBe(false);
    expect(fieldOf(noVerdict)).toBe('complaint');
    if (!noVerdict.ok) expect(noVerdict.error.message).toBe('回访结果：请选择客户对处理结果的评价和是否闭环');
    expect(await rowCounts(t.archive)).toEqual(counts);

    // 5. 不满意: reopened, the resolution cleared (kept in the actions), a new deadline from today.
    const first = await t.must('calls.record', {
      key,
      outcome: 'reached',
      words: '还是有点响',
      complaint: { verdict: 'dissatisfied', closedLoop: false },
    });
    expect(first.detail.state).toBe('done');
    const callbackCallId = first.detail.entry.callId;
    const reopened = await t.must('complaints.get', { id: created.id });
    expect(reopened).toMatchObject({
      state: 'open',
      reopened: 1,
      resolution: '',
      customerAccepted: null,
      resolvedAt: null,
      callbackDueBy: null,
      verdict: null,
      // Thu 10-08 + 3: Fri 10-09, Saturday 10-10 (worked), Mon 10-12.
      resolveBy: '2026-10-12',
    });
    expect(reopened.callbacks).toEqual([
      {
        id: expect.any(Number),
        at: '2026-10-08T10:30:00+08:00',
        byName: '小王',
        verdict: 'dissatisfied',
        closedLoop: false,
        words: '还是有点响',
        callId: callbackCallId,
      },
    ]);
    expect(reopened.actions.map((a) => a.text)).toEqual([
      '已致电客户，约 10-08 进厂复查',
      '处理完毕：更换减震器支架（客户接受处理结果）',
      '二次回访：不满意，未闭环，重新处理（客户：还是有点响）',
    ]);
    // The call is done today; the queue shows it so.
    expect((await t.must('calls.queue', {})).entries.find((e) => e.key === key)?.state).toBe('done');

    // 6. Resolved again the next day: the same call key is callable again (a new round).
    setClock('2026-10-09', '10:30');
    await t.must('complaints.resolve', {
      id: created.id,
      version: reopened.version,
      resolution: '更换左前下摆臂，试车无异响',
      customerAccepted: true,
    });
    const call = await t.archive.db
      .selectFrom('revisit_call')
      .select(['id', 'state', 'due_on', 'attempts', 'closed_at'])
      .where('call_key', '=', key)
      .executeTakeFirst();
    expect(call).toEqual({ id: callbackCallId, state: 'open', due_on: '2026-10-09', attempts: 0, closed_at: null });
    const again2 = (await t.must('calls.queue', {})).entries.find((e) => e.key === key);
    expect(again2).toMatchObject({ state: 'now', dueOn: '2026-10-09', callId: callbackCallId });
    expect(again2?.reason).toContain('2026-10-16 前');

    // Not reached: it stays in the queue.
    const missed = await t.must('calls.record', { key, outcome: 'no_answer' });
    expect(missed.closed).toBe(false);
    expect((await t.must('complaints.get', { id: created.id })).state).toBe('resolved');

    // 7. Reached, 满意 and 闭环: closed.
    setClock('2026-10-09', '15:30');
    const second = await t.must('calls.record', {
      key,
      outcome: 'reached',
      words: '修好了',
      complaint: { verdict: 'satisfied', closedLoop: true },
    });
    expect(second.closed).toBe(true);
    const closed = await t.must('complaints.get', { id: created.id });
    expect(closed).toMatchObject({
      state: 'closed',
      verdict: 'satisfied',
      closedLoop: true,
      closedAt: '2026-10-09T15:30:00+08:00',
      closedBy: '小王',
      resolution: '更换左前下摆臂，试车无异响',
      reopened: 1,
      overdue: { response: false, resolution: false, callback: false },
    });
    expect(closed.callbacks.map((c) => [c.verdict, c.closedLoop, c.callId])).toEqual([
      ['dissatisfied', false, callbackCallId],
      ['satisfied', true, callbackCallId],
    ]);
    // The attempts of both rounds stay on the call screen.
    const done = await t.must('calls.get', { key });
    expect(done.state).toBe('done');
    expect(done.attempts.map((a) => a.outcome)).toEqual(['reached', 'no_answer', 'reached']);
    expect((await t.must('calls.queue', {})).entries.find((e) => e.key === key)?.state).toBe('done');
    // A closed complaint is not edited any more.
    const edit = await t.call('complaints.update', {
      id: created.id,
      version: closed.version,
      description: '改',
      ...basics,
    });
    expect(edit.ok).toBe(false);

    expect(await auditActions(t, 'complaint')).toEqual([
      'complaint.create',
      'complaint.action',
      'complaint.resolve',
      'complaint.reopen',
      'complaint.resolve',
      'complaint.close',
    ]);
    expect(await auditActions(t, 'call_problem')).toContain('callProblem.toComplaint');
    expect(await auditActions(t, 'revisit_call')).toContain('revisitCall.reopen');
  });

  it('the callback recorded on the complaint page: 闭环 closes it, an open call of it is cancelled; 满意 but 未闭环 reopens', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 3, '李四');
    const c = await t.must('complaints.create', {
      channel: 'walk_in',
      customerId: ro.customerId,
      vehicleId: ro.vehicleId,
      description: '洗车不干净',
      department: 'wash',
      type: 'environment',
      level: 'minor_grumble',
    });
    expect(c).toMatchObject({ respondWithinHours: 72, respondBy: '2026-10-03T10:30:00+08:00', roId: null });
    const r = await t.must('complaints.resolve', {
      id: c.id,
      version: c.version,
      resolution: '重新洗车',
      customerAccepted: true,
    });
    // A resolution is a response too.
    expect(r.respondedAt).toBe('2026-09-30T10:30:00+08:00');
    const key = `callback:complaint:${c.id}`;
    await t.must('calls.record', { key, outcome: 'busy' });

    const notClosed = await t.must('complaints.recordCallback', {
      id: c.id,
      version: r.version,
      verdict: 'satisfied',
      closedLoop: false,
    });
    expect(notClosed).toMatchObject({ state: 'open', reopened: 1 });
    expect(notClosed.actions.at(-1)?.text).toBe('二次回访：满意，未闭环，重新处理');
    // The open call is no longer needed: cancelled, out of the queue, the screen shows it done.
    const call = await t.archive.db
      .selectFrom('revisit_call')
      .select('state')
      .where('call_key', '=', key)
      .executeTakeFirst();
    expect(call?.state).toBe('cancelled');
    expect((await t.must('calls.queue', {})).entries.map((e) => e.key)).not.toContain(key);
    expect((await t.must('calls.get', { key })).entry.state).toBe('done');

    const r2 = await t.must('complaints.resolve', {
      id: c.id,
      version: notClosed.version,
      resolution: '经理致歉，赠送洗车券',
      customerAccepted: true,
    });
    const closed = await t.must('complaints.recordCallback', {
      id: c.id,
      version: r2.version,
      verdict: 'understand',
      closedLoop: true,
      words: '客户来店时当面确认',
    });
    expect(closed).toMatchObject({ state: 'closed', verdict: 'understand', closedLoop: true, closedBy: '小王' });
    expect(closed.callbacks.map((b) => [b.verdict, b.closedLoop, b.callId])).toEqual([
      ['satisfied', false, null],
      ['understand', true, null],
    ]);
    const twice = await t.call('complaints.recordCallback', {
      id: c.id,
      version: closed.version,
      verdict: 'satisfied',
      closedLoop: true,
    });
    expect(twice.ok).toBe(false);
    expect(fieldOf(twice)).toBe('verdict');
  });
});

describe('registering (投诉登记)', () => {
  it('refuses every bad input in Chinese naming the field; nothing half-saved', async () => {
    const t = await counter();
    const a = await deliveredRo(t, 5);
    const b = await deliveredRo(t, 5);
    const { problem } = await problemCall(t);
    const before = await rowCounts(t.archive);
    const cases: [Partial<InputOf<'complaints.create'>>, string, string][] = [
      [{ description: '态度差' }, 'customerId', '客户：请选择客户'],
      [{ customerId: 999, description: '态度差' }, 'customerId', '找不到这位客户'],
      [{ customerId: a.customerId }, 'description', '客户反映'],
      [{ customerId: a.customerId, vehicleId: a.vehicleId, roId: b.roId, description: 'x' }, 'roId', '不是所选车辆的'],
      [{ customerId: a.customerId, description: 'x', resolveBy: '2026-09-29' }, 'resolveBy', '不能早于登记日期'],
      [
        { customerId: a.customerId, description: 'x', openedAt: '2026-09-20 09:00', resolveBy: '2026-09-19' },
        'resolveBy',
        '早于登记日期 2026-09-20',
      ],
      [{ customerId: a.customerId, description: 'x', openedAt: '2026-09-30 11:00' }, 'openedAt', '登记时间'],
      [{ customerId: a.customerId, description: 'x', ownerUserId: 999 }, 'ownerUserId', '负责人'],
      [{ customerId: a.customerId, description: 'x', respondWithinHours: 36 as 24 }, 'respondWithinHours', '处理时效'],
    ];
    for (const [input, path, message] of cases) {
      const r = await t.call('complaints.create', { channel: 'phone_in', ...basics, ...input });
      expect(r.ok, path).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.details?.fields?.[0]?.path).toBe(path);
        expect(r.error.message).toContain(message);
      }
    }
    // Without a channel.
    const { channel: _none, ...noChannel } = {
      channel: 'phone_in',
      customerId: a.customerId,
      description: 'x',
      ...basics,
    };
    const r = await t.call('complaints.create', noChannel as InputOf<'complaints.create'>);
    expect(fieldOf(r)).toBe('channel');
    if (!r.ok) expect(r.error.message).toContain('投诉渠道');
    // Closing by editing: no such field.
    const c = await t.call('complaints.update', {
      id: 1,
      version: 1,
      description: 'x',
      ...basics,
      state: 'closed',
    } as InputOf<'complaints.update'>);
    expect(c.ok).toBe(false);
    expect(await rowCounts(t.archive)).toEqual(before);
    // The problem is still free.
    expect((await t.must('callProblems.list', { state: 'all' })).find((p) => p.id === problem.id)?.complaintId).toBe(
      null,
    );
  });

  it('two counters at once: each new complaint its own number; one edit under a version wins, the other is refused', async () => {
    // Calls at once through one archive: on a server they run on two connections, truly at once.
    const t = await counter();
    const a = await deliveredRo(t, 5);
    const made = await Promise.all(
      ['异响', '漏油', '态度差'].map((description) =>
        t.must('complaints.create', { channel: 'phone_in', ...basics, customerId: a.customerId, description }),
      ),
    );
    expect(made.map((k) => k.no).sort()).toEqual(['TS202609-0001', 'TS202609-0002', 'TS202609-0003']);
    const k = made[0]!;
    const edits = await Promise.all(
      ['更换下摆臂', '四轮定位'].map((text) => t.call('complaints.addAction', { id: k.id, version: k.version, text })),
    );
    expect(edits.filter((r) => r.ok)).toHaveLength(1);
    const loser = edits.find((r) => !r.ok);
    expect(loser?.ok === false && loser.error.code).toBe('CONFLICT');
    expect(loser?.ok === false && loser.error.message).toContain('这条投诉刚被别人修改过');
    const after = await t.must('complaints.get', { id: k.id });
    expect(after.version).toBe(k.version + 1);
    expect(after.actions).toHaveLength(1);
  });

  it('numbers per month of opening, deadlines from the level or by hand, 立即 for 重大投诉, the settings', async () => {
    const t = await counter();
    const a = await deliveredRo(t, 40);
    const august = await t.must('complaints.create', {
      channel: 'letter',
      customerId: a.customerId,
      roId: a.roId,
      description: '来信投诉配件价格',
      openedAt: '2026-08-28 16:00',
      department: 'parts',
      type: 'price',
      level: 'grumble',
    });
    // The RO gives the vehicle; Fri 08-28 + 3 working days: Mon 31, Tue 09-01, Wed 09-02.
    expect(august).toMatchObject({
      no: 'TS202608-0001',
      vehicleId: a.vehicleId,
      openedAt: '2026-08-28T16:00:00+08:00',
      respondBy: '2026-08-30T16:00:00+08:00',
      resolveBy: '2026-09-02',
      overdue: { response: true, resolution: true, callback: false },
    });
    const major = await t.must('complaints.create', {
      channel: 'oem',
      customerId: a.customerId,
      description: '厂家转办：客户向媒体反映',
      department: 'reception',
      type: 'attitude',
      level: 'major',
      resolveBy: '2026-10-20',
    });
    expect(major).toMatchObject({
      no: 'TS202609-0001',
      respondWithinHours: 0,
      respondBy: '2026-09-30T10:30:00+08:00',
      resolveBy: '2026-10-20',
      resolveByApproximate: false,
    });
    const second = await t.must('complaints.create', {
      channel: 'online',
      customerId: a.customerId,
      description: '网上差评',
      ...basics,
      respondWithinHours: 48,
      resolveWorkingDays: 1,
    });
    expect(second).toMatchObject({ no: 'TS202609-0002', respondWithinHours: 48, resolveBy: '2026-10-08' });

    // Settings are the admin's; a new complaint follows them.
    const clerkSave = await t.call('complaintSettings.save', { ...(await t.must('complaintSettings.get', {})) });
    expect(clerkSave.ok).toBe(false);
    await t.loginAs('admin');
    const settings = await t.must('complaintSettings.get', {});
    expect(settings.resolveWorkingDays).toBe(3);
    await t.must('complaintSettings.save', {
      ...settings,
      responseHours: { ...settings.responseHours, complaint: 12 },
      resolveWorkingDays: 5,
    });
    expect(await auditActions(t, 'app_setting')).toContain('complaintSettings.save');
    const third = await t.must('complaints.create', {
      channel: 'phone_in',
      customerId: a.customerId,
      description: '等太久',
      ...basics,
    });
    // Wed 09-30 + 5: 10-08, 10-09, 10-10 (worked Saturday), 10-12, 10-13.
    expect(third).toMatchObject({ no: 'TS202609-0003', respondWithinHours: 12, resolveBy: '2026-10-13' });

    // An edit: the level's hours when the level changes; the deadline kept unless the days change.
    const edited = await t.must('complaints.update', {
      id: third.id,
      version: third.version,
      description: '等太久，要求说明',
      ...basics,
      level: 'urgent',
      secondaryDepartments: ['reception'],
    });
    expect(edited).toMatchObject({
      level: 'urgent',
      respondWithinHours: 12,
      respondBy: '2026-09-30T22:30:00+08:00',
      resolveBy: '2026-10-13',
      secondaryDepartments: ['reception'],
      version: third.version + 1,
    });
    const moreDays = await t.must('complaints.update', {
      id: third.id,
      version: edited.version,
      description: edited.description,
      ...basics,
      level: 'urgent',
      resolveWorkingDays: 2,
    });
    expect(moreDays.resolveBy).toBe('2026-10-09');
    const staleEdit = await t.call('complaints.update', {
      id: third.id,
      version: edited.version,
      description: 'x',
      ...basics,
    });
    expect(staleEdit.ok).toBe(false);
    if (!staleEdit.ok) expect(staleEdit.error.code).toBe('CONFLICT');
  });
});

describe('the list, the deadlines and the Today board', () => {
  it('lists by period, state, active/overdue whatever the age, owner; flags the deadlines on the store clock', async () => {
    const t = await counter();
    const a = await deliveredRo(t, 10, '王五');
    const managerId = await userId(t, '李经理');
    const old = await t.must('complaints.create', {
      channel: 'phone_in',
      customerId: a.customerId,
      description: '半年前的投诉',
      openedAt: '2026-03-02 09:00',
      ...basics,
    });
    const urgent = await t.must('complaints.create', {
      channel: 'walk_in',
      customerId: a.customerId,
      vehicleId: a.vehicleId,
      description: '车辆被刮',
      department: 'workshop',
      type: 'quality',
      level: 'urgent',
      ownerUserId: managerId,
    });
    const fine = await t.must('complaints.create', {
      channel: 'phone_in',
      customerId: a.customerId,
      description: '发票开错',
      department: 'cashier',
      type: 'other',
      level: 'minor_grumble',
    });
    await t.must('complaints.resolve', {
      id: fine.id,
      version: fine.version,
      resolution: '重开发票',
      customerAccepted: true,
    });

    const ids = (list: ComplaintSummary[]) => list.map((c) => c.id);
    // Default: opened in the last 90 days, newest first.
    expect(ids(await t.must('complaints.list', {}))).toEqual([fine.id, urgent.id]);
    expect(ids(await t.must('complaints.list', { from: '2026-03-01', to: '2026-03-31' }))).toEqual([old.id]);
    expect(ids(await t.must('complaints.list', { state: 'active' }))).toEqual([fine.id, urgent.id, old.id]);
    expect(ids(await t.must('complaints.list', { state: 'resolved' }))).toEqual([fine.id]);
    expect(ids(await t.must('complaints.list', { state: 'open', ownerUserId: managerId }))).toEqual([urgent.id]);
    // The old one is past both its deadlines.
    expect(ids(await t.must('complaints.list', { state: 'overdue' }))).toEqual([old.id]);
    const bad = await t.call('complaints.list', { from: '2026-09-30', to: '2026-09-01' });
    expect(fieldOf(bad)).toBe('to');

    // The next morning: the urgent one (12 hours) has had no response.
    setClock('2026-10-01', '09:00');
    const flags = await t.must('complaints.get', { id: urgent.id });
    expect(flags.overdue).toEqual({ response: true, resolution: false, callback: false });
    const board = await t.must('today.tasks', {});
    const rows = board.tasks.filter((x) => x.area === 'complaints');
    expect(rows.map((x) => [x.key, x.count, x.state, x.endOfDay])).toEqual([
      ['response', 2, 'open', true],
      ['resolution', 1, 'open', true],
      ['callbacks', 1, 'done', false],
    ]);
    expect(rows[0]!.detail).toContain(urgent.no);
    expect(rows[1]).toMatchObject({ link: `/complaints/${old.id}` });

    // 10-08: the callback (due by 10-07) is overdue; the end-of-day check lists it.
    setClock('2026-10-08', '17:00');
    const late = await t.must('complaints.get', { id: fine.id });
    expect(late.overdue).toEqual({ response: false, resolution: false, callback: true });
    const evening = await t.must('today.endOfDay', {});
    const callbacks = evening.tasks.find((x) => x.area === 'complaints' && x.key === 'callbacks');
    expect(callbacks).toMatchObject({ count: 1, state: 'open', link: `/complaints/${fine.id}` });
    expect(callbacks?.detail).toContain('已逾期');
    // An answered one is no longer late to respond.
    const urgentNow = await t.must('complaints.get', { id: urgent.id });
    await t.must('complaints.addAction', { id: urgent.id, version: urgentNow.version, text: '已联系' });
    const after = (await t.must('today.tasks', {})).tasks.find((x) => x.area === 'complaints' && x.key === 'response');
    expect(after?.count).toBe(1);
  });
});

describe('cli complaints', () => {
  it('prints the period as codes, masked unless --unmasked; a table in Chinese; bad dates refused', async () => {
    const t = await counter();
    const a = await deliveredRo(t, 5, '赵六');
    const c = await t.must('complaints.create', {
      channel: 'phone_in',
      customerId: a.customerId,
      roId: a.roId,
      description: '费用不清楚',
      department: 'reception',
      secondaryDepartments: ['cashier'],
      type: 'transparency',
      level: 'grumble',
    });
    const args = parseComplaintsArgs([], { from: '2026-09-01', to: '2026-09-30' });
    const disclosed: string[] = [];
    const rows = await runComplaintsCommand(t.dispatch, t.ctx, args, async (d) => disclosed.push(d), true);
    expect(rows).toEqual([
      {
        no: 'TS202609-0001',
        channel: 'phone_in',
        customer: '赵**',
        plate: a.plate,
        ro: a.roNumber,
        level: 'grumble',
        departments: ['reception', 'cashier'],
        openedAt: '2026-09-30T10:30:00+08:00',
        respondBy: '2026-10-02T10:30:00+08:00',
        resolveBy: '2026-10-10',
        status: 'open',
        verdict: null,
      },
    ]);
    expect(disclosed).toEqual([]);
    const full = await runComplaintsCommand(
      t.dispatch,
      t.ctx,
      { ...args, unmasked: true },
      async (d) => disclosed.push(d),
      true,
    );
    expect(full[0]?.customer).toBe('赵六');
    expect(disclosed).toEqual(['投诉登记 JSON']);
    const table = (r: string[][]) => r.map((x) => x.join(' | ')).join('\n');
    const text = formatComplaints(rows, args, table);
    expect(text).toContain('2026-09-01 至 2026-09-30 登记投诉 1 条（已闭环 0）');
    expect(text).toContain('来电');
    expect(text).toContain('接待、收银');
    expect(text).toContain('处理中');
    expect(formatComplaints([], args, table)).toBe('2026-09-01 至 2026-09-30 没有登记投诉。');
    expect(complaintsJson([await t.must('complaints.get', { id: c.id })], false)[0]?.customer).toBe('赵**');

    expect(() => parseComplaintsArgs([], { from: '2026-09-01' })).toThrow('请用 --from 和 --to');
    expect(() => parseComplaintsArgs([], { from: '2026-02-30', to: '2026-03-01' })).toThrow(
      '--from：“2026-02-30”不是有效日期',
    );
    expect(() => parseComplaintsArgs([], { from: '2026-09-30', to: '2026-09-01' })).toThrow('结束日期不能早于开始日期');
    expect(() => parseComplaintsArgs(['x'], { from: '2026-09-01', to: '2026-09-02' })).toThrow('多余的参数');
    expect(COMPLAINTS_USAGE).toContain('status：open 处理中');
  });
});
