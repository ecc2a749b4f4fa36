import type { Generated } from 'kysely';

/** Row types: they never leave src-main; services map them to domain types. */
export interface StoreProfileTable {
  id: number;
  name: string;
  address: string;
  postal_code: string;
  phone: string;
  updated_at: string;
}

export interface AppUserTable {
  id: Generated<number>;
  name: string;
  role: string;
  pin_salt: string;
  pin_hash: string;
  is_active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CustomerTable {
  id: Generated<number>;
  name: string;
  mobile: string | null;
  other_phones: string;
  address: string;
  postal_code: string;
  birthday: string | null;
  preferred_call_time: string;
  is_do_not_contact: number;
  is_marketing_consent: number;
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface VehicleTable {
  id: Generated<number>;
  plate: string | null;
  vin: string | null;
  model: string;
  color: string;
  delivery_date: string | null;
  owner_id: number | null;
  status: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface RepairOrderTable {
  id: Generated<number>;
  ro_number: string;
  vehicle_id: number;
  customer_id: number | null;
  advisor_name: string;
  opened_at: string;
  mileage_in: number | null;
  type: string;
  status: string;
  completed_at: string | null;
  delivered_at: string | null;
  settled_at: string | null;
  payer: string;
  labor_fen: number;
  parts_fen: number;
  total_fen: number;
  complaint: string;
  declined_work: string;
  next_service_date: string | null;
  next_service_mileage: number | null;
  notes: string;
  source: string;
  created_at: string;
  updated_at: string;
}

export interface RoLaborLineTable {
  id: Generated<number>;
  ro_id: number;
  line_no: number;
  description: string;
  hours: number;
  amount_fen: number;
  payer: string;
}

export interface RoPartLineTable {
  id: Generated<number>;
  ro_id: number;
  line_no: number;
  part_number: string;
  name: string;
  quantity: number;
  unit_price_fen: number;
  amount_fen: number;
  payer: string;
}

export interface MileageReadingTable {
  id: Generated<number>;
  vehicle_id: number;
  read_on: string;
  mileage: number;
  source: string;
  ro_id: number | null;
  created_at: string;
}

export interface SearchTermTable {
  term: string;
  kind: number;
  entity_id: number;
  field: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

export interface AppSettingTable {
  key: string;
  value: string;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: string;
}

export interface Database {
  store_profile: StoreProfileTable;
  app_user: AppUserTable;
  customer: CustomerTable;
  vehicle: VehicleTable;
  repair_order: RepairOrderTable;
  ro_labor_line: RoLaborLineTable;
  ro_part_line: RoPartLineTable;
  mileage_reading: MileageReadingTable;
  search_term: SearchTermTable;
  audit_log: AuditLogTable;
  app_setting: AppSettingTable;
  schema_migration: SchemaMigrationTable;
  reconciliation_day: ReconciliationDayTable;
  reconciliation_tick: ReconciliationTickTable;
  reconciliation_note: ReconciliationNoteTable;
  import_batch: ImportBatchTable;
  import_preset: ImportPresetTable;
  daily_report_version: DailyReportVersionTable;
  daily_report_paper_entry: DailyReportPaperEntryTable;
}

/** Reconciliation with the paper folder (对单), one row per day started. */
export interface ReconciliationDayTable {
  id: Generated<number>;
  day: string;
  completed_at: string | null;
  completed_by_user_id: number | null;
  completed_by: string | null;
  completed_summary_json: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReconciliationTickTable {
  id: Generated<number>;
  day_id: number;
  ro_number: string;
  typed_text: string;
  repair_order_id: number | null;
  paper_status: string | null;
  ticked_at: string;
  ticked_by_user_id: number | null;
  ticked_by: string;
  updated_at: string;
}

export interface ReconciliationNoteTable {
  id: Generated<number>;
  day_id: number;
  ro_number: string;
  kind: string;
  repair_order_id: number | null;
  note: string;
  is_resolved: number;
  created_at: string;
  updated_at: string;
  updated_by_user_id: number | null;
  updated_by: string;
}

/** One committed DMS import. */
export interface ImportBatchTable {
  id: Generated<number>;
  file_name: string;
  sha256: string;
  encoding: string;
  sheet: string | null;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
  flags: number;
  customers_created: number;
  vehicles_created: number;
  user_id: number | null;
  user_name: string;
  at: string;
}

/** A saved column mapping: header text → archive field, as JSON. */
export interface ImportPresetTable {
  id: Generated<number>;
  name: string;
  columns_json: string;
  created_at: string;
  updated_at: string;
}

/** One version of a day's report (日报); signed rows are frozen by triggers. */
export interface DailyReportVersionTable {
  id: Generated<number>;
  day: string;
  version: number;
  reason: string;
  status: string;
  confirmed_at: string | null;
  confirmed_by_user_id: number | null;
  confirmed_by: string | null;
  confirmed_fingerprint: string | null;
  signed_at: string | null;
  signed_by_user_id: number | null;
  signed_by: string | null;
  snapshot_json: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** An RO that exists only on paper, entered with a day's report (纸质补录). */
export interface DailyReportPaperEntryTable {
  id: Generated<number>;
  day: string;
  ro_number: string;
  plate: string | null;
  customer_name: string;
  advisor_name: string;
  type: string;
  status: string;
  opened_on: string;
  labor_fen: number;
  parts_fen: number;
  total_fen: number;
  note: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}
