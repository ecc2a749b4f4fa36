/**
 * 统计 → 图表 (statistics.view / statistics.records) on a real archive behind the real dispatcher,
 * the store clock pinned at 2026-12-03 10:00 (UTC+8). Every figure below is worked out by hand from
 * the fixture in `arrange`, not by the code under test.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyChart,
  funnelOption,
  roPerDayOption,
  satisfactionOption,
  statisticsDrillAt,
} from '../../src-shared/charts/statistics-charts';
import type { RoType } from '../../src-shared/domain/enums';
import type { StatisticsView } from '../../src-shared/domain/reports';
import { clerkArchiveEachTest, local, refused } from '../support/filing';

const s = clerkArchiveEachTest('2026-12-03T10:00:00');
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

let seq = 0;
/** A customer (客户NN) with a vehicle (the plate) and ROs at the given local times. */
async function car(plate: string, ros: [at: string, type: RoType, totalFen: number, advisor: string][]) {
  seq++;
  const owner = (
    await s.t.must('customers.create', {
      name: `客户${plate.slice(-2)}`,
      mobile: `1390000${String(seq).padStart(4, '0')}`,
    })
  ).record.id;
  const vehicle = (
    await s.t.must('vehicles.create', { plate, vin: null, model: '朗逸', ownerId: owner, status: 'active' })
  ).record.id;
  const roIds: number[] = [];
  for (const [at, type, totalFen, advisor] of ros) {
    const number = `RO26${String(roIds.length + seq * 10).padStart(6, '0')}`;
    const ro = await s.t.must('repairOrders.create', {
      roNumber: number,
      vehicleId: vehicle,
      customerId: owner,
      openedAt: at,
      type,
      advisorName: advisor,
      laborFen: totalFen,
      partsFen: 0,
    });
    roIds.push(ro.record.id);
  }
  return { owner, vehicle, roIds };
}

/**
 * The fixture:
 * ROs — V1 京A00001: RO26000010 2026-11-10 09:00 首保 ¥300 王顾问; RO26000011 2026-10-31 23:30 (before
 *   November). V2 京A00002: RO26000020 2026-11-10 15:00 一般维修 ¥1,250.50 李顾问; RO26000021
 *   2026-12-01 定保. V3 京A00003: RO26000030 2026-11-11 定保 ¥500 王顾问.
 *   November per day: 11-10 → 2 (首保 1, 一般维修 1), 11-11 → 1 (定保 1), every other day 0.
 * Churn 2026-11 (base 2026-05): V4 京A00004 in 2026-05-10 and back 2026-09-01; V5 京A00005 in
 *   2026-05-20, never back → base 2, returned 1, churn 50 %; the churned vehicle is V5.
 * Satisfaction (questionnaire: q1 接待 five, q2 车间 five, q3 no department, q4 车间 choice; the store
 *   counts ≤ 3 on a five scale as dissatisfied):
 *   call A (followup7:ro:<V1's Nov RO>) done 11-12: q1 5, q2 2, q3 4, q4 1 → 接待 1/1, 车间 0/1
 *   call B (csi:ro:<V2's Nov RO>) done 11-20: q1 4, q2 null → 接待 1/1
 *   call C (imported-c, V3) done 11-05: q1 2 → 接待 0/1
 *   call D done 10-30: q1 1 → October, outside November
 *   call E unreached 11-21 with answers → not counted
 *   November: 接待 answers 3, satisfied 2 (66.7 %); 车间 answers 1, satisfied 0.
 * Funnel (rows due in November, not removed): r1 V1 due 11-05 letter 11-01, called no_answer;
 *   r2 V2 due 11-20 letter 11-02, called booked, came 11-25; r3 V3 due 11-25 nothing; r4 V4 due
 *   11-10 letter but removed; r5 V5 due 10-15 letter (outside) → listed 3, letter 2, called 2,
 *   booked 1, came 1, conversion 1/3.
 * Complaints opened: c1 11-03 维修质量 一般抱怨; c2 11-18 维修质量 一般投诉; c3 11-25 维修价格 一般抱怨;
 *   c4 10-20 维修质量 (outside) → by type: quality 2, price 1; by level: grumble 2, complaint 1.
 */
async function arrange() {
  seq = 0;
  const v1 = await car('京A00001', [
    [local('2026-11-10', '09:00:00'), 'first_service', 30000, '王顾问'],
    [local('2026-10-31', '23:30:00'), 'repair', 10000, '王顾问'],
  ]);
  const v2 = await car('京A00002', [
    [local('2026-11-10', '15:00:00'), 'repair', 125050, '李顾问'],
    [local('2026-12-01'), 'periodic_service', 40000, '李顾问'],
  ]);
  const v3 = await car('京A00003', [[local('2026-11-11'), 'periodic_service', 50000, '王顾问']]);
  const v4 = await car('京A00004', [
    [local('2026-05-10'), 'periodic_service', 40000, '王顾问'],
    [local('2026-09-01'), 'periodic_service', 40000, '王顾问'],
  ]);
  const v5 = await car('京A00005', [[local('2026-05-20'), 'periodic_service', 40000, '王顾问']]);

  const questions = [
    { key: 'q1', text: '接待满意吗', scale: 'five', department: 'reception', options: [] },
    { key: 'q2', text: '维修质量满意吗', scale: 'five', department: 'workshop', options: [] },
    { key: 'q3', text: '总体', scale: 'five', department: null, options: [] },
    { key: 'q4', text: '来店方式', scale: 'choice', department: 'workshop', options: ['自驾', '代驾'] },
  ];
  const q = (
    await s.run(
      "INSERT INTO questionnaire (kind, version, title, questions_json, is_current, created_at, created_by) VALUES ('csi', 99, '测试问卷', ?, 0, ?, '测试')",
      JSON.stringify(questions),
      local('2026-10-01'),
    )
  ).lastInsertRowid;
  const call = async (
    key: string,
    kind: string,
    v: { vehicle: number; owner: number },
    roId: number | null,
    state: string,
    closed: string,
    answers: unknown,
  ) =>
    Number(
      (
        await s.run(
          `INSERT INTO revisit_call (call_key, kind, ro_id, vehicle_id, customer_id, due_on, state, closed_at, questionnaire_id, answers_json, last_outcome, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reached', ?, ?)`,
          key,
          kind,
          roId,
          v.vehicle,
          v.owner,
          closed.slice(0, 10),
          state,
          closed,
          q,
          JSON.stringify(answers),
          closed,
          closed,
        )
      ).lastInsertRowid,
    );
  const callA = await call(`followup7:ro:${v1.roIds[0]}`, 'followup7', v1, v1.roIds[0]!, 'done', local('2026-11-12'), [
    { key: 'q1', value: 5 },
    { key: 'q2', value: 2 },
    { key: 'q3', value: 4 },
    { key: 'q4', value: 1 },
  ]);
  const callB = await call(`csi:ro:${v2.roIds[0]}`, 'csi', v2, v2.roIds[0]!, 'done', local('2026-11-20'), [
    { key: 'q1', value: 4 },
    { key: 'q2', value: null },
  ]);
  const callC = await call('imported-c', 'csi', v3, null, 'done', local('2026-11-05'), [{ key: 'q1', value: 2 }]);
  await call('imported-d', 'csi', v3, null, 'done', local('2026-10-30'), [{ key: 'q1', value: 1 }]);
  await call('imported-e', 'csi', v4, null, 'unreached', local('2026-11-21'), [{ key: 'q1', value: 1 }]);

  const list = (
    await s.run(
      "INSERT INTO invitation_list (title, period_from, period_to, created_at, created_by) VALUES ('11月招揽', '2026-10-01', '2026-11-30', ?, '测试')",
      local('2026-10-01'),
    )
  ).lastInsertRowid;
  const row = async (v: { vehicle: number }, plate: string, due: string, extra: Record<string, string | null> = {}) =>
    Number(
      (
        await s.run(
          `INSERT INTO invitation_row (list_id, vehicle_id, kind, plate, customer_name, due_on, due_by, letter_sent_on, came_on, removed_at, removed_reason, created_at, updated_at)
         VALUES (?, ?, 'periodic', ?, ?, ?, 'time', ?, ?, ?, ?, ?, ?)`,
          list,
          v.vehicle,
          plate,
          `客户${plate.slice(-2)}`,
          due,
          extra.letter ?? null,
          extra.came ?? null,
          extra.removed ?? null,
          extra.removed ? '客户已卖车' : '',
          local('2026-10-01'),
          local('2026-10-01'),
        )
      ).lastInsertRowid,
    );
  const r1 = await row(v1, '京A00001', '2026-11-05', { letter: '2026-11-01' });
  const r2 = await row(v2, '京A00002', '2026-11-20', { letter: '2026-11-02', came: '2026-11-25' });
  await row(v3, '京A00003', '2026-11-25');
  await row(v4, '京A00004', '2026-11-10', { letter: '2026-11-01', removed: local('2026-11-02') });
  await row(v5, '京A00005', '2026-10-15', { letter: '2026-10-01' });
  const invitationCall = async (rowId: number, result: string, bookedFor: string | null) =>
    await s.run(
      "INSERT INTO invitation_call (row_id, at, result, booked_for, by_name) VALUES (?, ?, ?, ?, '小王')",
      rowId,
      local('2026-11-03'),
      result,
      bookedFor,
    );
  await invitationCall(r1, 'no_answer', null);
  await invitationCall(r2, 'booked', '2026-11-25');

  const complaint = async (
    v: { owner: number; vehicle: number },
    day: string,
    type: 'quality' | 'price',
    level: 'grumble' | 'complaint',
  ) =>
    (
      await s.t.must('complaints.create', {
        channel: 'phone_in',
        customerId: v.owner,
        vehicleId: v.vehicle,
        description: '客户来电反映',
        openedAt: local(day),
        department: 'workshop',
        type,
        level,
      })
    ).id;
  const c1 = await complaint(v1, '2026-11-03', 'quality', 'grumble');
  const c2 = await complaint(v2, '2026-11-18', 'quality', 'complaint');
  const c3 = await complaint(v3, '2026-11-25', 'price', 'grumble');
  await complaint(v4, '2026-10-20', 'quality', 'grumble');
  return { v1, v2, v3, v4, v5, callA, callB, callC, c1, c2, c3 };
}

const ZERO_TYPES = { quality: 0, price: 0, time: 0, attitude: 0, parts: 0, transparency: 0, environment: 0, other: 0 };
const ZERO_LEVELS = {
  minor_grumble: 0,
  grumble: 0,
  serious_grumble: 0,
  complaint: 0,
  urgent: 0,
  escalated: 0,
  major: 0,
};
const byType = (v: StatisticsView) => Object.fromEntries(v.complaintsByType.map((c) => [c.type, c.count]));
const byLevel = (v: StatisticsView) => Object.fromEntries(v.complaintsByLevel.map((c) => [c.level, c.count]));

describe('statistics.view', () => {
  it('gives every chart of November its hand-worked figures', async () => {
    await arrange();
    const view = await s.t.must('statistics.view', NOVEMBER);
    expect(view.from).toBe('2026-11-01');
    expect(view.to).toBe('2026-11-30');

    expect(view.roPerDay).toHaveLength(30);
    expect(view.roPerDay[0]).toEqual({ date: '2026-11-01', count: 0, byType: {} });
    expect(view.roPerDay.find((d) => d.date === '2026-11-10')).toEqual({
      date: '2026-11-10',
      count: 2,
      byType: { first_service: 1, repair: 1 },
    });
    expect(view.roPerDay.find((d) => d.date === '2026-11-11')).toEqual({
      date: '2026-11-11',
      count: 1,
      byType: { periodic_service: 1 },
    });
    expect(view.roPerDay.reduce((n, d) => n + d.count, 0)).toBe(3);

    expect(view.satisfaction).toEqual([
      { month: '2026-11', department: 'reception', answers: 3, satisfied: 2, rate: 2 / 3 },
      { month: '2026-11', department: 'workshop', answers: 1, satisfied: 0, rate: 0 },
    ]);

    expect(view.funnel).toEqual({ listed: 3, letter: 2, called: 2, booked: 1, came: 1, conversion: 1 / 3 });

    expect(view.churn).toHaveLength(1);
    expect(view.churn[0]).toMatchObject({ month: '2026-11', baseMonth: '2026-05', base: 2, returned: 1, churn: 0.5 });

    expect(byType(view)).toEqual({ ...ZERO_TYPES, quality: 2, price: 1 });
    expect(view.complaintsByType.map((c) => c.type)).toEqual([
      'quality',
      'price',
      'time',
      'attitude',
      'parts',
      'transparency',
      'environment',
      'other',
    ]);
    expect(byLevel(view)).toEqual({ ...ZERO_LEVELS, grumble: 2, complaint: 1 });
  });

  it('defaults to the last 30 days ending today, with a churn month for each month it touches', async () => {
    await arrange();
    const view = await s.t.must('statistics.view', {});
    // 2026-12-03 back 29 days: 2026-11-04 … 2026-12-03.
    expect(view.from).toBe('2026-11-04');
    expect(view.to).toBe('2026-12-03');
    expect(view.roPerDay).toHaveLength(30);
    expect(view.roPerDay.filter((d) => d.count > 0).map((d) => [d.date, d.count])).toEqual([
      ['2026-11-10', 2],
      ['2026-11-11', 1],
      ['2026-12-01', 1],
    ]);
    // Call C (11-05) is in; call A 11-12, B 11-20 too: the same November figures.
    expect(view.satisfaction.map((x) => [x.month, x.department, x.answers, x.satisfied])).toEqual([
      ['2026-11', 'reception', 3, 2],
      ['2026-11', 'workshop', 1, 0],
    ]);
    // r1 (due 11-05), r2 (11-20), r3 (11-25) are all due from 11-04 on.
    expect(view.funnel.listed).toBe(3);
    expect(view.churn.map((m) => [m.month, m.base, m.churn])).toEqual([
      ['2026-11', 2, 0.5],
      ['2026-12', 0, null],
    ]);
    // c1 opened 11-03 falls out.
    expect(byType(view)).toEqual({ ...ZERO_TYPES, quality: 1, price: 1 });
  });

  it('gives an empty period zeros and empty lists, not an error', async () => {
    await arrange();
    const view = await s.t.must('statistics.view', { from: '2026-01-01', to: '2026-01-31' });
    expect(view.roPerDay).toHaveLength(31);
    expect(view.roPerDay.every((d) => d.count === 0)).toBe(true);
    expect(view.satisfaction).toEqual([]);
    expect(view.funnel).toEqual({ listed: 0, letter: 0, called: 0, booked: 0, came: 0, conversion: null });
    expect(view.churn.map((m) => [m.month, m.base, m.churn])).toEqual([['2026-01', 0, null]]);
    expect(byType(view)).toEqual(ZERO_TYPES);
    expect(byLevel(view)).toEqual(ZERO_LEVELS);
    // …and its charts say 无数据.
    expect(roPerDayOption(view)).toEqual(emptyChart());
    expect(satisfactionOption(view)).toEqual(emptyChart());
    expect(funnelOption(view)).toEqual(emptyChart());
    expect((emptyChart() as { title: { text: string } }).title.text).toBe('无数据');
  });

  it('refuses an end after today, naming the field', async () => {
    const error = await refused(s.t.call('statistics.view', { from: '2026-11-01', to: '2026-12-04' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('结束日期：2026-12-04 还没到（今天是 2026-12-03），请选择今天或以前的日期');
    expect(error.details).toMatchObject({ fields: [{ path: 'to' }] });
  });

  it('refuses a span over 731 days, naming the field; 731 days is accepted', async () => {
    const error = await refused(s.t.call('statistics.view', { from: '2024-11-30', to: '2026-12-01' }));
    expect(error.code).toBe('VALIDATION');
    // 2024-12-01 → 2025-12-01 is 365 days, → 2026-12-01 another 365 (no 29 February between), so
    // 2024-12-01 … 2026-12-01 is 731 days counting both ends, and from 2024-11-30 it is 732.
    expect(error.message).toBe('开始日期：时间段最长 731 天（约两年），2024-11-30 至 2026-12-01 是 732 天，请缩短');
    expect(error.details).toMatchObject({ fields: [{ path: 'from' }] });
    const view = await s.t.must('statistics.view', { from: '2024-12-01', to: '2026-12-01' });
    expect(view.roPerDay).toHaveLength(731);
  });
});

describe('statistics.records', () => {
  it('lists the ROs of a day, newest first, linked to their pages', async () => {
    const f = await arrange();
    const r = await s.t.must('statistics.records', { ...NOVEMBER, drill: { chart: 'roPerDay', date: '2026-11-10' } });
    expect(r.title).toBe('11月10日 进厂修理单 (2)');
    expect(r.total).toBe(2);
    expect(r.records).toEqual([
      {
        link: `/archive/repair-orders/${f.v2.roIds[0]}`,
        title: 'RO26000020',
        detail: '京A00002 · 一般维修 · 李顾问 · ¥1,250.50',
        date: '2026-11-10',
      },
      {
        link: `/archive/repair-orders/${f.v1.roIds[0]}`,
        title: 'RO26000010',
        detail: '京A00001 · 首保 · 王顾问 · ¥300.00',
        date: '2026-11-10',
      },
    ]);
  });

  it('lists a department’s calls of a month, the dissatisfied first, linked to the call page or the vehicle', async () => {
    const f = await arrange();
    const reception = await s.t.must('statistics.records', {
      ...NOVEMBER,
      drill: { chart: 'satisfaction', month: '2026-11', department: 'reception' },
    });
    expect(reception.title).toBe('2026年11月 接待满意度回访 (3)');
    expect(reception.records.map((x) => [x.title, x.link, x.date])).toEqual([
      // C (11-05) was dissatisfied; its key is no queue key, so the vehicle's page.
      ['京A00003', `/archive/vehicles/${f.v3.vehicle}`, '2026-11-05'],
      ['京A00002', `/revisits/call/csi%3Aro%3A${f.v2.roIds[0]}`, '2026-11-20'],
      ['京A00001', `/revisits/call/followup7%3Aro%3A${f.v1.roIds[0]}`, '2026-11-12'],
    ]);
    expect(reception.records[0]!.detail).toBe('客户03 · 接待 0/1 满意 · 不满意');
    const workshop = await s.t.must('statistics.records', {
      ...NOVEMBER,
      drill: { chart: 'satisfaction', month: '2026-11', department: 'workshop' },
    });
    expect(workshop.total).toBe(1);
    expect(workshop.records.map((x) => x.title)).toEqual(['京A00001']);
  });

  it('lists the invitation rows that reached a funnel stage', async () => {
    const f = await arrange();
    const stage = async (name: 'listed' | 'letter' | 'called' | 'booked' | 'came') =>
      s.t.must('statistics.records', { ...NOVEMBER, drill: { chart: 'funnel', stage: name } });
    const listed = await stage('listed');
    expect(listed.title).toBe('招揽 应招揽（2026-11-01 至 2026-11-30 到期） (3)');
    expect(listed.records.map((x) => x.title)).toEqual(['京A00003', '京A00002', '京A00001']);
    const letter = await stage('letter');
    expect(letter.records.map((x) => [x.title, x.link])).toEqual([
      ['京A00002', `/archive/vehicles/${f.v2.vehicle}`],
      ['京A00001', `/archive/vehicles/${f.v1.vehicle}`],
    ]);
    expect((await stage('called')).total).toBe(2);
    const came = await stage('came');
    expect(came.records).toEqual([
      {
        link: `/archive/vehicles/${f.v2.vehicle}`,
        title: '京A00002',
        detail: '客户02 · 到期 2026-11-20 · 寄信 2026-11-02 · 进厂 2026-11-25',
        date: '2026-11-20',
      },
    ]);
    expect((await stage('booked')).records.map((x) => x.title)).toEqual(['京A00002']);
  });

  it('lists the vehicles of a churn month that did not come back', async () => {
    const f = await arrange();
    const r = await s.t.must('statistics.records', { ...NOVEMBER, drill: { chart: 'churn', month: '2026-11' } });
    expect(r.total).toBe(1);
    expect(r.records).toEqual([
      {
        link: `/archive/vehicles/${f.v5.vehicle}`,
        title: '京A00005',
        detail: '客户05 · 朗逸 · 2026年5月最后进厂 2026-05-20',
        date: '2026-05-20',
      },
    ]);
  });

  it('lists the complaints of a type or a level opened in the period, linked to their pages', async () => {
    const f = await arrange();
    const quality = await s.t.must('statistics.records', {
      ...NOVEMBER,
      drill: { chart: 'complaintsByType', type: 'quality' },
    });
    expect(quality.total).toBe(2);
    expect(quality.records.map((x) => [x.link, x.date])).toEqual([
      [`/complaints/${f.c2}`, '2026-11-18'],
      [`/complaints/${f.c1}`, '2026-11-03'],
    ]);
    const grumble = await s.t.must('statistics.records', {
      ...NOVEMBER,
      drill: { chart: 'complaintsByLevel', level: 'grumble' },
    });
    expect(grumble.records.map((x) => x.link)).toEqual([`/complaints/${f.c3}`, `/complaints/${f.c1}`]);
    expect(grumble.records[0]!.detail).toBe('客户03 · 京A00003 · 维修价格 · 一般抱怨 · 处理中');
  });

  it('refuses records for a period ending after today', async () => {
    const error = await refused(
      s.t.call('statistics.records', {
        from: '2026-12-01',
        to: '2026-12-31',
        drill: { chart: 'roPerDay', date: '2026-12-01' },
      }),
    );
    expect(error.details).toMatchObject({ fields: [{ path: 'to' }] });
  });
});

describe('statistics charts', () => {
  it('map a click on a drawn element to the records it stands for', async () => {
    await arrange();
    const view = await s.t.must('statistics.view', NOVEMBER);
    expect(statisticsDrillAt('roPerDay', view, { dataIndex: 9, seriesIndex: 1 })).toEqual({
      chart: 'roPerDay',
      date: '2026-11-10',
    });
    // Lines in department order: 接待 (0), 车间 (1).
    expect(statisticsDrillAt('satisfaction', view, { dataIndex: 0, seriesIndex: 1 })).toEqual({
      chart: 'satisfaction',
      month: '2026-11',
      department: 'workshop',
    });
    expect(statisticsDrillAt('funnel', view, { dataIndex: 3, seriesIndex: 0 })).toEqual({
      chart: 'funnel',
      stage: 'booked',
    });
    expect(statisticsDrillAt('complaintsByLevel', view, { dataIndex: 1, seriesIndex: 0 })).toEqual({
      chart: 'complaintsByLevel',
      level: 'grumble',
    });
    // The RO chart stacks only the types that occur: 首保, 定保, 一般维修.
    const ro = roPerDayOption(view) as { series: { name: string; data: number[] }[] };
    expect(ro.series.map((x) => x.name)).toEqual(['首保', '定保', '一般维修']);
    expect(ro.series[0]!.data[9]).toBe(1);
    const sat = satisfactionOption(view) as { series: { name: string; data: number[] }[] };
    expect(sat.series.map((x) => [x.name, x.data])).toEqual([
      ['接待', [66.7]],
      ['车间', [0]],
    ]);
  });
});
