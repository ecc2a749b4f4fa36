import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/services/context';
import type { InputOf } from '../../src-shared/contract/index';
import { addDays } from '../../src-shared/validation/dates';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { openSetUpArchive, openTestArchive, rowCounts, type TestArchive } from '../support/archive';
import { rawSql } from '../support/raw-sql';

/**
 * 回访, one call (issue 11 parts 2-4, the recording side of 5): record attempts on a real archive
 * with the store clock pinned (2026-11-22, 10:30 at the store, inside the 10:00-12:00 window).
 */
const START = Date.parse('2026-11-22T02:30:00Z');
let nowMs = START;
const clock: Clock = { now: () => new Date(nowMs) };
const TODAY = '2026-11-22';
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

/** A customer, a vehicle and an RO delivered `daysAgo` days before today (settled, with work done). */
async function deliveredRo(
  t: TestArchive,
  daysAgo: number,
  customer: Partial<InputOf<'customers.create'>> = {},
): Promise<{ customerId: number; vehicleId: number; roId: number; roNumber: string }> {
  const n = ++serial;
  const c = await t.must('customers.create', {
    name: `客户${n}`,
    mobile: `1390000${String(n).padStart(4, '0')}`,
    ...customer,
  });
  const v = await t.must('vehicles.create', {
    plate: `京A${String(20000 + n)}`,
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
    declinedWork: '更换刹车片',
    laborLines: [
      { description: '更换机油', hours: 1, amountFen: 20000 },
      { description: '检查底盘异响', hours: 0.5, amountFen: 8000 },
    ],
  });
  return { customerId: c.record.id, vehicleId: v.record.id, roId: ro.record.id, roNumber };
}

const followup = (roId: number) => `followup7:ro:${roId}`;

async function questionnaireOf(t: TestArchive, kind: 'followup7' | 'csi' | 'delivery' | 'reminder') {
  const list = await t.must('questionnaires.list', { kind });
  return list[0]!;
}

describe('questionnaires (设置 → 回访问卷)', () => {
  it('a new archive has the defaults (made by its migration): the job sheet CSI questions with scales and departments, a short 7-day one, a delivery one, none for reminders', async () => {
    const t = await counter();
    const all = await t.must('questionnaires.list', {});
    expect(all.map((q) => q.kind).sort()).toEqual(['csi', 'delivery', 'followup7']);
    const csi = all.find((q) => q.kind === 'csi')!;
    expect(csi).toMatchObject({ version: 1, isCurrent: true, inUse: false });
    expect(csi.questions.map((q) => q.text)).toEqual([
      '接待速度',
      '完工交车速度',
      '结算速度',
      '配件价格',
      '工时价格',
      '服务顾问是否事先报价',
      '交车时是否解释所做的工作',
      '维修质量',
      '喷漆质量',
      '车辆清洁',
      '来店方式',
      '总体评价',
      '提醒预约服务（下次来店前请先预约）',
    ]);
    expect(csi.questions.find((q) => q.key === 'arrival')).toMatchObject({
      scale: 'choice',
      department: null,
      options: ['自驾', '代驾', '拖车', '其他'],
    });
    expect(csi.questions.find((q) => q.key === 'cleanliness')?.department).toBe('wash');
    expect(await t.must('questionnaires.list', { kind: 'reminder' })).toEqual([]);
    // Reading writes nothing: still one version of each.
    expect(await t.must('questionnaires.list', { history: true })).toHaveLength(3);
  });

  it('an unused version is edited in place; one with answers makes the next version and the answers keep theirs', async () => {
    const t = await counter();
    await t.loginAs('admin');
    const v1 = await questionnaireOf(t, 'followup7');
    const edited = await t.must('questionnaires.save', {
      kind: 'followup7',
      title: '7天回访',
      questions: [...v1.questions, { key: 'recommend', text: '是否愿意推荐', scale: 'nps', department: null }],
    });
    expect(edited).toMatchObject({ id: v1.id, version: 1, title: '7天回访', inUse: false, isCurrent: true });
    expect(edited.questions).toHaveLength(4);

    const ro = await deliveredRo(t, 7);
    await t.must('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      questionnaireId: v1.id,
      answers: [{ key: 'recommend', value: 9 }],
    });
    expect((await questionnaireOf(t, 'followup7')).inUse).toBe(true);

    const v2 = await t.must('questionnaires.save', {
      kind: 'followup7',
      title: '7天回访',
      questions: edited.questions.filter((q) => q.key !== 'recommend'),
    });
    expect(v2).toMatchObject({ version: 2, isCurrent: true, inUse: false });
    expect(v2.id).not.toBe(v1.id);
    const history = await t.must('questionnaires.list', { kind: 'followup7', history: true });
    expect(history.map((q) => [q.version, q.isCurrent, q.inUse])).toEqual([
      [2, true, false],
      [1, false, true],
    ]);
    // The answered call still shows the version it was asked with.
    const detail = await t.must('calls.get', { key: followup(ro.roId) });
    expect(detail.questionnaire).toMatchObject({ id: v1.id, version: 1 });
    expect(detail.answers).toEqual([{ key: 'recommend', value: 9 }]);
    const audit = await rawSql(t.archive).column(
      "SELECT action FROM audit_log WHERE entity = 'questionnaire' ORDER BY id",
    );
    // The defaults come with the archive (migration 202612031010_revisit_defaults), not from a read.
    expect(audit).toEqual(['questionnaire.update', 'questionnaire.newVersion']);
  });

  it('refuses a questionnaire without questions, a choice without options and repeated keys, naming the field; nothing saved', async () => {
    const t = await counter();
    await t.loginAs('admin');
    await t.must('questionnaires.list', {});
    const before = await rowCounts(t.archive);
    const empty = await t.call('questionnaires.save', { kind: 'csi', title: '空问卷', questions: [] });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.message).toContain('问卷至少要有一道题');
    const choice = await t.call('questionnaires.save', {
      kind: 'csi',
      title: '满意度',
      questions: [{ key: 'arrival', text: '来店方式', scale: 'choice', department: null, options: ['自驾'] }],
    });
    expect(choice.ok).toBe(false);
    if (!choice.ok) expect(choice.error.message).toContain('至少要有两个选项');
    const twice = await t.call('questionnaires.save', {
      kind: 'csi',
      title: '满意度',
      questions: [
        { key: 'overall', text: '总体评价', scale: 'five', department: null },
        { key: 'overall', text: '总体', scale: 'five', department: null },
      ],
    });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.message).toContain('题目编号重复');
    expect(await rowCounts(t.archive)).toEqual(before);
    // Settings are the admin's.
    await t.loginAs('clerk');
    const clerk = await t.call('questionnaires.save', {
      kind: 'csi',
      title: '满意度',
      questions: [{ key: 'overall', text: '总体评价', scale: 'five', department: null }],
    });
    expect(clerk.ok).toBe(false);
  });
});

describe('a call reached (已接通)', () => {
  it('shows the customer, vehicle, the RO (work done, advisor, amount, declined items) and the questionnaire of its kind', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7, { preferredCallTime: '下午', otherPhones: ['010-87654321'] });
    const detail = await t.must('calls.get', { key: followup(ro.roId) });
    expect(detail.entry.key).toBe(followup(ro.roId));
    expect(detail.customer).toMatchObject({
      id: ro.customerId,
      otherPhones: '010-87654321',
      preferredCallTime: '下午',
    });
    expect(detail.vehicle).toMatchObject({ id: ro.vehicleId, model: '朗逸' });
    expect(detail.repairOrder).toMatchObject({
      roNumber: ro.roNumber,
      advisor: '赵顾问',
      totalFen: 28000,
      declinedWork: '更换刹车片',
      work: ['更换机油', '检查底盘异响'],
    });
    expect(detail.questionnaire?.kind).toBe('followup7');
    expect(detail).toMatchObject({ state: null, attempts: [], answers: [], problems: [], appointment: null });
  });

  it('saves the answers and closes the call; a dissatisfied answer needs the words and makes a problem call per department', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const q = await questionnaireOf(t, 'followup7');
    const answers = [
      { key: 'repair_result', value: 2 },
      { key: 'advisor_service', value: 5 },
      { key: 'overall', value: 3 },
    ];
    const before = await rowCounts(t.archive);
    const noWords = await t.call('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      questionnaireId: q.id,
      answers,
    });
    expect(noWords.ok).toBe(false);
    if (!noWords.ok) {
      expect(noWords.error.code).toBe('VALIDATION');
      expect(noWords.error.message).toMatch(/^用户原话：/);
      expect(noWords.error.message).toContain('对维修（保养）效果是否满意');
      expect(noWords.error.details?.fields?.[0]?.path).toBe('words');
    }
    expect(await rowCounts(t.archive)).toEqual(before);

    const saved = await t.must('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      questionnaireId: q.id,
      answers,
      words: '异响还在，跑高速时明显',
      problemFixed: 'no',
      suggestions: '希望交车前试车',
    });
    expect(saved).toMatchObject({ closed: true, alreadyClosed: null, gaveUp: false });
    const d = saved.detail;
    expect(d).toMatchObject({
      state: 'done',
      closedBy: '小王',
      words: '异响还在，跑高速时明显',
      problemFixed: 'no',
      suggestions: '希望交车前试车',
      answers,
    });
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ outcome: 'reached', by: '小王', at: '2026-11-22T10:30:00+08:00' });
    // 维修效果 (车间) at 2, 总体评价 (no department → 接待) at 3 = the threshold; 问题未解决 goes with the first.
    expect(d.problems.map((p) => [p.department, p.questions])).toEqual([
      ['workshop', ['对维修（保养）效果是否满意', '问题未解决']],
      ['reception', ['总体评价']],
    ]);
    expect(d.problems[0]).toMatchObject({
      words: '异响还在，跑高速时明显',
      roNumber: ro.roNumber,
      ownerUserId: null,
      doneAt: null,
      complaintId: null,
    });
    const listed = await t.must('callProblems.list', { state: 'open' });
    expect(listed.map((p) => p.callKey)).toEqual([followup(ro.roId), followup(ro.roId)]);
    const call = await rawSql(t.archive).get(
      'SELECT is_problem, questionnaire_id, attempts, last_outcome FROM revisit_call WHERE call_key = ?',
      followup(ro.roId),
    );
    expect(call).toEqual({ is_problem: 1, questionnaire_id: q.id, attempts: 1, last_outcome: 'reached' });
  });

  it('problem fixed "no" with every answer satisfied is a workshop problem; all satisfied is no problem', async () => {
    const t = await counter();
    const a = await deliveredRo(t, 7);
    const b = await deliveredRo(t, 7);
    const unfixed = await t.must('calls.record', {
      key: followup(a.roId),
      outcome: 'reached',
      answers: [{ key: 'overall', value: 5 }],
      problemFixed: 'no',
      words: '灯还是亮',
    });
    expect(unfixed.detail.problems.map((p) => [p.department, p.questions])).toEqual([['workshop', ['问题未解决']]]);
    const fine = await t.must('calls.record', {
      key: followup(b.roId),
      outcome: 'reached',
      answers: [{ key: 'overall', value: 4 }],
      problemFixed: 'yes',
    });
    expect(fine.detail.problems).toEqual([]);
    expect(fine.detail.questionnaire?.kind).toBe('followup7');
  });

  it('every question left unanswered (客户未回答): nothing stored, the version is not marked as used', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 2);
    const csi = await questionnaireOf(t, 'csi');
    const r = await t.must('calls.record', {
      key: `csi:ro:${ro.roId}`,
      outcome: 'reached',
      questionnaireId: csi.id,
      answers: csi.questions.map((q) => ({ key: q.key, value: null })),
    });
    expect(r.detail).toMatchObject({ state: 'done', answers: [], problems: [] });
    expect((await questionnaireOf(t, 'csi')).inUse).toBe(false);
  });

  it('refuses a score outside its scale (naming the question), a key not in the questionnaire and another kind’s questionnaire; nothing saved', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const q = await questionnaireOf(t, 'followup7');
    const csi = await questionnaireOf(t, 'csi');
    const before = await rowCounts(t.archive);
    const outside = await t.call('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      questionnaireId: q.id,
      answers: [{ key: 'overall', value: 6 }],
    });
    expect(outside.ok).toBe(false);
    if (!outside.ok) {
      expect(outside.error.message).toBe('总体评价：分数超出量表（1-5），现在是 6');
      expect(outside.error.details?.fields?.[0]?.path).toBe('answers.0.value');
    }
    const unknown = await t.call('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      questionnaireId: q.id,
      answers: [{ key: 'paint_quality', value: 4 }],
    });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toContain('不是问卷');
    const delivery = await questionnaireOf(t, 'delivery');
    const other = await t.call('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      questionnaireId: delivery.id,
      answers: [{ key: 'recommend', value: 4 }],
    });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.error.message).toMatch(/^问卷：不是这通电话的问卷/);
    const choice = await t.call('calls.record', {
      key: `csi:ro:${ro.roId}`,
      outcome: 'reached',
      questionnaireId: csi.id,
      answers: [{ key: 'arrival', value: 4 }],
    });
    expect(choice.ok).toBe(false);
    if (!choice.ok) expect(choice.error.message).toBe('来店方式：分数超出量表（选项序号 0-3），现在是 4');
    expect(await rowCounts(t.archive)).toEqual(before);
  });

  it('with the CSI merged into the 7-day call, the 7-day call asks the CSI questionnaire', async () => {
    const t = await counter();
    await t.loginAs('admin');
    const settings = await t.must('revisitSettings.get', {});
    await t.must('revisitSettings.save', { ...settings, mergeCsiWithFollowup: true });
    await t.loginAs('clerk');
    const ro = await deliveredRo(t, 7);
    const detail = await t.must('calls.get', { key: followup(ro.roId) });
    expect(detail.questionnaire?.kind).toBe('csi');
    const recorded = await t.must('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      questionnaireId: detail.questionnaire!.id,
      answers: [
        { key: 'speed_reception', value: 5 },
        { key: 'quoted_before', value: 0 },
        { key: 'cleanliness', value: 1 },
        { key: 'arrival', value: 1 },
      ],
      problemFixed: 'yes',
      words: '没有事先报价，车也没洗',
    });
    expect(recorded.detail.problems.map((p) => p.department)).toEqual(['reception', 'wash']);
  });

  it('two windows: the second to close is told it is already closed, both attempts are kept, the first answers stand', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const first = await t.must('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      answers: [{ key: 'overall', value: 5 }],
      words: '很好',
    });
    expect(first.closed).toBe(true);
    nowMs += 60_000;
    await t.loginAs('admin');
    const second = await t.must('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      answers: [{ key: 'overall', value: 1 }],
      words: '很差',
    });
    expect(second).toMatchObject({
      closed: false,
      alreadyClosed: { at: '2026-11-22T10:30:00+08:00', by: '小王' },
    });
    expect(second.detail.answers).toEqual([{ key: 'overall', value: 5 }]);
    expect(second.detail.words).toBe('很好');
    expect(second.detail.problems).toEqual([]);
    expect(second.detail.attempts.map((a) => [a.by, a.outcome])).toEqual([
      ['小王', 'reached'],
      ['管理员', 'reached'],
    ]);
  });

  it('fills the missing customer data in place: saved to the customer with the audit, other phones searchable', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const before = await rowCounts(t.archive);
    const bad = await t.call('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      customer: { otherPhones: '010 87654321、12345' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('其他电话');
    expect(await rowCounts(t.archive)).toEqual(before);

    await t.must('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      customer: {
        address: '北京市朝阳区望京街1号',
        postalCode: '100102',
        birthday: '1985-03-08',
        otherPhones: '010 87654321、13911112222',
        preferredCallTime: '工作日下午',
      },
    });
    const customer = await t.must('customers.get', { id: ro.customerId });
    expect(customer).toMatchObject({
      address: '北京市朝阳区望京街1号',
      postalCode: '100102',
      birthday: '1985-03-08',
      otherPhones: ['010-87654321', '13911112222'],
      preferredCallTime: '工作日下午',
    });
    const found = await t.must('search.quick', { text: '13911112222' });
    expect(found.some((r) => r.kind === 'customer' && r.id === ro.customerId)).toBe(true);
    const audit = (await rawSql(t.archive).get<{ before_json: string; after_json: string }>(
      "SELECT before_json, after_json FROM audit_log WHERE action = 'customer.update' AND entity_id = ?",
      ro.customerId,
    ))!;
    expect(JSON.parse(audit.before_json)).toMatchObject({ address: '', otherPhones: [] });
    expect(JSON.parse(audit.after_json)).toMatchObject({
      address: '北京市朝阳区望京街1号',
      via: followup(ro.roId),
    });
  });
});

describe('not reached, callbacks, wrong numbers and refusals', () => {
  it('not reached three times closes the call as 未接通 and it may then be offered an SMS', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const key = followup(ro.roId);
    const early = await t.call('calls.offer', { key, channel: 'sms' });
    expect(early.ok).toBe(false);
    const one = await t.must('calls.record', { key, outcome: 'no_answer' });
    expect(one).toMatchObject({ closed: false, gaveUp: false });
    expect(one.detail.state).toBe('open');
    setClock(TODAY, '15:10');
    const two = await t.must('calls.record', { key, outcome: 'busy', note: '占线' });
    expect(two).toMatchObject({ closed: false, gaveUp: false });
    setClock(addDays(TODAY, 1), '10:05');
    const three = await t.must('calls.record', { key, outcome: 'off' });
    expect(three).toMatchObject({ closed: true, gaveUp: true });
    expect(three.detail).toMatchObject({ state: 'unreached', closedBy: '小王' });
    expect(three.detail.attempts.map((a) => a.outcome)).toEqual(['no_answer', 'busy', 'off']);
    const offered = await t.must('calls.offer', { key, channel: 'sms' });
    expect(offered.state).toBe('unreached');
    const row = await rawSql(t.archive).get(
      'SELECT follow_up_channel, follow_up_at FROM revisit_call WHERE call_key = ?',
      key,
    );
    expect(row).toEqual({ follow_up_channel: 'sms', follow_up_at: '2026-11-23T10:05:00+08:00' });
    expect(await rawSql(t.archive).value("SELECT count(*) FROM audit_log WHERE action = 'revisitCall.offer'")).toBe(1);
  });

  it('a call never tried whose days ran out is 未接通 in the queue: offering a letter closes it so', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 14);
    const key = followup(ro.roId);
    expect((await t.must('calls.get', { key })).entry.state).toBe('unreached');
    const offered = await t.must('calls.offer', { key, channel: 'letter' });
    expect(offered).toMatchObject({ state: 'unreached', closedBy: '小王', attempts: [] });
    expect(offered.entry.followUpChannel).toBe('letter');
    const fresh = await deliveredRo(t, 7);
    const refused = await t.call('calls.offer', { key: followup(fresh.roId), channel: 'sms' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/^回访电话：/);
  });

  it('an attempt more than maxDays after the due day gives up at once', async () => {
    const t = await counter();
    // Delivered 13 days ago: the 7-day call was due 6 days ago, past the 5 days.
    const ro = await deliveredRo(t, 13);
    const r = await t.must('calls.record', { key: followup(ro.roId), outcome: 'no_answer' });
    expect(r).toMatchObject({ closed: true, gaveUp: true });
    const fresh = await deliveredRo(t, 12);
    const r2 = await t.must('calls.record', { key: followup(fresh.roId), outcome: 'no_answer' });
    expect(r2).toMatchObject({ closed: false, gaveUp: false });
  });

  it('约回电: a time not in the past and inside business hours; stays open; a later attempt clears it', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const key = followup(ro.roId);
    const before = await rowCounts(t.archive);
    const missing = await t.call('calls.record', { key, outcome: 'call_back' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toContain('约回电请填写回电时间');
    const past = await t.call('calls.record', { key, outcome: 'call_back', callbackAt: `${TODAY} 09:00` });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error.message).toMatch(/^回电时间：.*已经过了/);
    const late = await t.call('calls.record', { key, outcome: 'call_back', callbackAt: `${TODAY} 19:30` });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error.message).toContain('不在营业时间 08:30-18:00 之内');
    // 11:00 UTC is 19:00 at the store: the store's wall clock decides.
    const utc = await t.call('calls.record', { key, outcome: 'call_back', callbackAt: `${TODAY}T11:00:00Z` });
    expect(utc.ok).toBe(false);
    expect(await rowCounts(t.archive)).toEqual(before);

    const booked = await t.must('calls.record', { key, outcome: 'call_back', callbackAt: `${TODAY} 15:30` });
    expect(booked).toMatchObject({ closed: false, gaveUp: false });
    expect(booked.detail.state).toBe('open');
    expect(booked.detail.attempts[0]).toMatchObject({
      outcome: 'call_back',
      callbackAt: '2026-11-22T15:30:00+08:00',
    });
    const stored = () => rawSql(t.archive).value('SELECT callback_at FROM revisit_call WHERE call_key = ?', key);
    expect(await stored()).toBe('2026-11-22T15:30:00+08:00');
    setClock(TODAY, '15:31');
    await t.must('calls.record', { key, outcome: 'no_answer' });
    expect(await stored()).toBeNull();
  });

  it('号码错误 closes as 未接通 at once; 拒访 closes as done with the words and no answers', async () => {
    const t = await counter();
    const a = await deliveredRo(t, 7);
    const b = await deliveredRo(t, 7);
    const wrong = await t.must('calls.record', { key: followup(a.roId), outcome: 'wrong_number' });
    expect(wrong).toMatchObject({ closed: true, gaveUp: false });
    expect(wrong.detail.state).toBe('unreached');
    const refused = await t.must('calls.record', {
      key: followup(b.roId),
      outcome: 'refused',
      words: '不要再打了',
      answers: [{ key: 'overall', value: 1 }],
    });
    expect(refused.closed).toBe(true);
    expect(refused.detail).toMatchObject({ state: 'done', words: '不要再打了', answers: [], problems: [] });
    // The phone channel is left as it was: refusing a survey is not refusing every call.
    const prefs = await t.must('contactPrefs.get', { customerId: b.customerId });
    expect(prefs.find((p) => p.channel === 'phone')?.allowed).toBe(true);
  });

  it('a customer who refuses phone calls is not called: the attempt is refused', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7, { doNotContact: true });
    const before = await rowCounts(t.archive);
    const r = await t.call('calls.record', { key: followup(ro.roId), outcome: 'no_answer' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    expect(await rowCounts(t.archive)).toEqual(before);
  });

  it('unknown keys are not found, and nothing is written', async () => {
    const t = await counter();
    const before = await rowCounts(t.archive);
    for (const key of ['followup7:ro:999', 'callback:call:5', 'delivery:vehicle:77']) {
      const r = await t.call('calls.record', { key, outcome: 'no_answer' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('NOT_FOUND');
      const g = await t.call('calls.get', { key });
      expect(g.ok).toBe(false);
    }
    const bad = await t.call('calls.get', { key: 'followup7:rx:1' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^回访电话：/);
    expect(await rowCounts(t.archive)).toEqual(before);
  });
});

describe('appointments from a call, and reminder calls', () => {
  it('已接通 with an appointment books it in the same transaction; a date in the past or an appointment without 已接通 is refused', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const key = followup(ro.roId);
    const before = await rowCounts(t.archive);
    const past = await t.call('calls.record', {
      key,
      outcome: 'reached',
      appointment: { date: '2026-11-20', purpose: 'repair' },
    });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error.details?.fields?.[0]?.path).toBe('appointment.date');
    const notReached = await t.call('calls.record', {
      key,
      outcome: 'no_answer',
      appointment: { date: '2026-11-25', purpose: 'repair' },
    });
    expect(notReached.ok).toBe(false);
    if (!notReached.ok) expect(notReached.error.message).toMatch(/^预约：/);
    expect(await rowCounts(t.archive)).toEqual(before);

    const booked = await t.must('calls.record', {
      key,
      outcome: 'reached',
      words: '还有异响，周三来看看',
      problemFixed: 'no',
      appointment: { date: '2026-11-25', time: '09:30', purpose: 'repair', advisor: '赵顾问' },
    });
    expect(booked.detail.appointment).toMatchObject({
      vehicleId: ro.vehicleId,
      customerId: ro.customerId,
      date: '2026-11-25',
      time: '09:30',
      purpose: 'repair',
      source: 'call',
      state: 'booked',
    });
    const callId = await rawSql(t.archive).value('SELECT id FROM revisit_call WHERE call_key = ?', key);
    const day = await t.must('appointments.list', { date: '2026-11-25' });
    expect(day.map((a) => a.callId)).toEqual([callId]);
    expect(booked.detail.appointment?.id).toBe(day[0]!.id);
  });

  it('a reminder call (reminder:row:N) also writes the invitation call: 已接通 with an appointment is 已预约', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 200);
    const list = await t.must('invitations.create', { from: '2026-11-01', to: '2026-11-30', title: '十一月' });
    const withRow = await t.must('invitations.addRow', {
      listId: list.id,
      vehicleId: ro.vehicleId,
      reason: '客户要求',
    });
    const row = withRow.rows.find((r) => r.vehicleId === ro.vehicleId)!;
    await t.must('invitations.markLetterSent', {
      listId: list.id,
      rowIds: [row.id],
      sentOn: addDays(TODAY, -7),
      kind: 'invitation',
    });
    const key = `reminder:row:${row.id}`;
    const first = await t.must('calls.record', { key, outcome: 'busy' });
    expect(first.closed).toBe(false);
    setClock(addDays(TODAY, 1), '10:10');
    const booked = await t.must('calls.record', {
      key,
      outcome: 'reached',
      words: '周五上午来保养',
      appointment: { date: '2026-11-27', time: '10:00', purpose: 'periodic_service' },
    });
    expect(booked.detail.appointment).toMatchObject({
      source: 'invitation',
      invitationRowId: row.id,
      date: '2026-11-27',
    });
    const listed = await t.must('invitations.get', { id: list.id });
    const calls = listed.rows.find((r) => r.id === row.id)!.calls;
    expect(calls.map((c) => [c.result, c.bookedFor, c.words])).toEqual([
      ['no_answer', null, ''],
      ['booked', '2026-11-27', '周五上午来保养'],
    ]);
    expect(listed.rows.find((r) => r.id === row.id)!.bookedFor).toBe('2026-11-27');
    // One appointment: the call booked it; the invitation write did not book it again.
    expect(await rawSql(t.archive).value('SELECT count(*) FROM appointment')).toBe(1);

    // The customer's next call shows these as earlier calls, with their words, newest first, once each.
    await t.must('calls.record', { key: `csi:ro:${ro.roId}`, outcome: 'refused', words: '太忙' });
    const next = await t.must('calls.get', { key: followup(ro.roId) });
    expect(next.earlierCalls.map((c) => [c.kind, c.outcome, c.words, c.by])).toEqual([
      ['csi', 'refused', '太忙', '小王'],
      ['reminder', 'booked', '周五上午来保养', '小王'],
      ['reminder', 'no_answer', '', '小王'],
    ]);
  });

  it('a no-show call (reminder:appointment:N) just records; a new booking in it is the call’s appointment', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 30);
    setClock('2026-11-19', '09:00');
    const missed = await t.must('appointments.create', {
      vehicleId: ro.vehicleId,
      date: '2026-11-20',
      time: '09:00',
      purpose: 'repair',
    });
    setClock(TODAY, '10:30');
    const key = `reminder:appointment:${missed.id}`;
    const before = await t.must('calls.get', { key });
    expect(before.entry.dueOn).toBe('2026-11-21');
    const rebooked = await t.must('calls.record', {
      key,
      outcome: 'reached',
      words: '那天有事，改到周四',
      appointment: { date: '2026-11-26', time: '09:00', purpose: 'repair' },
    });
    expect(rebooked.closed).toBe(true);
    expect(rebooked.detail.appointment).toMatchObject({ date: '2026-11-26', source: 'call', state: 'booked' });
    expect(rebooked.detail.appointment?.id).not.toBe(missed.id);
    expect(await rawSql(t.archive).value('SELECT count(*) FROM invitation_call')).toBe(0);
  });

  it('an invitation call’s 已预约 (招揽 → 提醒电话) makes the same appointment record, with its time', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 200);
    const list = await t.must('invitations.create', { from: '2026-11-01', to: '2026-11-30', title: '十一月' });
    const withRow = await t.must('invitations.addRow', {
      listId: list.id,
      vehicleId: ro.vehicleId,
      reason: '客户要求',
    });
    const row = withRow.rows.find((r) => r.vehicleId === ro.vehicleId)!;
    const before = await rowCounts(t.archive);
    const badTime = await t.call('invitations.recordCall', {
      rowId: row.id,
      result: 'booked',
      bookedFor: '2026-11-26',
      bookedTime: '25:00',
    });
    expect(badTime.ok).toBe(false);
    expect(await rowCounts(t.archive)).toEqual(before);
    await t.must('invitations.recordCall', {
      rowId: row.id,
      result: 'booked',
      bookedFor: '2026-11-26',
      bookedTime: '14:00',
      words: '周四下午',
    });
    const day = await t.must('appointments.list', { date: '2026-11-26' });
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({
      vehicleId: ro.vehicleId,
      customerId: ro.customerId,
      time: '14:00',
      purpose: 'periodic_service',
      source: 'invitation',
      invitationRowId: row.id,
      callId: null,
    });
  });
});

describe('问题客户 and the quick-handling form', () => {
  it('owner, action, result, done: done needs a result; audited', async () => {
    const t = await counter();
    const ro = await deliveredRo(t, 7);
    const recorded = await t.must('calls.record', {
      key: followup(ro.roId),
      outcome: 'reached',
      answers: [{ key: 'advisor_service', value: 1 }],
      words: '服务顾问态度差',
    });
    const problem = recorded.detail.problems[0]!;
    expect(problem.department).toBe('reception');
    const users = await t.must('users.list', {});
    const manager = users.find((u) => u.name === '李经理')!;
    const noResult = await t.call('callProblems.update', { id: problem.id, ownerUserId: manager.id, done: true });
    expect(noResult.ok).toBe(false);
    if (!noResult.ok) expect(noResult.error.details?.fields?.[0]?.path).toBe('result');
    const assigned = await t.must('callProblems.update', {
      id: problem.id,
      ownerUserId: manager.id,
      action: '经理致电道歉',
    });
    expect(assigned).toMatchObject({
      ownerUserId: manager.id,
      ownerName: '李经理',
      action: '经理致电道歉',
      doneAt: null,
    });
    const unknownUser = await t.call('callProblems.update', { id: problem.id, ownerUserId: 999 });
    expect(unknownUser.ok).toBe(false);
    setClock(TODAY, '16:00');
    const done = await t.must('callProblems.update', { id: problem.id, result: '客户接受道歉', done: true });
    expect(done).toMatchObject({ doneAt: '2026-11-22T16:00:00+08:00', doneBy: '小王', result: '客户接受道歉' });
    expect(await t.must('callProblems.list', { state: 'open' })).toEqual([]);
    expect((await t.must('callProblems.list', { state: 'done' })).map((p) => p.id)).toEqual([problem.id]);
    const reopened = await t.must('callProblems.update', { id: problem.id, done: false });
    expect(reopened).toMatchObject({ doneAt: null, doneBy: null });
    expect(await rawSql(t.archive).value("SELECT count(*) FROM audit_log WHERE action = 'callProblem.update'")).toBe(3);
  });
});

describe('回访设置', () => {
  it('saves and reads back; refuses overlapping windows and windows outside business hours, naming the window; audited', async () => {
    const t = await counter();
    await t.loginAs('admin');
    const settings = await t.must('revisitSettings.get', {});
    expect(settings.windows).toEqual([
      { from: '10:00', to: '12:00' },
      { from: '15:00', to: '18:00' },
    ]);
    const before = await rowCounts(t.archive);
    const overlap = await t.call('revisitSettings.save', {
      ...settings,
      windows: [
        { from: '10:00', to: '12:00' },
        { from: '11:30', to: '13:00' },
      ],
    });
    expect(overlap.ok).toBe(false);
    if (!overlap.ok) {
      expect(overlap.error.message).toContain('重叠');
      expect(overlap.error.details?.fields?.[0]?.path).toBe('windows.1.from');
    }
    const outside = await t.call('revisitSettings.save', { ...settings, windows: [{ from: '18:00', to: '20:00' }] });
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.error.message).toContain('不在营业时间');
    const reversed = await t.call('revisitSettings.save', { ...settings, windows: [{ from: '12:00', to: '10:00' }] });
    expect(reversed.ok).toBe(false);
    const threshold = await t.call('revisitSettings.save', {
      ...settings,
      problemAtOrBelow: { ...settings.problemAtOrBelow, five: 5 },
    });
    expect(threshold.ok).toBe(false);
    expect(await rowCounts(t.archive)).toEqual(before);

    const saved = await t.must('revisitSettings.save', {
      ...settings,
      maxAttempts: 4,
      windows: [
        { from: '15:00', to: '17:30' },
        { from: '09:00', to: '11:00' },
      ],
    });
    expect(saved.windows).toEqual([
      { from: '09:00', to: '11:00' },
      { from: '15:00', to: '17:30' },
    ]);
    expect(await t.must('revisitSettings.get', {})).toEqual(saved);
    expect(await rawSql(t.archive).value("SELECT count(*) FROM audit_log WHERE action = 'revisitSettings.save'")).toBe(
      1,
    );
    await t.loginAs('clerk');
    expect((await t.call('revisitSettings.save', settings)).ok).toBe(false);
  });
});

describe('two counters on the same call', () => {
  it('both record 已接通 at once: both attempts are kept, the call is closed once, the later one is told who closed it', async () => {
    const t = await counter();
    // The second counter: the same archive opened again (the same file, or the same server database).
    const other = await openTestArchive({ clock, file: t.file });
    open.unshift(other);
    await other.loginAs('manager');
    const ro = await deliveredRo(t, 7);
    const key = followup(ro.roId);
    const results = await Promise.all([
      t.call('calls.record', { key, outcome: 'reached', answers: [{ key: 'overall', value: 5 }], words: '很好' }),
      other.call('calls.record', { key, outcome: 'reached', answers: [{ key: 'overall', value: 4 }], words: '还行' }),
    ]);
    const [a, b] = results.map((r) => {
      if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
      return r.value;
    });
    // Exactly one closed it with its answers; the other's attempt is kept beside it, told by whom.
    expect([a!.closed, b!.closed].sort()).toEqual([false, true]);
    const winner = a!.closed ? a! : b!;
    const loser = a!.closed ? b! : a!;
    const call = await t.archive.db
      .selectFrom('revisit_call')
      .selectAll()
      .where('call_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(call).toMatchObject({ state: 'done', attempts: 2 });
    expect(loser.alreadyClosed?.by).toBe(call.closed_by);
    expect(['小王', '李经理']).toContain(call.closed_by);
    expect(JSON.parse(call.answers_json)).toEqual(winner.detail.answers);
    const raw = rawSql(t.archive);
    expect(await raw.value('SELECT count(*) FROM revisit_attempt WHERE call_id = ?', call.id)).toBe(2);
    expect(await raw.value('SELECT count(*) FROM revisit_call WHERE call_key = ?', key)).toBe(1);
    expect(
      await raw.value("SELECT count(*) FROM audit_log WHERE action = 'revisitCall.attempt' AND entity_id = ?", call.id),
    ).toBe(2);
  });
});
