/** What the host and the import worker say to each other (types only). */
import type { ColumnMapping, ImportEncoding, ImportField, ImportResult } from '../../../src-shared/domain/imports';
import type { AppErrorShape } from '../../../src-shared/errors';
import type { CheckOutcome, RowPlace } from './import-check';
import type { CommitRequest } from './import-commit';

/** How the worker opens the archive: the host's file, mode and limits, or the host's server. */
export interface ArchiveAccess {
  /** The file (SQLite); on a server, its address without the password (for messages). */
  path: string;
  /** The server's address (PostgreSQL; it may hold the password: never logged or shown). Null: the file. */
  url: string | null;
  readonly: boolean;
  nativeBinding: string | null;
  maxPageCount: number | null;
  /** The store's time zone: DMS times without an offset are read in it. */
  timeZone: string;
}

export type WorkerTask =
  | {
      task: 'check';
      archive: ArchiveAccess;
      contentBase64: string;
      preset: Record<string, ImportField> | null;
      mapping: ColumnMapping | undefined;
      rowLimit: number | undefined;
      chunkSize: number;
      at: string;
    }
  | { task: 'commit'; archive: ArchiveAccess; accepted: ArrayBuffer; request: CommitRequest }
  | {
      task: 'rejected';
      fileName: string;
      original: Uint8Array;
      encoding: ImportEncoding;
      sheet: string | null;
      newline: string;
      header: RowPlace;
      rows: RowPlace[];
    };

export type CheckedOutcome = Omit<CheckOutcome, 'accepted'>;

export type WorkerMessage =
  /** `waiting`: the commit waits for another counter's import to the same server archive. */
  | { type: 'progress'; phase: 'reading' | 'checking' | 'committing' | 'waiting'; done: number; total: number }
  | { type: 'checked'; outcome: CheckedOutcome; sha256: string; original: ArrayBuffer; accepted: ArrayBuffer }
  | { type: 'committed'; result: ImportResult; touchedVehicles: number }
  | { type: 'rejectedFile'; fileName: string; rows: number; content: ArrayBuffer }
  | { type: 'cancelled' }
  | { type: 'failed'; app: AppErrorShape }
  /** `code`: SQLITE_… (the file), a SQLSTATE or socket code (a server), OUT_OF_MEMORY, or ''. */
  | { type: 'failed'; code: string; message: string };

/** Host → worker: a task to run, or a request to stop one. */
export type ToWorker = { type: 'task'; id: number; task: WorkerTask } | { type: 'cancel'; id: number };

/** Worker → host: what one task has to say. */
export interface FromWorker {
  id: number;
  message: WorkerMessage;
}
