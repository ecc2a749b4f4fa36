import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * The store's time zone (IANA name): it decides "today" and every time the archive writes, for
 * the services and the UI alike. Existing stores are in China time, as the archive assumed so far.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `ALTER TABLE store_profile
     ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai' CHECK (time_zone <> '')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
