import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * Maintenance invitations (定保招揽) and the first-service register (首保登记):
 * - service_rule: first service at X km or Y months after delivery, then every A km or B months;
 *   per model (match is contained in the vehicle's model name, longest wins) with the store default
 *   as match ''. Intervals must be positive.
 * - vehicle_service_summary: one row per vehicle, recomputed when its ROs or readings change, so
 *   that the list of who is due in a period is one range scan on due_on (a GROUP BY over all ROs
 *   would take seconds).
 * - contact_preference: per customer and channel (letter, phone, SMS), with the reason.
 * - invitation_list / invitation_row / invitation_call: the saved lists, their rows (facts as they
 *   were when listed), letters sent, reminder calls and whether the vehicle came in (回厂).
 * - first_service_voucher: the register, filing and the daily hand-off to sales.
 * - letter_queue: purchase and first-service thank-you letters waiting for the letters issue.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE service_rule (
     id INTEGER PRIMARY KEY,
     match TEXT NOT NULL UNIQUE,
     first_km INTEGER NOT NULL CHECK (first_km > 0),
     first_months INTEGER NOT NULL CHECK (first_months > 0),
     interval_km INTEGER NOT NULL CHECK (interval_km > 0),
     interval_months INTEGER NOT NULL CHECK (interval_months > 0),
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE vehicle_service_summary (
     vehicle_id INTEGER PRIMARY KEY REFERENCES vehicle (id),
     pace_km_day REAL NOT NULL,
     pace_source TEXT NOT NULL CHECK (pace_source IN ('own','model','store')),
     pace_points INTEGER NOT NULL,
     pace_from TEXT,
     pace_to TEXT,
     last_reading_id INTEGER,
     last_reading_on TEXT,
     last_reading_km INTEGER,
     outliers_json TEXT NOT NULL DEFAULT '[]',
     last_visit_on TEXT,
     rule_match TEXT NOT NULL DEFAULT '',
     kind TEXT CHECK (kind IN ('first','periodic')),
     base TEXT,
     base_on TEXT,
     base_km INTEGER,
     time_due_on TEXT,
     mileage_due_on TEXT,
     due_on TEXT,
     due_km INTEGER,
     due_by TEXT CHECK (due_by IN ('time','mileage')),
     computed_at TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX vehicle_service_summary_due ON vehicle_service_summary (due_on)',
  `CREATE TABLE contact_preference (
     customer_id INTEGER NOT NULL REFERENCES customer (id),
     channel TEXT NOT NULL CHECK (channel IN ('letter','phone','sms')),
     allowed INTEGER NOT NULL CHECK (allowed IN (0,1)),
     reason TEXT CHECK (reason IN ('sold','serviced_elsewhere','asked','other')),
     note TEXT NOT NULL DEFAULT '',
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL,
     PRIMARY KEY (customer_id, channel),
     CHECK (allowed = 1 OR reason IS NOT NULL)
   ) STRICT`,
  `CREATE TABLE invitation_list (
     id INTEGER PRIMARY KEY,
     title TEXT NOT NULL,
     period_from TEXT NOT NULL,
     period_to TEXT NOT NULL CHECK (period_to >= period_from),
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE invitation_row (
     id INTEGER PRIMARY KEY,
     list_id INTEGER NOT NULL REFERENCES invitation_list (id),
     vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),
     customer_id INTEGER REFERENCES customer (id),
     kind TEXT NOT NULL CHECK (kind IN ('first','periodic')),
     plate TEXT,
     vin TEXT,
     model TEXT NOT NULL DEFAULT '',
     customer_name TEXT,
     phone TEXT,
     last_visit_on TEXT,
     last_km INTEGER,
     estimated_km INTEGER,
     due_on TEXT NOT NULL,
     due_km INTEGER,
     due_by TEXT NOT NULL CHECK (due_by IN ('time','mileage')),
     explanation TEXT NOT NULL DEFAULT '',
     added_manually INTEGER NOT NULL DEFAULT 0 CHECK (added_manually IN (0,1)),
     add_reason TEXT NOT NULL DEFAULT '',
     removed_at TEXT,
     removed_reason TEXT NOT NULL DEFAULT '',
     removed_by TEXT,
     letter_sent_on TEXT,
     letter_kind TEXT,
     letter_batch TEXT,
     booked_for TEXT,
     came_ro_id INTEGER REFERENCES repair_order (id) ON DELETE SET NULL,
     came_on TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (list_id, vehicle_id),
     CHECK ((removed_at IS NULL) OR (removed_reason <> ''))
   ) STRICT`,
  'CREATE INDEX invitation_row_vehicle ON invitation_row (vehicle_id)',
  `CREATE TABLE invitation_call (
     id INTEGER PRIMARY KEY,
     row_id INTEGER NOT NULL REFERENCES invitation_row (id),
     at TEXT NOT NULL,
     result TEXT NOT NULL CHECK (result IN ('reached','no_answer','booked','not_interested','wrong_number','sold','serviced_elsewhere')),
     booked_for TEXT,
     words TEXT NOT NULL DEFAULT '',
     by_user_id INTEGER REFERENCES app_user (id),
     by_name TEXT NOT NULL,
     CHECK (result <> 'booked' OR booked_for IS NOT NULL)
   ) STRICT`,
  'CREATE INDEX invitation_call_row ON invitation_call (row_id, at)',
  `CREATE TABLE first_service_voucher (
     id INTEGER PRIMARY KEY,
     voucher_no TEXT NOT NULL UNIQUE,
     vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),
     service_on TEXT NOT NULL,
     mileage INTEGER NOT NULL CHECK (mileage >= 0),
     advisor_name TEXT NOT NULL DEFAULT '',
     filed_at TEXT,
     filed_by TEXT,
     handed_over_at TEXT,
     handed_to TEXT,
     handed_by TEXT,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     CHECK ((handed_over_at IS NULL) = (handed_to IS NULL))
   ) STRICT`,
  'CREATE INDEX first_service_voucher_vehicle ON first_service_voucher (vehicle_id)',
  'CREATE INDEX first_service_voucher_created ON first_service_voucher (created_at)',
  `CREATE TABLE letter_queue (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('purchase_thanks','first_service_thanks')),
     vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),
     customer_id INTEGER REFERENCES customer (id),
     reason_on TEXT NOT NULL,
     send_by TEXT NOT NULL,
     printed_at TEXT,
     created_at TEXT NOT NULL,
     UNIQUE (kind, vehicle_id, reason_on)
   ) STRICT`,
  'CREATE INDEX letter_queue_open ON letter_queue (send_by) WHERE printed_at IS NULL',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
