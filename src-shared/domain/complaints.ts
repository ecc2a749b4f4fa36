/**
 * 投诉、返修、流失 (issue 12): the complaints closed loop, comebacks handed to the service manager,
 * lost customers and the churn rate. Dates are `YYYY-MM-DD`, instants ISO 8601 with the store's
 * offset, months `YYYY-MM`. Deadlines in working days follow the Chinese calendar (public holidays
 * and adjusted working days, from lunar-javascript's holiday data; see
 * src-main/services/complaints/working-days.ts).
 */

import type { Department } from './revisits';

// ---- complaints (投诉) ----

export const COMPLAINT_CHANNELS = ['call', 'phone_in', 'walk_in', 'letter', 'oem', 'online'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_CHANNEL_LABELS: Record<ComplaintChannel, string> = {
  call: '回访电话',
  phone_in: '来电',
  walk_in: '来店',
  letter: '信件',
  oem: '厂家转办',
  online: '网络',
};

export const COMPLAINT_TYPES = [
  'quality',
  'price',
  'time',
  'attitude',
  'parts',
  'transparency',
  'environment',
  'other',
] as const;
export type ComplaintType = (typeof COMPLAINT_TYPES)[number];
export const COMPLAINT_TYPE_LABELS: Record<ComplaintType, string> = {
  quality: '维修质量',
  price: '维修价格',
  time: '维修时间',
  attitude: '服务态度',
  parts: '配件',
  transparency: '透明度',
  environment: '环境',
  other: '其他',
};

/** From the mildest to the gravest (a store's 抱怨/投诉处理单; 一汽-大众's 升级/重大). */
export const COMPLAINT_LEVELS = [
  'minor_grumble',
  'grumble',
  'serious_grumble',
  'complaint',
  'urgent',
  'escalated',
  'major',
] as const;
export type ComplaintLevel = (typeof COMPLAINT_LEVELS)[number];
export const COMPLAINT_LEVEL_LABELS: Record<ComplaintLevel, string> = {
  minor_grumble: '轻微抱怨',
  grumble: '一般抱怨',
  serious_grumble: '严重抱怨',
  complaint: '一般投诉',
  urgent: '紧急投诉',
  escalated: '升级投诉',
  major: '重大投诉',
};

/** 处理时效: 0 is 立即 (immediately), otherwise hours. */
export const RESPONSE_HOURS = [0, 12, 24, 48, 72] as const;
export type ResponseHours = (typeof RESPONSE_HOURS)[number];
export const responseHoursLabel = (h: number) => (h === 0 ? '立即' : `${h} 小时`);

/**
 * Where a complaint stands: open (registered, being handled) → resolved (the resolution recorded,
 * waiting for the callback 二次回访) → closed (the callback recorded a verdict and 是否闭环 = 是).
 * A 不满意 verdict (or 未闭环) sends it back to open (reopened counts how often).
 */
export const COMPLAINT_STATES = ['open', 'resolved', 'closed'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export const COMPLAINT_STATE_LABELS: Record<ComplaintState, string> = {
  open: '处理中',
  resolved: '待二次回访',
  closed: '已闭环',
};

/** The customer's verdict at the callback (回访结果). */
export const COMPLAINT_VERDICTS = [
  'very_satisfied',
  'satisfied',
  'neutral',
  'dissatisfied',
  'no_comment',
  'understand',
  'accept',
] as const;
export type ComplaintVerdict = (typeof COMPLAINT_VERDICTS)[number];
export const COMPLAINT_VERDICT_LABELS: Record<ComplaintVerdict, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  neutral: '一般',
  dissatisfied: '不满意',
  no_comment: '不表态',
  understand: '理解',
  accept: '接受',
};
/** A verdict that reopens the complaint whatever 是否闭环 says. */
export const REOPENING_VERDICTS: readonly ComplaintVerdict[] = ['dissatisfied'];

export interface ComplaintSettings {
  /** 处理时效 per level, in hours (0: 立即). */
  responseHours: Record<ComplaintLevel, ResponseHours>;
  /** The resolution deadline in Chinese working days after the day it was opened. */
  resolveWorkingDays: number;
  /** The callback (二次回访) is due within this many days of the resolution. */
  callbackWithinDays: number;
  /** 返修: a new RO of the same vehicle within this many days of a repair RO is proposed as a comeback. */
  comebackDays: number;
  /** 流失: no visit for this many months; at risk from atRiskMonths on. */
  lostMonths: number;
  atRiskMonths: number;
}

export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = {
  responseHours: {
    minor_grumble: 72,
    grumble: 48,
    serious_grumble: 24,
    complaint: 24,
    urgent: 12,
    escalated: 12,
    major: 0,
  },
  resolveWorkingDays: 3,
  callbackWithinDays: 7,
  comebackDays: 30,
  lostMonths: 12,
  atRiskMonths: 6,
};

/** One step taken on a complaint (处理过程), never rewritten. */
export interface ComplaintAction {
  id: number;
  at: string;
  byUserId: number | null;
  byName: string;
  text: string;
}

/** One callback (二次回访) attempt that reached the customer, with the verdict. */
export interface ComplaintCallback {
  id: number;
  at: string;
  byName: string;
  verdict: ComplaintVerdict;
  closedLoop: boolean;
  words: string;
  /** The 回访 call it was recorded on (callback:complaint:N), when it was. */
  callId: number | null;
}

export interface Complaint {
  id: number;
  /** 投诉单号, e.g. TS202612-0007 (per month of opening). */
  no: string;
  channel: ComplaintChannel;
  customerId: number;
  customerName: string | null;
  phone: string | null;
  vehicleId: number | null;
  plate: string | null;
  vin: string | null;
  model: string;
  roId: number | null;
  roNumber: string | null;
  /** The RO's advisor (服务顾问), as the RO says. */
  advisor: string;
  /** 责任部门: the direct one and the secondary ones. */
  department: Department;
  secondaryDepartments: Department[];
  type: ComplaintType;
  level: ComplaintLevel;
  /** 客户反映（原话）. */
  description: string;
  /** What the customer wants (客户诉求). */
  demand: string;
  openedAt: string;
  openedBy: string;
  /** 处理时效 in hours (0: 立即). */
  respondWithinHours: ResponseHours;
  respondBy: string;
  /** The first action's time (the response). */
  respondedAt: string | null;
  resolveWorkingDays: number;
  /** The last day to resolve, counted in working days (inclusive: by the end of that day). */
  resolveBy: string;
  /** True when a year the deadline crosses has no holiday data (counted on weekends only). */
  resolveByApproximate: boolean;
  ownerUserId: number | null;
  ownerName: string | null;
  actions: ComplaintAction[];
  /** 处理结果 / 整改措施. */
  resolution: string;
  customerAccepted: boolean | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** The callback is due by this day (resolved + callbackWithinDays). */
  callbackDueBy: string | null;
  callbacks: ComplaintCallback[];
  verdict: ComplaintVerdict | null;
  closedLoop: boolean | null;
  closedAt: string | null;
  closedBy: string | null;
  state: ComplaintState;
  reopened: number;
  /** The problem call it came from (回访 → 问题客户). */
  callProblemId: number | null;
  callId: number | null;
  /** The comeback opened from it, if any. */
  comebackId: number | null;
  /** Past a deadline now (on the store clock): the response or the resolution. */
  overdue: { response: boolean; resolution: boolean; callback: boolean };
  version: number;
}

/** One row of the complaint list (and the CLI's `complaints`). */
export type ComplaintSummary = Omit<Complaint, 'actions' | 'callbacks'>;

// ---- comebacks (返修) ----

export const COMEBACK_SOURCES = ['detected', 'imported', 'call', 'complaint'] as const;
export type ComebackSource = (typeof COMEBACK_SOURCES)[number];
export const COMEBACK_SOURCE_LABELS: Record<ComebackSource, string> = {
  detected: '系统发现（短期再次进厂）',
  imported: 'DMS 工单类型为返修',
  call: '回访电话',
  complaint: '投诉',
};

/**
 * proposed (found by ClerkDesk, not stored until decided) → confirmed (handed to the service
 * manager) → closed (the manager recorded cause, action and result); or dismissed (with a reason).
 */
export const COMEBACK_STATES = ['proposed', 'confirmed', 'closed', 'dismissed'] as const;
export type ComebackState = (typeof COMEBACK_STATES)[number];
export const COMEBACK_STATE_LABELS: Record<ComebackState, string> = {
  proposed: '待确认',
  confirmed: '已交服务经理',
  closed: '已处理',
  dismissed: '不算返修',
};

/** The RO types that are repairs (a service, 首保/定保, is not a comeback's earlier RO). */
export const REPAIR_RO_TYPES = ['repair', 'body_paint', 'warranty', 'insurance', 'comeback'] as const;

export interface Comeback {
  /** null while only proposed (not stored yet); `key` names it then. */
  id: number | null;
  /** `ro:<new RO id>` for a detected or imported one, `comeback:<id>` for one marked by hand. */
  key: string;
  source: ComebackSource;
  state: ComebackState;
  /** The day it was found or marked (the new RO's opening day for a detected one). */
  date: string;
  customerId: number | null;
  customerName: string | null;
  phone: string | null;
  vehicleId: number;
  plate: string | null;
  vin: string | null;
  model: string;
  /** The earlier (repair) RO and its advisor. */
  earlierRoId: number | null;
  earlierRoNumber: string | null;
  earlierOpenedOn: string | null;
  earlierAdvisor: string;
  earlierWork: string;
  /** The RO it came back with (null when marked from a call before the vehicle is back). */
  roId: number | null;
  roNumber: string | null;
  roOpenedOn: string | null;
  roType: string | null;
  daysBetween: number | null;
  /** 客户反映（原话）. */
  words: string;
  dismissedReason: string;
  handedAt: string | null;
  handedBy: string | null;
  /** The manager's part: 原因, 措施, 结果. */
  cause: string;
  action: string;
  result: string;
  closedAt: string | null;
  closedBy: string | null;
  callId: number | null;
  complaintId: number | null;
  version: number | null;
}

export interface ComebackRate {
  month: string;
  /** Distinct vehicles with a confirmed or closed comeback dated in the month. */
  comebacks: number;
  /** Distinct vehicles with a repair RO (REPAIR_RO_TYPES) opened in the month. */
  repaired: number;
  /** comebacks / repaired, null when nothing was repaired. */
  rate: number | null;
}

// ---- lost customers (流失客户) ----

export const LOST_REASONS = [
  'moved',
  'sold',
  'elsewhere',
  'dissatisfied',
  'price',
  'distance',
  'little_use',
  'other',
] as const;
export type LostReason = (typeof LOST_REASONS)[number];
export const LOST_REASON_LABELS: Record<LostReason, string> = {
  moved: '搬家',
  sold: '车已卖',
  elsewhere: '在别处保养',
  dissatisfied: '对服务不满',
  price: '价格',
  distance: '距离',
  little_use: '用车少',
  other: '其他',
};

/** When the vehicle stopped coming, by the services it had here (first/periodic service ROs). */
export const LOST_STAGES = ['never_serviced', 'after_first', 'after_second', 'later'] as const;
export type LostStage = (typeof LOST_STAGES)[number];
export const LOST_STAGE_LABELS: Record<LostStage, string> = {
  never_serviced: '未在本店保养',
  after_first: '首保后流失',
  after_second: '二保后流失',
  later: '多次保养后流失',
};

export const LOST_LEVELS = ['at_risk', 'lost'] as const;
export type LostLevel = (typeof LOST_LEVELS)[number];
export const LOST_LEVEL_LABELS: Record<LostLevel, string> = { at_risk: '流失预警', lost: '已流失' };

export interface LostCustomer {
  vehicleId: number;
  plate: string | null;
  vin: string | null;
  model: string;
  customerId: number | null;
  customer: string | null;
  phone: string | null;
  level: LostLevel;
  lastVisit: string;
  monthsAway: number;
  lastMileage: number | null;
  /** From the last reading at the vehicle's pace (the service summary), rounded to 100 km. */
  estimatedMileage: number | null;
  stage: LostStage;
  /** Invitation lists it was on since the last visit without coming back. */
  missedInvitations: number;
  reason: LostReason | null;
  reasonWords: string;
  reasonAt: string | null;
  /** A win-back call is in the 回访 queue (or was made) since: its day. */
  winbackOn: string | null;
  winbackState: 'open' | 'done' | 'unreached' | null;
}

/** A reason filter on the lost list: a recorded reason, or none recorded yet. */
export type LostReasonFilter = LostReason | 'none';
export const LOST_REASON_FILTERS = [...LOST_REASONS, 'none'] as const satisfies readonly LostReasonFilter[];
export const LOST_PAGE_SIZE_DEFAULT = 100;
export const LOST_PAGE_SIZE_MAX = 500;

/**
 * One page of the lost-customer list (lostCustomers.list), most recently lost first (last visit
 * descending, then vehicle id descending).
 */
export interface LostCustomerPage {
  rows: LostCustomer[];
  /** Vehicles matching every filter (stage and reason included): what the pages go through. */
  total: number;
  /** Over the whole selection (day and level), before the stage and reason filters: the screen's clickable counts. */
  byStage: Record<LostStage, number>;
  byReason: Record<LostReasonFilter, number>;
  /** The day the list is as of (the store's today unless asked). */
  asOf: string;
}

export interface ChurnMonth {
  month: string;
  /** The month whose visitors are the base: month − 6. */
  baseMonth: string;
  /** Distinct vehicles with an RO in baseMonth. */
  base: number;
  /** Of those, with an RO in the months after baseMonth up to and including month. */
  returned: number;
  /** 1 − returned/base (null when base is 0). */
  churn: number | null;
  /** 首保 → 2nd service: vehicles whose 首保 RO was in baseMonth, and of them with a later 定保 by month's end. */
  firstServiceBase: number;
  secondService: number;
  retention: number | null;
  /** The formula, as the screen shows it. */
  formula: string;
}
