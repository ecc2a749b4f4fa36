import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * 三包/索赔 (issue 14):
 * - claim: a warranty RO's claim, written on its first save (until then the claim is 待填报 from the
 *   RO alone; see src-shared/domain/claims.ts). One per RO. deadline NULL: the rules' deadline.
 *   claim_no unique when given. statement_month: the statement that paid it (已结算).
 * - claim_round: each submission (已上报) with the text as reported and the answer (通过/驳回).
 * - old_part: 旧件 kept for the manufacturer: kept → returned (date, waybill) or scrapped.
 * - outside_service: 外出服务单 with its service order number (服务令号), out and back.
 * - claim_statement: the month's service-fee statement (服务费结算): invoice requested, issued, paid.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE claim (
     id INTEGER PRIMARY KEY,
     ro_id INTEGER NOT NULL UNIQUE REFERENCES repair_order (id),
     claim_type TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('draft','reported','reviewing','approved','rejected','settled')),
     claim_no TEXT,
     deadline TEXT,
     fault_description TEXT NOT NULL DEFAULT '',
     cause TEXT NOT NULL DEFAULT '',
     handling TEXT NOT NULL DEFAULT '',
     note TEXT NOT NULL DEFAULT '',
     reported_on TEXT,
     approved_on TEXT,
     approved_fen INTEGER CHECK (approved_fen >= 0),
     rejected_on TEXT,
     reject_reason TEXT NOT NULL DEFAULT '',
     statement_month TEXT,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (status = 'draft' OR (reported_on IS NOT NULL AND claim_no IS NOT NULL)),
     CHECK (status NOT IN ('approved','settled') OR (approved_on IS NOT NULL AND approved_fen IS NOT NULL)),
     CHECK (status <> 'settled' OR statement_month IS NOT NULL)
   ) STRICT`,
  'CREATE UNIQUE INDEX claim_no ON claim (claim_no) WHERE claim_no IS NOT NULL',
  'CREATE INDEX claim_status ON claim (status, deadline)',
  'CREATE INDEX claim_approved ON claim (approved_on) WHERE approved_on IS NOT NULL',
  // The warranty ROs without a claim row are found by type and opening day.
  'CREATE INDEX repair_order_type_opened ON repair_order (type, opened_at)',
  `CREATE TABLE claim_round (
     id INTEGER PRIMARY KEY,
     claim_id INTEGER NOT NULL REFERENCES claim (id),
     round INTEGER NOT NULL CHECK (round >= 1),
     reported_on TEXT NOT NULL,
     reported_by TEXT NOT NULL,
     claim_no TEXT NOT NULL,
     fault_description TEXT NOT NULL,
     cause TEXT NOT NULL DEFAULT '',
     handling TEXT NOT NULL DEFAULT '',
     result TEXT NOT NULL CHECK (result IN ('pending','approved','rejected')),
     result_on TEXT,
     reject_reason TEXT NOT NULL DEFAULT '',
     approved_fen INTEGER CHECK (approved_fen >= 0),
     UNIQUE (claim_id, round)
   ) STRICT`,
  `CREATE TABLE old_part (
     id INTEGER PRIMARY KEY,
     claim_id INTEGER NOT NULL REFERENCES claim (id),
     tag_no TEXT NOT NULL UNIQUE,
     part_number TEXT NOT NULL DEFAULT '',
     name TEXT NOT NULL,
     quantity REAL NOT NULL CHECK (quantity > 0),
     state TEXT NOT NULL CHECK (state IN ('kept','returned','scrapped')),
     returned_on TEXT,
     waybill TEXT NOT NULL DEFAULT '',
     scrapped_on TEXT,
     instruction TEXT NOT NULL DEFAULT '',
     removed_at TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (state <> 'returned' OR returned_on IS NOT NULL),
     CHECK (state <> 'scrapped' OR scrapped_on IS NOT NULL)
   ) STRICT`,
  'CREATE INDEX old_part_claim ON old_part (claim_id)',
  "CREATE INDEX old_part_kept ON old_part (state) WHERE state = 'kept' AND removed_at IS NULL",
  `CREATE TABLE outside_service (
     id INTEGER PRIMARY KEY,
     order_no TEXT NOT NULL UNIQUE,
     ro_id INTEGER REFERENCES repair_order (id),
     vehicle_id INTEGER REFERENCES vehicle (id),
     customer_id INTEGER REFERENCES customer (id),
     place TEXT NOT NULL,
     fault TEXT NOT NULL DEFAULT '',
     staff TEXT NOT NULL,
     device TEXT NOT NULL DEFAULT '',
     out_at TEXT NOT NULL,
     odometer_out INTEGER NOT NULL CHECK (odometer_out >= 0),
     back_at TEXT,
     odometer_back INTEGER,
     state TEXT NOT NULL CHECK (state IN ('out','closed')),
     signed_out_by TEXT NOT NULL,
     closed_by TEXT,
     note TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (state <> 'closed' OR (back_at IS NOT NULL AND odometer_back IS NOT NULL AND odometer_back >= odometer_out))
   ) STRICT`,
  'CREATE INDEX outside_service_ro ON outside_service (ro_id) WHERE ro_id IS NOT NULL',
  'CREATE INDEX outside_service_state ON outside_service (state, out_at)',
  `CREATE TABLE claim_statement (
     month TEXT PRIMARY KEY,
     state TEXT NOT NULL CHECK (state IN ('open','requested','invoiced','paid')),
     requested_fen INTEGER,
     requested_on TEXT,
     requested_by TEXT,
     invoice_no TEXT,
     invoice_on TEXT,
     paid_on TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     CHECK (state = 'open' OR requested_on IS NOT NULL),
     CHECK (state NOT IN ('invoiced','paid') OR (invoice_no IS NOT NULL AND invoice_on IS NOT NULL)),
     CHECK (state <> 'paid' OR paid_on IS NOT NULL)
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
