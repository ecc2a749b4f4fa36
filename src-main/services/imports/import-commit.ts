/**
 * The commit of a checked import: every accepted row in ONE transaction (BEGIN IMMEDIATE … COMMIT)
 * or nothing, on the import worker's own connection. The host's connection stays free meanwhile:
 * its reads go on under WAL (they see the archive as it was until the commit lands), and its writes
 * wait for the lock asynchronously (api/busy-retry.ts) instead of being stuck behind the import.
 *
 * Derived per-vehicle data (service summary, 回厂) is not computed here: the touched vehicles are
 * recorded in vehicle_change_pending inside the same transaction, and the host refreshes them once
 * the commit has landed (VehicleChanges.catchUp; every read of derived data catches up first).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { ImportEncoding, ImportFlag, ImportProblem, ImportResult } from '../../../src-shared/domain/imports';
import type { User } from '../../../src-shared/domain/records';
import { withStatementCache } from '../../db/database';
import type { Database } from '../../db/schema';
import { writeAudit } from '../audit/audit';
import { type CallContext, Session } from '../context';
import { ImportPlanner } from './import-planner';
import type { ImportRow } from './import-rows';

export interface CommitRequest {
  fileName: string;
  sha256: string;
  encoding: ImportEncoding;
  sheet: string | null;
  counts: { rows: number; duplicates: number; rejected: number };
  rejected: ImportProblem[];
  at: string;
  door: CallContext['door'];
  user: User | null;
  chunkSize: number;
  /** Test hook: wait this long between chunks (see ImportsOptions.commitPauseMs). */
  pauseMs: number;
  /** Record touched vehicles for the host's refresh of derived data. */
  recordVehicleChanges: boolean;
}

export class ImportCancelled extends Error {}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function commitImport(
  sqlite: BetterSqlite3.Database,
  rows: readonly ImportRow[],
  request: CommitRequest,
  hooks: { progress: (done: number, total: number) => void; cancelled: () => boolean },
): Promise<{ result: ImportResult; touchedVehicles: number }> {
  const started = performance.now();
  // Prepared statements kept by SQL text, as on the host's connection (Kysely prepares every query anew).
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // The user the host saw when the clerk confirmed: the audit entries are theirs.
  const session = new Session();
  session.user = request.user;
  const ctx: CallContext = { door: request.door, session };
  const at = request.at;
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const planner = new ImportPlanner(sqlite, true, at);
    const counts = { new: 0, changed: 0, unchanged: 0 };
    const flags: ImportFlag[] = [];
    for (let start = 0; start < rows.length; start += request.chunkSize) {
      if (hooks.cancelled()) throw new ImportCancelled();
      const end = Math.min(start + request.chunkSize, rows.length);
      for (const planned of planner.planChunk(rows.slice(start, end))) {
        counts[planned.kind]++;
        for (const f of planned.flags) flags.push(f);
      }
      for (const entry of planner.audits.splice(0)) await writeAudit(db, ctx, at, entry);
      hooks.progress(end, rows.length);
      await yieldToLoop();
      if (request.pauseMs > 0) await sleep(request.pauseMs);
    }
    if (hooks.cancelled()) throw new ImportCancelled();
    if (request.recordVehicleChanges && planner.touchedVehicles.size > 0) {
      const pending = sqlite.prepare(
        'INSERT INTO vehicle_change_pending (vehicle_id, at) VALUES (?, ?) ON CONFLICT (vehicle_id) DO UPDATE SET at = excluded.at',
      );
      for (const id of [...planner.touchedVehicles].sort((a, b) => a - b)) if (id > 0) pending.run(id, at);
    }
    const user = request.user;
    const batch = await db
      .insertInto('import_batch')
      .values({
        file_name: request.fileName,
        sha256: request.sha256,
        encoding: request.encoding,
        sheet: request.sheet,
        rows: request.counts.rows,
        imported: counts.new,
        updated: counts.changed,
        unchanged: counts.unchanged,
        duplicates: request.counts.duplicates,
        rejected: request.counts.rejected,
        flags: flags.length,
        customers_created: planner.customersCreated,
        vehicles_created: planner.vehiclesCreated,
        user_id: user?.id ?? null,
        user_name: user?.name ?? (request.door === 'cli' ? '命令行' : '系统'),
        at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const result: ImportResult = {
      batchId: batch.id,
      encoding: request.encoding,
      rows: request.counts.rows,
      imported: counts.new,
      updated: counts.changed,
      unchanged: counts.unchanged,
      duplicates: request.counts.duplicates,
      rejected: request.rejected,
      flags,
      customersCreated: planner.customersCreated,
      vehiclesCreated: planner.vehiclesCreated,
      millis: 0,
    };
    const { rejected: _rejected, flags: _flags, ...summary } = result;
    await writeAudit(db, ctx, at, {
      action: 'import.commit',
      entity: 'import_batch',
      entityId: batch.id,
      after: { fileName: request.fileName, sha256: request.sha256, ...summary, rejected: request.counts.rejected },
    });
    if (hooks.cancelled()) throw new ImportCancelled();
    sqlite.exec('COMMIT');
    result.millis = Math.round(performance.now() - started);
    return { result, touchedVehicles: planner.touchedVehicles.size };
  } catch (error) {
    // SQLite may have rolled back by itself (SQLITE_FULL, SQLITE_IOERR): then there is nothing to undo.
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}
