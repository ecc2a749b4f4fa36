/**
 * 归档 (issue 13): every paper's place. A paper (一份纸质资料) is of a kind (修理单, 问诊表 …),
 * belongs to an RO, a vehicle or a customer, and is filed into a binder: a monthly binder of a
 * series (当月修理单 2026-11, 第 1 册) or a vehicle's own file bag (一车一档). Filing gives it a
 * position (RO papers of one RO share their RO's position in a monthly binder). Papers carry scans
 * kept in a content-addressed store beside the archive (SHA-256 names). Binders go open → bound
 * (装订) → sent (寄回服务中心) → destroyed (销毁, manager-approved, never automatic).
 * Dates are `YYYY-MM-DD`, instants ISO 8601 with the store's offset, months `YYYY-MM`.
 */

import type { RoType } from './enums';

// ---- kinds of paper ----

export const DOC_SUBJECTS = ['ro', 'vehicle', 'customer'] as const;
/** What a paper belongs to. */
export type DocSubject = (typeof DOC_SUBJECTS)[number];
export const DOC_SUBJECT_LABELS: Record<DocSubject, string> = { ro: '修理单', vehicle: '车辆', customer: '客户' };

export const BUILTIN_DOC_KINDS = [
  'ro_sheet',
  'consultation',
  'history_card',
  'settlement',
  'inspection',
  'certificate',
  'first_service_voucher',
  'warranty_registration',
  'pdi',
  'warranty_claim',
  'complaint_form',
  'customer_file',
] as const;
export type BuiltinDocKind = (typeof BUILTIN_DOC_KINDS)[number];
export const BUILTIN_DOC_KIND_LABELS: Record<BuiltinDocKind, string> = {
  ro_sheet: '修理单/任务委托书',
  consultation: '问诊表',
  history_card: '车历卡',
  settlement: '结算单',
  inspection: '质检单',
  certificate: '竣工出厂合格证(副本)',
  first_service_voucher: '首保凭证',
  warranty_registration: '保修登记表',
  pdi: 'PDI检查单',
  warranty_claim: '三包/索赔单据',
  complaint_form: '客户投诉处理单',
  customer_file: '客户档案',
};
/** A store's own kind: `x_` and lower-case letters, digits or `_` (e.g. x_insurance_photo). */
export const CUSTOM_KIND_PATTERN = /^x_[a-z0-9_]{1,30}$/;

export const BINDER_SCHEMES = ['monthly', 'vehicle'] as const;
/** monthly: a binder per series and month (按月装订); vehicle: the vehicle's own bag (一车一档). */
export type BinderScheme = (typeof BINDER_SCHEMES)[number];
export const BINDER_SCHEME_LABELS: Record<BinderScheme, string> = { monthly: '按月装订', vehicle: '一车一档' };

/**
 * When a paper of the kind is required (缺失检查):
 * - ro_settled: for every settled RO of the given types (empty: every type); majorOnly: only a
 *   major repair (see FilingSettings.majorRepair: 二级维护、总成修理、整车修理 and the like);
 * - vehicle_delivered: for every vehicle delivered (交车日期) on or after checkFrom;
 * - customer_created: for every customer created on or after checkFrom;
 * - never: filed when there is one, never missing.
 */
export type RequiredWhen =
  | { on: 'never' }
  | { on: 'ro_settled'; roTypes: RoType[]; majorOnly: boolean }
  | { on: 'vehicle_delivered' }
  | { on: 'customer_created' };
export const REQUIRED_ON = ['never', 'ro_settled', 'vehicle_delivered', 'customer_created'] as const;
export const REQUIRED_ON_LABELS: Record<RequiredWhen['on'], string> = {
  never: '不要求',
  ro_settled: '修理单结算后',
  vehicle_delivered: '新车交车后',
  customer_created: '新建客户后',
};

export interface DocKind {
  /** A builtin code or a store's own (CUSTOM_KIND_PATTERN). */
  code: string;
  label: string;
  subject: DocSubject;
  builtin: boolean;
  /** A kind no longer used stays for the papers filed under it, but is not offered. */
  active: boolean;
  scheme: BinderScheme;
  /** Monthly binders: the series whose binder it goes into (several kinds share 当月修理单). */
  series: string;
  required: RequiredWhen;
  /** Years kept after the paper's month; null: permanently. */
  retentionYears: number | null;
}

/** A monthly binder series: 当月修理单, 保修登记/PDI, 首保凭证… */
export interface BinderSeries {
  /** Lower-case letters, digits, `_`. */
  key: string;
  label: string;
  /** Where its binders stand (e.g. 档案室 A柜 2层). */
  shelf: string;
  /** Positions per volume; a full binder opens the next volume (第 2 册). */
  capacity: number;
}
export const SERIES_KEY_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;

export const CUSTOMER_FILE_FIELDS = ['mobile', 'address', 'postal_code', 'birthday', 'preferred_call_time'] as const;
export type CustomerFileField = (typeof CUSTOMER_FILE_FIELDS)[number];
export const CUSTOMER_FILE_FIELD_LABELS: Record<CustomerFileField, string> = {
  mobile: '手机',
  address: '地址',
  postal_code: '邮编',
  birthday: '生日',
  preferred_call_time: '方便接听时间',
};
export const VEHICLE_FILE_FIELDS = ['plate', 'vin', 'model', 'color', 'delivery_date', 'owner'] as const;
export type VehicleFileField = (typeof VEHICLE_FILE_FIELDS)[number];
export const VEHICLE_FILE_FIELD_LABELS: Record<VehicleFileField, string> = {
  plate: '车牌',
  vin: '车架号',
  model: '车型',
  color: '颜色',
  delivery_date: '交车日期',
  owner: '车主',
};

export interface FilingSettings {
  kinds: DocKind[];
  series: BinderSeries[];
  /** Where new vehicle bags (一车一档) stand. */
  vehicleBagShelf: string;
  /** A major repair (二级维护、总成修理、整车修理): an RO of one of these types, or with at least this many labour hours. */
  majorRepair: { roTypes: RoType[]; minLaborHours: number | null };
  /** Papers are required from this day on (the day the store began filing here); null: from the first RO. */
  checkFrom: string | null;
  /** 电子健康档案: check that each settled RO was uploaded within healthRecordHours. */
  healthRecordCheck: boolean;
  healthRecordHours: number;
  /** The fields a new customer / vehicle file must have (the advisors' part). */
  requiredCustomerFields: CustomerFileField[];
  requiredVehicleFields: VehicleFileField[];
  /** Largest scan accepted, MB. */
  scanMaxMb: number;
  /** A scanner's output folder watched for new scans; null: none. */
  watchFolder: string | null;
  /** Days a paper or binder is lent for, by default. */
  loanDays: number;
}

const kind = (
  code: BuiltinDocKind,
  subject: DocSubject,
  series: string,
  required: RequiredWhen,
  retentionYears: number | null,
  scheme: BinderScheme = 'monthly',
): DocKind => ({
  code,
  label: BUILTIN_DOC_KIND_LABELS[code],
  subject,
  builtin: true,
  active: true,
  scheme,
  series,
  required,
  retentionYears,
});
const settled = (majorOnly = false, roTypes: RoType[] = []): RequiredWhen => ({ on: 'ro_settled', roTypes, majorOnly });

/** A store's starting rules (《机动车维修管理规定》art. 33; store practice: 2-3 years, disputes and accidents permanently). */
export const DEFAULT_FILING_SETTINGS: FilingSettings = {
  kinds: [
    kind('ro_sheet', 'ro', 'repair', settled(), 2),
    kind('consultation', 'ro', 'repair', settled(), 2),
    kind('history_card', 'vehicle', 'repair', { on: 'never' }, 2),
    kind('settlement', 'ro', 'repair', settled(), 2),
    kind('inspection', 'ro', 'repair', settled(true), 2),
    kind('certificate', 'ro', 'repair', settled(true), 2),
    kind('first_service_voucher', 'vehicle', 'first_service', { on: 'never' }, 2),
    kind('warranty_registration', 'vehicle', 'sales', { on: 'vehicle_delivered' }, 3),
    kind('pdi', 'vehicle', 'sales', { on: 'vehicle_delivered' }, 3),
    kind('warranty_claim', 'ro', 'warranty', settled(false, ['warranty']), 3),
    kind('complaint_form', 'customer', 'complaint', { on: 'never' }, null),
    kind('customer_file', 'customer', 'customer', { on: 'never' }, 3),
  ],
  series: [
    { key: 'repair', label: '当月修理单', shelf: '档案柜 A', capacity: 200 },
    { key: 'sales', label: '保修登记/PDI', shelf: '档案柜 B', capacity: 200 },
    { key: 'first_service', label: '首保凭证', shelf: '档案柜 B', capacity: 200 },
    { key: 'warranty', label: '三包/索赔单据', shelf: '档案柜 C', capacity: 200 },
    { key: 'complaint', label: '客户投诉处理单', shelf: '档案柜 C', capacity: 200 },
    { key: 'customer', label: '客户档案', shelf: '档案柜 D', capacity: 200 },
  ],
  vehicleBagShelf: '车辆档案柜',
  majorRepair: { roTypes: ['body_paint', 'insurance'], minLaborHours: 8 },
  checkFrom: null,
  healthRecordCheck: true,
  healthRecordHours: 24,
  requiredCustomerFields: ['mobile', 'address'],
  requiredVehicleFields: ['plate', 'vin', 'model', 'owner'],
  scanMaxMb: 50,
  watchFolder: null,
  loanDays: 7,
};

// ---- binders ----

export const BINDER_STATES = ['open', 'bound', 'sent', 'destroyed'] as const;
export type BinderState = (typeof BINDER_STATES)[number];
export const BINDER_STATE_LABELS: Record<BinderState, string> = {
  open: '在用',
  bound: '已装订',
  sent: '已寄回',
  destroyed: '已销毁',
};

export interface Binder {
  id: number;
  scheme: BinderScheme;
  /** Monthly: its series; null for a vehicle bag. */
  series: string | null;
  month: string | null;
  /** 第 N 册 of the series' month (monthly). */
  volume: number;
  vehicleId: number | null;
  plate: string | null;
  vin: string | null;
  /** 当月修理单 2026-11 第1册 / 车辆档案 京A12345. */
  title: string;
  shelf: string;
  state: BinderState;
  capacity: number;
  /** Positions used (monthly: RO slots and single papers). */
  positions: number;
  /** Papers filed in it (not removed or destroyed). */
  papers: number;
  boundAt: string | null;
  boundBy: string | null;
  sentOn: string | null;
  sentTo: string | null;
  sentBy: string | null;
  destroyedAt: string | null;
  /** Out on loan now. */
  loan: Loan | null;
  version: number;
}

// ---- papers ----

export const PAPER_STATES = ['received', 'filed', 'removed', 'destroyed'] as const;
/** received: handed in, not filed yet; removed: filed in error, taken out (soft delete, audited). */
export type PaperState = (typeof PAPER_STATES)[number];
export const PAPER_STATE_LABELS: Record<PaperState, string> = {
  received: '已收未归档',
  filed: '已归档',
  removed: '已撤销',
  destroyed: '已销毁',
};

export interface ScanInfo {
  id: number;
  sha256: string;
  mime: ScanMime;
  bytes: number;
  originalName: string;
  addedAt: string;
  addedBy: string;
}

export interface Paper {
  id: number;
  kind: string;
  kindLabel: string;
  subject: DocSubject;
  roId: number | null;
  roNumber: string | null;
  vehicleId: number | null;
  plate: string | null;
  vin: string | null;
  customerId: number | null;
  customerName: string | null;
  /** The paper's own date: the RO's settlement (or opening) day; otherwise the day received. Decides the binder month and retention. */
  docDate: string;
  receivedOn: string;
  /** Who handed it in (sales hand-over), if not the counter's own. */
  receivedFrom: string;
  handoverId: number | null;
  state: PaperState;
  binderId: number | null;
  binderTitle: string | null;
  month: string | null;
  position: number | null;
  shelf: string | null;
  filedAt: string | null;
  filedBy: string | null;
  /** Kept for good (a disputed or accident file), whatever its kind's period. */
  keepForever: boolean;
  note: string;
  scans: ScanInfo[];
  loan: Loan | null;
  version: number;
}

/** What filing answered: where each paper went (the clerk's one look). */
export interface FiledPapers {
  papers: Paper[];
  /** The binder the papers went into (the first one's, when several). */
  binder: Binder | null;
  /** E.g. 本夹子已满，已开新的第 2 册. */
  notes: string[];
}

/** A scanned or typed number resolved: what the clerk is about to file for. */
export interface FilingTarget {
  ro: { id: number; roNumber: string; type: RoType; status: string; settledOn: string | null; major: boolean } | null;
  vehicle: { id: number; plate: string | null; vin: string | null; model: string } | null;
  customer: { id: number; name: string } | null;
  /** Every active kind for the subject found, with what is filed already and whether it is required. */
  kinds: { code: string; label: string; required: boolean; filed: Paper | null }[];
  /** Where its papers would go now (monthly binder and position, or the vehicle bag). */
  place: { binderTitle: string; position: number | null; shelf: string } | null;
  /** A vehicle found by VIN or plate: its latest ROs, to pick the one the papers are for. */
  recentRos: { id: number; roNumber: string; openedOn: string; type: RoType; status: string }[];
}

/** Where is it (在哪里): a customer's, vehicle's or RO's papers. */
export interface PaperWhereabouts {
  papers: Paper[];
  /** Required kinds not filed, per RO or vehicle. */
  missing: MissingPaper[];
}

// ---- sales hand-over (销售交接) ----

export interface Handover {
  id: number;
  /** Who from sales handed them over. */
  handedBy: string;
  handedOn: string;
  receivedBy: string;
  note: string;
  papers: Paper[];
}

// ---- borrowing (借阅) ----

export interface Loan {
  id: number;
  paperId: number | null;
  binderId: number | null;
  /** 京A12345 修理单/任务委托书 · 当月修理单 2026-11 第1册 */
  what: string;
  borrower: string;
  reason: string;
  lentAt: string;
  lentBy: string;
  dueOn: string;
  returnedAt: string | null;
  returnedBy: string | null;
  overdue: boolean;
}

// ---- what is missing (缺失) ----

export interface MissingPaper {
  kind: string;
  kindLabel: string;
  roId: number | null;
  roNumber: string | null;
  vehicleId: number | null;
  plate: string | null;
  vin: string | null;
  customerId: number | null;
  customerName: string | null;
  /** 已结算 2026-11-03，缺结算单 / 大修须附质检单 / 新车交车 2026-11-05. */
  reason: string;
  /** The day it became required (settlement, delivery, creation). */
  since: string;
}

export interface HealthUpload {
  roId: number;
  roNumber: string;
  plate: string | null;
  settledAt: string;
  uploadedAt: string | null;
  /** import: a column of the DMS export; clerk: marked by hand. */
  source: 'import' | 'clerk' | null;
  /** Settled more than healthRecordHours ago and not uploaded. */
  late: boolean;
}

export interface IncompleteFile {
  entity: 'customer' | 'vehicle';
  id: number;
  /** Name or plate. */
  label: string;
  createdAt: string;
  /** The advisor of its first RO, or 未知. */
  advisor: string;
  missingFields: string[];
}

/** A binder with its papers in position order. */
export interface BinderDetail {
  binder: Binder;
  papers: Paper[];
}

/** One binder's completeness before it is bound. */
export interface BinderCompleteness {
  binder: Binder;
  /** Required papers of its series and month not filed (in any binder). */
  missing: MissingPaper[];
  /** Filed papers without a scan (informative). */
  withoutScan: number;
}

// ---- retention and destruction (保管期限、销毁) ----

export interface RetentionDue {
  paperId: number;
  kindLabel: string;
  roNumber: string | null;
  plate: string | null;
  binderTitle: string | null;
  docDate: string;
  /** The last day it must be kept. */
  keepUntil: string;
}

export interface Destruction {
  id: number;
  /** XH2026-001. */
  no: string;
  approvedBy: string;
  approvedAt: string;
  reason: string;
  papers: RetentionDue[];
  scansDeleted: number;
}

// ---- scans ----

export const SCAN_MIMES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;
export type ScanMime = (typeof SCAN_MIMES)[number];
export const SCAN_MIME_LABELS: Record<ScanMime, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/tiff': 'TIFF',
};

/** What an upload answers: the scan and the paper it is on (null: it waits in the inbox). */
export type UploadedScan = ScanInfo & { paperId: number | null };

/** A scan waiting for the clerk (扫描件待处理): from the watched folder or dropped in without a paper. */
export interface InboxScan {
  id: number;
  scan: ScanInfo;
  source: 'watch' | 'upload';
  /** The RO or vehicle its file name names, if any. */
  matchedRo: { id: number; roNumber: string } | null;
  matchedVehicle: { id: number; plate: string | null; vin: string | null } | null;
}

/** What a look at the watched scanner folder did. */
export interface FolderCheck {
  folder: string | null;
  /** Files taken in (each now in the store; moved to the folder's 已导入 subfolder). */
  picked: number;
  /** Of those, attached to an RO's or vehicle's paper or matched for the clerk by file name. */
  matched: number;
  /** Files left where they were, with the reason (not a PDF or image, empty, too large…). */
  refused: { name: string; reason: string }[];
}

/** A check of every stored scan against its SHA-256 (扫描件校验). */
export interface ScanCheck {
  checked: number;
  /** Scans whose file is missing or no longer matches its name: reported, never served. */
  damaged: { sha256: string; reason: string; paperIds: number[] }[];
}

/** A scan's bytes for the preview (checked against its SHA-256 before they are served). */
export interface ScanContent {
  scan: ScanInfo;
  contentBase64: string;
}
