/**
 * 月报 (reports.monthly) on a real archive behind the real dispatcher, the store clock pinned to
 * Thursday 2026-12-03: last month is 2026-11. ROs, the call, the complaint, claims and the service-fee
 * statement go through their own methods (the clock moved to when they happened where the method
 * stamps "now"); lost-customer reasons, win-back call records, first-service vouchers, an invitation
 * row and papers received are SQL inserts (history no method can place in the past). Every expected
 * figure is worked out by hand from the fixture (see the comments), not by the report code.
 * Default settings: 回访 (follow-up +7 days, CSI +2), 归档 (every settled RO: 修理单, 问诊单, 结算单;
 * major repairs — 钣喷/保险 or ≥ 8 h — also 检验单, 合格证; warranty ROs also 索赔单), 索赔 (7 days).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src-shared/contract/index';
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
let A: Car;
let B: Car;
let C: Car;
let D: Car;
let ro: Record<string, number>;

async function car(n: number, name: string): Promise<Car> {
  const c = await arch.t.must('customers.create', { name, mobile: `1380000000${n}` });
  const v = await arch.t.must('vehicles.create', {
    plate: `沪B2000${n}`,
    vin: withCheckDigit(`LFV2A21K0P3${String(n).padStart(6, '0')}`),
    model: '速腾',
    ownerId: c.record.id,
  });
  return { customerId: c.record.id, vehicleId: v.record.id };
}

/** An RO (RO<no>) opened at `time` on `day` and settled (and delivered) at the same moment, one labour line. */
async function settledRo(
  no: string,
  owner: Car,
  type: InputOf<'repairOrders.create'>['type'],
  day: string,
  o: { time?: string; advisor?: string; fen: number; hours?: number },
): Promise<number> {
  const when = `${day} ${o.time ?? '09:00'}`;
  const r = await arch.t.must('repairOrders.create', {
    roNumber: `RO${no}`,
    vehicleId: owner.vehicleId,
    customerId: owner.customerId,
    openedAt: when,
    type,
    status: 'settled',
    advisorName: o.advisor ?? '',
    deliveredAt: when,
    settledAt: when,
    payer: type === 'warranty' ? 'warranty' : 'customer',
    laborLines: [{ description: '工时', hours: o.hours ?? 1, amountFen: o.fen }],
  });
  return r.record.id;
}

beforeEach(async () => {
  A = await car(1, '周一');
  B = await car(2, '吴二');
  C = await car(3, '郑三');
  D = await car(4, '冯四');
  ro = {
    // May (the churn's base month): A's 定保 and B's 首保; A came back in August, B never.
    M0: await settledRo('M0', A, 'periodic_service', '2026-05-10', { advisor: '赵顾问', fen: 30000 }),
    M1: await settledRo('M1', B, 'first_service', '2026-05-20', { advisor: '赵顾问', fen: 0 }),
    M2: await settledRo('M2', A, 'repair', '2026-08-01', { advisor: '赵顾问', fen: 5000 }),
    // Around November: 10-31 23:59 and 12-01 00:00 are not November's; W1 is October's warranty RO.
    X1: await settledRo('X1', C, 'repair', '2026-10-31', { time: '23:59', advisor: '赵顾问', fen: 7000 }),
    X2: await settledRo('X2', A, 'repair', '2026-12-01', { time: '00:00', advisor: '赵顾问', fen: 9000 }),
    W1: await settledRo('W1', A, 'warranty', '2026-10-20', { advisor: '赵顾问', fen: 12000 }),
    // November: 5 ROs, 118 000 fen.
    N1: await settledRo('N1', A, 'repair', '2026-11-01', { time: '00:00', advisor: '赵顾问', fen: 10000 }),
    W2: await settledRo('W2', A, 'warranty', '2026-11-03', { fen: 30000, hours: 1.5 }),
    N2: await settledRo('N2', C, 'body_paint', '2026-11-15', { advisor: '钱顾问', fen: 50000, hours: 2 }),
    N4: await settledRo('N4', A, 'periodic_service', '2026-11-20', { advisor: '钱顾问', fen: 20000 }),
    W3: await settledRo('W3', C, 'warranty', '2026-11-30', { time: '23:59', advisor: '赵顾问', fen: 8000, hours: 0.5 }),
  };
});

/** Claims through the claims service: save → report → approve or reject. */
async function claim(
  roId: number,
  o: {
    type?: string;
    deadline?: string;
    no: string;
    reportedOn: string;
    approvedOn?: string;
    fen?: number;
    rejectedOn?: string;
  },
) {
  let c = await arch.t.must('claims.save', {
    roId,
    version: 0,
    claimType: o.type ?? 'warranty',
    deadline: o.deadline ?? null,
    faultDescription: '水泵漏水',
    cause: '水封老化',
    handling: '更换水泵总成',
  });
  c = await arch.t.must('claims.report', { roId, version: c.version, reportedOn: o.reportedOn, claimNo: o.no });
  if (o.rejectedOn)
    c = await arch.t.must('claims.reject', { roId, version: c.version, rejectedOn: o.rejectedOn, reason: '照片不清' });
  if (o.approvedOn)
    c = await arch.t.must('claims.approve', {
      roId,
      version: c.version,
      approvedOn: o.approvedOn,
      approvedFen: o.fen ?? 0,
    });
  return c;
}

async function november() {
  // The 7-day follow-up of N1 (delivered 11-01 00:00 → due 11-08), reached on 11-08 10:30:
  // workshop 5, reception 3 (≤ 3: a problem), 总体评价 5.
  const f7 = (await arch.t.must('questionnaires.list', { kind: 'followup7' }))[0]!.id;
  at('2026-11-08T10:30:00');
  await arch.t.must('calls.record', {
    key: `followup7:ro:${ro.N1}`,
    outcome: 'reached',
    questionnaireId: f7,
    answers: [
      { key: 'repair_result', value: 5 },
      { key: 'advisor_service', value: 3 },
      { key: 'overall', value: 5 },
    ],
    words: '顾问没解释清楚',
  });
  // A complaint opened 11-10, resolved 11-11, closed by its callback on 11-12 (2 days, 接受).
  at('2026-11-10T09:00:00');
  let k = await arch.t.must('complaints.create', {
    channel: 'walk_in',
    customerId: C.customerId,
    vehicleId: C.vehicleId,
    roId: ro.N2,
    description: '漆面有色差',
    department: 'workshop',
    type: 'quality',
    level: 'serious_grumble',
  });
  at('2026-11-11T09:00:00');
  k = await arch.t.must('complaints.resolve', {
    id: k.id,
    version: k.version,
    resolution: '重新喷漆',
    customerAccepted: true,
  });
  at('2026-11-12T09:00:00');
  await arch.t.must('complaints.recordCallback', { id: k.id, version: k.version, verdict: 'accept', closedLoop: true });
  at(`${TODAY}T10:00:00`);

  // Claims. W1 (October): approved 10-25, on October's statement, paid 11-15.
  await claim(ro.W1!, { no: 'SP-1', reportedOn: '2026-10-21', approvedOn: '2026-10-25', fen: 12000 });
  // W2: deadline 11-04 set by hand, reported 11-06 (late), approved 11-10 as 三包, 250.50 元 (of its 300.00).
  await claim(ro.W2!, {
    type: 'sanbao',
    deadline: '2026-11-04',
    no: 'SP-2',
    reportedOn: '2026-11-06',
    approvedOn: '2026-11-10',
    fen: 25050,
  });
  // W3: settled 11-30, the rules' 7 days → 12-07; reported 11-30 (on time), rejected the same day.
  await claim(ro.W3!, { no: 'SP-3', reportedOn: '2026-11-30', rejectedOn: '2026-11-30' });
  let s = await arch.t.must('statements.requestInvoice', { month: '2026-10', version: 0, requestedOn: '2026-11-02' });
  s = await arch.t.must('statements.recordInvoice', {
    month: '2026-10',
    version: s.version,
    invoiceNo: 'FP-001',
    invoiceOn: '2026-11-05',
  });
  await arch.t.must('statements.recordPaid', { month: '2026-10', version: s.version, paidOn: '2026-11-15' });

  // 流失原因 (one per vehicle): sold 11-05, elsewhere 11-06, sold 11-30 23:00; D's price on 10-31.
  const reason = async (c: Car, why: string, when: string) =>
    await run(
      "INSERT INTO lost_vehicle (vehicle_id, reason, reason_at, reason_by, updated_at) VALUES (?, ?, ?, '小王', ?)",
      c.vehicleId,
      why,
      when,
      when,
    );
  await reason(A, 'sold', local('2026-11-05'));
  await reason(B, 'elsewhere', local('2026-11-06'));
  await reason(C, 'sold', local('2026-11-30', '23:00:00'));
  await reason(D, 'price', local('2026-10-31'));
  // 流失召回 call records: reached 11-10, 未接通 11-11, cancelled 11-12, reached 12-01.
  const winback = async (c: Car, state: string, closed: string, outcome: string | null) =>
    await run(
      `INSERT INTO revisit_call (call_key, kind, vehicle_id, customer_id, due_on, state, closed_at, closed_by, attempts,
         last_attempt_at, last_outcome, created_at, updated_at)
       VALUES (?, 'reminder', ?, ?, ?, ?, ?, '小王', 1, ?, ?, ?, ?)`,
      `reminder:vehicle:${c.vehicleId}`,
      c.vehicleId,
      c.customerId,
      closed.slice(0, 10),
      state,
      closed,
      closed,
      outcome,
      closed,
      closed,
    );
  await winback(A, 'done', local('2026-11-10'), 'reached');
  await winback(B, 'unreached', local('2026-11-11'), 'no_answer');
  await winback(C, 'cancelled', local('2026-11-12'), null);
  await winback(D, 'done', local('2026-12-01'), 'reached');

  // 首保凭证: D 11-05 handed over 11-06; B 11-20 waiting; C 10-30 waiting.
  const voucher = async (no: string, c: Car, on: string, handed: string | null) =>
    await run(
      `INSERT INTO first_service_voucher (voucher_no, vehicle_id, service_on, mileage, handed_over_at, handed_to,
         handed_by, created_at, created_by) VALUES (?, ?, ?, 5000, ?, ?, ?, ?, '小王')`,
      no,
      c.vehicleId,
      on,
      handed,
      handed ? '销售部' : null,
      handed ? '小王' : null,
      local(on),
    );
  await voucher('V1', D, '2026-11-05', local('2026-11-06'));
  await voucher('V2', B, '2026-11-20', null);
  await voucher('V3', C, '2026-10-30', null);

  // 招揽: D's row due 11-15, letter 11-02, came 11-16.
  await run(
    "INSERT INTO invitation_list (id, title, period_from, period_to, created_at, created_by) VALUES (1, '11月', '2026-11-01', '2026-11-30', ?, '小王')",
    local('2026-10-25'),
  );
  await run(
    `INSERT INTO invitation_row (list_id, vehicle_id, customer_id, kind, due_on, due_by, letter_sent_on, came_on,
       created_at, updated_at) VALUES (1, ?, ?, 'periodic', '2026-11-15', 'time', '2026-11-02', '2026-11-16', ?, ?)`,
    D.vehicleId,
    D.customerId,
    local('2026-10-25'),
    local('2026-10-25'),
  );

  // Papers received: N1's 修理单 and 结算单; all three of N4's.
  const paper = async (roId: number, kind: string) =>
    await run(
      `INSERT INTO paper (kind, ro_id, doc_date, received_on, state, created_at, created_by, updated_at)
       VALUES (?, ?, '2026-11-20', '2026-11-21', 'received', ?, '小王', ?)`,
      kind,
      roId,
      local('2026-11-21'),
      local('2026-11-21'),
    );
  await paper(ro.N1!, 'ro_sheet');
  await paper(ro.N1!, 'settlement');
  for (const kind of ['ro_sheet', 'consultation', 'settlement']) await paper(ro.N4!, kind);
}

describe('月报 2026-11', () => {
  it('every section matches the hand-worked figures', async () => {
    await november();
    const r = await arch.t.must('reports.monthly', {});
    expect(r.period).toEqual({
      kind: 'monthly',
      key: '2026-11',
      from: '2026-11-01',
      to: '2026-11-30',
      label: '2026年11月',
      partial: false,
    });

    // 回访 due in November. Follow-ups (+7): X1 (10-31 → 11-07), N1 (11-08, reached), W2 (11-10),
    // N2 (11-22), N4 (11-27); W3 (→ 12-07) and W1 (→ 10-27) are not. CSI (+2): X1 (11-02), N1 (11-03),
    // W2 (11-05), N2 (11-17), N4 (11-22). 10 due, 1 done and reached, 9 open.
    expect(r.revisits.byKind).toEqual([
      { kind: 'followup7', due: 5, done: 1, reached: 1, unreached: 0, open: 4 },
      { kind: 'csi', due: 5, done: 0, reached: 0, unreached: 0, open: 5 },
    ]);
    expect(r.revisits).toMatchObject({ doneRate: 0.1, reachRate: 0.1 });

    // 满意度: the one call — 车间 5 → 1/1; 接待 3 → 0/1 with its problem; overall 5, 3, 5 → 2/3.
    expect(r.satisfaction.calls).toBe(1);
    expect(r.satisfaction.departments).toEqual([
      { department: 'reception', answers: 1, satisfied: 0, rate: 0, problems: 1 },
      { department: 'workshop', answers: 1, satisfied: 1, rate: 1, problems: 0 },
    ]);
    expect(r.satisfaction.overall).toEqual({ answers: 3, satisfied: 2, rate: 2 / 3 });
    expect(r.problems.map((p) => [p.on, p.department, p.roNumber, p.customerName, p.words])).toEqual([
      ['2026-11-08', 'reception', 'RON1', '周一', '对服务顾问的服务是否满意：顾问没解释清楚'],
    ]);

    // 投诉处理表: the one complaint, 11-10 → 11-12 (2 days), 接受.
    expect(r.complaints).toMatchObject({ opened: 1, closed: 1, stillOpen: 0, averageDaysToClose: 2 });
    expect(r.complaints.rows.map((k) => [k.openedOn, k.closedOn, k.daysToClose, k.verdict, k.customerName])).toEqual([
      ['2026-11-10', '2026-11-12', 2, 'accept', '郑三'],
    ]);
    expect(r.complaints.byLevel.find((l) => l.level === 'serious_grumble')?.count).toBe(1);

    // 流失率: base May — A (M0) and B (M1); A came back (August, November), B never → 1 − 1/2.
    // 首保 in May: B; no 定保 after it → 0/1.
    expect(r.lost.churn).toMatchObject({
      month: '2026-11',
      baseMonth: '2026-05',
      base: 2,
      returned: 1,
      churn: 0.5,
      firstServiceBase: 1,
      secondService: 0,
      retention: 0,
    });
    // Reasons recorded in November: 车已卖 2 (A 11-05, C 11-30 23:00), 在别处保养 1; D's 价格 is October's.
    expect(r.lost.reasons).toEqual([
      { reason: 'sold', count: 2 },
      { reason: 'elsewhere', count: 1 },
    ]);
    // Win-back calls closed in November: A (reached) and B (未接通); C's was cancelled, D's is December's.
    expect(r.lost).toMatchObject({ winbackCalls: 2, winbackReached: 1 });

    // 首保: registered in November V1 (handed over) and V2; waiting V2 and V3 (October's).
    expect(r.firstService).toEqual({ registered: 2, handedOver: 1, waiting: 2 });

    // 招揽: D's row — listed, letter, came; never called.
    expect(r.invitations.funnel).toEqual({ listed: 1, letter: 1, called: 0, booked: 0, came: 1, conversion: 1 });
    expect(r.invitations).toMatchObject({ lettersSent: 1, lettersCame: 1 });

    // 进厂台次: N1 (11-01 00:00, repair, 100.00), W2 (warranty, 300.00, no advisor), N2 (body_paint,
    // 500.00), N4 (定保, 200.00), W3 (11-30 23:59, warranty, 80.00) → 5 ROs, 1 180.00 元.
    // Advisors: 钱顾问 2 (700.00), 赵顾问 2 (180.00; 钱 before 赵 by pinyin), 未填 1 (300.00).
    expect(r.roVolume.total).toEqual({ count: 5, totalFen: 118000 });
    expect(r.roVolume.byType).toEqual([
      { type: 'first_service', count: 0, totalFen: 0 },
      { type: 'periodic_service', count: 1, totalFen: 20000 },
      { type: 'repair', count: 1, totalFen: 10000 },
      { type: 'body_paint', count: 1, totalFen: 50000 },
      { type: 'warranty', count: 2, totalFen: 38000 },
      { type: 'insurance', count: 0, totalFen: 0 },
      { type: 'comeback', count: 0, totalFen: 0 },
    ]);
    expect(r.roVolume.byAdvisor).toEqual([
      { advisor: '钱顾问', count: 2, totalFen: 70000 },
      { advisor: '赵顾问', count: 2, totalFen: 18000 },
      { advisor: '未填', count: 1, totalFen: 30000 },
    ]);

    // 归档 of the ROs settled in November: N1 3, N2 5 (钣喷: major), N4 3, W2 4 and W3 4 (索赔单)
    // = 19 required; received: N1 2, N4 3 = 5; missing 14 on N1, N2, W2, W3.
    expect(r.filing).toEqual({ required: 19, filed: 5, missing: 14, rosIncomplete: 4 });

    // 索赔: first reports in November W2 (late: 11-06 > 11-04) and W3 (on time); approved W2, 三包
    // 250.50; rejected W3; paid: October's statement (W1, 120.00) paid 11-15.
    expect(r.claims).toEqual({
      reported: 2,
      reportedOnTime: 1,
      approved: 1,
      approvedFen: 25050,
      rejected: 1,
      paid: 1,
      paidFen: 12000,
      byType: [{ type: 'sanbao', label: '三包', approved: 1, approvedFen: 25050 }],
    });
  });

  it('an empty month gives zeros, not errors', async () => {
    // June 2026: after the archive begins (05-10), nothing in it.
    const r = await arch.t.must('reports.monthly', { month: '2026-06' });
    expect(r.period.label).toBe('2026年6月');
    expect(r.revisits.total).toEqual({ due: 0, done: 0, reached: 0, unreached: 0, open: 0 });
    expect(r.satisfaction.overall).toEqual({ answers: 0, satisfied: 0, rate: null });
    expect(r.problems).toEqual([]);
    expect(r.complaints).toMatchObject({ opened: 0, closed: 0, rows: [], averageDaysToClose: null });
    // June's churn base is December 2025: no ROs then.
    expect(r.lost).toMatchObject({ churn: { base: 0, churn: null }, reasons: [], winbackCalls: 0, winbackReached: 0 });
    expect(r.firstService).toEqual({ registered: 0, handedOver: 0, waiting: 0 });
    expect(r.invitations.funnel.conversion).toBeNull();
    expect(r.roVolume.total).toEqual({ count: 0, totalFen: 0 });
    expect(r.roVolume.byType.every((t) => t.count === 0)).toBe(true);
    expect(r.roVolume.byAdvisor).toEqual([]);
    expect(r.filing).toEqual({ required: 0, filed: 0, missing: 0, rosIncomplete: 0 });
    expect(r.claims).toEqual({
      reported: 0,
      reportedOnTime: 0,
      approved: 0,
      approvedFen: 0,
      rejected: 0,
      paid: 0,
      paidFen: 0,
      byType: [],
    });
  });

  it('the current month is partial; a future month and one before the archive are refused naming 月份', async () => {
    expect((await arch.t.must('reports.monthly', { month: '2026-12' })).period).toMatchObject({
      partial: true,
      label: '2026年12月',
    });
    const before = await rowCounts(arch.t.archive);
    const future = await refused(arch.t.call('reports.monthly', { month: '2027-01' }));
    expect(future.code).toBe('VALIDATION');
    expect(future.details?.fields?.[0]).toEqual({
      path: 'month',
      label: '月份',
      message: '2027-01 还没到（今天是 2026-12-03），请选择本月或以前的月份',
    });
    // The archive begins with M0, opened 2026-05-10.
    const early = await refused(arch.t.call('reports.monthly', { month: '2026-04' }));
    expect(early.details?.fields?.[0]).toEqual({
      path: 'month',
      label: '月份',
      message: '档案从 2026-05-10 开始，2026年4月 在此之前，没有数据',
    });
    expect(await rowCounts(arch.t.archive)).toEqual(before);
  });

  it('refuses a month in another format, naming the expected one', async () => {
    for (const month of ['2026-13', '2026-1', '202611', '2026/11']) {
      const e = await refused(arch.t.call('reports.monthly', { month }));
      expect(e.code).toBe('VALIDATION');
      expect(e.details?.fields?.[0]?.path).toBe('month');
      expect(e.message).toContain('YYYY-MM');
    }
  });
});
