import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * Personal data (PIPL), issue 10 part 9:
 * - customer.anonymised_at / vehicle.anonymised_at: set when the retention rule anonymised the
 *   record (name, phones, address, plate… removed); such records are never anonymised twice and
 *   are not counted as "no visit" again.
 * - audit_log stays append-only, with one exception: the payload of an entry about an anonymised
 *   record may be replaced by the redaction marker (everything else unchanged), so the log keeps
 *   who did what to which id, and no longer the person's name or phone.
 * Frozen once landed: later changes are new migrations.
 */
export const AUDIT_REDACTED_JSON = '{"redacted":"privacy.retention"}';

const statements: MigrationStatement[] = [
  'ALTER TABLE customer ADD COLUMN anonymised_at TEXT',
  'ALTER TABLE vehicle ADD COLUMN anonymised_at TEXT',
  { sqlite: 'DROP TRIGGER audit_log_no_update', postgres: 'DROP TRIGGER audit_log_no_update ON audit_log' },
  {
    sqlite: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   WHEN NOT (
     NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.user_id IS OLD.user_id AND NEW.actor = OLD.actor
     AND NEW.action = OLD.action AND NEW.entity = OLD.entity AND NEW.entity_id IS OLD.entity_id
     AND (NEW.before_json IS OLD.before_json OR NEW.before_json = '${AUDIT_REDACTED_JSON}')
     AND (NEW.after_json IS OLD.after_json OR NEW.after_json = '${AUDIT_REDACTED_JSON}')
   )
   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    postgres: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   FOR EACH ROW WHEN (NOT (
     NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.actor = OLD.actor
     AND NEW.action = OLD.action AND NEW.entity = OLD.entity AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
     AND (NEW.before_json IS NOT DISTINCT FROM OLD.before_json OR NEW.before_json = '${AUDIT_REDACTED_JSON}')
     AND (NEW.after_json IS NOT DISTINCT FROM OLD.after_json OR NEW.after_json = '${AUDIT_REDACTED_JSON}')
   ))
   EXECUTE FUNCTION clerkdesk_refuse('audit_log is append-only')`,
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
