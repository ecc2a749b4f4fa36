import type { VehicleStatus } from './enums';
import type { DueBase, DueKind, PaceSource, Reading, ServiceRuleValues } from './service-due';

/**
 * Maintenance invitations (定保招揽一览表) and the first-service register (首保登记表).
 * The due logic itself is in service-due.ts; this file holds what the archive keeps and shows.
 */

/** A service rule: for models whose name contains `match`, or the store default (match ''). */
export interface ServiceRule extends ServiceRuleValues {
  id: number;
  /** '' is the store default; otherwise matched against the vehicle's model (longest match wins). */
  match: string;
  updatedAt: string;
  updatedBy: string;
}

/** The per-vehicle summary kept up to date as ROs and readings arrive (what every list reads). */
export interface VehicleServiceSummary {
  vehicleId: number;
  pace: {
    kmPerDay: number;
    source: PaceSource;
    points: number;
    fromOn: string | null;
    toOn: string | null;
  };
  lastReading: Reading | null;
  outliers: Reading[];
  lastVisitOn: string | null;
  /** The rule applied ('' = store default). */
  ruleMatch: string;
  due: {
    kind: DueKind;
    base: DueBase;
    baseOn: string;
    baseKm: number | null;
    timeDueOn: string;
    mileageDueOn: string | null;
    dueOn: string;
    dueKm: number | null;
    dueBy: 'time' | 'mileage';
    timeOnly: boolean;
  } | null;
  /** Estimated odometer today. */
  estimatedKmToday: number | null;
  /** Why due, in the clerk's words. */
  explanation: string;
  computedAt: string;
}

export const CONTACT_CHANNELS = ['letter', 'phone', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = { letter: '信件', phone: '电话', sms: '短信' };

export const NO_CONTACT_REASONS = ['sold', 'serviced_elsewhere', 'asked', 'other'] as const;
export type NoContactReason = (typeof NO_CONTACT_REASONS)[number];
export const NO_CONTACT_REASON_LABELS: Record<NoContactReason, string> = {
  sold: '车已卖',
  serviced_elsewhere: '在别处保养',
  asked: '客户要求不再联系',
  other: '其他',
};

export interface ContactPreference {
  customerId: number;
  channel: ContactChannel;
  allowed: boolean;
  reason: NoContactReason | null;
  note: string;
  updatedAt: string;
  updatedBy: string;
}

export const CALL_RESULTS = [
  'reached',
  'no_answer',
  'booked',
  'not_interested',
  'wrong_number',
  'sold',
  'serviced_elsewhere',
] as const;
export type CallResult = (typeof CALL_RESULTS)[number];
export const CALL_RESULT_LABELS: Record<CallResult, string> = {
  reached: '已接通',
  no_answer: '无人接听',
  booked: '已预约',
  not_interested: '不感兴趣',
  wrong_number: '号码错误',
  sold: '车已卖',
  serviced_elsewhere: '已在别处保养',
};

export interface InvitationCall {
  id: number;
  at: string;
  result: CallResult;
  /** For 已预约. */
  bookedFor: string | null;
  /** 用户原话. */
  words: string;
  by: string;
}

export interface InvitationRow {
  id: number;
  listId: number;
  vehicleId: number;
  customerId: number | null;
  kind: DueKind;
  plate: string | null;
  vin: string | null;
  model: string;
  customerName: string | null;
  phone: string | null;
  lastVisitOn: string | null;
  lastKm: number | null;
  estimatedKm: number | null;
  dueOn: string;
  dueKm: number | null;
  dueBy: 'time' | 'mileage';
  explanation: string;
  addedManually: boolean;
  addReason: string;
  removed: boolean;
  removedReason: string;
  letterSentOn: string | null;
  letterKind: string | null;
  calls: InvitationCall[];
  bookedFor: string | null;
  /** 回厂: the later RO of the right type. */
  cameRoId: number | null;
  cameOn: string | null;
  /**
   * Lists (this one included) whose period is over with this vehicle on them (not removed) and not
   * come in: 2 or more feeds the lost-customer logic.
   */
  missedLists: number;
}

export interface InvitationFunnel {
  rows: number;
  sent: number;
  called: number;
  booked: number;
  came: number;
}

export interface InvitationListSummary {
  id: number;
  title: string;
  from: string;
  to: string;
  createdAt: string;
  createdBy: string;
  funnel: InvitationFunnel;
}

export interface InvitationList extends InvitationListSummary {
  rows: InvitationRow[];
}

/** A candidate for a new list (not saved yet), with why it is due. */
export interface DueVehicle {
  vehicleId: number;
  customerId: number | null;
  kind: DueKind;
  plate: string | null;
  vin: string | null;
  model: string;
  customerName: string | null;
  phone: string | null;
  vehicleStatus: VehicleStatus;
  lastVisitOn: string | null;
  lastKm: number | null;
  estimatedKm: number | null;
  dueOn: string;
  dueKm: number | null;
  dueBy: 'time' | 'mileage';
  timeOnly: boolean;
  explanation: string;
}

/** What `cli -- invitations --json` prints per row. */
export interface InvitationJsonRow {
  plate: string | null;
  vin: string | null;
  customer: string | null;
  phone: string | null;
  kind: DueKind;
  dueDate: string;
  dueMileage: number | null;
  estimatedMileage: number | null;
  lastVisit: string | null;
}

export interface FirstServiceVoucher {
  id: number;
  voucherNo: string;
  vehicleId: number;
  plate: string | null;
  vin: string | null;
  model: string;
  customerName: string | null;
  serviceOn: string;
  mileage: number;
  advisor: string;
  filedAt: string | null;
  handedOverAt: string | null;
  handedTo: string | null;
  handedBy: string | null;
  createdAt: string;
  createdBy: string;
}

/** Delivered some months ago, no first service yet: none may be missed. */
export interface FirstServiceCandidate {
  vehicleId: number;
  plate: string | null;
  vin: string | null;
  model: string;
  customerName: string | null;
  phone: string | null;
  deliveryOn: string;
  /** The first service's time limit (delivery + the rule's months). */
  expiresOn: string;
  daysLeft: number;
}

export const QUEUED_LETTER_KINDS = ['purchase_thanks', 'first_service_thanks'] as const;
export type QueuedLetterKind = (typeof QUEUED_LETTER_KINDS)[number];
export const QUEUED_LETTER_KIND_LABELS: Record<QueuedLetterKind, string> = {
  purchase_thanks: '购车感谢信',
  first_service_thanks: '首保感谢信',
};
