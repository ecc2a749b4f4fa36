/**
 * The import worker (node:worker_threads). The host sends it tasks, each with an id, and it runs
 * them side by side (each yields between chunks):
 *   check    — decode, hash, read (bounded), check and plan a DMS export: the preview
 *   commit   — write the accepted rows in one transaction on its own connection
 *   rejected — build the refused-rows file in the original format
 * It talks to the host only by messages (progress, then a result, cancelled or failed), so the
 * host's event loop never parses, checks or writes an import. Built as out/main/import-worker.js
 * (electron.vite.config.ts); from source it is started through tsx (import-worker-client.ts).
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors';
import { setStoreTimeZone } from '../../../src-shared/validation/dates';
import { decodeText, type TableRow } from './dms-table';
import { CheckCancelled, checkImport } from './import-check';
import { commitImport, ImportCancelled } from './import-commit';
import type { ImportRow } from './import-rows';
import type { ArchiveAccess, FromWorker, ToWorker, WorkerMessage, WorkerTask } from './import-worker-protocol';
import { buildRejectedFile } from './rejected-file';

const port = parentPort;
if (!port) throw new Error('import.worker.ts runs only as a worker thread');

function post(id: number, message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage({ id, message } satisfies FromWorker, transfer);
}

/** The bytes of a Buffer as their own ArrayBuffer, so they can be handed over without a copy. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer)
    return bytes.buffer;
  // A copy (Buffer#slice would share Node's pooled memory, which other buffers use too).
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** Its own connection to the archive file; it waits for locks here, which blocks no one but this thread. */
function connect(access: ArchiveAccess): BetterSqlite3.Database {
  // DMS times without an offset are the store's local time (the host's store clock, not this PC's zone).
  setStoreTimeZone(access.timeZone);
  const sqlite = new BetterSqlite3(access.path, {
    readonly: access.readonly,
    fileMustExist: true,
    ...(access.nativeBinding ? { nativeBinding: access.nativeBinding } : {}),
  });
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 30000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  sqlite.pragma('temp_store = MEMORY');
  // The host's limits apply here too (a test simulates a full disk with max_page_count).
  if (access.maxPageCount !== null) sqlite.pragma(`max_page_count = ${Math.trunc(access.maxPageCount)}`);
  return sqlite;
}

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1)
    throw AppError.validation('contentBase64', '文件内容', '文件内容编码损坏（不是有效的 base64），请重新选择文件。');
  return Buffer.from(compact, 'base64');
}

function failure(error: unknown): WorkerMessage {
  if (error instanceof ImportCancelled || error instanceof CheckCancelled) return { type: 'cancelled' };
  if (error instanceof AppError) return { type: 'failed', app: error.toShape() };
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return { type: 'failed', sqlite: code, message: (error as Error)?.stack ?? String(error) };
}

/** Tasks the host asked to stop: they stop at their next chunk boundary. */
const cancelled = new Set<number>();

async function run(id: number, task: WorkerTask): Promise<void> {
  const isCancelled = () => cancelled.has(id);
  if (task.task === 'check') {
    const buffer = decodeBase64(task.contentBase64);
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const sqlite = connect(task.archive);
    try {
      const outcome = await checkImport(
        {
          buffer,
          preset: task.preset,
          mapping: task.mapping,
          rowLimit: task.rowLimit,
          chunkSize: task.chunkSize,
          at: task.at,
        },
        sqlite,
        (phase, done, total) => post(id, { type: 'progress', phase, done, total }),
        isCancelled,
      );
      const { accepted, ...rest } = outcome;
      const acceptedJson = Buffer.from(JSON.stringify(accepted));
      const original = ownBuffer(buffer);
      const rows = ownBuffer(acceptedJson);
      sqlite.close();
      post(id, { type: 'checked', outcome: rest, sha256, original, accepted: rows }, [original, rows]);
    } finally {
      if (sqlite.open) sqlite.close();
    }
    return;
  }
  if (task.task === 'commit') {
    const rows = JSON.parse(Buffer.from(task.accepted).toString('utf8')) as ImportRow[];
    const sqlite = connect(task.archive);
    try {
      const { result, touchedVehicles } = await commitImport(sqlite, rows, task.request, {
        progress: (done, total) => post(id, { type: 'progress', phase: 'committing', done, total }),
        cancelled: isCancelled,
      });
      sqlite.close();
      post(id, { type: 'committed', result, touchedVehicles });
    } finally {
      if (sqlite.open) sqlite.close();
    }
    return;
  }
  const original = new Uint8Array(task.original);
  const text = task.encoding === 'xlsx' ? null : decodeText(original).text;
  const asRow = (p: { line: number; lineCount: number }): TableRow => ({ ...p, cells: [] });
  const file = await buildRejectedFile(
    task.fileName,
    original,
    { encoding: task.encoding, sheet: task.sheet, delimiter: null, newline: task.newline, text, rows: [] },
    asRow(task.header),
    task.rows.map(asRow),
  );
  const content = ownBuffer(file.content);
  post(id, { type: 'rejectedFile', fileName: file.fileName, rows: file.rows, content }, [content]);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    cancelled.add(message.id);
    return;
  }
  run(message.id, message.task)
    .catch((error: unknown) => post(message.id, failure(error)))
    .finally(() => cancelled.delete(message.id));
});
