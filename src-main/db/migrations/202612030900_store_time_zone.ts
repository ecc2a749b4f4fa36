import { type Kysely, sql } from 'kysely';

/**
 * The store's time zone (IANA name): it decides "today" and every time the archive writes, for
 * the services and the UI alike. Existing stores are in China time, as the archive assumed so far.
 * Frozen once landed: later changes are new migrations.
 */
const statements = [
  `ALTER TABLE store_profile
     ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai' CHECK (time_zone <> '')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
