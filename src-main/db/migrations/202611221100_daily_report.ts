import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * The daily report (日报):
 * - daily_report_version: one row per version of a day's report. Version 1 is made on the first
 *   change of the day (a paper entry, a confirmation); a correction after signing adds the next
 *   version with its reason. A signed row holds the snapshot of what was signed and can no longer
 *   be changed or deleted (triggers), so the archive keeps every signed version as signed.
 * - daily_report_paper_entry: ROs that exist only on paper, entered with the report of a day.
 * - Indexes for "in the workshop at the end of the day" (在修): ROs never completed, and ROs
 *   completed after a given day.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE daily_report_version (
     id INTEGER PRIMARY KEY,
     day TEXT NOT NULL CHECK (length(day) = 10),
     version INTEGER NOT NULL CHECK (version >= 1),
     reason TEXT NOT NULL DEFAULT '',
     status TEXT NOT NULL CHECK (status IN ('draft','ready','signed')),
     confirmed_at TEXT,
     confirmed_by_user_id INTEGER REFERENCES app_user (id),
     confirmed_by TEXT,
     confirmed_fingerprint TEXT,
     signed_at TEXT,
     signed_by_user_id INTEGER REFERENCES app_user (id),
     signed_by TEXT,
     snapshot_json TEXT,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (day, version),
     CHECK ((status = 'signed') = (snapshot_json IS NOT NULL AND signed_at IS NOT NULL AND signed_by IS NOT NULL)),
     CHECK (status = 'draft' OR (confirmed_at IS NOT NULL AND confirmed_by IS NOT NULL AND confirmed_fingerprint IS NOT NULL))
   ) STRICT`,
  {
    sqlite: `CREATE TRIGGER daily_report_version_signed_frozen BEFORE UPDATE ON daily_report_version
   WHEN OLD.status = 'signed'
   BEGIN SELECT RAISE(ABORT, 'a signed daily report version is frozen'); END`,
    postgres: `CREATE TRIGGER daily_report_version_signed_frozen BEFORE UPDATE ON daily_report_version
   FOR EACH ROW WHEN (OLD.status = 'signed')
   EXECUTE FUNCTION clerkdesk_refuse('a signed daily report version is frozen')`,
  },
  {
    sqlite: `CREATE TRIGGER daily_report_version_signed_kept BEFORE DELETE ON daily_report_version
   WHEN OLD.status = 'signed'
   BEGIN SELECT RAISE(ABORT, 'a signed daily report version is kept'); END`,
    postgres: `CREATE TRIGGER daily_report_version_signed_kept BEFORE DELETE ON daily_report_version
   FOR EACH ROW WHEN (OLD.status = 'signed')
   EXECUTE FUNCTION clerkdesk_refuse('a signed daily report version is kept')`,
  },
  `CREATE TABLE daily_report_paper_entry (
     id INTEGER PRIMARY KEY,
     day TEXT NOT NULL CHECK (length(day) = 10),
     ro_number TEXT NOT NULL,
     plate TEXT,
     customer_name TEXT NOT NULL DEFAULT '',
     advisor_name TEXT NOT NULL DEFAULT '',
     type TEXT NOT NULL CHECK (type IN ('first_service','periodic_service','repair','body_paint','warranty','insurance','comeback')),
     status TEXT NOT NULL CHECK (status IN ('in_repair','completed','delivered','settled')),
     opened_on TEXT NOT NULL CHECK (length(opened_on) = 10 AND opened_on <= day),
     labor_fen INTEGER NOT NULL DEFAULT 0 CHECK (labor_fen >= 0),
     parts_fen INTEGER NOT NULL DEFAULT 0 CHECK (parts_fen >= 0),
     total_fen INTEGER NOT NULL DEFAULT 0 CHECK (total_fen >= labor_fen + parts_fen),
     note TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL,
     UNIQUE (day, ro_number)
   ) STRICT`,
  'CREATE INDEX daily_report_paper_entry_ro_number ON daily_report_paper_entry (ro_number)',
  'CREATE INDEX repair_order_completed ON repair_order (completed_at)',
  'CREATE INDEX repair_order_not_completed ON repair_order (opened_at) WHERE completed_at IS NULL',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
