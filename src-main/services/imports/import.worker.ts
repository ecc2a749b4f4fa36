/**
 * The import worker (node:worker_threads). The host sends it tasks, each with an id, and it runs
 * them side by side (each yields between chunks):
 *   check    — decode, hash, read (bounded), check and plan a DMS export: the preview
 *   commit   — write the accepted rows in one transaction on its own connection (the file, or a
 *              PostgreSQL server: pg is plain JavaScript and runs in a worker thread)
 *   rejected — build the refused-rows file in the original format
 * It talks to the host only by messages (progress, then a result, cancelled or failed), so the
 * host's event loop never parses, checks or writes an import. Built as out/main/import-worker.js
 * (electron.vite.config.ts); from source it is started through tsx (import-worker-client.ts).
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../src-shared/errors';
import { setStoreTimeZone } from '../../../src-shared/validation/dates';
import { decodeText, type TableRow } from './dms-table';
import { CheckCancelled, checkImport } from './import-check';
import { commitImport, ImportCancelled } from './import-commit';
import { type ImportConnection, openImportConnection } from './import-connection';
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

/** Its own connection to the archive (import-connection.ts); it waits for locks there, which blocks no one but this thread. */
function connect(access: ArchiveAccess): Promise<ImportConnection> {
  // DMS times without an offset are the store's local time (the host's store clock, not this PC's zone).
  setStoreTimeZone(access.timeZone);
  return openImportConnection(access);
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
  // SQLITE_… from the file, a SQLSTATE (e.g. 53100) or a socket code (ECONNRESET) from a server.
  let code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === '' && /Connection terminated|connection.*(lost|closed)/i.test(String((error as Error)?.message)))
    code = 'ECONNRESET';
  return { type: 'failed', code, message: (error as Error)?.stack ?? String(error) };
}

/** Tasks the host asked to stop: they stop at their next chunk boundary. */
const cancelled = new Set<number>();

/**
 * Commits to the same file from this worker, one after the other. SQLite waits for another
 * writer's lock synchronously (busy_timeout): a second commit's BEGIN IMMEDIATE in this thread
 * would stop the first one, which holds the lock, from ever finishing. On a server the wait for
 * the import lock is asynchronous, so commits there go straight to it (import-connection.ts).
 */
const fileCommits = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, waiting: () => void, work: () => Promise<T>): Promise<T> {
  const before = fileCommits.get(key);
  if (before) waiting();
  const mine = (before ?? Promise.resolve()).catch(() => {}).then(work);
  const settled = mine.catch(() => {});
  fileCommits.set(key, settled);
  try {
    return await mine;
  } finally {
    if (fileCommits.get(key) === settled) fileCommits.delete(key);
  }
}

async function run(id: number, task: WorkerTask): Promise<void> {
  const isCancelled = () => cancelled.has(id);
  if (task.task === 'check') {
    const buffer = decodeBase64(task.contentBase64);
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const connection = await connect(task.archive);
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
        connection.sql,
        (phase, done, total) => post(id, { type: 'progress', phase, done, total }),
        isCancelled,
      );
      const { accepted, ...rest } = outcome;
      const acceptedJson = Buffer.from(JSON.stringify(accepted));
      const original = ownBuffer(buffer);
      const rows = ownBuffer(acceptedJson);
      await connection.close();
      post(id, { type: 'checked', outcome: rest, sha256, original, accepted: rows }, [original, rows]);
    } finally {
      await connection.close();
    }
    return;
  }
  if (task.task === 'commit') {
    const rows = JSON.parse(Buffer.from(task.accepted).toString('utf8')) as ImportRow[];
    const waiting = () => post(id, { type: 'progress', phase: 'waiting', done: 0, total: rows.length });
    const commit = async () => {
      const connection = await connect(task.archive);
      try {
        const outcome = await commitImport(connection, rows, task.request, {
          progress: (done, total) => post(id, { type: 'progress', phase: 'committing', done, total }),
          cancelled: isCancelled,
          waiting,
        });
        await connection.close();
        return outcome;
      } finally {
        await connection.close();
      }
    };
    const { result, touchedVehicles } = task.archive.url
      ? await commit()
      : await oneAtATime(task.archive.path, waiting, commit);
    post(id, { type: 'committed', result, touchedVehicles });
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
