/**
 * 周报 (reports.weekly) on a real archive behind the real dispatcher, the store clock pinned to
 * Thursday 2026-12-03 (in 2026-W49): last week is 2026-W48, Monday 23 to Sunday 29 November.
 * Customers, vehicles, ROs, calls (answers, problems), the problem's handling and complaints go
 * through their own methods with the clock moved to when they happened; invitation rows,
 * appointments and comebacks, whose history no method can place in the past, are SQL inserts.
 * Every expected figure is worked out by hand from the fixture (see the comments), not by the
 * report code. Default 回访 settings: 7-day follow-up 7 days after delivery, CSI 2 days after.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { rowCounts } from '../support/archive';
import { clerkArchiveEachTest, local, refused } from '../support/filing';

const TODAY = '2026-12-03';
const arch = clerkArchiveEachTest(`${TODAY}T10:00:00`);
const { at, run } = arch;

interface Car {
  customerId: number;
  vehicleId: number;
}
let cars: Car[];
let ro: Record<string, number>;

async function car(n: number, name: string): Promise<Car> {
  const c = await arch.t.must('customers.create', { name, mobile: `1390000000${n}` });
  const v = await arch.t.must('vehicles.create', {
    plate: `京A1000${n}`,
    vin: withCheckDigit(`LSVAU2180N2${String(n).padStart(6, '0')}`),
    model: '朗逸',
    ownerId: c.record.id,
  });
  return { customerId: c.record.id, vehicleId: v.record.id };
}

/** A repair RO opened at 09:00 and delivered at 17:00 on `day` (settled 16:30). */
async function deliveredRo(no: string, owner: Car, day: string): Promise<number> {
  const r = await arch.t.must('repairOrders.create', {
    roNumber: no,
    vehicleId: owner.vehicleId,
    customerId: owner.customerId,
    openedAt: `${day} 09:00`,
    type: 'repair',
    status: 'settled',
    advisorName: '赵顾问',
    deliveredAt: `${day} 17:00`,
    settledAt: `${day} 16:30`,
    laborLines: [{ description: '检查底盘异响', hours: 0.5, amountFen: 8000 }],
  });
  return r.record.id;
}

async function questionnaireId(kind: 'csi' | 'followup7'): Promise<number> {
  return (await arch.t.must('questionnaires.list', { kind }))[0]!.id;
}

/** A call recorded at a local moment (the clock moved there and back). */
async function callAt(when: string, input: Parameters<typeof arch.t.must<'calls.record'>>[1]) {
  at(when);
  const r = await arch.t.must('calls.record', input);
  at(`${TODAY}T10:00:00`);
  return r;
}

async function complaintAt(when: string, input: Parameters<typeof arch.t.must<'complaints.create'>>[1]) {
  at(when);
  const k = await arch.t.must('complaints.create', input);
  at(`${TODAY}T10:00:00`);
  return k;
}

/** Resolved at `resolvedAt`, then the callback closes it at `closedAt` (verdict 满意 unless given). */
async function closeComplaint(id: number, resolvedAt: string, closedAt: string, verdict = 'satisfied' as const) {
  at(resolvedAt);
  let k = await arch.t.must('complaints.get', { id });
  k = await arch.t.must('complaints.resolve', {
    id,
    version: k.version,
    resolution: '已重新维修',
    customerAccepted: true,
  });
  at(closedAt);
  await arch.t.must('complaints.recordCallback', { id, version: k.version, verdict, closedLoop: true });
  at(`${TODAY}T10:00:00`);
}

beforeEach(async () => {
  cars = [await car(1, '张一'), await car(2, '王二'), await car(3, '李三'), await car(4, '赵四')];
  const [A, B, C, D] = cars as [Car, Car, Car, Car];
  // Delivered on → 7-day follow-up due (+7), CSI due (+2):
  ro = {
    // 11-14 → 11-21, 11-16 (both W47): the archive's first RO, opened 11-10.
    RO0: await deliveredRo('RO0', D, '2026-11-10'),
    // 11-16 → follow-up 11-23 (W48); CSI 11-18 (W47).
    RO1: await deliveredRo('RO1', A, '2026-11-16'),
    // 11-21 → follow-up 11-28 (W48); CSI 11-23 (W48).
    RO2: await deliveredRo('RO2', B, '2026-11-21'),
    // 11-25 → follow-up 12-02 (W49); CSI 11-27 (W48).
    RO3: await deliveredRo('RO3', C, '2026-11-25'),
    // 11-22 → follow-up 11-29 (W48); CSI 11-24 (W48).
    RO4: await deliveredRo('RO4', D, '2026-11-22'),
    // 11-26 → follow-up 12-03 (W49); CSI 11-28 (W48).
    RO6: await deliveredRo('RO6', C, '2026-11-26'),
  };
  // RO0 was delivered on the 14th, four days after it was opened.
  await run("UPDATE repair_order SET delivered_at = '2026-11-14T17:00:00+08:00' WHERE id = ?", ro.RO0);
});

/** The calls, problems and complaints of the fixture; returns the complaints' numbers. */
async function callsAndComplaints() {
  const csi = await questionnaireId('csi');
  const f7 = await questionnaireId('followup7');
  // CSI of RO2, Monday 11-23 10:30: workshop 4 and 2 (2 ≤ 3: a problem), reception 5 and 是 (1),
  // wash 3 (a problem), 总体评价 4 (no department), 来店方式 (a choice: not scored), 结算速度 未回答.
  const csiRo2 = await callAt('2026-11-23T10:30:00', {
    key: `csi:ro:${ro.RO2}`,
    outcome: 'reached',
    questionnaireId: csi,
    answers: [
      { key: 'speed_reception', value: 5 },
      { key: 'speed_completion', value: 4 },
      { key: 'speed_payment', value: null },
      { key: 'quoted_before', value: 1 },
      { key: 'repair_quality', value: 2 },
      { key: 'cleanliness', value: 3 },
      { key: 'arrival', value: 0 },
      { key: 'overall', value: 4 },
    ],
    words: '异响没修好，车也没洗干净',
  });
  // Follow-up of RO1, 11-23 11:00: workshop 5, reception 2 (a problem), 总体评价 5.
  await callAt('2026-11-23T11:00:00', {
    key: `followup7:ro:${ro.RO1}`,
    outcome: 'reached',
    questionnaireId: f7,
    answers: [
      { key: 'repair_result', value: 5 },
      { key: 'advisor_service', value: 2 },
      { key: 'overall', value: 5 },
    ],
    words: '顾问态度冷淡',
  });
  // CSI of RO4: no answer at 11-24 10:00 (still open), then a wrong number at 15:00: 未接通.
  await callAt('2026-11-24T10:00:00', { key: `csi:ro:${ro.RO4}`, outcome: 'no_answer' });
  await callAt('2026-11-24T15:00:00', { key: `csi:ro:${ro.RO4}`, outcome: 'wrong_number' });
  // CSI of RO6, 11-28: 拒访 (done, not reached, no questionnaire).
  await callAt('2026-11-28T10:00:00', { key: `csi:ro:${ro.RO6}`, outcome: 'refused', words: '不想接受回访' });
  // Follow-up of RO4, Sunday 11-29 23:59 (in W48): workshop 4, reception 4, 总体评价 3 (a problem: 接待).
  await callAt('2026-11-29T23:59:00', {
    key: `followup7:ro:${ro.RO4}`,
    outcome: 'reached',
    questionnaireId: f7,
    answers: [
      { key: 'repair_result', value: 4 },
      { key: 'advisor_service', value: 4 },
      { key: 'overall', value: 3 },
    ],
    words: '一般吧',
  });
  // Follow-up of RO2 (due Saturday 11-28), Monday 11-30 00:00 (W49): workshop 1, a problem.
  await callAt('2026-11-30T00:00:00', {
    key: `followup7:ro:${ro.RO2}`,
    outcome: 'reached',
    questionnaireId: f7,
    answers: [{ key: 'repair_result', value: 1 }],
    words: '还是响',
  });
  // CSI of RO3 (due 11-27): never called, open.

  const [workshopProblem, washProblem] = csiRo2.detail.problems;
  // The wash problem handled on 11-25.
  at('2026-11-25T16:00:00');
  await arch.t.must('callProblems.update', { id: washProblem!.id, action: '重新洗车', result: '客户满意', done: true });
  at(`${TODAY}T10:00:00`);

  const [A, B, C, D] = cars as [Car, Car, Car, Car];
  // The workshop problem becomes a complaint on 11-23 12:00 (轻微抱怨, still open).
  const k5 = await complaintAt('2026-11-23T12:00:00', {
    channel: 'call',
    callProblemId: workshopProblem!.id,
    department: 'workshop',
    type: 'quality',
    level: 'minor_grumble',
  });
  // W47's complaint, closed on 11-25 (7 days).
  const k3 = await complaintAt('2026-11-18T09:00:00', {
    channel: 'phone_in',
    customerId: C.customerId,
    vehicleId: C.vehicleId,
    description: '等车太久',
    department: 'reception',
    type: 'time',
    level: 'complaint',
  });
  await closeComplaint(k3.id, '2026-11-20T10:00:00', '2026-11-25T15:00:00');
  // Opened 11-24, closed 11-27 (3 days), owner 李经理.
  const manager = (await arch.t.must('users.list', {})).find((u) => u.name === '李经理')!.id;
  const k1 = await complaintAt('2026-11-24T10:00:00', {
    channel: 'walk_in',
    customerId: A.customerId,
    vehicleId: A.vehicleId,
    roId: ro.RO1,
    description: '<b>异响</b>',
    department: 'workshop',
    type: 'quality',
    level: 'complaint',
    ownerUserId: manager,
  });
  await closeComplaint(k1.id, '2026-11-26T10:00:00', '2026-11-27T11:00:00');
  // Opened 11-26, still open.
  const k2 = await complaintAt('2026-11-26T14:00:00', {
    channel: 'phone_in',
    customerId: B.customerId,
    description: '价格太贵',
    department: 'reception',
    type: 'price',
    level: 'grumble',
  });
  // Opened Saturday 11-28, closed Tuesday 12-01: open at the week's end.
  const k4 = await complaintAt('2026-11-28T09:00:00', {
    channel: 'phone_in',
    customerId: D.customerId,
    description: '态度差',
    department: 'reception',
    type: 'attitude',
    level: 'urgent',
  });
  await closeComplaint(k4.id, '2026-11-30T10:00:00', '2026-12-01T10:00:00');
  return { k1, k2, k3, k4, k5, workshopProblem: workshopProblem!, washProblem: washProblem! };
}

/** Invitation rows, appointments and comebacks (history placed by SQL). */
async function invitationsAppointmentsComebacks() {
  const [A, B, C, D] = cars as [Car, Car, Car, Car];
  const made = local('2026-11-10');
  await run(
    "INSERT INTO invitation_list (id, title, period_from, period_to, created_at, created_by) VALUES (1, '11月下旬', '2026-11-20', '2026-11-30', ?, '小王'), (2, '12月', '2026-11-20', '2026-12-10', ?, '小王')",
    made,
    made,
  );
  const row = async (
    id: number,
    list: number,
    c: Car,
    dueOn: string,
    o: { letter?: string; came?: string; removed?: boolean } = {},
  ) =>
    await run(
      `INSERT INTO invitation_row (id, list_id, vehicle_id, customer_id, kind, due_on, due_by, letter_sent_on, came_on,
         removed_at, removed_reason, removed_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'periodic', ?, 'time', ?, ?, ?, ?, ?, ?, ?)`,
      id,
      list,
      c.vehicleId,
      c.customerId,
      dueOn,
      o.letter ?? null,
      o.came ?? null,
      o.removed ? local('2026-11-20') : null,
      o.removed ? '车已卖' : '',
      o.removed ? '小王' : null,
      made,
      made,
    );
  await row(1, 1, A, '2026-11-23', { letter: '2026-11-16', came: '2026-11-25' });
  await row(2, 1, B, '2026-11-25', { letter: '2026-11-16' });
  await row(3, 1, C, '2026-11-29');
  await row(4, 1, D, '2026-11-27', { letter: '2026-11-24', removed: true });
  await row(5, 2, A, '2026-11-30', { letter: '2026-11-24', came: '2026-12-01' });
  await row(6, 2, B, '2026-11-22', { letter: '2026-11-29' });
  await row(7, 2, C, '2026-11-26', { letter: '2026-11-20' });
  const call = async (rowId: number, when: string, result: string, bookedFor: string | null = null) =>
    await run(
      "INSERT INTO invitation_call (row_id, at, result, booked_for, by_name) VALUES (?, ?, ?, ?, '小王')",
      rowId,
      local(when),
      result,
      bookedFor,
    );
  await call(1, '2026-11-20', 'booked', '2026-11-25');
  await call(2, '2026-11-21', 'no_answer');
  await call(7, '2026-11-21', 'reached');
  await call(7, '2026-11-22', 'booked', '2026-11-28');

  const appointment = async (c: Car, date: string, state: string) =>
    await run(
      `INSERT INTO appointment (customer_id, vehicle_id, date, purpose, source, state, cancelled_reason, created_at,
         created_by, updated_at) VALUES (?, ?, ?, 'periodic_service', 'phone_in', ?, ?, ?, '小王', ?)`,
      c.customerId,
      c.vehicleId,
      date,
      state,
      state === 'cancelled' ? '临时有事' : '',
      made,
      made,
    );
  await appointment(A, '2026-11-23', 'arrived');
  await appointment(B, '2026-11-24', 'booked');
  await appointment(C, '2026-11-26', 'cancelled');
  await appointment(D, '2026-11-29', 'arrived');
  await appointment(A, '2026-11-27', 'booked');
  await appointment(B, '2026-11-30', 'booked');
  await appointment(C, '2026-11-22', 'arrived');

  const comeback = async (
    c: Car,
    date: string,
    state: string,
    o: { ro?: number; earlier?: number; closed?: boolean; dismissed?: boolean } = {},
  ) =>
    await run(
      `INSERT INTO comeback (source, state, date, vehicle_id, customer_id, earlier_ro_id, ro_id, words, dismissed_reason,
         cause, action, result, closed_at, closed_by, created_at, created_by, updated_at)
       VALUES ('call', ?, ?, ?, ?, ?, ?, '又响了', ?, ?, ?, ?, ?, ?, ?, '小王', ?)`,
      state,
      date,
      c.vehicleId,
      c.customerId,
      o.earlier ?? null,
      o.ro ?? null,
      o.dismissed ? '不是返修' : '',
      o.closed ? '上次漏拧螺栓' : '',
      o.closed ? '重新紧固' : '',
      o.closed ? '已解决' : '',
      o.closed ? local(date, '18:00:00') : null,
      o.closed ? '李经理' : null,
      made,
      made,
    );
  await comeback(A, '2026-11-24', 'confirmed', { ro: ro.RO1, earlier: ro.RO0 });
  await comeback(D, '2026-11-29', 'closed', { closed: true });
  await comeback(C, '2026-11-25', 'dismissed', { dismissed: true });
  await comeback(B, '2026-11-30', 'confirmed');
  await comeback(B, '2026-11-22', 'confirmed');
}

describe('周报 2026-W48', () => {
  it('every section matches the hand-worked figures', async () => {
    const { k1, k2, k3, k4, k5, workshopProblem, washProblem } = await callsAndComplaints();
    await invitationsAppointmentsComebacks();
    const r = await arch.t.must('reports.weekly', {});

    expect(r.storeName).toBe('测试汽车服务有限公司');
    expect(r.period).toEqual({
      kind: 'weekly',
      key: '2026-W48',
      from: '2026-11-23',
      to: '2026-11-29',
      label: '2026年第48周（11月23日—11月29日）',
      partial: false,
    });
    expect(r.generatedAt).toBe('2026-12-03T10:00:00+08:00');

    // 回访 due in W48: follow-ups of RO1 (11-23), RO2 (11-28), RO4 (11-29) — all reached (RO2 on
    // Monday 11-30: the call is counted by its due day). CSI of RO2 (11-23, reached), RO3 (11-27,
    // never called: open), RO4 (11-24, wrong number: 未接通), RO6 (11-28, 拒访: done, not reached).
    // Total 7 due, 5 done, 4 reached, 1 unreached, 1 open → 5/7 and 4/7.
    expect(r.revisits.byKind).toEqual([
      { kind: 'followup7', due: 3, done: 3, reached: 3, unreached: 0, open: 0 },
      { kind: 'csi', due: 4, done: 2, reached: 1, unreached: 1, open: 1 },
    ]);
    expect(r.revisits.total).toEqual({ due: 7, done: 5, reached: 4, unreached: 1, open: 1 });
    expect(r.revisits.doneRate).toBeCloseTo(5 / 7, 10);
    expect(r.revisits.reachRate).toBeCloseTo(4 / 7, 10);
    expect(r.revisits.formula).toContain('5 / 7 = 71.4%');

    // 满意度: calls closed in W48 with answers — CSI RO2 (11-23), follow-up RO1 (11-23), follow-up
    // RO4 (Sunday 23:59). The Monday 00:00 call of RO2 is W49's. Per question (≤3 dissatisfied):
    //   repair_result 5, 4 → 2/2; advisor_service 2, 4 → 1/2; overall 4 (CSI), 5, 3 → 2/3;
    //   speed_reception 5 → 1/1; speed_completion 4 → 1/1; quoted_before 是 → 1/1;
    //   repair_quality 2 → 0/1; cleanliness 3 → 0/1. (speed_payment 未回答, arrival a choice: none.)
    // 接待: advisor_service 2 + speed_reception + quoted_before → 3 of 4; 车间: repair_result ×2 +
    // speed_completion + repair_quality → 3 of 4; 洗车: 0 of 1. Overall 8 of 12.
    // Problems of those calls: 接待 2 (RO1's advisor, RO4's 总体评价), 车间 1, 洗车 1.
    expect(r.satisfaction.calls).toBe(3);
    expect(r.satisfaction.questions.map((q) => [q.key, q.department, q.answers, q.satisfied])).toEqual([
      ['repair_result', 'workshop', 2, 2],
      ['advisor_service', 'reception', 2, 1],
      ['overall', null, 3, 2],
      ['speed_reception', 'reception', 1, 1],
      ['speed_completion', 'workshop', 1, 1],
      ['quoted_before', 'reception', 1, 1],
      ['repair_quality', 'workshop', 1, 0],
      ['cleanliness', 'wash', 1, 0],
    ]);
    expect(r.satisfaction.questions.find((q) => q.key === 'overall')).toMatchObject({
      text: '总体评价',
      scale: 'five',
      rate: 2 / 3,
    });
    expect(r.satisfaction.departments).toEqual([
      { department: 'reception', answers: 4, satisfied: 3, rate: 0.75, problems: 2 },
      { department: 'workshop', answers: 4, satisfied: 3, rate: 0.75, problems: 1 },
      { department: 'wash', answers: 1, satisfied: 0, rate: 0, problems: 1 },
    ]);
    expect(r.satisfaction.overall).toEqual({ answers: 12, satisfied: 8, rate: 8 / 12 });
    expect(r.satisfaction.formula).toContain('满意回答数 / 该部门题目的回答数');

    // 问题客户: by closing day then id — 11-23: RO2's 车间 and 洗车 (CSI, 10:30), RO1's 接待 (11:00);
    // 11-29: RO4's 接待 (23:59). RO2's Monday problem is not W48's.
    expect(
      r.problems.map((p) => [p.on, p.department, p.roNumber, p.customerName, p.phone, p.doneOn, p.complaintNo]),
    ).toEqual([
      ['2026-11-23', 'workshop', 'RO2', '王二', '13900000002', null, k5.no],
      ['2026-11-23', 'wash', 'RO2', '王二', '13900000002', '2026-11-25', null],
      ['2026-11-23', 'reception', 'RO1', '张一', '13900000001', null, null],
      ['2026-11-29', 'reception', 'RO4', '赵四', '13900000004', null, null],
    ]);
    expect(r.problems[0]!.problemId).toBe(workshopProblem.id);
    expect(r.problems[1]).toMatchObject({
      problemId: washProblem.id,
      plate: '京A10002',
      words: '车辆清洁：异响没修好，车也没洗干净',
      action: '重新洗车',
      result: '客户满意',
    });
    expect(r.problems[3]!.words).toBe('总体评价：一般吧');

    // 返修: 11-24 confirmed, 11-29 closed; the dismissed one, 11-22's and 11-30's are not W48's.
    expect(r.comebacks.count).toBe(2);
    expect(r.comebacks.closed).toBe(1);
    expect(r.comebacks.rows.map((c) => [c.date, c.state, c.plate, c.roNumber, c.earlierRoNumber])).toEqual([
      ['2026-11-24', 'confirmed', '京A10001', 'RO1', 'RO0'],
      ['2026-11-29', 'closed', '京A10004', null, null],
    ]);
    expect(r.comebacks.rows[1]).toMatchObject({ cause: '上次漏拧螺栓', result: '已解决', words: '又响了' });

    // 投诉: opened in W48 — K5 (11-23), K1 (11-24), K2 (11-26), K4 (11-28): 4. Closed in W48 — K3
    // (11-18 → 11-25, 7 days) and K1 (11-24 → 11-27, 3 days): 2, mean 5. Open at the week's end:
    // K5, K2, K4 (closed 12-01) = 3. Rows by opening: K3, K5, K1, K2, K4.
    expect(r.complaints).toMatchObject({ opened: 4, closed: 2, stillOpen: 3, averageDaysToClose: 5 });
    expect(
      r.complaints.rows.map((k) => [k.no, k.openedOn, k.closedOn, k.daysToClose, k.state, k.verdict, k.owner]),
    ).toEqual([
      [k3.no, '2026-11-18', '2026-11-25', 7, 'closed', 'satisfied', null],
      [k5.no, '2026-11-23', null, null, 'open', null, null],
      [k1.no, '2026-11-24', '2026-11-27', 3, 'closed', 'satisfied', '李经理'],
      [k2.no, '2026-11-26', null, null, 'open', null, null],
      [k4.no, '2026-11-28', '2026-12-01', 3, 'closed', 'satisfied', null],
    ]);
    expect(r.complaints.rows[2]).toMatchObject({
      customerName: '张一',
      phone: '13900000001',
      plate: '京A10001',
      description: '<b>异响</b>',
      resolution: '已重新维修',
      type: 'quality',
      level: 'complaint',
      department: 'workshop',
    });
    // By type and level of the 4 opened: quality 2 (K5, K1), price 1, attitude 1; minor_grumble 1,
    // grumble 1, complaint 1, urgent 1 — every key listed.
    expect(r.complaints.byType).toEqual([
      { type: 'quality', count: 2 },
      { type: 'price', count: 1 },
      { type: 'time', count: 0 },
      { type: 'attitude', count: 1 },
      { type: 'parts', count: 0 },
      { type: 'transparency', count: 0 },
      { type: 'environment', count: 0 },
      { type: 'other', count: 0 },
    ]);
    expect(r.complaints.byLevel).toEqual([
      { level: 'minor_grumble', count: 1 },
      { level: 'grumble', count: 1 },
      { level: 'serious_grumble', count: 0 },
      { level: 'complaint', count: 1 },
      { level: 'urgent', count: 1 },
      { level: 'escalated', count: 0 },
      { level: 'major', count: 0 },
    ]);

    // 招揽: rows due in W48 and not removed — 1 (letter, booked, came), 2 (letter, called), 3 (nothing),
    // 7 (letter, called, booked): listed 4, letter 3, called 3, booked 2, came 1 → 1/4. Row 4 (removed)
    // and 5, 6 (due outside) are not listed. Letters sent 11-23..29: rows 4, 5 (came 12-01), 6 → 3, 1 came.
    expect(r.invitations.funnel).toEqual({ listed: 4, letter: 3, called: 3, booked: 2, came: 1, conversion: 0.25 });
    expect(r.invitations.lettersSent).toBe(3);
    expect(r.invitations.lettersCame).toBe(1);
    expect(r.invitations.formula).toContain('1 / 4 = 25.0%');

    // 预约 for 11-23..29: 5 (11-22's and 11-30's are not); arrived 2, cancelled 1, still booked on a
    // past day 2 (11-24, 11-27) → kept 2 / (5 − 1) = 0.5.
    expect(r.appointments).toEqual({ booked: 5, arrived: 2, noShow: 2, cancelled: 1, keptRate: 0.5 });
  });

  it('a call closed Sunday 23:59 is in the week; Monday 00:00 is the next week’s', async () => {
    await callsAndComplaints();
    const w48 = await arch.t.must('reports.weekly', { week: '2026-W48' });
    const w49 = await arch.t.must('reports.weekly', { week: '2026-W49' });
    expect(w48.problems.at(-1)).toMatchObject({ on: '2026-11-29', roNumber: 'RO4' });
    // W49 (so far): the Monday 00:00 follow-up of RO2, workshop 1 → 0 of 1; its problem.
    expect(w49.period).toMatchObject({ key: '2026-W49', partial: true });
    expect(w49.satisfaction.calls).toBe(1);
    expect(w49.satisfaction.departments).toEqual([
      { department: 'workshop', answers: 1, satisfied: 0, rate: 0, problems: 1 },
    ]);
    expect(w49.problems.map((p) => [p.on, p.department, p.roNumber])).toEqual([['2026-11-30', 'workshop', 'RO2']]);
    // W49's revisits so far: follow-ups of RO3 (12-02) and RO6 (12-03, today), not called: 2 open.
    expect(w49.revisits.total).toEqual({ due: 2, done: 0, reached: 0, unreached: 0, open: 2 });
  });

  it('an empty week gives zeros and empty lists, not errors', async () => {
    // W46 (11-09..15) holds the archive's first RO (opened 11-10) but nothing the report counts.
    const r = await arch.t.must('reports.weekly', { week: '2026-W46' });
    expect(r.period.label).toBe('2026年第46周（11月9日—11月15日）');
    expect(r.revisits).toMatchObject({
      total: { due: 0, done: 0, reached: 0, unreached: 0, open: 0 },
      doneRate: null,
      reachRate: null,
    });
    expect(r.revisits.byKind.map((k) => k.due)).toEqual([0, 0]);
    expect(r.satisfaction).toMatchObject({
      calls: 0,
      questions: [],
      departments: [],
      overall: { answers: 0, satisfied: 0, rate: null },
    });
    expect(r.problems).toEqual([]);
    expect(r.comebacks).toEqual({ count: 0, closed: 0, rows: [] });
    expect(r.complaints).toMatchObject({ opened: 0, closed: 0, stillOpen: 0, averageDaysToClose: null, rows: [] });
    expect(r.complaints.byType.every((t) => t.count === 0)).toBe(true);
    expect(r.invitations).toMatchObject({
      lettersSent: 0,
      lettersCame: 0,
      funnel: { listed: 0, letter: 0, called: 0, booked: 0, came: 0, conversion: null },
    });
    expect(r.appointments).toEqual({ booked: 0, arrived: 0, noShow: 0, cancelled: 0, keptRate: null });
  });

  it('refuses a future week and one before the archive, naming 周; nothing is written', async () => {
    const before = await rowCounts(arch.t.archive);
    const future = await refused(arch.t.call('reports.weekly', { week: '2026-W50' }));
    expect(future.code).toBe('VALIDATION');
    expect(future.details?.fields?.[0]).toEqual({
      path: 'week',
      label: '周',
      message: '2026-W50 还没到（今天是 2026-12-03），请选择本周或以前的周',
    });
    // The archive begins with RO0, opened 2026-11-10: W45 (11-02..08) is before it.
    const early = await refused(arch.t.call('reports.weekly', { week: '2026-W45' }));
    expect(early.details?.fields?.[0]).toEqual({
      path: 'week',
      label: '周',
      message: '档案从 2026-11-10 开始，2026年第45周（11月2日—11月8日） 在此之前，没有数据',
    });
    const none = await refused(arch.t.call('reports.weekly', { week: '2021-W53' }));
    expect(none.details?.fields?.[0]).toMatchObject({ path: 'week', label: '周' });
    expect(none.message).toContain('2021 年没有第 53 周');
    expect(await rowCounts(arch.t.archive)).toEqual(before);
  });

  it('refuses a week in another format, naming the expected one', async () => {
    for (const week of ['2026-48', '2026-W54', '2026-W00', '2026W48', '']) {
      const e = await refused(arch.t.call('reports.weekly', { week }));
      expect(e.code).toBe('VALIDATION');
      expect(e.details?.fields?.[0]?.path).toBe('week');
      expect(e.message).toContain('YYYY-Www');
    }
  });
});
