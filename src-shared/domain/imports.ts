/** Importing repair orders from a DMS export (CSV in any Chinese encoding, or XLSX). */

/** The archive fields a DMS column can be mapped to. */
export const IMPORT_FIELDS = [
  'roNumber',
  'plate',
  'vin',
  'model',
  'customerName',
  'phone',
  'openedAt',
  'mileage',
  'type',
  'advisorName',
  'status',
  'settledAt',
  'deliveredAt',
  'laborFen',
  'partsFen',
  'totalFen',
  'complaint',
  'color',
  'address',
  /** 电子健康档案上传时间 (optional): a settled RO's upload to the national system (归档). */
  'healthUploadedAt',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  roNumber: '工单号',
  plate: '车牌号',
  vin: '车架号(VIN)',
  model: '车型',
  customerName: '客户名称',
  phone: '联系电话',
  openedAt: '进厂时间',
  mileage: '进厂里程',
  type: '维修类别',
  advisorName: '服务顾问',
  status: '工单状态',
  settledAt: '结算时间',
  deliveredAt: '交车时间',
  laborFen: '工时费',
  partsFen: '材料费',
  totalFen: '总金额',
  complaint: '客户描述/故障',
  color: '颜色',
  address: '地址',
  healthUploadedAt: '电子健康档案上传时间',
};

/** Field → index of the file's column (0-based), or null when the file has no such column. */
export type ColumnMapping = Partial<Record<ImportField, number | null>>;

export type ImportEncoding = 'utf-8' | 'utf-8-bom' | 'gbk' | 'gb18030' | 'xlsx';

export interface ImportProblem {
  /** Line in the file as the clerk sees it in Excel/Notepad (1-based, header included). */
  line: number;
  /** The column header as written in the file (or the field label when the column is missing). */
  column: string;
  value: string;
  reason: string;
}

export type ImportFlagKind =
  | 'plateVinConflict'
  | 'phoneChanged'
  | 'ownerChanged'
  | 'mileageBackwards'
  | 'statusBackwards';

/** Accepted rows that deserve the clerk's eye: not overwritten silently. */
export interface ImportFlag {
  line: number;
  kind: ImportFlagKind;
  message: string;
}

export interface ImportCounts {
  /** Data rows read (blank and totals rows excluded). */
  rows: number;
  /** New repair orders. */
  new: number;
  /** Existing repair orders that this file changes (e.g. 在修 → 已结算). */
  changed: number;
  unchanged: number;
  /** Exact duplicate lines within the file, counted once. */
  duplicates: number;
  rejected: number;
}

export interface ImportPreview {
  fileName: string;
  sha256: string;
  encoding: ImportEncoding;
  /** XLSX: the sheet read. */
  sheet: string | null;
  /** Line of the header row (title lines above it are skipped). */
  headerLine: number;
  headers: string[];
  mapping: ColumnMapping;
  /** Required fields without a column: the clerk must map them before committing. */
  missingRequired: ImportField[];
  counts: ImportCounts;
  rejected: ImportProblem[];
  flags: ImportFlag[];
  /** Set when a file with the same SHA-256 was imported before. */
  alreadyImported: { at: string; by: string; batchId: number } | null;
}

export interface ImportResult {
  batchId: number;
  encoding: ImportEncoding;
  rows: number;
  /** New repair orders written. */
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: ImportProblem[];
  flags: ImportFlag[];
  customersCreated: number;
  vehiclesCreated: number;
  millis: number;
}

export type ImportPhase = 'reading' | 'checking' | 'ready' | 'committing' | 'done' | 'cancelled' | 'failed';

export interface ImportJob {
  jobId: string;
  fileName: string;
  phase: ImportPhase;
  /** Rows processed in the current phase, and how many there are (0 while unknown). */
  done: number;
  total: number;
  /**
   * Set while a confirmed import (phase 'committing') has not started writing because another
   * import to the same archive is writing (another counter on a shared server, or an earlier job
   * here): when the wait began (ISO instant) and how many whole seconds it has lasted. Null otherwise.
   */
  waitingFor: { since: string; seconds: number } | null;
  preview: ImportPreview | null;
  result: ImportResult | null;
  /** Set when phase is 'failed': the clerk-facing message. */
  error: string | null;
}

export interface ImportBatch {
  id: number;
  fileName: string;
  sha256: string;
  encoding: ImportEncoding;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
  at: string;
  by: string;
}

export interface ImportPreset {
  name: string;
  /** Header text → field, so a preset survives columns moving around. */
  columns: Record<string, ImportField>;
  updatedAt: string;
}
