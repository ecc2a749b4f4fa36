import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * PIN guessing: wrong PINs in a row per user, when the last one came (a growing wait after the
 * third), and when the user was locked (after the tenth; only an admin unlocks). Kept in the archive
 * so closing the app or switching doors does not reset them. A right PIN clears the count.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  'ALTER TABLE app_user ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0)',
  'ALTER TABLE app_user ADD COLUMN last_failed_pin_at TEXT',
  'ALTER TABLE app_user ADD COLUMN locked_at TEXT',
  'CREATE INDEX audit_log_at ON audit_log (at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
