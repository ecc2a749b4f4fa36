import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * Vehicles whose derived data (service summary, 回厂 marks) is still to be refreshed after a large
 * DMS import. Written in the import's own transaction, emptied in small transactions afterwards and
 * before any read of that data, so a crash in between loses nothing: what is left is refreshed at
 * the next read. Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE vehicle_change_pending (
     vehicle_id INTEGER PRIMARY KEY,
     at TEXT NOT NULL
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
