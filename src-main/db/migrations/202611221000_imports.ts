import type { Kysely } from 'kysely';
import { type MigrationStatement, runStatements } from './ddl';

/**
 * DMS imports:
 * - import_batch: one row per committed import (file name, SHA-256 to recognise the same file
 *   again, encoding found, the counts, who and when). Written in the import's own transaction, so
 *   an import that did not commit leaves no batch behind.
 * - import_preset: the clerk's saved column mappings, header text → archive field, by name.
 * Frozen once landed: later changes are new migrations.
 */
const statements: MigrationStatement[] = [
  `CREATE TABLE import_batch (
     id INTEGER PRIMARY KEY,
     file_name TEXT NOT NULL,
     sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
     encoding TEXT NOT NULL CHECK (encoding IN ('utf-8','utf-8-bom','gbk','gb18030','xlsx')),
     sheet TEXT,
     rows INTEGER NOT NULL CHECK (rows >= 0),
     imported INTEGER NOT NULL CHECK (imported >= 0),
     updated INTEGER NOT NULL CHECK (updated >= 0),
     unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
     duplicates INTEGER NOT NULL CHECK (duplicates >= 0),
     rejected INTEGER NOT NULL CHECK (rejected >= 0),
     flags INTEGER NOT NULL DEFAULT 0 CHECK (flags >= 0),
     customers_created INTEGER NOT NULL DEFAULT 0,
     vehicles_created INTEGER NOT NULL DEFAULT 0,
     user_id INTEGER REFERENCES app_user (id),
     user_name TEXT NOT NULL,
     at TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX import_batch_sha256 ON import_batch (sha256)',
  'CREATE INDEX import_batch_at ON import_batch (at)',
  `CREATE TABLE import_preset (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     columns_json TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, statements);
}
