import type { Generated } from 'kysely';

/** Row types: they never leave src-main; services map them to domain types. */
export interface StoreProfileTable {
  id: number;
  name: string;
  address: string;
  postal_code: string;
  phone: string;
  updated_at: string;
  /** IANA name (202612030900_store_time_zone). */
  time_zone: Generated<string>;
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
  /** Wrong PINs in a row (202612030910_user_security). */
  failed_pins: Generated<number>;
  last_failed_pin_at: string | null;
  /** Set after too many wrong PINs; only an admin clears it. */
  locked_at: string | null;
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
  /** Set when the retention rule anonymised the customer (202612030930_privacy). */
  anonymised_at: Generated<string | null>;
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
  /** Set when the retention rule anonymised the vehicle (202612030930_privacy). */
  anonymised_at: Generated<string | null>;
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
  service_rule: ServiceRuleTable;
  vehicle_service_summary: VehicleServiceSummaryTable;
  contact_preference: ContactPreferenceTable;
  invitation_list: InvitationListTable;
  invitation_row: InvitationRowTable;
  invitation_call: InvitationCallTable;
  first_service_voucher: FirstServiceVoucherTable;
  letter_queue: LetterQueueTable;
  vehicle_change_pending: VehicleChangePendingTable;
  letter_template: LetterTemplateTable;
  letter_batch: LetterBatchTable;
  letter_batch_item: LetterBatchItemTable;
  questionnaire: QuestionnaireTable;
  appointment: AppointmentTable;
  revisit_call: RevisitCallTable;
  revisit_attempt: RevisitAttemptTable;
  call_problem: CallProblemTable;
  sms_template: SmsTemplateTable;
  sms_batch: SmsBatchTable;
  sms_message: SmsMessageTable;
  complaint: ComplaintTable;
  complaint_action: ComplaintActionTable;
  complaint_callback: ComplaintCallbackTable;
  comeback: ComebackTable;
  lost_vehicle: LostVehicleTable;
  binder: BinderTable;
  handover: HandoverTable;
  destruction: DestructionTable;
  paper: PaperTable;
  scan_blob: ScanBlobTable;
  scan: ScanTable;
  loan: LoanTable;
  health_upload: HealthUploadTable;
  claim: ClaimTable;
  claim_round: ClaimRoundTable;
  old_part: OldPartTable;
  outside_service: OutsideServiceTable;
  claim_statement: ClaimStatementTable;
  report_delivery: ReportDeliveryTable;
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

export interface ServiceRuleTable {
  id: Generated<number>;
  match: string;
  first_km: number;
  first_months: number;
  interval_km: number;
  interval_months: number;
  updated_at: string;
  updated_by: string;
}

/** One row per vehicle: pace, last reading, next due (see src-shared/domain/service-due.ts). */
export interface VehicleServiceSummaryTable {
  vehicle_id: number;
  pace_km_day: number;
  pace_source: string;
  pace_points: number;
  pace_from: string | null;
  pace_to: string | null;
  last_reading_id: number | null;
  last_reading_on: string | null;
  last_reading_km: number | null;
  outliers_json: Generated<string>;
  last_visit_on: string | null;
  /** first_service and periodic_service ROs done here (the stage a lost customer left at). */
  service_visits: Generated<number>;
  rule_match: Generated<string>;
  kind: string | null;
  base: string | null;
  base_on: string | null;
  base_km: number | null;
  time_due_on: string | null;
  mileage_due_on: string | null;
  due_on: string | null;
  due_km: number | null;
  due_by: string | null;
  computed_at: string;
}

export interface ContactPreferenceTable {
  customer_id: number;
  channel: string;
  allowed: number;
  reason: string | null;
  note: Generated<string>;
  updated_at: string;
  updated_by: string;
}

export interface InvitationListTable {
  id: Generated<number>;
  title: string;
  period_from: string;
  period_to: string;
  created_at: string;
  created_by: string;
}

export interface InvitationRowTable {
  id: Generated<number>;
  list_id: number;
  vehicle_id: number;
  customer_id: number | null;
  kind: string;
  plate: string | null;
  vin: string | null;
  model: Generated<string>;
  customer_name: string | null;
  phone: string | null;
  last_visit_on: string | null;
  last_km: number | null;
  estimated_km: number | null;
  due_on: string;
  due_km: number | null;
  due_by: string;
  explanation: Generated<string>;
  added_manually: Generated<number>;
  add_reason: Generated<string>;
  removed_at: string | null;
  removed_reason: Generated<string>;
  removed_by: string | null;
  letter_sent_on: string | null;
  letter_kind: string | null;
  letter_batch: string | null;
  booked_for: string | null;
  came_ro_id: number | null;
  came_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface InvitationCallTable {
  id: Generated<number>;
  row_id: number;
  at: string;
  result: string;
  booked_for: string | null;
  words: Generated<string>;
  by_user_id: number | null;
  by_name: string;
}

export interface FirstServiceVoucherTable {
  id: Generated<number>;
  voucher_no: string;
  vehicle_id: number;
  service_on: string;
  mileage: number;
  advisor_name: Generated<string>;
  filed_at: string | null;
  filed_by: string | null;
  handed_over_at: string | null;
  handed_to: string | null;
  handed_by: string | null;
  created_at: string;
  created_by: string;
}

export interface LetterQueueTable {
  id: Generated<number>;
  kind: string;
  vehicle_id: number;
  customer_id: number | null;
  reason_on: string;
  send_by: string;
  printed_at: string | null;
  created_at: string;
}

/** Vehicles still to be refreshed after a large import (see VehicleChanges). */
export interface VehicleChangePendingTable {
  vehicle_id: number;
  at: string;
}

/** Letter templates (信件模板); see migration 202611221310_letters. */
export interface LetterTemplateTable {
  id: Generated<number>;
  kind: string;
  name: string;
  letterhead: string;
  body: string;
  logo: string | null;
  show_logo: number;
  updated_at: string;
  updated_by: string;
}

/** A batch of letters, saved before printing. */
export interface LetterBatchTable {
  id: Generated<number>;
  kind: string;
  title: string;
  source_kind: string;
  list_id: number | null;
  range_from: string | null;
  range_to: string | null;
  template_id: number | null;
  template_name: string;
  letterhead: string;
  body: string;
  logo: string | null;
  show_logo: number;
  holiday: string;
  cannot_mail_json: string;
  created_at: string;
  created_by: string;
  confirmed_at: string | null;
}

/** One letter of a batch, in print order. */
export interface LetterBatchItemTable {
  id: Generated<number>;
  batch_id: number;
  position: number;
  customer_id: number;
  vehicle_id: number | null;
  list_row_ids_json: string;
  queue_ids_json: string;
  name: string;
  salutation: string;
  address: string;
  postal_code: string;
  plate: string | null;
  model: string;
  next_service_on: string | null;
  next_service_km: number | null;
  advisor: string;
  status: string;
  misprints: number;
  sent_on: string | null;
  updated_at: string;
}

// ---- 回访 (202612031000_revisits) ----

export interface QuestionnaireTable {
  id: Generated<number>;
  kind: string;
  version: number;
  title: string;
  questions_json: string;
  is_current: number;
  created_at: string;
  created_by: string;
}

export interface AppointmentTable {
  id: Generated<number>;
  customer_id: number | null;
  vehicle_id: number;
  date: string;
  time: string | null;
  purpose: string;
  advisor: Generated<string>;
  note: Generated<string>;
  source: string;
  call_id: number | null;
  invitation_row_id: number | null;
  state: string;
  arrived_ro_id: number | null;
  arrived_at: string | null;
  cancelled_reason: Generated<string>;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: Generated<number>;
}

export interface RevisitCallTable {
  id: Generated<number>;
  call_key: string;
  kind: string;
  ro_id: number | null;
  vehicle_id: number | null;
  customer_id: number | null;
  invitation_row_id: number | null;
  appointment_id: number | null;
  due_on: string;
  callback_at: string | null;
  state: string;
  closed_at: string | null;
  closed_by: string | null;
  questionnaire_id: number | null;
  answers_json: Generated<string>;
  words: Generated<string>;
  problem_fixed: string | null;
  suggestions: Generated<string>;
  is_problem: Generated<number>;
  follow_up_channel: string | null;
  follow_up_at: string | null;
  /** The SMS batch that followed it up, once sent (短信 → 确认已发送). */
  follow_up_batch_id: Generated<number | null>;
  attempts: Generated<number>;
  last_attempt_at: string | null;
  last_outcome: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface RevisitAttemptTable {
  id: Generated<number>;
  call_id: number;
  at: string;
  outcome: string;
  callback_at: string | null;
  note: Generated<string>;
  by_user_id: number | null;
  by_name: string;
}

export interface CallProblemTable {
  id: Generated<number>;
  call_id: number;
  department: string;
  questions_json: Generated<string>;
  words: Generated<string>;
  owner_user_id: number | null;
  action: Generated<string>;
  result: Generated<string>;
  done_at: string | null;
  done_by: string | null;
  complaint_id: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface SmsTemplateTable {
  id: Generated<number>;
  name: string;
  body: string;
  updated_at: string;
  updated_by: string;
}

export interface SmsBatchTable {
  id: Generated<number>;
  title: string;
  source: string;
  source_json: string;
  template_body: string;
  recipients: number;
  skipped: number;
  segments: number;
  created_at: string;
  created_by: string;
  sent_at: string | null;
  sent_by: string | null;
}

export interface SmsMessageTable {
  id: Generated<number>;
  batch_id: number;
  customer_id: number | null;
  vehicle_id: number | null;
  customer_name: string | null;
  plate: string | null;
  phone: string | null;
  content: string;
  characters: number;
  segments: number;
  skipped_reason: string | null;
}

export interface ComplaintTable {
  id: Generated<number>;
  no: string;
  channel: string;
  customer_id: number;
  vehicle_id: number | null;
  ro_id: number | null;
  department: string;
  secondary_departments_json: Generated<string>;
  type: string;
  level: string;
  description: string;
  demand: Generated<string>;
  opened_at: string;
  opened_by: string;
  respond_within_hours: number;
  respond_by: string;
  responded_at: string | null;
  resolve_working_days: number;
  resolve_by: string;
  resolve_by_approximate: Generated<number>;
  owner_user_id: number | null;
  resolution: Generated<string>;
  customer_accepted: number | null;
  resolved_at: string | null;
  resolved_by: string | null;
  callback_due_by: string | null;
  verdict: string | null;
  closed_loop: number | null;
  closed_at: string | null;
  closed_by: string | null;
  state: string;
  reopened: Generated<number>;
  call_problem_id: number | null;
  call_id: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ComplaintActionTable {
  id: Generated<number>;
  complaint_id: number;
  at: string;
  by_user_id: number | null;
  by_name: string;
  text: string;
}

export interface ComplaintCallbackTable {
  id: Generated<number>;
  complaint_id: number;
  at: string;
  by_user_id: number | null;
  by_name: string;
  verdict: string;
  closed_loop: number;
  words: Generated<string>;
  call_id: number | null;
}

export interface ComebackTable {
  id: Generated<number>;
  source: string;
  state: string;
  date: string;
  vehicle_id: number;
  customer_id: number | null;
  earlier_ro_id: number | null;
  ro_id: number | null;
  words: Generated<string>;
  dismissed_reason: Generated<string>;
  handed_at: string | null;
  handed_by: string | null;
  cause: Generated<string>;
  action: Generated<string>;
  result: Generated<string>;
  closed_at: string | null;
  closed_by: string | null;
  call_id: number | null;
  complaint_id: number | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: Generated<number>;
}

export interface LostVehicleTable {
  vehicle_id: number;
  reason: string | null;
  words: Generated<string>;
  reason_at: string | null;
  reason_by: string | null;
  call_id: number | null;
  winback_on: string | null;
  winback_by: string | null;
  updated_at: string;
  version: Generated<number>;
}

export interface BinderTable {
  id: Generated<number>;
  scheme: string;
  series: string | null;
  month: string | null;
  volume: Generated<number>;
  vehicle_id: number | null;
  shelf: Generated<string>;
  state: string;
  capacity: number;
  positions: Generated<number>;
  bound_at: string | null;
  bound_by: string | null;
  sent_on: string | null;
  sent_to: string | null;
  sent_by: string | null;
  destroyed_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface HandoverTable {
  id: Generated<number>;
  handed_by: string;
  handed_on: string;
  received_by: string;
  note: Generated<string>;
  created_at: string;
}

export interface DestructionTable {
  id: Generated<number>;
  no: string;
  approved_by: string;
  approved_by_user_id: number | null;
  approved_at: string;
  reason: Generated<string>;
  scans_deleted: Generated<number>;
}

export interface PaperTable {
  id: Generated<number>;
  kind: string;
  ro_id: number | null;
  vehicle_id: number | null;
  customer_id: number | null;
  doc_date: string;
  received_on: string;
  received_from: Generated<string>;
  handover_id: number | null;
  state: string;
  binder_id: number | null;
  position: number | null;
  filed_at: string | null;
  filed_by: string | null;
  keep_forever: Generated<number>;
  note: Generated<string>;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: Generated<string>;
  destroyed_at: string | null;
  destruction_id: number | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ScanBlobTable {
  sha256: string;
  bytes: number;
  mime: string;
  stored_at: string;
  deleted_at: string | null;
}

export interface ScanTable {
  id: Generated<number>;
  sha256: string;
  paper_id: number | null;
  original_name: Generated<string>;
  source: string;
  matched_ro_id: number | null;
  matched_vehicle_id: number | null;
  added_at: string;
  added_by: string;
  removed_at: string | null;
  removed_by: string | null;
}

export interface LoanTable {
  id: Generated<number>;
  paper_id: number | null;
  binder_id: number | null;
  borrower: string;
  reason: Generated<string>;
  lent_at: string;
  lent_by: string;
  due_on: string;
  returned_at: string | null;
  returned_by: string | null;
}

export interface HealthUploadTable {
  ro_id: number;
  uploaded_at: string;
  source: string;
  marked_by: string;
}

// ---- 三包/索赔 (202612031800_claims) ----

export interface ClaimTable {
  id: Generated<number>;
  ro_id: number;
  claim_type: string;
  status: string;
  claim_no: string | null;
  /** NULL: the rules' deadline. */
  deadline: string | null;
  fault_description: Generated<string>;
  cause: Generated<string>;
  handling: Generated<string>;
  note: Generated<string>;
  reported_on: string | null;
  approved_on: string | null;
  approved_fen: number | null;
  rejected_on: string | null;
  reject_reason: Generated<string>;
  statement_month: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ClaimRoundTable {
  id: Generated<number>;
  claim_id: number;
  round: number;
  reported_on: string;
  reported_by: string;
  claim_no: string;
  fault_description: string;
  cause: Generated<string>;
  handling: Generated<string>;
  result: string;
  result_on: string | null;
  reject_reason: Generated<string>;
  approved_fen: number | null;
}

export interface OldPartTable {
  id: Generated<number>;
  claim_id: number;
  tag_no: string;
  part_number: Generated<string>;
  name: string;
  quantity: number;
  state: string;
  returned_on: string | null;
  waybill: Generated<string>;
  scrapped_on: string | null;
  instruction: Generated<string>;
  removed_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface OutsideServiceTable {
  id: Generated<number>;
  order_no: string;
  ro_id: number | null;
  vehicle_id: number | null;
  customer_id: number | null;
  place: string;
  fault: Generated<string>;
  staff: string;
  device: Generated<string>;
  out_at: string;
  odometer_out: number;
  back_at: string | null;
  odometer_back: number | null;
  state: string;
  signed_out_by: string;
  closed_by: string | null;
  note: Generated<string>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ClaimStatementTable {
  month: string;
  state: string;
  requested_fen: number | null;
  requested_on: string | null;
  requested_by: string | null;
  invoice_no: string | null;
  invoice_on: string | null;
  paid_on: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** Each export or print of a weekly or monthly report (the Today reminder ends with the first). */
export interface ReportDeliveryTable {
  id: Generated<number>;
  kind: string;
  period: string;
  format: string;
  unmasked: number;
  at: string;
  by_user_id: number | null;
  by_name: string;
}
