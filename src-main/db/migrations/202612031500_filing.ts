import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * 归档 (issue 13):
 * - binder: a monthly binder of a series (当月修理单 2026-11, 第 N 册) or a vehicle's own bag
 *   (一车一档). open → bound → sent → destroyed; `positions` counts the positions handed out.
 * - handover: a batch of papers handed over by sales (保修登记表, PDI检查单), who and when.
 * - paper: one paper of a kind for an RO, a vehicle or a customer; received (not filed) → filed
 *   (binder, position) → removed (filed in error; soft delete, audited) or destroyed (under a
 *   manager-approved destruction). RO papers of one RO share its position in a monthly binder.
 * - scan_blob: the content-addressed store's index (SHA-256 of the bytes; the file lives beside the
 *   archive under that name); deleted_at when a destruction removed the last paper using it.
 * - scan: a scan attached to a paper, or waiting for the clerk (paper_id NULL: the inbox, with the
 *   RO or vehicle its file name matched).
 * - loan: a paper or a binder lent (借阅), due back on due_on.
 * - health_upload: the 电子健康档案 upload of a settled RO (from the DMS export or marked by the clerk).
 * - destruction: a manager-approved destruction list (销毁清单).
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE binder (
     id INTEGER PRIMARY KEY,
     scheme TEXT NOT NULL CHECK (scheme IN ('monthly','vehicle')),
     series TEXT,
     month TEXT,
     volume INTEGER NOT NULL DEFAULT 1 CHECK (volume >= 1),
     vehicle_id INTEGER REFERENCES vehicle (id),
     shelf TEXT NOT NULL DEFAULT '',
     state TEXT NOT NULL CHECK (state IN ('open','bound','sent','destroyed')),
     capacity INTEGER NOT NULL CHECK (capacity >= 1),
     positions INTEGER NOT NULL DEFAULT 0 CHECK (positions >= 0),
     bound_at TEXT,
     bound_by TEXT,
     sent_on TEXT,
     sent_to TEXT,
     sent_by TEXT,
     destroyed_at TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (scheme <> 'monthly' OR (series IS NOT NULL AND month IS NOT NULL AND vehicle_id IS NULL)),
     CHECK (scheme <> 'vehicle' OR (vehicle_id IS NOT NULL AND month IS NULL)),
     CHECK (state <> 'sent' OR (sent_on IS NOT NULL AND sent_to IS NOT NULL))
   ) STRICT`,
  'CREATE UNIQUE INDEX binder_month ON binder (series, month, volume) WHERE month IS NOT NULL',
  'CREATE UNIQUE INDEX binder_vehicle ON binder (vehicle_id) WHERE vehicle_id IS NOT NULL',
  'CREATE INDEX binder_state ON binder (state, month)',
  `CREATE TABLE handover (
     id INTEGER PRIMARY KEY,
     handed_by TEXT NOT NULL,
     handed_on TEXT NOT NULL,
     received_by TEXT NOT NULL,
     note TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE destruction (
     id INTEGER PRIMARY KEY,
     no TEXT NOT NULL UNIQUE,
     approved_by TEXT NOT NULL,
     approved_by_user_id INTEGER REFERENCES app_user (id),
     approved_at TEXT NOT NULL,
     reason TEXT NOT NULL DEFAULT '',
     scans_deleted INTEGER NOT NULL DEFAULT 0
   ) STRICT`,
  `CREATE TABLE paper (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL,
     ro_id INTEGER REFERENCES repair_order (id),
     vehicle_id INTEGER REFERENCES vehicle (id),
     customer_id INTEGER REFERENCES customer (id),
     doc_date TEXT NOT NULL,
     received_on TEXT NOT NULL,
     received_from TEXT NOT NULL DEFAULT '',
     handover_id INTEGER REFERENCES handover (id),
     state TEXT NOT NULL CHECK (state IN ('received','filed','removed','destroyed')),
     binder_id INTEGER REFERENCES binder (id),
     position INTEGER CHECK (position >= 1),
     filed_at TEXT,
     filed_by TEXT,
     keep_forever INTEGER NOT NULL DEFAULT 0 CHECK (keep_forever IN (0,1)),
     note TEXT NOT NULL DEFAULT '',
     removed_at TEXT,
     removed_by TEXT,
     removed_reason TEXT NOT NULL DEFAULT '',
     destroyed_at TEXT,
     destruction_id INTEGER REFERENCES destruction (id),
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (ro_id IS NOT NULL OR vehicle_id IS NOT NULL OR customer_id IS NOT NULL),
     CHECK (state <> 'filed' OR (binder_id IS NOT NULL AND position IS NOT NULL AND filed_at IS NOT NULL)),
     CHECK (state <> 'removed' OR (removed_at IS NOT NULL AND removed_reason <> '')),
     CHECK (state <> 'destroyed' OR (destroyed_at IS NOT NULL AND destruction_id IS NOT NULL))
   ) STRICT`,
  'CREATE INDEX paper_ro ON paper (ro_id, kind) WHERE ro_id IS NOT NULL',
  'CREATE INDEX paper_vehicle ON paper (vehicle_id, kind) WHERE vehicle_id IS NOT NULL',
  'CREATE INDEX paper_customer ON paper (customer_id) WHERE customer_id IS NOT NULL',
  'CREATE INDEX paper_binder ON paper (binder_id, position) WHERE binder_id IS NOT NULL',
  'CREATE INDEX paper_received ON paper (state, received_on)',
  'CREATE INDEX paper_doc_date ON paper (doc_date, kind)',
  `CREATE TABLE scan_blob (
     sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
     bytes INTEGER NOT NULL CHECK (bytes > 0),
     mime TEXT NOT NULL CHECK (mime IN ('application/pdf','image/jpeg','image/png','image/tiff')),
     stored_at TEXT NOT NULL,
     deleted_at TEXT
   ) STRICT`,
  `CREATE TABLE scan (
     id INTEGER PRIMARY KEY,
     sha256 TEXT NOT NULL REFERENCES scan_blob (sha256),
     paper_id INTEGER REFERENCES paper (id),
     original_name TEXT NOT NULL DEFAULT '',
     source TEXT NOT NULL CHECK (source IN ('upload','watch')),
     matched_ro_id INTEGER REFERENCES repair_order (id),
     matched_vehicle_id INTEGER REFERENCES vehicle (id),
     added_at TEXT NOT NULL,
     added_by TEXT NOT NULL,
     removed_at TEXT,
     removed_by TEXT
   ) STRICT`,
  'CREATE INDEX scan_paper ON scan (paper_id) WHERE paper_id IS NOT NULL',
  'CREATE INDEX scan_inbox ON scan (added_at) WHERE paper_id IS NULL AND removed_at IS NULL',
  'CREATE INDEX scan_sha ON scan (sha256)',
  `CREATE TABLE loan (
     id INTEGER PRIMARY KEY,
     paper_id INTEGER REFERENCES paper (id),
     binder_id INTEGER REFERENCES binder (id),
     borrower TEXT NOT NULL CHECK (borrower <> ''),
     reason TEXT NOT NULL DEFAULT '',
     lent_at TEXT NOT NULL,
     lent_by TEXT NOT NULL,
     due_on TEXT NOT NULL,
     returned_at TEXT,
     returned_by TEXT,
     CHECK ((paper_id IS NULL) <> (binder_id IS NULL)),
     CHECK (due_on >= substr(lent_at, 1, 10))
   ) STRICT`,
  'CREATE UNIQUE INDEX loan_open_paper ON loan (paper_id) WHERE paper_id IS NOT NULL AND returned_at IS NULL',
  'CREATE UNIQUE INDEX loan_open_binder ON loan (binder_id) WHERE binder_id IS NOT NULL AND returned_at IS NULL',
  'CREATE INDEX loan_due ON loan (due_on) WHERE returned_at IS NULL',
  `CREATE TABLE health_upload (
     ro_id INTEGER PRIMARY KEY REFERENCES repair_order (id),
     uploaded_at TEXT NOT NULL,
     source TEXT NOT NULL CHECK (source IN ('import','clerk')),
     marked_by TEXT NOT NULL
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
