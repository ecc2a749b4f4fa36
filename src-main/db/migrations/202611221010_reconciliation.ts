import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * Reconciliation with the paper folder (对单), kept with the day:
 * - reconciliation_day: one row per calendar day the clerk has started reconciling, and whether
 *   (and by whom) it was completed, with the figures as they stood at completion.
 * - reconciliation_tick: each paper RO number ticked off that day, as normalised from what was
 *   typed or scanned (kept even when no RO has that number), the RO it matched when ticked, and
 *   the status written on the paper if the clerk gave one.
 * - reconciliation_note: the clerk's note and "resolved" mark on one discrepancy of the day,
 *   keyed by RO number and kind, so it survives the discrepancy being fixed (e.g. 已补录).
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE reconciliation_day (
     id INTEGER PRIMARY KEY,
     day TEXT NOT NULL UNIQUE CHECK (length(day) = 10),
     completed_at TEXT,
     completed_by_user_id INTEGER REFERENCES app_user (id),
     completed_by TEXT,
     completed_summary_json TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     CHECK ((completed_at IS NULL) = (completed_by IS NULL))
   ) STRICT`,
  `CREATE TABLE reconciliation_tick (
     id INTEGER PRIMARY KEY,
     day_id INTEGER NOT NULL REFERENCES reconciliation_day (id),
     ro_number TEXT NOT NULL,
     typed_text TEXT NOT NULL,
     repair_order_id INTEGER REFERENCES repair_order (id) ON DELETE SET NULL,
     paper_status TEXT CHECK (paper_status IN ('in_repair','completed','delivered','settled')),
     ticked_at TEXT NOT NULL,
     ticked_by_user_id INTEGER REFERENCES app_user (id),
     ticked_by TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (day_id, ro_number)
   ) STRICT`,
  'CREATE INDEX reconciliation_tick_ro_number ON reconciliation_tick (ro_number)',
  'CREATE INDEX reconciliation_tick_repair_order ON reconciliation_tick (repair_order_id)',
  `CREATE TABLE reconciliation_note (
     id INTEGER PRIMARY KEY,
     day_id INTEGER NOT NULL REFERENCES reconciliation_day (id),
     ro_number TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('missing_on_paper','missing_in_archive','status_mismatch')),
     repair_order_id INTEGER REFERENCES repair_order (id) ON DELETE SET NULL,
     note TEXT NOT NULL DEFAULT '',
     is_resolved INTEGER NOT NULL DEFAULT 0 CHECK (is_resolved IN (0,1)),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     updated_by_user_id INTEGER REFERENCES app_user (id),
     updated_by TEXT NOT NULL,
     UNIQUE (day_id, ro_number, kind)
   ) STRICT`,
  'CREATE INDEX reconciliation_note_repair_order ON reconciliation_note (repair_order_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
