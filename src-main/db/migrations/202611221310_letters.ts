import { type Kysely, sql } from 'kysely';
import { DEFAULT_LETTERHEAD, DEFAULT_TEMPLATES } from '../../services/letters/default-templates';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * Letters (信件): templates the clerk edits, and batches printed in the same order as their
 * envelopes.
 * - letter_template: one or more per kind; letterhead and body are text with merge fields
 *   ({客户称呼} …); logo an uploaded PNG/JPEG as a data: URL (≤ 200 KB), or the app's when show_logo.
 *   The five default templates (one per kind) are made here, so every archive starts with them.
 * - letter_batch: saved before printing; the template text, the holiday and who cannot be mailed
 *   are kept as they were, so a reprint is the same letter.
 * - letter_batch_item: one letter (one envelope) per recipient, in print order (position); the
 *   recipient's facts as printed; the invitation rows and queued thank-you letters it stands for
 *   (recorded as sent when confirmed); status pending → sent, or misprint until confirmed again.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE letter_template (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('invitation','first_service_thanks','purchase_thanks','holiday','birthday')),
     name TEXT NOT NULL CHECK (name <> ''),
     letterhead TEXT NOT NULL DEFAULT '',
     body TEXT NOT NULL,
     logo TEXT,
     show_logo INTEGER NOT NULL DEFAULT 1 CHECK (show_logo IN (0,1)),
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE letter_batch (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('invitation','first_service_thanks','purchase_thanks','holiday','birthday')),
     title TEXT NOT NULL,
     source_kind TEXT NOT NULL CHECK (source_kind IN ('list','range','queue')),
     list_id INTEGER REFERENCES invitation_list (id),
     range_from TEXT,
     range_to TEXT,
     template_id INTEGER REFERENCES letter_template (id) ON DELETE SET NULL,
     template_name TEXT NOT NULL,
     letterhead TEXT NOT NULL,
     body TEXT NOT NULL,
     logo TEXT,
     show_logo INTEGER NOT NULL CHECK (show_logo IN (0,1)),
     holiday TEXT NOT NULL DEFAULT '',
     cannot_mail_json TEXT NOT NULL DEFAULT '[]',
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     confirmed_at TEXT,
     CHECK (source_kind <> 'list' OR list_id IS NOT NULL),
     CHECK (source_kind <> 'range' OR (range_from IS NOT NULL AND range_to IS NOT NULL))
   ) STRICT`,
  'CREATE INDEX letter_batch_created ON letter_batch (created_at)',
  `CREATE TABLE letter_batch_item (
     id INTEGER PRIMARY KEY,
     batch_id INTEGER NOT NULL REFERENCES letter_batch (id),
     position INTEGER NOT NULL,
     customer_id INTEGER NOT NULL REFERENCES customer (id),
     vehicle_id INTEGER REFERENCES vehicle (id),
     list_row_ids_json TEXT NOT NULL DEFAULT '[]',
     queue_ids_json TEXT NOT NULL DEFAULT '[]',
     name TEXT NOT NULL,
     salutation TEXT NOT NULL DEFAULT '',
     address TEXT NOT NULL,
     postal_code TEXT NOT NULL,
     plate TEXT,
     model TEXT NOT NULL DEFAULT '',
     next_service_on TEXT,
     next_service_km INTEGER,
     advisor TEXT NOT NULL DEFAULT '',
     status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','misprint','sent')),
     misprints INTEGER NOT NULL DEFAULT 0,
     sent_on TEXT,
     updated_at TEXT NOT NULL,
     UNIQUE (batch_id, position),
     CHECK (status <> 'sent' OR sent_on IS NOT NULL)
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
  // The defaults ship with this version: a fixed time, so two archives built alike are alike.
  const at = '2026-11-22T13:10:00+08:00';
  for (const t of DEFAULT_TEMPLATES)
    await sql`INSERT INTO letter_template (kind, name, letterhead, body, logo, show_logo, updated_at, updated_by)
      VALUES (${t.kind}, ${t.name}, ${DEFAULT_LETTERHEAD}, ${t.body}, NULL, 1, ${at}, '系统')`.execute(db);
}
