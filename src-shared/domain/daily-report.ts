import type { Payer, RoStatus, RoType } from './enums';
import type { ReconciliationSummary } from './reconciliation';

/**
 * The daily report (日报) of one calendar day, as the clerk tallies it and the service manager
 * signs it.
 *
 * What counts where (the same rule in the screen, the XLSX, the PDF, the CLI and the benchmark):
 * - opened (进厂): ROs whose opened_at falls on the day.
 * - inRepair (在修): ROs in the workshop at the end of the day: opened by then and not completed
 *   by then (completed_at empty or after the day). Exact, whatever the age of the RO. An RO with no
 *   completion time (the DMS import never carries one) counts as completed at its delivery, else
 *   at its settlement: delivered or settled by then, it is not in the workshop.
 * - completed (完工): completed_at on the day.
 * - delivered (交车): delivered_at on the day, or settled_at on the day for an RO settled without
 *   a delivery time. Money (labour, parts, total; per advisor and per type) is the sum over the
 *   delivered ROs: the day's output (产值) is counted at delivery.
 * - settled (结算): settled_at on the day.
 * - firstService / comebacks: 首保 and 返修 ROs among the opened ones.
 * - Paper entries (纸质补录): ROs that exist only on the paper folder, entered by the clerk with
 *   the report; they count like archive ROs (opened if opened on the day, in repair if their status
 *   is 在修, delivered if 已交车/已结算) and are marked as paper everywhere.
 */
export const REPORT_STATUSES = ['draft', 'ready', 'signed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: '未核对',
  ready: '已核对，待签字',
  signed: '已签字',
};

/** One RO on the report: from the archive, or a paper entry. */
export interface ReportRoRow {
  roNumber: string;
  source: 'archive' | 'paper';
  /** The archive RO (null for a paper entry). */
  repairOrderId: number | null;
  /** The paper entry (null for an archive RO). */
  paperEntryId: number | null;
  plate: string | null;
  customerName: string | null;
  model: string;
  advisor: string;
  type: RoType;
  status: RoStatus;
  payer: Payer;
  openedAt: string;
  completedAt: string | null;
  deliveredAt: string | null;
  settledAt: string | null;
  mileageIn: number | null;
  laborFen: number;
  partsFen: number;
  totalFen: number;
}

export interface MoneyTotals {
  laborFen: number;
  partsFen: number;
  totalFen: number;
}

/** An advisor with no name on the RO is listed as '' and shown as 未填写. */
export interface AdvisorFigures extends MoneyTotals {
  advisor: string;
  opened: number;
  inRepair: number;
  delivered: number;
}

export interface TypeFigures extends MoneyTotals {
  type: RoType;
  opened: number;
  inRepair: number;
  delivered: number;
}

export interface DailyReportFigures {
  date: string;
  opened: number;
  inRepair: number;
  completed: number;
  delivered: number;
  settled: number;
  firstService: number;
  comebacks: number;
  /** Paper entries among the rows above. */
  paperEntries: number;
  /** Sorted by advisor name (pinyin order is not needed: the UI sorts), '' last. */
  byAdvisor: AdvisorFigures[];
  /** Every RO type, in the order of RO_TYPES, zeros included. */
  byType: TypeFigures[];
  /** Over the delivered ROs. */
  totals: MoneyTotals;
  /** Row lists, each sorted by RO number. */
  sections: {
    opened: ReportRoRow[];
    inRepair: ReportRoRow[];
    delivered: ReportRoRow[];
  };
  /** The paper reconciliation (对单) of the day, as it stood when the figures were built. */
  reconciliation: ReconciliationSummary;
}

export const CHECK_KINDS = [
  'delivered_without_amount',
  'mileage_backwards',
  'reconciliation_open',
  'paper_entry_in_archive',
  'no_ros',
  'reconciliation_not_completed',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const CHECK_KIND_LABELS: Record<CheckKind, string> = {
  delivered_without_amount: '已交车但没有结算金额',
  mileage_backwards: '进厂里程低于上次',
  reconciliation_open: '对单差异没有说明',
  paper_entry_in_archive: '纸质补录的单号已在系统中',
  no_ros: '当天没有修理单',
  reconciliation_not_completed: '对单未完成',
};

/** One finding of the tally (核对). `block` findings keep the report from being confirmed. */
export interface ReportCheck {
  kind: CheckKind;
  severity: 'block' | 'warn';
  roNumber: string | null;
  repairOrderId: number | null;
  /** Chinese, names the RO and what to do. */
  message: string;
  /** Hash route of the place to fix it (e.g. the RO's edit page, the day's 对单). */
  link: string | null;
}

export interface Signature {
  version: number;
  by: string;
  byUserId: number | null;
  at: string;
}

export interface ReportVersionSummary {
  version: number;
  status: ReportStatus;
  /** Why the correction was made (empty for version 1). */
  reason: string;
  createdAt: string;
  createdBy: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  signedBy: string | null;
  signedAt: string | null;
  /** Of the signed snapshot (null while not signed). */
  totals: MoneyTotals | null;
}

/** What was signed, exactly as signed: never rebuilt from the archive. */
export interface DailyReportSnapshot {
  date: string;
  version: number;
  reason: string;
  figures: DailyReportFigures;
  checks: ReportCheck[];
  fingerprint: string;
  confirmedBy: string;
  confirmedAt: string;
  signature: Signature;
}

export interface DailyReportView {
  date: string;
  /** The latest version (1 when nothing has been done yet). */
  version: number;
  status: ReportStatus;
  /** Why the latest version was made (corrections only). */
  reason: string;
  /** Signed latest version: the snapshot's figures. Otherwise built from the archive now. */
  figures: DailyReportFigures;
  /** Signed latest version: the checks at signing. Otherwise now. */
  checks: ReportCheck[];
  /** Number of `block` checks. */
  blocking: number;
  /** Of the figures shown; confirm and sign must send it back (what the clerk saw is what is signed). */
  fingerprint: string;
  confirmed: { by: string; at: string } | null;
  /** Confirmed, but the archive has changed since: must be checked again before signing. */
  confirmedStale: boolean;
  /** The latest signed version (of this or an earlier version), or null. */
  signed: Signature | null;
  /** Latest version signed, and the archive now gives other figures: a correction may be due. */
  liveDiffers: boolean;
  /** Newest first. */
  versions: ReportVersionSummary[];
  /** The paper entries of the current version (editable only while not signed). */
  paperEntries: PaperEntry[];
}

/** An RO that exists only on paper, entered with the report (纸质补录). */
export interface PaperEntry {
  id: number;
  date: string;
  roNumber: string;
  plate: string | null;
  customerName: string;
  advisor: string;
  type: RoType;
  status: RoStatus;
  openedOn: string;
  laborFen: number;
  partsFen: number;
  totalFen: number;
  note: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A file made for the user to save (XLSX, PDF). */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
  bytes: number;
}

/** What `npm run cli -- daily-report --format json` prints. */
export interface DailyReportJson {
  date: string;
  status: ReportStatus;
  version: number;
  opened: number;
  delivered: number;
  inRepair: number;
  completed: number;
  settled: number;
  firstService: number;
  comebacks: number;
  byAdvisor: AdvisorFigures[];
  byType: TypeFigures[];
  totals: MoneyTotals;
  signed: { by: string; at: string; version: number } | null;
  checks: ReportCheck[];
}
