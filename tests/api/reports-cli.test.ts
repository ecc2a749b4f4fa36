/**
 * `cli report weekly|monthly` on a real archive file, through the same dispatcher as the window, on a
 * pinned store clock (CLERKDESK_FAKE_NOW, which the CLI reads; Thursday 2026-12-03 10:00 at the
 * store, so last week is 2026-W48, 23-29 November, and last month 2026-11). A small November is
 * arranged through the dispatcher on a clock moved day by day, and the JSON's figures are checked
 * against the figures worked out by hand below (beside each arrangement), not by the report code.
 * XLSX and PDF are written (to --out, or under the service's file name in the folder the command was
 * typed in) and recorded as delivered; a future month, a month before the archive and a bad week
 * are refused in Chinese with exit 2.
 *
 * The arrangement (store time, UTC+8):
 *   RO1 2026-11-10 repair, 赵顾问, 500.00, delivered 11-10 → csi due 11-12, followup7 due 11-17
 *   RO2 2026-11-16 periodic_service, 钱顾问, 120.00, delivered 11-16 → csi 11-18, followup7 11-23 (W48)
 *   RO3 2026-11-23 repair, 赵顾问, 200.00 + 80.00, delivered 11-23 → csi 11-25 (W48), followup7 11-30
 *   calls: csi RO1 11-12 reached (接待速度 5, 维修质量 2 → 车间 problem, 车辆清洁 5, 总体评价 4, 来店方式 choice);
 *          csi RO2 11-18 reached (接待速度 4, 配件价格 5, 事先报价 是, 总体评价 5);
 *          followup7 RO2 11-23 reached (维修效果 5, 服务顾问 2 → 接待 problem, 总体评价 4);
 *          csi RO3 11-25 拒访 (done, not reached, no questionnaire); followup7 RO1, RO3 not called.
 *   complaints: C3 opened 10-28 (price, 轻微抱怨) closed 11-24; C2 opened 11-05 (quality, 一般投诉) open;
 *               C1 opened 11-24 (attitude, 一般抱怨) closed 11-26.
 *   comebacks: vehicle 1 marked 11-24 (confirmed); vehicle 2 marked 11-28 and closed by the manager.
 *   appointments: vehicle 3 on 11-23 (RO3 that day → arrived); vehicle 1 on 11-25 (no RO → no-show);
 *                 vehicle 2 on 11-27 (cancelled).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import type { DepartmentSatisfaction, MonthlyReport, WeeklyReport } from '../../src-shared/domain/reports';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { type TestArchive, tempDir } from '../support/archive';
import { movableClock, openClerkArchive } from '../support/filing';

/** 10:00 on Thursday 3 December 2026 at the store (UTC+8). */
const NOW = '2026-12-03T02:00:00Z';

let t: TestArchive;
let outDir: string;

beforeEach(async () => {
  vi.stubEnv('CLERKDESK_FAKE_NOW', NOW);
  outDir = tempDir('clerkdesk-report-cli-');
  const { clock, at } = movableClock();
  at('2026-11-01T09:00:00');
  t = await openClerkArchive(clock);

  const people: { customerId: number; vehicleId: number }[] = [];
  for (const n of [1, 2, 3]) {
    const c = await t.must('customers.create', { name: `客户${n}`, mobile: `1390000000${n}` });
    const v = await t.must('vehicles.create', {
      plate: `京A1000${n}`,
      vin: withCheckDigit(`LSVAU2180N200000${n}`),
      model: '朗逸',
      ownerId: c.record.id,
    });
    people.push({ customerId: c.record.id, vehicleId: v.record.id });
  }
  const [p1, p2, p3] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  const ro = async (
    roNumber: string,
    who: (typeof people)[0],
    day: string,
    type: 'repair' | 'periodic_service',
    advisorName: string,
    laborLines: { description: string; hours: number; amountFen: number }[],
  ) =>
    (
      await t.must('repairOrders.create', {
        roNumber,
        vehicleId: who.vehicleId,
        customerId: who.customerId,
        openedAt: `${day} 09:00`,
        type,
        status: 'settled',
        advisorName,
        completedAt: `${day} 15:00`,
        deliveredAt: `${day} 17:00`,
        settledAt: `${day} 16:30`,
        laborLines,
      })
    ).record.id;
  const csi = (await t.must('questionnaires.list', { kind: 'csi' }))[0]!.id;
  const followup = (await t.must('questionnaires.list', { kind: 'followup7' }))[0]!.id;

  // C3: a letter dated 28 October, registered on 1 November.
  const c3 = await t.must('complaints.create', {
    channel: 'letter',
    customerId: p3.customerId,
    vehicleId: p3.vehicleId,
    description: '工时费比报价高',
    openedAt: '2026-10-28T10:00:00+08:00',
    department: 'cashier',
    type: 'price',
    level: 'minor_grumble',
  });
  at('2026-11-05T10:00:00');
  await t.must('complaints.create', {
    channel: 'phone_in',
    customerId: p1.customerId,
    vehicleId: p1.vehicleId,
    description: '空调不制冷，修了两次',
    department: 'workshop',
    type: 'quality',
    level: 'complaint',
  });

  at('2026-11-10T18:00:00');
  const ro1 = await ro('RO2611100001', p1, '2026-11-10', 'repair', '赵顾问', [
    { description: '检查底盘异响', hours: 4, amountFen: 50_000 },
  ]);
  at('2026-11-12T10:30:00');
  await t.must('calls.record', {
    key: `csi:ro:${ro1}`,
    outcome: 'reached',
    questionnaireId: csi,
    answers: [
      { key: 'speed_reception', value: 5 },
      { key: 'repair_quality', value: 2 },
      { key: 'cleanliness', value: 5 },
      { key: 'arrival', value: 0 },
      { key: 'overall', value: 4 },
    ],
    words: '异响还在',
  });

  at('2026-11-16T18:00:00');
  const ro2 = await ro('RO2611160001', p2, '2026-11-16', 'periodic_service', '钱顾问', [
    { description: '更换机油机滤', hours: 1, amountFen: 12_000 },
  ]);
  at('2026-11-18T10:30:00');
  await t.must('calls.record', {
    key: `csi:ro:${ro2}`,
    outcome: 'reached',
    questionnaireId: csi,
    answers: [
      { key: 'speed_reception', value: 4 },
      { key: 'price_parts', value: 5 },
      { key: 'quoted_before', value: 1 },
      { key: 'overall', value: 5 },
    ],
  });

  at('2026-11-20T10:00:00');
  await t.must('appointments.create', { vehicleId: p3.vehicleId, date: '2026-11-23', purpose: 'repair' });
  await t.must('appointments.create', { vehicleId: p1.vehicleId, date: '2026-11-25', purpose: 'repair' });
  const cancelled = await t.must('appointments.create', {
    vehicleId: p2.vehicleId,
    date: '2026-11-27',
    purpose: 'periodic_service',
  });
  await t.must('appointments.cancel', { id: cancelled.id, reason: '客户出差' });

  at('2026-11-23T10:30:00');
  await t.must('calls.record', {
    key: `followup7:ro:${ro2}`,
    outcome: 'reached',
    questionnaireId: followup,
    answers: [
      { key: 'repair_result', value: 5 },
      { key: 'advisor_service', value: 2 },
      { key: 'overall', value: 4 },
    ],
    words: '顾问态度冷淡',
  });
  at('2026-11-23T18:00:00');
  const ro3 = await ro('RO2611230001', p3, '2026-11-23', 'repair', '赵顾问', [
    { description: '更换刹车片', hours: 1.5, amountFen: 20_000 },
    { description: '四轮定位', hours: 0.5, amountFen: 8_000 },
  ]);

  at('2026-11-24T10:00:00');
  const c1 = await t.must('complaints.create', {
    channel: 'walk_in',
    customerId: p2.customerId,
    vehicleId: p2.vehicleId,
    description: '接待时没人理',
    department: 'reception',
    type: 'attitude',
    level: 'grumble',
  });
  const r3 = await t.must('complaints.resolve', {
    id: c3.id,
    version: c3.version,
    resolution: '核对工时单，退还差价',
    customerAccepted: true,
  });
  await t.must('complaints.recordCallback', { id: c3.id, version: r3.version, verdict: 'satisfied', closedLoop: true });
  await t.must('comebacks.mark', { vehicleId: p1.vehicleId, earlierRoId: ro1, words: '底盘异响复发' });

  at('2026-11-25T10:30:00');
  await t.must('calls.record', { key: `csi:ro:${ro3}`, outcome: 'refused', words: '不需要回访' });
  const r1 = await t.must('complaints.resolve', {
    id: c1.id,
    version: c1.version,
    resolution: '服务经理致歉',
    customerAccepted: true,
  });
  at('2026-11-26T10:00:00');
  await t.must('complaints.recordCallback', { id: c1.id, version: r1.version, verdict: 'satisfied', closedLoop: true });

  at('2026-11-28T10:00:00');
  const comeback = await t.must('comebacks.mark', { vehicleId: p2.vehicleId, earlierRoId: ro2, words: '机油渗漏' });
  await t.loginAs('manager');
  await t.must('comebacks.close', {
    id: comeback.id!,
    version: comeback.version!,
    cause: '放油螺栓未拧紧',
    action: '重新紧固',
    result: '已解决',
  });
  await t.loginAs('clerk');
  at('2026-12-03T10:00:00');
});
afterEach(async () => {
  await t.close();
  fs.rmSync(outDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

async function cli(...args: string[]) {
  // The CLI opens the same file in its own connection; checkpoint so it sees everything.
  t.archive.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  let out = '';
  let err = '';
  const code = await runCli(
    [...args, '--db', t.file],
    { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) },
    { INIT_CWD: outDir },
  );
  return { code, out, err };
}

const byDepartment = (rows: DepartmentSatisfaction[]) =>
  Object.fromEntries(rows.map((d) => [d.department, [d.answers, d.satisfied, d.rate, d.problems]]));

describe('cli report weekly', () => {
  it('--format json prints last week (2026-W48) with the hand-worked figures', async () => {
    const r = await cli('report', 'weekly', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const w = JSON.parse(r.out) as WeeklyReport;
    expect(w.period).toEqual({
      kind: 'weekly',
      key: '2026-W48',
      from: '2026-11-23',
      to: '2026-11-29',
      label: '2026年第48周（11月23日—11月29日）',
      partial: false,
    });
    expect(w.storeName).toBe('测试汽车服务有限公司');
    // Due in the week: followup7 RO2 (23rd, reached), csi RO3 (25th, refused: done, not reached).
    expect(w.revisits.total).toEqual({ due: 2, done: 2, reached: 1, unreached: 0, open: 0 });
    expect(w.revisits.doneRate).toBe(1);
    expect(w.revisits.reachRate).toBe(0.5);
    const kinds = Object.fromEntries(w.revisits.byKind.map((k) => [k.kind, [k.due, k.done, k.reached]]));
    expect(kinds.followup7).toEqual([1, 1, 1]);
    expect(kinds.csi).toEqual([1, 1, 0]);
    // One call with answers in the week (followup7 RO2): 5 (车间), 2 (接待), 总体 4 (no department).
    expect(w.satisfaction.calls).toBe(1);
    expect(w.satisfaction.overall).toEqual({ answers: 3, satisfied: 2, rate: 2 / 3 });
    const departments = byDepartment(w.satisfaction.departments);
    expect(departments.workshop).toEqual([1, 1, 1, 0]);
    expect(departments.reception).toEqual([1, 0, 0, 1]);
    expect(w.satisfaction.questions.find((q) => q.key === 'advisor_service')).toMatchObject({
      answers: 1,
      satisfied: 0,
      rate: 0,
    });
    // words: the question answered below the threshold, then 用户原话.
    expect(w.problems.map((p) => [p.department, p.on, p.words])).toEqual([
      ['reception', '2026-11-23', '对服务顾问的服务是否满意：顾问态度冷淡'],
    ]);
    expect(w.comebacks.count).toBe(2);
    expect(w.comebacks.closed).toBe(1);
    expect(w.comebacks.rows.map((c) => c.date).sort()).toEqual(['2026-11-24', '2026-11-28']);
    // Opened: C1. Closed: C3 (24th, 27 days after 28 Oct) and C1 (26th, 2 days).
    expect(w.complaints).toMatchObject({ opened: 1, closed: 2, stillOpen: 0, averageDaysToClose: 14.5 });
    expect(w.complaints.rows.map((c) => [c.openedOn, c.closedOn, c.daysToClose, c.verdict])).toEqual([
      ['2026-10-28', '2026-11-24', 27, 'satisfied'],
      ['2026-11-24', '2026-11-26', 2, 'satisfied'],
    ]);
    expect(w.complaints.byType.filter((x) => x.count > 0)).toEqual([{ type: 'attitude', count: 1 }]);
    expect(w.complaints.byType).toHaveLength(8);
    expect(w.complaints.byLevel.filter((x) => x.count > 0)).toEqual([{ level: 'grumble', count: 1 }]);
    expect(w.invitations.lettersSent).toBe(0);
    expect(w.invitations.funnel).toEqual({ listed: 0, letter: 0, called: 0, booked: 0, came: 0, conversion: null });
    // 3 booked, 1 arrived, 1 no-show, 1 cancelled: kept = 1 / (3 - 1).
    expect(w.appointments).toEqual({ booked: 3, arrived: 1, noShow: 1, cancelled: 1, keptRate: 0.5 });
  });

  it('--week names the week; --out writes the JSON to a file and says where', async () => {
    const r = await cli('report', 'weekly', '--week', '2026-W47', '--format', 'json', '--out', 'w47.json');
    expect(r.code).toBe(0);
    const file = path.join(outDir, 'w47.json');
    expect(r.out).toContain(file);
    const w = JSON.parse(fs.readFileSync(file, 'utf8')) as WeeklyReport;
    expect(w.period).toMatchObject({ key: '2026-W47', from: '2026-11-16', to: '2026-11-22' });
    // Due 16-22 Nov: followup7 RO1 (17th, not called), csi RO2 (18th, reached).
    expect(w.revisits.total).toEqual({ due: 2, done: 1, reached: 1, unreached: 0, open: 1 });
    expect(w.complaints).toMatchObject({ opened: 0, closed: 0, stillOpen: 0 });
  });

  it('writes the XLSX and the PDF (default file name in the folder typed in) and records both as delivered', async () => {
    const x = await cli('report', 'weekly', '--week', '2026-W48', '--format', 'xlsx', '--out', 'week.xlsx');
    expect(x.err).toBe('');
    expect(x.code).toBe(0);
    const xlsx = fs.readFileSync(path.join(outDir, 'week.xlsx'));
    expect(xlsx.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(x.out).toContain('已导出周报 2026年第48周');

    const p = await cli('report', 'weekly', '--format', 'pdf', '--json');
    expect(p.code).toBe(0);
    const written = JSON.parse(p.out) as { path: string; fileName: string; pages: number };
    expect(written.path).toBe(path.join(outDir, '周报_2026-W48.pdf'));
    expect(written.pages).toBeGreaterThanOrEqual(1);
    expect(fs.readFileSync(written.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const deliveries = await t.must('reports.deliveries', { week: '2026-W48' });
    expect(deliveries.map((d) => [d.kind, d.period, d.format, d.unmasked, d.byName])).toEqual([
      ['weekly', '2026-W48', 'pdf', false, '命令行'],
      ['weekly', '2026-W48', 'xlsx', false, '命令行'],
    ]);
  }, 60_000);
});

describe('cli report monthly', () => {
  it('--format json prints last month (2026-11) with the hand-worked figures', async () => {
    const r = await cli('report', 'monthly', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out) as MonthlyReport;
    expect(m.period).toMatchObject({ kind: 'monthly', key: '2026-11', from: '2026-11-01', to: '2026-11-30' });
    expect(m.period.label).toBe('2026年11月');
    // Due in November: csi RO1/RO2/RO3 (done; RO3 not reached), followup7 RO2 (reached), followup7 RO1 and RO3 open.
    expect(m.revisits.total).toEqual({ due: 6, done: 4, reached: 3, unreached: 0, open: 2 });
    expect(m.revisits.doneRate).toBe(4 / 6);
    expect(m.revisits.reachRate).toBe(0.5);
    // Three calls with answers: 4 + 4 + 3 scored answers (来店方式 is a choice, not scored), 2 dissatisfied.
    expect(m.satisfaction.calls).toBe(3);
    expect(m.satisfaction.overall).toEqual({ answers: 11, satisfied: 9, rate: 9 / 11 });
    const departments = byDepartment(m.satisfaction.departments);
    expect(departments.reception).toEqual([4, 3, 0.75, 1]);
    expect(departments.workshop).toEqual([2, 1, 0.5, 1]);
    expect(departments.parts).toEqual([1, 1, 1, 0]);
    expect(departments.wash).toEqual([1, 1, 1, 0]);
    expect(departments.cashier?.[0] ?? 0).toBe(0);
    const questions = Object.fromEntries(m.satisfaction.questions.map((q) => [q.key, [q.answers, q.satisfied]]));
    expect(questions).toMatchObject({
      speed_reception: [2, 2],
      repair_quality: [1, 0],
      overall: [3, 3],
      advisor_service: [1, 0],
    });
    expect(questions.arrival).toBeUndefined();
    expect(m.problems.map((p) => [p.department, p.on])).toEqual([
      ['workshop', '2026-11-12'],
      ['reception', '2026-11-23'],
    ]);
    // Opened in November: C2 (open), C1 (closed 26th). Closed: C3, C1.
    expect(m.complaints).toMatchObject({ opened: 2, closed: 2, stillOpen: 1, averageDaysToClose: 14.5 });
    expect(m.complaints.rows.map((c) => [c.openedOn, c.state, c.daysToClose])).toEqual([
      ['2026-10-28', 'closed', 27],
      ['2026-11-05', 'open', null],
      ['2026-11-24', 'closed', 2],
    ]);
    expect(m.complaints.byLevel.filter((x) => x.count > 0)).toEqual([
      { level: 'grumble', count: 1 },
      { level: 'complaint', count: 1 },
    ]);
    // ROs: 500.00 + 120.00 + 280.00.
    expect(m.roVolume.total).toEqual({ count: 3, totalFen: 90_000 });
    expect(m.roVolume.byType.filter((x) => x.count > 0)).toEqual([
      { type: 'periodic_service', count: 1, totalFen: 12_000 },
      { type: 'repair', count: 2, totalFen: 78_000 },
    ]);
    expect(m.roVolume.byAdvisor).toEqual([
      { advisor: '赵顾问', count: 2, totalFen: 78_000 },
      { advisor: '钱顾问', count: 1, totalFen: 12_000 },
    ]);
    // Nothing arranged for these: zeros, not errors.
    expect(m.lost.reasons).toEqual([]);
    expect(m.lost.winbackCalls).toBe(0);
    expect(m.firstService).toEqual({ registered: 0, handedOver: 0, waiting: 0 });
    expect(m.claims).toMatchObject({ reported: 0, approved: 0, approvedFen: 0, rejected: 0, paid: 0, paidFen: 0 });
    expect(m.invitations.funnel.listed).toBe(0);
    expect(m.filing.required).toBe(m.filing.filed + m.filing.missing);
  });

  it('writes the monthly XLSX and PDF and records them', async () => {
    const x = await cli('report', 'monthly', '--month', '2026-11', '--format', 'xlsx');
    expect(x.code).toBe(0);
    expect(fs.readFileSync(path.join(outDir, '月报_2026-11.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    const p = await cli('report', 'monthly', '--month', '2026-11', '--format', 'pdf', '--out', 'nov.pdf');
    expect(p.code).toBe(0);
    expect(p.out).toMatch(/已导出月报 2026年11月 PDF（\d+ KB，\d+ 页）/);
    expect(fs.readFileSync(path.join(outDir, 'nov.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const rows = t.archive
      .sqlite!.prepare(
        "SELECT kind, period, format, unmasked FROM report_delivery WHERE period = '2026-11' ORDER BY id",
      )
      .all();
    expect(rows).toEqual([
      { kind: 'monthly', period: '2026-11', format: 'xlsx', unmasked: 0 },
      { kind: 'monthly', period: '2026-11', format: 'pdf', unmasked: 0 },
    ]);
  }, 60_000);
});

describe('cli report: bad input', () => {
  it('refuses a future month and a month before the archive with the contract message, exit 2, nothing written', async () => {
    const future = await cli('report', 'monthly', '--month', '2027-01', '--format', 'xlsx');
    expect(future.code).toBe(2);
    expect(future.out).toBe('');
    expect(future.err).toContain('还没到');
    expect(future.err).toContain('2026-12-03');
    const before = await cli('report', 'monthly', '--month', '2026-09', '--format', 'json');
    expect(before.code).toBe(2);
    expect(before.err).toContain('档案从 2026-11-10 开始');
    const futureWeek = await cli('report', 'weekly', '--week', '2026-W50', '--format', 'json');
    expect(futureWeek.code).toBe(2);
    expect(futureWeek.err).toContain('2026-W50 还没到（今天是 2026-12-03）');
    expect(fs.readdirSync(outDir)).toEqual([]);
    expect(t.archive.sqlite!.prepare('SELECT count(*) FROM report_delivery').pluck().get()).toBe(0);
  });

  it('a bad week names YYYY-Www; an unknown subcommand names weekly|monthly; a bad format names the three', async () => {
    for (const week of ['2026-48', '2026-W54', '2025-W53']) {
      const r = await cli('report', 'weekly', '--week', week, '--format', 'json');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`--week：“${week}”不是有效的周，应为 YYYY-Www`);
    }
    const sub = await cli('report', 'daily', '--format', 'json');
    expect(sub.code).toBe(2);
    expect(sub.err).toContain('未知的 report 子命令：daily，应为 weekly 或 monthly');
    const none = await cli('report', '--format', 'json');
    expect(none.code).toBe(2);
    expect(none.err).toContain('weekly（周报）或 monthly（月报）');
    const format = await cli('report', 'monthly', '--format', 'docx');
    expect(format.code).toBe(2);
    expect(format.err).toContain('--format：不认识“docx”，应为 json、xlsx 或 pdf');
    const mixed = await cli('report', 'weekly', '--month', '2026-11', '--format', 'json');
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('--month 只用于 report monthly');
  });
});
