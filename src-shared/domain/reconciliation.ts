import { toHalfWidth } from '../validation/normalize';
import type { RoStatus } from './enums';

/**
 * Reconciliation with paper (对单): for one day, the clerk ticks off the paper ROs in the folder on
 * the counter and the archive says what does not agree.
 *
 * The day's ROs in the archive are those opened that day plus those delivered or settled that day:
 * the folder holds the sheets written that day and the sheets that came back at delivery or payment.
 * An RO opened earlier and still in repair is not part of the day; if its sheet is in the folder and
 * gets ticked, it is found in the archive and shown as "not of this day", not as a discrepancy.
 */
export const DISCREPANCY_KINDS = ['missing_on_paper', 'missing_in_archive', 'status_mismatch'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
export const DISCREPANCY_KIND_LABELS: Record<DiscrepancyKind, string> = {
  missing_on_paper: '系统有、纸质无',
  missing_in_archive: '纸质有、系统无',
  status_mismatch: '状态不符',
};

/** Days before this are not reconciled: no dealership archive here goes back further. */
export const EARLIEST_RECONCILIATION_DAY = '2000-01-01';

/**
 * What a scanner or the clerk typed, as an RO number: half-width, upper-case, without spaces
 * (typed in groups, “RO 2611 220001”), the same rule as the DMS import's RO numbers.
 */
export function normalizeRoNumber(typed: string): string {
  return toHalfWidth(typed).replace(/\s/g, '').toUpperCase();
}

/** Same rule as the archive's RO number, so a number that could never be an RO is refused at once. */
export const RO_NUMBER_PATTERN = /^[A-Z0-9][A-Z0-9\-_/]{2,39}$/;

export interface ReconciliationSummary {
  date: string;
  /** The day's ROs in the archive (opened, delivered or settled that day). */
  inArchive: number;
  /** Paper ROs ticked off. */
  ticked: number;
  /** 系统有、纸质无 */
  missingOnPaper: number;
  /** 纸质有、系统无 */
  missingInArchive: number;
  /** 状态不符 */
  statusMismatch: number;
  /** Discrepancies with neither a note nor the resolved mark: these keep the day from being completed. */
  unresolved: number;
  completedAt: string | null;
  completedBy: string | null;
}

/** One paper RO ticked off, with what the archive knows of that number (if anything). */
export interface ReconciliationTick {
  id: number;
  roNumber: string;
  paperStatus: RoStatus | null;
  tickedAt: string;
  tickedBy: string;
  /** The RO in the archive with this number (or the one it matched when ticked), else null. */
  repairOrderId: number | null;
  archiveStatus: RoStatus | null;
  plate: string | null;
  customerName: string | null;
  openedAt: string | null;
  /** False when the RO is in the archive but was opened, delivered and settled on other days. */
  inDay: boolean;
}

/** One disagreement between the archive and the paper folder, with the clerk's note on it. */
export interface Discrepancy {
  kind: DiscrepancyKind;
  roNumber: string;
  repairOrderId: number | null;
  plate: string | null;
  customerName: string | null;
  openedAt: string | null;
  archiveStatus: RoStatus | null;
  paperStatus: RoStatus | null;
  tickId: number | null;
  note: string;
  resolved: boolean;
  notedBy: string | null;
  notedAt: string | null;
  /**
   * The disagreement is gone (the RO was keyed in, the sheet found and ticked, the status fixed)
   * but it had a note or mark that stays on record with the day. Never blocks completion.
   */
  cleared: boolean;
  /** Neither a note nor the resolved mark, and not cleared: blocks completion. */
  open: boolean;
}

export interface ReconciliationDay {
  summary: ReconciliationSummary;
  /** Most recent first. */
  ticks: ReconciliationTick[];
  missingOnPaper: Discrepancy[];
  missingInArchive: Discrepancy[];
  statusMismatch: Discrepancy[];
  /** The figures as they stood when the day was completed (null while not completed). */
  completedSummary: ReconciliationSummary | null;
}

export interface TickResult {
  /** added: new tick; already: ticked before, nothing changed; statusChanged: ticked before, paper status updated. */
  outcome: 'added' | 'already' | 'statusChanged';
  tick: ReconciliationTick;
  day: ReconciliationDay;
}
