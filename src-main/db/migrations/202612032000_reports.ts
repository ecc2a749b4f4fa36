import { type Kysely, sql } from 'kysely';

/**
 * 统计 (issue 15):
 * - report_delivery: each export (Excel, PDF) or print of a weekly or monthly report. The Today
 *   board shows a report as due (Monday, the 3rd) until it has one.
 * Frozen once landed: later changes are new migrations.
 */
const statements = [
  `CREATE TABLE report_delivery (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('weekly','monthly')),
     period TEXT NOT NULL,
     format TEXT NOT NULL CHECK (format IN ('xlsx','pdf','print')),
     unmasked INTEGER NOT NULL DEFAULT 0 CHECK (unmasked IN (0,1)),
     at TEXT NOT NULL,
     by_user_id INTEGER REFERENCES app_user (id),
     by_name TEXT NOT NULL,
     CHECK ((kind = 'weekly' AND period GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]')
         OR (kind = 'monthly' AND period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'))
   ) STRICT`,
  'CREATE INDEX report_delivery_period ON report_delivery (kind, period, at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
