/**
 * Hand-made reports for the export tests: a week and a month of a small store with realistic
 * content, a customer whose name carries markup (`<b>王</b>五`, to prove escaping) and one with a
 * plain name and a mobile (王小五, 13812345678: masked 王** and 138****5678), and an empty month
 * (every figure zero, every list empty). The figures are made up but consistent with each other.
 */
import type {
  ComplaintEntry,
  MonthlyReport,
  ProblemCustomer,
  Report,
  WeeklyReport,
} from '../../src-shared/domain/reports';

export const MARKUP_NAME = '<b>王</b>五';
export const PLAIN_NAME = '王小五';
export const MOBILE = '13812345678';
export const STORE = '测试汽车服务有限公司';

const problems: ProblemCustomer[] = [
  {
    problemId: 1,
    callId: 11,
    on: '2026-11-24',
    department: 'workshop',
    customerName: PLAIN_NAME,
    phone: MOBILE,
    plate: '京A12345',
    roNumber: 'RO2611180003',
    words: '保养后发动机舱有异响，等了两个小时才交车',
    action: '请车间主管回电，约客户周四复检',
    result: '复检为皮带松动，已调整，客户认可',
    doneOn: '2026-11-26',
    complaintNo: null,
  },
  {
    problemId: 2,
    callId: 12,
    on: '2026-11-27',
    department: 'reception',
    customerName: MARKUP_NAME,
    phone: '010-87654321',
    plate: '京B55555',
    roNumber: 'RO2611200001',
    words: '接待没有说明<b>工时费</b>，结算时比预估多了 300 元',
    action: '服务经理致电道歉，说明收费项目',
    result: '',
    doneOn: null,
    complaintNo: 'TS202611-002',
  },
];

const complaintRows: ComplaintEntry[] = [
  {
    id: 1,
    no: 'TS202611-001',
    openedOn: '2026-11-23',
    customerName: PLAIN_NAME,
    phone: MOBILE,
    plate: '京A12345',
    type: 'time',
    level: 'grumble',
    department: 'workshop',
    owner: '张主管',
    state: 'closed',
    description: '保养等待时间过长',
    resolution: '赠送下次免费洗车一次',
    closedOn: '2026-11-25',
    daysToClose: 2,
    verdict: 'satisfied',
  },
  {
    id: 2,
    no: 'TS202611-002',
    openedOn: '2026-11-27',
    customerName: MARKUP_NAME,
    phone: '010-87654321',
    plate: '京B55555',
    type: 'price',
    level: 'complaint',
    department: 'reception',
    owner: '李经理',
    state: 'open',
    description: '结算金额比预估多 300 元，认为接待未说明',
    resolution: '',
    closedOn: null,
    daysToClose: null,
    verdict: null,
  },
];

const revisits = {
  byKind: [
    { kind: 'followup7' as const, due: 12, done: 10, reached: 9, unreached: 1, open: 1 },
    { kind: 'csi' as const, due: 8, done: 7, reached: 7, unreached: 0, open: 1 },
    { kind: 'delivery' as const, due: 3, done: 2, reached: 2, unreached: 1, open: 0 },
  ],
  total: { due: 23, done: 19, reached: 18, unreached: 2, open: 2 },
  doneRate: 19 / 23,
  reachRate: 18 / 23,
  formula: '回访完成率 = 已回访 / 应回访；接通率 = 接通 / 应回访',
};

const satisfaction = {
  calls: 16,
  questions: [
    {
      key: 'q1',
      text: '您对接待人员的服务态度是否满意？',
      scale: 'five' as const,
      department: 'reception' as const,
      answers: 16,
      satisfied: 15,
      rate: 15 / 16,
    },
    {
      key: 'q2',
      text: '您对车辆的维修质量是否满意？',
      scale: 'five' as const,
      department: 'workshop' as const,
      answers: 16,
      satisfied: 14,
      rate: 14 / 16,
    },
    {
      key: 'q3',
      text: '交车时车辆是否清洁？',
      scale: 'yesno' as const,
      department: 'wash' as const,
      answers: 15,
      satisfied: 15,
      rate: 1,
    },
    {
      key: 'q4',
      text: '您向亲友推荐本店的可能性（0-10）',
      scale: 'nps' as const,
      department: null,
      answers: 12,
      satisfied: 10,
      rate: 10 / 12,
    },
  ],
  departments: [
    { department: 'reception' as const, answers: 16, satisfied: 15, rate: 15 / 16, problems: 1 },
    { department: 'workshop' as const, answers: 16, satisfied: 14, rate: 14 / 16, problems: 1 },
    { department: 'wash' as const, answers: 15, satisfied: 15, rate: 1, problems: 0 },
    { department: 'parts' as const, answers: 0, satisfied: 0, rate: null, problems: 0 },
  ],
  overall: { answers: 59, satisfied: 54, rate: 54 / 59 },
  formula: '部门满意率 = 该部门问题的满意回答数 / 该部门问题的回答数（未回答不计）',
};

const complaints = {
  opened: 2,
  closed: 1,
  stillOpen: 1,
  averageDaysToClose: 2,
  rows: complaintRows,
  byType: (['quality', 'price', 'time', 'attitude', 'parts', 'transparency', 'environment', 'other'] as const).map(
    (type) => ({ type, count: type === 'price' || type === 'time' ? 1 : 0 }),
  ),
  byLevel: (['minor_grumble', 'grumble', 'serious_grumble', 'complaint', 'urgent', 'escalated', 'major'] as const).map(
    (level) => ({ level, count: level === 'grumble' || level === 'complaint' ? 1 : 0 }),
  ),
};

const invitations = {
  lettersSent: 40,
  lettersCame: 6,
  funnel: { listed: 52, letter: 40, called: 31, booked: 14, came: 9, conversion: 9 / 52 },
  formula: '招揽转化率 = 已进厂 / 应招揽（招揽名单中到期日在本期的车辆）',
};

export const SAMPLE_WEEKLY: WeeklyReport = {
  storeName: STORE,
  period: {
    kind: 'weekly',
    key: '2026-W48',
    from: '2026-11-23',
    to: '2026-11-29',
    label: '2026年第48周（11月23日—11月29日）',
    partial: false,
  },
  generatedAt: '2026-12-01T09:30:00+08:00',
  revisits,
  satisfaction,
  problems,
  comebacks: {
    count: 2,
    closed: 1,
    rows: [
      {
        id: 1,
        date: '2026-11-25',
        plate: '京A12345',
        roNumber: 'RO2611250002',
        earlierRoNumber: 'RO2611180003',
        words: '异响未解决',
        state: 'closed',
        cause: '皮带张紧轮磨损',
        result: '更换张紧轮，免工时费',
      },
      {
        id: 2,
        date: '2026-11-28',
        plate: '京C66666',
        roNumber: 'RO2611280001',
        earlierRoNumber: 'RO2611210002',
        words: '空调仍不制冷',
        state: 'confirmed',
        cause: '',
        result: '',
      },
    ],
  },
  complaints,
  invitations,
  appointments: { booked: 20, arrived: 15, noShow: 3, cancelled: 2, keptRate: 15 / 18 },
};

export const SAMPLE_MONTHLY: MonthlyReport = {
  storeName: STORE,
  period: {
    kind: 'monthly',
    key: '2026-11',
    from: '2026-11-01',
    to: '2026-11-30',
    label: '2026年11月',
    partial: false,
  },
  generatedAt: '2026-12-03T09:30:00+08:00',
  revisits: {
    byKind: [
      { kind: 'followup7', due: 48, done: 43, reached: 40, unreached: 3, open: 2 },
      { kind: 'csi', due: 31, done: 29, reached: 28, unreached: 1, open: 1 },
      { kind: 'delivery', due: 11, done: 10, reached: 10, unreached: 1, open: 0 },
    ],
    total: { due: 90, done: 82, reached: 78, unreached: 5, open: 3 },
    doneRate: 82 / 90,
    reachRate: 78 / 90,
    formula: revisits.formula,
  },
  satisfaction,
  problems,
  complaints,
  lost: {
    churn: {
      month: '2026-11',
      baseMonth: '2026-05',
      base: 120,
      returned: 96,
      churn: 0.2,
      firstServiceBase: 18,
      secondService: 13,
      retention: 13 / 18,
      formula: '流失率 = 1 − 2026年5月进厂车辆中此后回厂的 / 2026年5月进厂车辆',
    },
    reasons: [
      { reason: 'elsewhere', count: 5 },
      { reason: 'moved', count: 3 },
      { reason: 'sold', count: 2 },
      { reason: 'price', count: 1 },
    ],
    winbackCalls: 14,
    winbackReached: 9,
  },
  firstService: { registered: 17, handedOver: 15, waiting: 4 },
  invitations,
  roVolume: {
    total: { count: 236, totalFen: 48_765_432 },
    byType: [
      { type: 'first_service', count: 17, totalFen: 850_000 },
      { type: 'periodic_service', count: 102, totalFen: 9_876_500 },
      { type: 'repair', count: 64, totalFen: 15_432_100 },
      { type: 'body_paint', count: 28, totalFen: 16_543_210 },
      { type: 'warranty', count: 12, totalFen: 2_345_600 },
      { type: 'insurance', count: 11, totalFen: 3_718_022 },
      { type: 'comeback', count: 2, totalFen: 0 },
    ],
    byAdvisor: [
      { advisor: '王顾问', count: 98, totalFen: 20_123_400 },
      { advisor: '赵顾问', count: 87, totalFen: 18_765_432 },
      { advisor: '钱顾问', count: 49, totalFen: 9_876_600 },
      { advisor: '', count: 2, totalFen: 0 },
    ],
  },
  filing: { required: 708, filed: 689, missing: 19, rosIncomplete: 11 },
  claims: {
    reported: 14,
    reportedOnTime: 13,
    approved: 12,
    approvedFen: 2_345_600,
    rejected: 1,
    paid: 10,
    paidFen: 1_987_650,
    byType: [
      { type: 'W', label: '三包索赔', approved: 9, approvedFen: 1_845_600 },
      { type: 'G', label: '善意索赔', approved: 3, approvedFen: 500_000 },
    ],
  },
};

/** A month with nothing in it: zeros, empty lists, rates null. */
export const EMPTY_MONTHLY: MonthlyReport = {
  storeName: STORE,
  period: {
    kind: 'monthly',
    key: '2026-10',
    from: '2026-10-01',
    to: '2026-10-31',
    label: '2026年10月',
    partial: false,
  },
  generatedAt: '2026-12-03T09:30:00+08:00',
  revisits: {
    byKind: [],
    total: { due: 0, done: 0, reached: 0, unreached: 0, open: 0 },
    doneRate: null,
    reachRate: null,
    formula: revisits.formula,
  },
  satisfaction: {
    calls: 0,
    questions: [],
    departments: [],
    overall: { answers: 0, satisfied: 0, rate: null },
    formula: satisfaction.formula,
  },
  problems: [],
  complaints: {
    opened: 0,
    closed: 0,
    stillOpen: 0,
    averageDaysToClose: null,
    rows: [],
    byType: complaints.byType.map((t) => ({ ...t, count: 0 })),
    byLevel: complaints.byLevel.map((l) => ({ ...l, count: 0 })),
  },
  lost: {
    churn: {
      month: '2026-10',
      baseMonth: '2026-04',
      base: 0,
      returned: 0,
      churn: null,
      firstServiceBase: 0,
      secondService: 0,
      retention: null,
      formula: '流失率 = 1 − 2026年4月进厂车辆中此后回厂的 / 2026年4月进厂车辆',
    },
    reasons: [],
    winbackCalls: 0,
    winbackReached: 0,
  },
  firstService: { registered: 0, handedOver: 0, waiting: 0 },
  invitations: {
    lettersSent: 0,
    lettersCame: 0,
    funnel: { listed: 0, letter: 0, called: 0, booked: 0, came: 0, conversion: null },
    formula: invitations.formula,
  },
  roVolume: { total: { count: 0, totalFen: 0 }, byType: [], byAdvisor: [] },
  filing: { required: 0, filed: 0, missing: 0, rosIncomplete: 0 },
  claims: {
    reported: 0,
    reportedOnTime: 0,
    approved: 0,
    approvedFen: 0,
    rejected: 0,
    paid: 0,
    paidFen: 0,
    byType: [],
  },
};

export const weeklyReport: Report = { kind: 'weekly', ...SAMPLE_WEEKLY };
export const monthlyReport: Report = { kind: 'monthly', ...SAMPLE_MONTHLY };
export const emptyMonthlyReport: Report = { kind: 'monthly', ...EMPTY_MONTHLY };
/** An empty week. */
export const emptyWeeklyReport: Report = {
  kind: 'weekly',
  storeName: STORE,
  period: {
    ...SAMPLE_WEEKLY.period,
    key: '2026-W40',
    from: '2026-09-28',
    to: '2026-10-04',
    label: '2026年第40周（9月28日—10月4日）',
  },
  generatedAt: EMPTY_MONTHLY.generatedAt,
  revisits: EMPTY_MONTHLY.revisits,
  satisfaction: EMPTY_MONTHLY.satisfaction,
  problems: [],
  comebacks: { count: 0, closed: 0, rows: [] },
  complaints: EMPTY_MONTHLY.complaints,
  invitations: EMPTY_MONTHLY.invitations,
  appointments: { booked: 0, arrived: 0, noShow: 0, cancelled: 0, keptRate: null },
};
