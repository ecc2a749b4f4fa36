import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * 投诉、返修、流失 (issue 12):
 * - complaint: one per complaint (投诉登记), numbered per month (TS202612-0001); deadlines stored as
 *   computed when opened (处理时效 in hours → respond_by; the resolution deadline in Chinese working
 *   days → resolve_by, a date). open → resolved → closed; closing needs a callback's verdict and
 *   是否闭环 (the CHECK below), a 不满意 verdict reopens it. `version` guards against lost updates.
 * - complaint_action: the steps taken (处理过程), never rewritten.
 * - complaint_callback: every callback (二次回访) that reached the customer, with the verdict.
 * - comeback: a comeback (返修) once the clerk decided on it (confirmed or dismissed) or marked it by
 *   hand; proposals are computed from the ROs (nothing is written by looking). One per new RO.
 * - lost_vehicle: a lost customer's reason (流失原因) and the win-back call put in the 回访 queue.
 * - vehicle_service_summary gains service_visits (first/periodic service ROs done here: the stage
 *   at which a lost customer left, without reading the ROs), backfilled from repair_order and kept
 *   by ServiceDueService; the lost-customer list pages backwards on the covering index
 *   (last_visit_on, vehicle_id, service_visits).
 * Frozen once landed: later changes are new migrations.
 */
const DEPARTMENTS = `'reception','workshop','parts','cashier','wash','sales'`;
const VERDICTS = `'very_satisfied','satisfied','neutral','dissatisfied','no_comment','understand','accept'`;

/** The stage of a lost customer without reading the ROs (exported: the bench adds it to an archive migrated before it). */
export const SERVICE_VISITS_COLUMN =
  'ALTER TABLE vehicle_service_summary ADD COLUMN service_visits INTEGER NOT NULL DEFAULT 0';
export const SERVICE_VISITS_BACKFILL = `UPDATE vehicle_service_summary SET service_visits = (
     SELECT count(*) FROM repair_order r
     WHERE r.vehicle_id = vehicle_service_summary.vehicle_id AND r.type IN ('first_service','periodic_service'))`;
/** The lost-customer list: a backward range on the last visit that also answers the stage (covering for the summary). */
export const LAST_VISIT_INDEX =
  'CREATE INDEX vehicle_service_summary_last_visit ON vehicle_service_summary (last_visit_on, vehicle_id, service_visits)';

const statements: MigrationStatement[] = [
  `CREATE TABLE complaint (
     id INTEGER PRIMARY KEY,
     no TEXT NOT NULL UNIQUE,
     channel TEXT NOT NULL CHECK (channel IN ('call','phone_in','walk_in','letter','oem','online')),
     customer_id INTEGER NOT NULL REFERENCES customer (id),
     vehicle_id INTEGER REFERENCES vehicle (id),
     ro_id INTEGER REFERENCES repair_order (id),
     department TEXT NOT NULL CHECK (department IN (${DEPARTMENTS})),
     secondary_departments_json TEXT NOT NULL DEFAULT '[]',
     type TEXT NOT NULL CHECK (type IN ('quality','price','time','attitude','parts','transparency','environment','other')),
     level TEXT NOT NULL CHECK (level IN ('minor_grumble','grumble','serious_grumble','complaint','urgent','escalated','major')),
     description TEXT NOT NULL,
     demand TEXT NOT NULL DEFAULT '',
     opened_at TEXT NOT NULL,
     opened_by TEXT NOT NULL,
     respond_within_hours INTEGER NOT NULL CHECK (respond_within_hours IN (0,12,24,48,72)),
     respond_by TEXT NOT NULL,
     responded_at TEXT,
     resolve_working_days INTEGER NOT NULL CHECK (resolve_working_days BETWEEN 1 AND 30),
     resolve_by TEXT NOT NULL,
     resolve_by_approximate INTEGER NOT NULL DEFAULT 0 CHECK (resolve_by_approximate IN (0,1)),
     owner_user_id INTEGER REFERENCES app_user (id),
     resolution TEXT NOT NULL DEFAULT '',
     customer_accepted INTEGER CHECK (customer_accepted IN (0,1)),
     resolved_at TEXT,
     resolved_by TEXT,
     callback_due_by TEXT,
     verdict TEXT CHECK (verdict IN (${VERDICTS})),
     closed_loop INTEGER CHECK (closed_loop IN (0,1)),
     closed_at TEXT,
     closed_by TEXT,
     state TEXT NOT NULL CHECK (state IN ('open','resolved','closed')),
     reopened INTEGER NOT NULL DEFAULT 0,
     call_problem_id INTEGER REFERENCES call_problem (id),
     call_id INTEGER REFERENCES revisit_call (id),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (resolve_by >= substr(opened_at, 1, 10)),
     CHECK (state <> 'resolved' OR resolved_at IS NOT NULL),
     CHECK (state <> 'closed' OR (verdict IS NOT NULL AND closed_loop = 1 AND closed_at IS NOT NULL))
   ) STRICT`,
  'CREATE INDEX complaint_opened ON complaint (opened_at)',
  'CREATE INDEX complaint_state ON complaint (state, resolve_by)',
  'CREATE INDEX complaint_customer ON complaint (customer_id)',
  'CREATE INDEX complaint_vehicle ON complaint (vehicle_id)',
  'CREATE UNIQUE INDEX complaint_call_problem ON complaint (call_problem_id) WHERE call_problem_id IS NOT NULL',
  `CREATE TABLE complaint_action (
     id INTEGER PRIMARY KEY,
     complaint_id INTEGER NOT NULL REFERENCES complaint (id),
     at TEXT NOT NULL,
     by_user_id INTEGER REFERENCES app_user (id),
     by_name TEXT NOT NULL,
     text TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX complaint_action_complaint ON complaint_action (complaint_id, at)',
  `CREATE TABLE complaint_callback (
     id INTEGER PRIMARY KEY,
     complaint_id INTEGER NOT NULL REFERENCES complaint (id),
     at TEXT NOT NULL,
     by_user_id INTEGER REFERENCES app_user (id),
     by_name TEXT NOT NULL,
     verdict TEXT NOT NULL CHECK (verdict IN (${VERDICTS})),
     closed_loop INTEGER NOT NULL CHECK (closed_loop IN (0,1)),
     words TEXT NOT NULL DEFAULT '',
     call_id INTEGER REFERENCES revisit_call (id)
   ) STRICT`,
  'CREATE INDEX complaint_callback_complaint ON complaint_callback (complaint_id, at)',
  `CREATE TABLE comeback (
     id INTEGER PRIMARY KEY,
     source TEXT NOT NULL CHECK (source IN ('detected','imported','call','complaint')),
     state TEXT NOT NULL CHECK (state IN ('confirmed','closed','dismissed')),
     date TEXT NOT NULL,
     vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),
     customer_id INTEGER REFERENCES customer (id),
     earlier_ro_id INTEGER REFERENCES repair_order (id),
     ro_id INTEGER REFERENCES repair_order (id),
     words TEXT NOT NULL DEFAULT '',
     dismissed_reason TEXT NOT NULL DEFAULT '',
     handed_at TEXT,
     handed_by TEXT,
     cause TEXT NOT NULL DEFAULT '',
     action TEXT NOT NULL DEFAULT '',
     result TEXT NOT NULL DEFAULT '',
     closed_at TEXT,
     closed_by TEXT,
     call_id INTEGER REFERENCES revisit_call (id),
     complaint_id INTEGER REFERENCES complaint (id),
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (state <> 'dismissed' OR dismissed_reason <> ''),
     CHECK (state <> 'closed' OR (closed_at IS NOT NULL AND cause <> '' AND action <> '' AND result <> ''))
   ) STRICT`,
  'CREATE UNIQUE INDEX comeback_ro ON comeback (ro_id) WHERE ro_id IS NOT NULL',
  'CREATE INDEX comeback_date ON comeback (date)',
  'CREATE INDEX comeback_state ON comeback (state)',
  'CREATE INDEX comeback_vehicle ON comeback (vehicle_id)',
  'CREATE INDEX comeback_complaint ON comeback (complaint_id) WHERE complaint_id IS NOT NULL',
  `CREATE TABLE lost_vehicle (
     vehicle_id INTEGER PRIMARY KEY REFERENCES vehicle (id),
     reason TEXT CHECK (reason IN ('moved','sold','elsewhere','dissatisfied','price','distance','little_use','other')),
     words TEXT NOT NULL DEFAULT '',
     reason_at TEXT,
     reason_by TEXT,
     call_id INTEGER REFERENCES revisit_call (id),
     winback_on TEXT,
     winback_by TEXT,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (reason IS NULL OR reason <> 'other' OR words <> '')
   ) STRICT`,
  'CREATE INDEX lost_vehicle_winback ON lost_vehicle (winback_on) WHERE winback_on IS NOT NULL',
  SERVICE_VISITS_COLUMN,
  SERVICE_VISITS_BACKFILL,
  LAST_VISIT_INDEX,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
