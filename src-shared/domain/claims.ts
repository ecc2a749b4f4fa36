import { addDays, daysBetween } from '../validation/dates';
import type { RoStatus, RoType } from './enums';

/**
 * 三包/索赔 (issue 14): warranty claims to the manufacturer, outside-service orders (外出服务单) and the
 * monthly service-fee statement (服务费结算).
 *
 * The model:
 * - Every RO of type 索赔/三包 opened on or after the settings' openFrom (unset: in the last 90 days)
 *   has a claim from the moment the RO exists (typed or imported): until the clerk first saves it, it
 *   is 待填报 with the settings' defaults and no row; the first save writes its row, and a claim with a
 *   row stays a claim whatever openFrom says later. A claim is addressed by its RO (roId).
 * - The deadline is the settlement day + the days of the most specific rule (brand + claim type, then
 *   claim type, then brand, then the default); the clerk may set another (never before settlement).
 *   An RO not settled yet has no deadline.
 * - 待填报 → 已上报 (reportedOn, claimNo; a round) → 审核中 → 已通过 (approvedOn, amount ≤ the RO's
 *   warranty part) / 已驳回 (reason; the clerk fixes the text and reports again: a new round, each
 *   kept) → 已结算 (when the month's statement is paid).
 * - Old parts (旧件) are taken from the RO's warranty part lines when the claim is first saved (the
 *   clerk may add or remove lines): kept (tagged) → returned (date, waybill) or scrapped (on instruction).
 *   They are due for return settlement day + oldPartReturnDays.
 * - Outside-service orders carry a service order number (服务令号), are signed out and closed on
 *   return; the kilometres of the closed orders linked to an RO reach its claim.
 * - The month's statement holds the claims approved in the month; the station head requests the
 *   invoice, it is issued (number, date) and paid; paid settles its claims.
 */

export const CLAIM_STATUSES = ['draft', 'reported', 'reviewing', 'approved', 'rejected', 'settled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  draft: '待填报',
  reported: '已上报',
  reviewing: '审核中',
  approved: '已通过',
  rejected: '已驳回',
  settled: '已结算',
};
/** Not settled yet: what the clerk still has to do something about (or wait for). */
export const OPEN_CLAIM_STATUSES: readonly ClaimStatus[] = ['draft', 'reported', 'reviewing', 'approved', 'rejected'];
/** The clerk may change the claim's text in these (a rejected claim is fixed, then reported again). */
export const EDITABLE_CLAIM_STATUSES: readonly ClaimStatus[] = ['draft', 'rejected'];

/** 索赔类型: the store's list (settings); these are the builtin codes. */
export const BUILTIN_CLAIM_TYPES = ['warranty', 'sanbao', 'recall', 'goodwill'] as const;
export const BUILTIN_CLAIM_TYPE_LABELS: Record<(typeof BUILTIN_CLAIM_TYPES)[number], string> = {
  warranty: '保修索赔',
  sanbao: '三包',
  recall: '召回/服务活动',
  goodwill: '善意维修',
};
export const CLAIM_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;

export interface ClaimType {
  code: string;
  label: string;
  builtin: boolean;
}

/** A deadline rule: brand '' matches any vehicle (else the vehicle's model contains it); claimType null matches any. */
export interface DeadlineRule {
  brand: string;
  claimType: string | null;
  days: number;
}

export interface ClaimSettings {
  claimTypes: ClaimType[];
  /** A new claim's type. */
  defaultClaimType: string;
  /** Days after settlement when no rule matches. */
  defaultDays: number;
  rules: DeadlineRule[];
  /**
   * Warranty ROs opened on or after this day have claims though never touched (待填报 from the RO
   * alone); null: those of the last ROWLESS_CLAIM_DAYS days. A claim once saved is always a claim.
   */
  openFrom: string | null;
  /** The Today board warns this many days before a deadline. */
  warnDays: number;
  /** Old parts are due back to the manufacturer this many days after settlement. */
  oldPartReturnDays: number;
  /** The month's statement should be invoiced by this day of the next month (the Today board says so after it). */
  invoiceByDay: number;
  /** Who the statement is invoiced to (the manufacturer's name on the printed statement). */
  manufacturer: string;
}

export const DEFAULT_CLAIM_SETTINGS: ClaimSettings = {
  claimTypes: BUILTIN_CLAIM_TYPES.map((code) => ({ code, label: BUILTIN_CLAIM_TYPE_LABELS[code], builtin: true })),
  defaultClaimType: 'warranty',
  defaultDays: 7,
  rules: [],
  openFrom: null,
  warnDays: 2,
  oldPartReturnDays: 30,
  invoiceByDay: 5,
  manufacturer: '',
};

/** Without 索赔起始日期, untouched warranty ROs of the last 90 days are claims to fill in (older ones are long past any deadline). */
export const ROWLESS_CLAIM_DAYS = 90;

/** The first opening day whose untouched warranty ROs count as claims (待填报). */
export function claimsOpenFrom(settings: ClaimSettings, today: string): string {
  return settings.openFrom ?? addDays(today, -ROWLESS_CLAIM_DAYS);
}

export type ClaimDueState = 'none' | 'ok' | 'due_soon' | 'overdue' | 'done';
export const CLAIM_DUE_LABELS: Record<ClaimDueState, string> = {
  none: '未结算',
  ok: '',
  due_soon: '即将到期',
  overdue: '已超期',
  done: '',
};

/**
 * The rule that sets a claim's deadline: the most specific that matches (brand + claim type, then
 * claim type, then brand; the first listed on a tie), else the default. The brand matches when the
 * vehicle's model contains it, letter case ignored.
 */
export function deadlineDays(settings: ClaimSettings, model: string, claimType: string): number {
  if (settings.rules.length === 0) return settings.defaultDays;
  const modelText = model.toLowerCase();
  const brandMatches = (r: DeadlineRule) => r.brand.trim() === '' || modelText.includes(r.brand.trim().toLowerCase());
  const specific = (r: DeadlineRule) => (r.claimType !== null ? 2 : 0) + (r.brand.trim() !== '' ? 1 : 0);
  const candidates = settings.rules
    .filter((r) => brandMatches(r) && (r.claimType === null || r.claimType === claimType))
    .sort((a, b) => specific(b) - specific(a));
  return candidates[0]?.days ?? settings.defaultDays;
}

/** The deadline by the rules: the settlement day + the days; null while the RO is not settled. */
export function ruleDeadline(
  settings: ClaimSettings,
  settledOn: string | null,
  model: string,
  claimType: string,
): string | null {
  return settledOn === null ? null : addDays(settledOn, deadlineDays(settings, model, claimType));
}

/**
 * Where a claim stands against its deadline today: reported (or beyond) → done; no deadline → none;
 * past it → overdue; within warnDays → due_soon.
 */
export function claimDueState(
  status: ClaimStatus,
  deadline: string | null,
  today: string,
  warnDays: number,
): ClaimDueState {
  if (status !== 'draft' && status !== 'rejected') return 'done';
  if (deadline === null) return 'none';
  const left = daysBetween(today, deadline);
  if (left < 0) return 'overdue';
  return left <= warnDays ? 'due_soon' : 'ok';
}

export interface ClaimLabourItem {
  description: string;
  hours: number;
  amountFen: number;
}
export interface ClaimPartItem {
  partNumber: string;
  name: string;
  quantity: number;
  amountFen: number;
}

/** One submission to the manufacturer and its answer, kept for every round. */
export interface ClaimRound {
  round: number;
  reportedOn: string;
  reportedBy: string;
  claimNo: string;
  /** The text as reported in this round. */
  faultDescription: string;
  cause: string;
  handling: string;
  result: 'pending' | 'approved' | 'rejected';
  resultOn: string | null;
  /** 驳回原因. */
  rejectReason: string;
  approvedFen: number | null;
}

export const OLD_PART_STATES = ['kept', 'returned', 'scrapped'] as const;
export type OldPartState = (typeof OLD_PART_STATES)[number];
export const OLD_PART_STATE_LABELS: Record<OldPartState, string> = {
  kept: '在库',
  returned: '已返厂',
  scrapped: '已报废',
};

/** 旧件: a replaced part kept for the manufacturer. */
export interface OldPart {
  id: number;
  roId: number;
  roNumber: string;
  claimNo: string | null;
  /** 旧件标签号 (printed on the tag). */
  tagNo: string;
  partNumber: string;
  name: string;
  quantity: number;
  state: OldPartState;
  /** Due back to the manufacturer (settlement + oldPartReturnDays); null when the RO is not settled. */
  returnDueOn: string | null;
  returnedOn: string | null;
  waybill: string;
  scrappedOn: string | null;
  /** 报废依据 (the manufacturer's instruction). */
  instruction: string;
  version: number;
}

/** A warranty claim (索赔单), by its RO. */
export interface Claim {
  roId: number;
  roNumber: string;
  roType: string;
  roStatus: RoStatus;
  openedOn: string;
  settledOn: string | null;
  advisorName: string;
  vehicleId: number;
  plate: string | null;
  vin: string | null;
  model: string;
  customerId: number | null;
  customerName: string | null;
  mileageIn: number | null;
  /** The customer's words on the RO (故障现象 as told). */
  roComplaint: string;
  /** False until the first save (待填报 from the RO alone). */
  saved: boolean;
  claimType: string;
  claimTypeLabel: string;
  status: ClaimStatus;
  claimNo: string | null;
  /** The rules' deadline, or the one the clerk set; null while the RO is not settled. */
  deadline: string | null;
  /** True when the clerk set the deadline (not the rules). */
  deadlineSet: boolean;
  dueState: ClaimDueState;
  faultDescription: string;
  cause: string;
  handling: string;
  note: string;
  labour: ClaimLabourItem[];
  parts: ClaimPartItem[];
  /** The RO's warranty part (保修 labour and parts lines; the RO's total when it is paid by warranty without lines). */
  warrantyFen: number;
  /** Closed outside-service orders linked to the RO. */
  outsideKm: number;
  outsideOrders: { id: number; orderNo: string; km: number | null; state: OutsideServiceState }[];
  reportedOn: string | null;
  /** Reported on or before the deadline (null until reported). */
  reportedOnTime: boolean | null;
  approvedOn: string | null;
  approvedFen: number | null;
  rejectedOn: string | null;
  rejectReason: string;
  /** The statement month that paid it (已结算). */
  statementMonth: string | null;
  rounds: ClaimRound[];
  oldParts: OldPart[];
  /** Row version; 0 while the claim has no row yet. */
  version: number;
  updatedAt: string | null;
}

/** A row of the claims list (no rounds, parts or text). */
export type ClaimRow = Pick<
  Claim,
  | 'roId'
  | 'roNumber'
  | 'plate'
  | 'vin'
  | 'model'
  | 'customerName'
  | 'advisorName'
  | 'settledOn'
  | 'claimType'
  | 'claimTypeLabel'
  | 'status'
  | 'claimNo'
  | 'deadline'
  | 'dueState'
  | 'reportedOn'
  | 'approvedFen'
  | 'warrantyFen'
  | 'saved'
  | 'version'
> & { oldPartsKept: number };

export const OUTSIDE_SERVICE_STATES = ['out', 'closed'] as const;
export type OutsideServiceState = (typeof OUTSIDE_SERVICE_STATES)[number];
export const OUTSIDE_SERVICE_STATE_LABELS: Record<OutsideServiceState, string> = {
  out: '外出中',
  closed: '已返回',
};

/** 外出服务单. */
export interface OutsideServiceOrder {
  id: number;
  /** 服务令号. */
  orderNo: string;
  roId: number | null;
  roNumber: string | null;
  /** The linked RO's type (a warranty RO's number links to its claim); absent or null: unknown / no RO. */
  roType?: RoType | null;
  vehicleId: number | null;
  plate: string | null;
  vin: string | null;
  customerId: number | null;
  customerName: string | null;
  /** Where the repair is (地点). */
  place: string;
  /** What the customer reported by phone. */
  fault: string;
  /** 外出人员. */
  staff: string;
  /** 手持设备 taken. */
  device: string;
  /** The service vehicle's odometer and the time, out and back. */
  outAt: string;
  odometerOut: number;
  backAt: string | null;
  odometerBack: number | null;
  /** odometerBack − odometerOut once closed. */
  km: number | null;
  state: OutsideServiceState;
  signedOutBy: string;
  closedBy: string | null;
  note: string;
  version: number;
}

export const STATEMENT_STATES = ['open', 'requested', 'invoiced', 'paid'] as const;
export type StatementState = (typeof STATEMENT_STATES)[number];
export const STATEMENT_STATE_LABELS: Record<StatementState, string> = {
  open: '未开票',
  requested: '已申请开票',
  invoiced: '已开票',
  paid: '已回款',
};

/** A claim on a month's statement: approved (or settled) in the month, with the day it was approved. */
export type StatementClaim = ClaimRow & { approvedOn: string };

/** 服务费结算: the month's approved claims and the invoice to the manufacturer. */
export interface ServiceFeeStatement {
  month: string;
  state: StatementState;
  /** By approval day, then RO number. */
  claims: StatementClaim[];
  byType: { claimType: string; label: string; count: number; amountFen: number }[];
  totalFen: number;
  /** The amount when the invoice was requested (the station head invoices this). */
  requestedFen: number | null;
  requestedOn: string | null;
  requestedBy: string | null;
  invoiceNo: string | null;
  invoiceOn: string | null;
  paidOn: string | null;
  /** Claims approved (or amounts changed) after the invoice was requested. */
  changedSinceRequest: boolean;
  /** 0 while it has no row. */
  version: number;
}

/** A month in the statements list. */
export interface StatementSummary {
  month: string;
  state: StatementState;
  count: number;
  totalFen: number;
  invoiceNo: string | null;
  paidOn: string | null;
}

/**
 * The text the clerk pastes into the manufacturer's portal, assembled from the claim (typed once).
 * Labelled lines in the portal's order; empty parts say 无.
 */
export function claimPortalText(c: Claim): string {
  const or = (s: string | null | undefined) => (s && s.trim() !== '' ? s.trim() : '无');
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const lines = [
    `工单号：${c.roNumber}`,
    `车架号：${or(c.vin)}`,
    `车牌号：${or(c.plate)}`,
    `车型：${or(c.model)}`,
    `进厂里程：${c.mileageIn === null ? '无' : `${c.mileageIn} km`}`,
    `进厂日期：${c.openedOn}`,
    `结算日期：${or(c.settledOn)}`,
    `索赔类型：${c.claimTypeLabel}`,
    `故障描述：${or(c.faultDescription)}`,
    `故障原因：${or(c.cause)}`,
    `处理方法：${or(c.handling)}`,
    '维修项目：',
    ...(c.labour.length === 0
      ? ['  无']
      : c.labour.map((l, i) => `  ${i + 1}. ${l.description}  ${l.hours} 工时  ${yuan(l.amountFen)} 元`)),
    '更换零件：',
    ...(c.parts.length === 0
      ? ['  无']
      : c.parts.map((p, i) => `  ${i + 1}. ${p.partNumber} ${p.name} × ${p.quantity}  ${yuan(p.amountFen)} 元`)),
    `外出服务里程：${c.outsideKm > 0 ? `${c.outsideKm} km` : '无'}`,
    `索赔金额：${yuan(c.warrantyFen)} 元`,
  ];
  return lines.join('\n');
}
