/**
 * The commit of a checked import: every accepted row in ONE transaction or nothing, on the import
 * worker's own connection (import-connection.ts: BEGIN IMMEDIATE on the file; on a server BEGIN and
 * the store's import lock, so two counters' imports run one after the other). The host's connection
 * stays free meanwhile: its reads go on (under WAL, or PostgreSQL's snapshots: they see the archive
 * as it was until the commit lands), and on the file its writes wait for the lock asynchronously
 * (api/busy-retry.ts) instead of being stuck behind the import.
 *
 * Derived per-vehicle data (service summary, 回厂) is not computed here: the touched vehicles are
 * recorded in vehicle_change_pending inside the same transaction, and the host refreshes them once
 * the commit has landed (VehicleChanges.catchUp; every read of derived data catches up first).
 */
import type { ImportEncoding, ImportFlag, ImportProblem, ImportResult } from '../../../src-shared/domain/imports';
import type { User } from '../../../src-shared/domain/records';
import { writeAudit } from '../audit/audit';
import { type CallContext, Session } from '../context';
import type { ImportConnection } from './import-connection';
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
  connection: ImportConnection,
  rows: readonly ImportRow[],
  request: CommitRequest,
  hooks: { progress: (done: number, total: number) => void; cancelled: () => boolean; waiting: () => void },
): Promise<{ result: ImportResult; touchedVehicles: number }> {
  const started = performance.now();
  const db = connection.db;
  // The user the host saw when the clerk confirmed: the audit entries are theirs.
  const session = new Session();
  session.user = request.user;
  const ctx: CallContext = { door: request.door, session };
  const at = request.at;
  try {
    await connection.begin(hooks.waiting);
    // Writing starts now (a job that waited for another import's lock stops saying so).
    hooks.progress(0, rows.length);
    const planner = new ImportPlanner(connection.sql, true, at);
    const counts = { new: 0, changed: 0, unchanged: 0 };
    const flags: ImportFlag[] = [];
    for (let start = 0; start < rows.length; start += request.chunkSize) {
      if (hooks.cancelled()) throw new ImportCancelled();
      const end = Math.min(start + request.chunkSize, rows.length);
      for (const planned of await planner.planChunk(rows.slice(start, end))) {
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
      const ids = [...planner.touchedVehicles].filter((id) => id > 0).sort((a, b) => a - b);
      await connection.sql.insertMany(
        'INSERT INTO vehicle_change_pending (vehicle_id, at)',
        2,
        'ON CONFLICT (vehicle_id) DO UPDATE SET at = excluded.at',
        ids.map((id) => [id, at]),
      );
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
    await connection.commit();
    result.millis = Math.round(performance.now() - started);
    return { result, touchedVehicles: planner.touchedVehicles.size };
  } catch (error) {
    await connection.rollback();
    throw error;
  }
}
