import type {
  ChurnMonth,
  ComebackState,
  ComplaintLevel,
  ComplaintState,
  ComplaintType,
  ComplaintVerdict,
  LostReason,
} from './complaints';
import type { RoType } from './enums';
import type { CallKind, Department, Scale } from './revisits';

/**
 * 统计 (issue 15): the Monday report (周报, last Monday-Sunday), the monthly report on the 3rd (月报,
 * last calendar month), the statistics page's charts, and their exports. Rates are fractions 0..1,
 * null when there is nothing to divide by (shown as —). Money in fen. Dates YYYY-MM-DD in the
 * store's time zone. Every formula the page shows is in the section's `formula`.
 */

export const REPORT_KINDS = ['weekly', 'monthly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { weekly: '周报', monthly: '月报' };

/** 2026-W48: ISO 8601 week (Monday-Sunday; week 1 holds the year's first Thursday). */
export const ISO_WEEK_PATTERN = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

function utcDay(date: string): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => isoDay(new Date(utcDay(date).getTime() + n * 86_400_000));

/** Monday of the ISO week 1 of `year`. */
function week1Monday(year: number): string {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const weekday = (jan4.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return isoDay(new Date(jan4.getTime() - weekday * 86_400_000));
}

/** The ISO week holding `date`: 2026-12-03 → 2026-W49. */
export function isoWeekOf(date: string): string {
  const d = utcDay(date);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - utcDay(week1Monday(year)).getTime()) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday of an ISO week; null when the year has no such week (W53 of a 52-week year). */
export function isoWeekRange(week: string): { from: string; to: string } | null {
  const m = ISO_WEEK_PATTERN.exec(week);
  if (!m) return null;
  const from = plusDays(week1Monday(Number(m[1])), (Number(m[2]) - 1) * 7);
  if (isoWeekOf(from) !== week) return null;
  return { from, to: plusDays(from, 6) };
}

/** First and last day of a month (YYYY-MM). */
export function monthRange(month: string): { from: string; to: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The report due on `today`: last week's (ISO week before today's), last month's. */
export function previousWeek(today: string): string {
  return isoWeekOf(plusDays(today, -7));
}
export function previousMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export interface ReportPeriod {
  kind: ReportKind;
  /** 2026-W48 or 2026-11. */
  key: string;
  /** First and last day, inclusive. */
  from: string;
  to: string;
  /** 2026年第48周（11月23日—11月29日） / 2026年11月. */
  label: string;
  /** The period has not ended yet (today is inside it): the figures are so far. */
  partial: boolean;
}

/** The header every report and export carries. */
export interface ReportHeader {
  storeName: string;
  period: ReportPeriod;
  /** When it was made (store time, ISO instant). */
  generatedAt: string;
}

// ---- sections ----

/** Revisit calls due in the period (the queue's subjects by due day) and what became of them. */
export interface RevisitTally {
  /** 应回访: subjects due in the period. */
  due: number;
  /** 已回访: closed with a result (接通, or 错号/拒访 — nothing more to do). */
  done: number;
  /** 接通: the customer was reached. */
  reached: number;
  /** 未接通: given up after the attempts allowed. */
  unreached: number;
  /** Still open (not called, or to call again). */
  open: number;
}

export interface RevisitSection {
  /** The revisit kinds: 7 天跟踪回访, 满意度回访, 新车回访 (those the store has switched on). */
  byKind: ({ kind: CallKind } & RevisitTally)[];
  total: RevisitTally;
  /** 回访完成率 = done / due. */
  doneRate: number | null;
  /** 接通率 = reached / due. */
  reachRate: number | null;
  formula: string;
}

export interface QuestionSatisfaction {
  key: string;
  text: string;
  scale: Scale;
  department: Department | null;
  /** Answers given (未回答 not counted). */
  answers: number;
  /** Answers above the store's problem threshold (满意). */
  satisfied: number;
  rate: number | null;
}

export interface DepartmentSatisfaction {
  department: Department;
  answers: number;
  satisfied: number;
  /** 满意率 = satisfied answers / answers on the department's questions. */
  rate: number | null;
  /** Problems (问题客户) named for the department in the period. */
  problems: number;
}

export interface SatisfactionSection {
  /** Calls answered with a questionnaire in the period (closed in it). */
  calls: number;
  questions: QuestionSatisfaction[];
  departments: DepartmentSatisfaction[];
  /** All scored answers together. */
  overall: { answers: number; satisfied: number; rate: number | null };
  formula: string;
}

/** 问题客户: a department's problem from a call, and how it was resolved. */
export interface ProblemCustomer {
  problemId: number;
  callId: number;
  /** The call's closing day. */
  on: string;
  department: Department;
  customerName: string | null;
  phone: string | null;
  plate: string | null;
  roNumber: string | null;
  /** 客户原话 and the questions answered below the threshold. */
  words: string;
  action: string;
  result: string;
  /** 已处理 on that day; null: still open. */
  doneOn: string | null;
  /** The complaint it became, if any. */
  complaintNo: string | null;
}

export interface ComebackEntry {
  id: number;
  date: string;
  plate: string | null;
  roNumber: string | null;
  earlierRoNumber: string | null;
  words: string;
  state: ComebackState;
  cause: string;
  result: string;
}

export interface ComebackSection {
  /** Confirmed or closed comebacks dated in the period (dismissed ones are not comebacks). */
  count: number;
  closed: number;
  rows: ComebackEntry[];
}

/** One complaint as the 投诉处理表 lists it. */
export interface ComplaintEntry {
  id: number;
  no: string;
  openedOn: string;
  customerName: string | null;
  phone: string | null;
  plate: string | null;
  type: ComplaintType;
  level: ComplaintLevel;
  department: Department;
  owner: string | null;
  state: ComplaintState;
  description: string;
  resolution: string;
  closedOn: string | null;
  /** Calendar days from opening to closing; null while open. */
  daysToClose: number | null;
  verdict: ComplaintVerdict | null;
}

export interface ComplaintSection {
  /** Opened in the period. */
  opened: number;
  /** Closed in the period (whenever opened). */
  closed: number;
  /** Opened in the period and not closed by its end. */
  stillOpen: number;
  /** Closed in the period: mean days to close. */
  averageDaysToClose: number | null;
  /** Opened or closed in the period. */
  rows: ComplaintEntry[];
  byType: { type: ComplaintType; count: number }[];
  byLevel: { level: ComplaintLevel; count: number }[];
}

/** 招揽 funnel over the invitation rows due in the period: listed → letter → called → booked → came. */
export interface InvitationFunnel {
  listed: number;
  letter: number;
  called: number;
  booked: number;
  came: number;
  /** came / listed. */
  conversion: number | null;
}

export interface InvitationSection {
  /** Letters sent in the period, and of those, vehicles that came since (so far). */
  lettersSent: number;
  lettersCame: number;
  funnel: InvitationFunnel;
  formula: string;
}

/** Appointments for days in the period. */
export interface AppointmentSection {
  booked: number;
  arrived: number;
  /** Booked for a day that passed without an arrival. */
  noShow: number;
  cancelled: number;
  /** 守约率 = arrived / (booked − cancelled). */
  keptRate: number | null;
}

export interface LostSection {
  churn: ChurnMonth;
  /** Reasons recorded in the month (null: 未记录 among the month's lost vehicles is not counted here). */
  reasons: { reason: LostReason; count: number }[];
  /** 流失召回 calls (reminder:vehicle:N) closed in the month, and those that reached the customer. */
  winbackCalls: number;
  winbackReached: number;
}

export interface FirstServiceSection {
  /** 首保登记: vouchers registered in the month. */
  registered: number;
  /** Of those, handed over to sales. */
  handedOver: number;
  /** Every voucher not handed over yet (any month). */
  waiting: number;
}

export interface RoVolumeSection {
  /** ROs opened in the period. */
  total: { count: number; totalFen: number };
  byType: { type: RoType; count: number; totalFen: number }[];
  /** Advisor as the RO names them ('' → 未填). */
  byAdvisor: { advisor: string; count: number; totalFen: number }[];
}

export interface FilingSection {
  /** Papers required of the month's ROs, filed, and missing. */
  required: number;
  filed: number;
  missing: number;
  /** ROs with at least one paper missing. */
  rosIncomplete: number;
}

export interface ClaimsSection {
  /** Reported (first round) in the month, and of those by their deadline. */
  reported: number;
  reportedOnTime: number;
  /** Approved in the month, with the amount. */
  approved: number;
  approvedFen: number;
  /** Rejected in the month (a round answered 驳回). */
  rejected: number;
  /** Settled (paid) in the month: the month's statement paid. */
  paid: number;
  paidFen: number;
  /** Per claim type (the store's codes, with their labels from 索赔设置). */
  byType: { type: string; label: string; approved: number; approvedFen: number }[];
}

export interface WeeklyReport extends ReportHeader {
  revisits: RevisitSection;
  satisfaction: SatisfactionSection;
  problems: ProblemCustomer[];
  comebacks: ComebackSection;
  complaints: ComplaintSection;
  invitations: InvitationSection;
  appointments: AppointmentSection;
}

export interface MonthlyReport extends ReportHeader {
  revisits: RevisitSection;
  /** 月客户满意度回访表, each department with its problems (problems below). */
  satisfaction: SatisfactionSection;
  problems: ProblemCustomer[];
  complaints: ComplaintSection;
  lost: LostSection;
  firstService: FirstServiceSection;
  invitations: InvitationSection;
  roVolume: RoVolumeSection;
  filing: FilingSection;
  claims: ClaimsSection;
}

export type Report = ({ kind: 'weekly' } & WeeklyReport) | ({ kind: 'monthly' } & MonthlyReport);

/** An export or print of a report: the Today reminder stays until there is one. */
export const DELIVERY_FORMATS = ['xlsx', 'pdf', 'print'] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];
export const DELIVERY_FORMAT_LABELS: Record<DeliveryFormat, string> = {
  xlsx: '导出 Excel',
  pdf: '导出 PDF',
  print: '打印',
};
export interface ReportDelivery {
  kind: ReportKind;
  period: string;
  format: DeliveryFormat;
  unmasked: boolean;
  at: string;
  byName: string;
}

// ---- the statistics page ----

export const STATISTICS_CHARTS = [
  'roPerDay',
  'satisfaction',
  'funnel',
  'churn',
  'complaintsByType',
  'complaintsByLevel',
] as const;
export type StatisticsChart = (typeof STATISTICS_CHARTS)[number];
export const STATISTICS_CHART_LABELS: Record<StatisticsChart, string> = {
  roPerDay: '每日进厂台次',
  satisfaction: '各部门满意率趋势',
  funnel: '招揽转化漏斗',
  churn: '每月流失率',
  complaintsByType: '投诉类型',
  complaintsByLevel: '投诉级别',
};

export const FUNNEL_STAGES = ['listed', 'letter', 'called', 'booked', 'came'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const FUNNEL_STAGE_LABELS: Record<FunnelStage, string> = {
  listed: '应招揽',
  letter: '已寄信',
  called: '已电话',
  booked: '已预约',
  came: '已进厂',
};

export interface StatisticsView {
  from: string;
  to: string;
  /** Every day of the period, ROs opened that day by type. */
  roPerDay: { date: string; count: number; byType: Partial<Record<RoType, number>> }[];
  /** Per month of the period (YYYY-MM) and department. */
  satisfaction: { month: string; department: Department; answers: number; satisfied: number; rate: number | null }[];
  funnel: InvitationFunnel;
  /** Every month of the period. */
  churn: ChurnMonth[];
  complaintsByType: { type: ComplaintType; count: number }[];
  complaintsByLevel: { level: ComplaintLevel; count: number }[];
}

/** What a click on a chart asks for: the records behind one bar, point or stage. */
export type StatisticsDrill =
  | { chart: 'roPerDay'; date: string }
  | { chart: 'satisfaction'; month: string; department: Department }
  | { chart: 'funnel'; stage: FunnelStage }
  | { chart: 'churn'; month: string }
  | { chart: 'complaintsByType'; type: ComplaintType }
  | { chart: 'complaintsByLevel'; level: ComplaintLevel };

/** One record behind a bar, with the page that shows it. */
export interface StatisticsRecord {
  /** Hash route of the record's page. */
  link: string;
  /** RO number, complaint number, plate… */
  title: string;
  /** One line: customer, type, result. */
  detail: string;
  date: string | null;
}

export interface StatisticsRecords {
  /** 11月23日 进厂修理单 (12) */
  title: string;
  total: number;
  /** At most 500, newest first. */
  records: StatisticsRecord[];
}
