import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * 回访 (issue 11): the morning's calls.
 * - questionnaire: the store's questions per call kind, versioned; one current version per kind;
 *   answers keep the version they were asked with (revisit_call.questionnaire_id).
 * - revisit_call: one per call subject (`call_key`, e.g. followup7:ro:123), created by the first
 *   attempt: the queue itself is computed from the ROs, vehicles, invitation rows and appointments,
 *   so nothing is written by just looking. State open → done | unreached | cancelled; a booked
 *   callback is `callback_at` on an open call. `version` guards against lost updates.
 * - revisit_attempt: every attempt (time, user, outcome), never rewritten.
 * - call_problem: a problem call's department, words and its quick-handling form (快速处理表);
 *   complaint_id is for the complaints work to link the complaint it became.
 * - appointment: 预约登记; no_show is not stored (a booked day passed without an RO).
 * - sms_template / sms_batch / sms_message: batches prepared for the store's SMS platform.
 * Frozen once landed: later changes are new migrations.
 */
const KINDS = `'followup7','csi','delivery','reminder','callback'`;
const OUTCOMES = `'reached','no_answer','busy','off','wrong_number','refused','call_back'`;
const DEPARTMENTS = `'reception','workshop','parts','cashier','wash','sales'`;

const statements: MigrationStatement[] = [
  `CREATE TABLE questionnaire (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
     version INTEGER NOT NULL CHECK (version > 0),
     title TEXT NOT NULL,
     questions_json TEXT NOT NULL,
     is_current INTEGER NOT NULL CHECK (is_current IN (0,1)),
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     UNIQUE (kind, version)
   ) STRICT`,
  'CREATE UNIQUE INDEX questionnaire_current ON questionnaire (kind) WHERE is_current = 1',
  `CREATE TABLE appointment (
     id INTEGER PRIMARY KEY,
     customer_id INTEGER REFERENCES customer (id),
     vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),
     date TEXT NOT NULL,
     time TEXT,
     purpose TEXT NOT NULL CHECK (purpose IN ('first_service','periodic_service','repair','body_paint','other')),
     advisor TEXT NOT NULL DEFAULT '',
     note TEXT NOT NULL DEFAULT '',
     source TEXT NOT NULL CHECK (source IN ('call','phone_in','invitation')),
     call_id INTEGER,
     invitation_row_id INTEGER REFERENCES invitation_row (id),
     state TEXT NOT NULL CHECK (state IN ('booked','arrived','cancelled')),
     arrived_ro_id INTEGER REFERENCES repair_order (id),
     arrived_at TEXT,
     cancelled_reason TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1
   ) STRICT`,
  'CREATE INDEX appointment_date ON appointment (date, state)',
  'CREATE INDEX appointment_vehicle ON appointment (vehicle_id, date)',
  `CREATE TABLE revisit_call (
     id INTEGER PRIMARY KEY,
     call_key TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
     ro_id INTEGER REFERENCES repair_order (id),
     vehicle_id INTEGER REFERENCES vehicle (id),
     customer_id INTEGER REFERENCES customer (id),
     invitation_row_id INTEGER REFERENCES invitation_row (id),
     appointment_id INTEGER REFERENCES appointment (id),
     due_on TEXT NOT NULL,
     callback_at TEXT,
     state TEXT NOT NULL CHECK (state IN ('open','done','unreached','cancelled')),
     closed_at TEXT,
     closed_by TEXT,
     questionnaire_id INTEGER REFERENCES questionnaire (id),
     answers_json TEXT NOT NULL DEFAULT '[]',
     words TEXT NOT NULL DEFAULT '',
     problem_fixed TEXT CHECK (problem_fixed IN ('yes','no','na')),
     suggestions TEXT NOT NULL DEFAULT '',
     is_problem INTEGER NOT NULL DEFAULT 0 CHECK (is_problem IN (0,1)),
     follow_up_channel TEXT CHECK (follow_up_channel IN ('sms','letter')),
     follow_up_at TEXT,
     follow_up_batch_id INTEGER,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_attempt_at TEXT,
     last_outcome TEXT CHECK (last_outcome IN (${OUTCOMES})),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1
   ) STRICT`,
  'CREATE INDEX revisit_call_due ON revisit_call (due_on, state)',
  // Covering for the queue's "closed already?" probe per RO (kind, state, closed_at): no row read.
  'CREATE INDEX revisit_call_ro ON revisit_call (ro_id, kind, state, closed_at)',
  'CREATE INDEX revisit_call_customer ON revisit_call (customer_id)',
  "CREATE INDEX revisit_call_callback ON revisit_call (callback_at) WHERE state = 'open' AND callback_at IS NOT NULL",
  'CREATE INDEX revisit_call_closed ON revisit_call (closed_at)',
  // The call queue's reminder calls read the invitation rows by the day their letter went out.
  'CREATE INDEX invitation_row_letter_sent ON invitation_row (letter_sent_on) WHERE letter_sent_on IS NOT NULL',
  // Whether a questionnaire version was answered (in use: editing it makes a new version).
  'CREATE INDEX revisit_call_questionnaire ON revisit_call (questionnaire_id)',
  `CREATE TABLE revisit_attempt (
     id INTEGER PRIMARY KEY,
     call_id INTEGER NOT NULL REFERENCES revisit_call (id),
     at TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN (${OUTCOMES})),
     callback_at TEXT,
     note TEXT NOT NULL DEFAULT '',
     by_user_id INTEGER REFERENCES app_user (id),
     by_name TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX revisit_attempt_call ON revisit_attempt (call_id, at)',
  'CREATE INDEX revisit_attempt_at ON revisit_attempt (at)',
  `CREATE TABLE call_problem (
     id INTEGER PRIMARY KEY,
     call_id INTEGER NOT NULL REFERENCES revisit_call (id),
     department TEXT NOT NULL CHECK (department IN (${DEPARTMENTS})),
     questions_json TEXT NOT NULL DEFAULT '[]',
     words TEXT NOT NULL DEFAULT '',
     owner_user_id INTEGER REFERENCES app_user (id),
     action TEXT NOT NULL DEFAULT '',
     result TEXT NOT NULL DEFAULT '',
     done_at TEXT,
     done_by TEXT,
     complaint_id INTEGER,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     UNIQUE (call_id, department)
   ) STRICT`,
  'CREATE INDEX call_problem_open ON call_problem (created_at) WHERE done_at IS NULL',
  `CREATE TABLE sms_template (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     body TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE sms_batch (
     id INTEGER PRIMARY KEY,
     title TEXT NOT NULL,
     source TEXT NOT NULL CHECK (source IN ('invitation_list','unreached','deliveries','appointments')),
     source_json TEXT NOT NULL,
     template_body TEXT NOT NULL,
     recipients INTEGER NOT NULL,
     skipped INTEGER NOT NULL,
     segments INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     sent_at TEXT,
     sent_by TEXT
   ) STRICT`,
  'CREATE INDEX sms_batch_created ON sms_batch (created_at)',
  `CREATE TABLE sms_message (
     id INTEGER PRIMARY KEY,
     batch_id INTEGER NOT NULL REFERENCES sms_batch (id),
     customer_id INTEGER REFERENCES customer (id),
     vehicle_id INTEGER REFERENCES vehicle (id),
     customer_name TEXT,
     plate TEXT,
     phone TEXT,
     content TEXT NOT NULL,
     characters INTEGER NOT NULL,
     segments INTEGER NOT NULL,
     skipped_reason TEXT
   ) STRICT`,
  'CREATE INDEX sms_message_batch ON sms_message (batch_id)',
  'CREATE INDEX sms_message_customer ON sms_message (customer_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
