/**
 * 回访: the morning's calls. One queue fed per kind (like the Today board's contributors), a call
 * record with every attempt, the store's questionnaires (versioned), problem calls with their
 * quick-handling form, appointments (预约登记) and SMS batches prepared for the store's own SMS
 * platform. Dates are `YYYY-MM-DD`, times of day `HH:mm`, instants ISO 8601 with the store's offset.
 */

import { MERGE_FIELDS, parseTemplate } from './letters';

// ---- call kinds and outcomes ----

/** What a call is for. `callback` is a call the customer asked for at a given time. */
export const CALL_KINDS = ['followup7', 'csi', 'delivery', 'reminder', 'callback'] as const;
export type CallKind = (typeof CALL_KINDS)[number];
export const CALL_KIND_LABELS: Record<CallKind, string> = {
  followup7: '7天跟踪回访',
  csi: '满意度回访',
  delivery: '新车交车回访',
  reminder: '招揽提醒',
  callback: '约定回电',
};

/**
 * Calls of a stored kind that are about something more particular, named by their key: the
 * complaint callback (投诉二次回访, callback:complaint:N) and the win-back call (流失召回,
 * reminder:vehicle:N). Null for the others (their kind says it).
 */
export function callTopicLabel(key: string): string | null {
  if (key.startsWith('callback:complaint:')) return '投诉二次回访';
  if (key.startsWith('reminder:vehicle:')) return '流失召回';
  return null;
}

/** The kinds that have a questionnaire of their own (设置 → 回访问卷). */
export const QUESTIONNAIRE_KINDS = ['followup7', 'csi', 'delivery', 'reminder'] as const;
export type QuestionnaireKind = (typeof QUESTIONNAIRE_KINDS)[number];

/** One attempt's outcome. Only `reached` can carry answers; `call_back` carries the time asked for. */
export const CALL_OUTCOMES = ['reached', 'no_answer', 'busy', 'off', 'wrong_number', 'refused', 'call_back'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  reached: '已接通',
  no_answer: '无人接听',
  busy: '占线',
  off: '关机/停机',
  wrong_number: '号码错误',
  refused: '拒访',
  call_back: '不方便—约回电',
};
/** Not reached: the call moves to the next window, then the next day, until the limits close it. */
export const UNREACHED_OUTCOMES: readonly CallOutcome[] = ['no_answer', 'busy', 'off'];
/** These close the call at once (wrong_number: 号码错误 also sends the customer to "fix the number"). */
export const CLOSING_OUTCOMES: readonly CallOutcome[] = ['reached', 'wrong_number', 'refused'];

/** Where an entry of the day's queue stands. */
export const QUEUE_STATES = ['now', 'later', 'overdue', 'skipped', 'done', 'unreached'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export const QUEUE_STATE_LABELS: Record<QueueState, string> = {
  now: '现在可打',
  later: '稍后再打',
  overdue: '逾期',
  skipped: '不打（客户拒绝电话）',
  done: '已完成',
  unreached: '未接通（已放弃）',
};

/** A call record's own state in the archive. */
export const CALL_STATES = ['open', 'done', 'unreached', 'cancelled'] as const;
export type CallState = (typeof CALL_STATES)[number];

// ---- questionnaires ----

export const SCALES = ['yesno', 'five', 'ten', 'nps', 'choice'] as const;
export type Scale = (typeof SCALES)[number];
export const SCALE_LABELS: Record<Scale, string> = {
  yesno: '满意/不满意',
  five: '五级（非常满意…非常不满意）',
  ten: '1-10 分',
  nps: '0-10 推荐度（NPS）',
  choice: '选项（不计分）',
};
/** The values each scale accepts; `choice` answers carry the option's index. */
export const SCALE_RANGE: Record<Scale, { min: number; max: number }> = {
  yesno: { min: 0, max: 1 },
  five: { min: 1, max: 5 },
  ten: { min: 1, max: 10 },
  nps: { min: 0, max: 10 },
  choice: { min: 0, max: 19 },
};
export const FIVE_LEVEL_LABELS: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '一般',
  2: '不满意',
  1: '非常不满意',
};
export const YESNO_LABELS: Record<number, string> = { 1: '满意', 0: '不满意' };

export const DEPARTMENTS = ['reception', 'workshop', 'parts', 'cashier', 'wash', 'sales'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_LABELS: Record<Department, string> = {
  reception: '接待',
  workshop: '车间',
  parts: '配件',
  cashier: '收银',
  wash: '洗车',
  sales: '销售',
};

export interface Question {
  /** Stable within a questionnaire's versions (answers and statistics follow it). */
  key: string;
  text: string;
  scale: Scale;
  /** The department it scores; null for a question that scores no one (e.g. 来店方式). */
  department: Department | null;
  /** For `choice` only. */
  options: string[];
}

export interface Questionnaire {
  id: number;
  kind: QuestionnaireKind;
  version: number;
  title: string;
  questions: Question[];
  createdAt: string;
  createdBy: string;
  /** Answers were recorded with this version: editing makes a new version. */
  inUse: boolean;
  isCurrent: boolean;
}

/** One answer: `value` on the question's scale, or null (客户未回答). */
export interface Answer {
  key: string;
  value: number | null;
}

// ---- settings ----

export interface TimeWindow {
  /** HH:mm, inclusive. */
  from: string;
  /** HH:mm, exclusive. */
  to: string;
}

export interface RevisitSettings {
  /** 7-day follow-up: days after delivery. */
  followupDays: number;
  /** Satisfaction revisit: days after delivery. */
  csiDays: number;
  /** One call: the 7-day follow-up asks the CSI questions too, and no separate CSI call is made. */
  mergeCsiWithFollowup: boolean;
  /** The new-car revisit after the sales delivery date (off unless the clerk does sales revisits too). */
  deliveryRevisit: boolean;
  deliveryDays: number;
  /** Invitation reminder calls: days after the letter was sent. */
  reminderAfterDays: number;
  /** When calls are made (10:00-12:00 and 15:00-18:00 by default). */
  windows: TimeWindow[];
  /** A callback must fall inside these hours. */
  businessHours: TimeWindow;
  /** Not reached after this many attempts… */
  maxAttempts: number;
  /** …or this many days after the call was due: closed as 未接通 and offered an SMS or a letter. */
  maxDays: number;
  /** An answer at or below these makes a problem call (yes/no: 不满意 always does). */
  problemAtOrBelow: { five: number; ten: number; nps: number };
}

export const DEFAULT_REVISIT_SETTINGS: RevisitSettings = {
  followupDays: 7,
  csiDays: 2,
  mergeCsiWithFollowup: false,
  deliveryRevisit: false,
  deliveryDays: 3,
  reminderAfterDays: 7,
  windows: [
    { from: '10:00', to: '12:00' },
    { from: '15:00', to: '18:00' },
  ],
  businessHours: { from: '08:30', to: '18:00' },
  maxAttempts: 3,
  maxDays: 5,
  problemAtOrBelow: { five: 3, ten: 6, nps: 6 },
};

// ---- the queue ----

export interface QueueEntry {
  /** Stable id of the call: `followup7:ro:123`, `csi:ro:123`, `delivery:vehicle:45`, `reminder:row:77`, `callback:call:9`, `reminder:appointment:3` (no-show). */
  key: string;
  kind: CallKind;
  /** For a callback: the kind of the call it continues. */
  forKind: CallKind | null;
  /** Why, in a few words: 交车 7 天, 预约未到店, 客户约 15:30 回电… */
  reason: string;
  /** The call record once an attempt was made. */
  callId: number | null;
  roId: number | null;
  roNumber: string | null;
  vehicleId: number | null;
  plate: string | null;
  model: string;
  customerId: number | null;
  customerName: string | null;
  phone: string | null;
  /** The customer's own 方便接听时间, as written. */
  preferredTime: string;
  /** The day the call is due. */
  dueOn: string;
  /** A booked callback's moment. */
  dueAt: string | null;
  /** The window it is callable in now, or next today (`10:00-12:00`); null when not today. */
  window: string | null;
  /** HH:mm from which it is callable, when that is later today. */
  nextAt: string | null;
  state: QueueState;
  /** Days past due (overdue entries). */
  overdueDays: number;
  attempts: number;
  lastAttempt: { at: string; outcome: CallOutcome; by: string } | null;
  /** Why it is skipped (客户拒绝电话回访: 车已卖…). */
  skipReason: string | null;
  /** After 未接通: the SMS or letter offered instead, once chosen. */
  followUpChannel: 'sms' | 'letter' | null;
}

export interface CallQueue {
  date: string;
  /** The store's moment the queue was computed for. */
  at: string;
  entries: QueueEntry[];
  counts: { byKind: Record<CallKind, number>; byState: Record<QueueState, number> };
  windows: TimeWindow[];
}

// ---- one call ----

export interface CallAttempt {
  id: number;
  at: string;
  outcome: CallOutcome;
  callbackAt: string | null;
  note: string;
  by: string;
}

export interface EarlierCall {
  at: string;
  kind: CallKind;
  outcome: CallOutcome | string;
  /** 用户原话 */
  words: string;
  by: string;
}

export interface CallDetail {
  entry: QueueEntry;
  customer: {
    id: number;
    name: string;
    mobile: string | null;
    otherPhones: string;
    address: string;
    postalCode: string;
    birthday: string | null;
    preferredCallTime: string;
    notes: string;
  } | null;
  vehicle: {
    id: number;
    plate: string | null;
    vin: string | null;
    model: string;
    color: string;
    deliveryDate: string | null;
  } | null;
  repairOrder: {
    id: number;
    roNumber: string;
    type: string;
    advisor: string;
    openedAt: string;
    deliveredAt: string | null;
    totalFen: number;
    complaint: string;
    declinedWork: string;
    work: string[];
  } | null;
  earlierCalls: EarlierCall[];
  attempts: CallAttempt[];
  /** The questionnaire to ask (or the version already answered). Null for kinds without one. */
  questionnaire: Questionnaire | null;
  answers: Answer[];
  words: string;
  problemFixed: ProblemFixed | null;
  suggestions: string;
  state: CallState | null;
  closedAt: string | null;
  closedBy: string | null;
  problems: CallProblem[];
  appointment: Appointment | null;
}

export const PROBLEM_FIXED = ['yes', 'no', 'na'] as const;
export type ProblemFixed = (typeof PROBLEM_FIXED)[number];
export const PROBLEM_FIXED_LABELS: Record<ProblemFixed, string> = { yes: '已解决', no: '未解决', na: '不涉及' };

export interface RecordedCall {
  detail: CallDetail;
  /** This attempt closed the call. */
  closed: boolean;
  /** Someone else closed it first: this attempt is kept, their answers stand. */
  alreadyClosed: { at: string; by: string } | null;
  /** The attempt reached the limits: closed as 未接通 and offered an SMS or a letter. */
  gaveUp: boolean;
}

// ---- problem calls (问题客户) ----

export interface CallProblem {
  id: number;
  callId: number;
  callKey: string;
  kind: CallKind;
  customerId: number | null;
  customerName: string | null;
  phone: string | null;
  plate: string | null;
  roNumber: string | null;
  department: Department;
  /** The questions answered at or below the threshold, as asked. */
  questions: string[];
  /** 用户原话 */
  words: string;
  ownerUserId: number | null;
  ownerName: string | null;
  action: string;
  result: string;
  doneAt: string | null;
  doneBy: string | null;
  /** Set by the complaints work when it turns this problem into a complaint. */
  complaintId: number | null;
  createdAt: string;
}

// ---- appointments (预约登记) ----

export const APPOINTMENT_PURPOSES = ['first_service', 'periodic_service', 'repair', 'body_paint', 'other'] as const;
export type AppointmentPurpose = (typeof APPOINTMENT_PURPOSES)[number];
export const APPOINTMENT_PURPOSE_LABELS: Record<AppointmentPurpose, string> = {
  first_service: '首保',
  periodic_service: '定保',
  repair: '维修',
  body_paint: '钣喷',
  other: '其他',
};
export const APPOINTMENT_SOURCES = ['call', 'phone_in', 'invitation'] as const;
export type AppointmentSource = (typeof APPOINTMENT_SOURCES)[number];
export const APPOINTMENT_SOURCE_LABELS: Record<AppointmentSource, string> = {
  call: '回访电话',
  phone_in: '客户来电',
  invitation: '招揽电话',
};
/** `no_show` is not stored: a booked appointment whose day passed without an RO. */
export const APPOINTMENT_STATES = ['booked', 'arrived', 'no_show', 'cancelled'] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];
export const APPOINTMENT_STATE_LABELS: Record<AppointmentState, string> = {
  booked: '已预约',
  arrived: '已到店',
  no_show: '未到店',
  cancelled: '已取消',
};

export interface Appointment {
  id: number;
  customerId: number | null;
  customerName: string | null;
  phone: string | null;
  vehicleId: number;
  plate: string | null;
  model: string;
  date: string;
  /** HH:mm, or null when the customer only gave the day. */
  time: string | null;
  purpose: AppointmentPurpose;
  advisor: string;
  note: string;
  source: AppointmentSource;
  callId: number | null;
  invitationRowId: number | null;
  state: AppointmentState;
  arrivedRoId: number | null;
  arrivedRoNumber: string | null;
  cancelledReason: string;
  createdAt: string;
  createdBy: string;
}

// ---- SMS (短信) ----

/** Chinese (any non-GSM character) SMS: 70 characters in one segment, 67 each when split. */
export function smsSegments(content: string): { characters: number; segments: number } {
  const characters = [...content].length;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the GSM 7-bit test is about code points
  const gsm = /^[\u0000-\u007f]*$/.test(content);
  const single = gsm ? 160 : 70;
  const part = gsm ? 153 : 67;
  if (characters === 0) return { characters, segments: 0 };
  return { characters, segments: characters <= single ? 1 : Math.ceil(characters / part) };
}

/**
 * The SMS merge fields: exactly the letters' (same values, same code: src-main/services/letters)
 * plus the appointment's day and time, which only a reminder of a day's appointments can fill.
 */
export const SMS_APPOINTMENT_FIELDS = ['预约日期', '预约时间'] as const;
export const SMS_MERGE_FIELDS = [...MERGE_FIELDS, ...SMS_APPOINTMENT_FIELDS] as const;
export type SmsMergeField = (typeof SMS_MERGE_FIELDS)[number];

/** Why an SMS text cannot be used (an unknown merge field, an unpaired brace), or null. */
export function smsTemplateProblem(body: string): { message: string; field?: string } | null {
  const parsed = parseTemplate<SmsMergeField>(body, SMS_MERGE_FIELDS);
  return parsed.ok ? null : { message: parsed.message, ...(parsed.field ? { field: parsed.field } : {}) };
}

/** The appointment fields a text uses (they need the source 某天的预约). */
export function smsAppointmentFieldsIn(body: string): SmsMergeField[] {
  const parsed = parseTemplate<SmsMergeField>(body, SMS_MERGE_FIELDS);
  if (!parsed.ok) return [];
  const used = new Set<SmsMergeField>();
  for (const p of parsed.parts)
    if ('field' in p && (SMS_APPOINTMENT_FIELDS as readonly string[]).includes(p.field)) used.add(p.field);
  return [...used];
}

export const SMS_SOURCES = ['invitation_list', 'unreached', 'deliveries', 'appointments'] as const;
export type SmsSourceKind = (typeof SMS_SOURCES)[number];
export const SMS_SOURCE_LABELS: Record<SmsSourceKind, string> = {
  invitation_list: '招揽一览表',
  unreached: '电话未接通的客户',
  deliveries: '一段时间交车的客户',
  appointments: '某天的预约（提醒）',
};

export interface SmsMessage {
  customerId: number | null;
  vehicleId: number | null;
  customerName: string | null;
  plate: string | null;
  phone: string | null;
  content: string;
  characters: number;
  segments: number;
  /** Left out, and why (客户不接收短信, 没有手机号…); null when it goes out. */
  skippedReason: string | null;
}

export interface SmsBatchPreview {
  messages: SmsMessage[];
  recipients: number;
  skipped: number;
  segments: number;
}

export interface SmsBatch extends SmsBatchPreview {
  id: number;
  title: string;
  source: SmsSourceKind;
  templateBody: string;
  createdAt: string;
  createdBy: string;
  sentAt: string | null;
  sentBy: string | null;
}

export interface SmsTemplate {
  id: number;
  name: string;
  body: string;
  updatedAt: string;
}
