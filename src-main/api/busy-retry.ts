/**
 * Waiting on another writer without blocking the host. The host's connection has a tiny
 * busy_timeout (db/database.ts), so SQLite never sleeps on the event loop; a call that meets the
 * archive locked by another process (a CLI import, a second window) or by the import worker gets
 * SQLITE_BUSY at once, and is tried again here after a growing pause (setTimeout: every other call
 * is answered meanwhile) for up to a few seconds. Only then is it refused, with the dispatcher's
 * storage message (档案库正被另一个程序写入…).
 *
 * Retrying the whole call is safe because a handler's writes are one transaction, rolled back when
 * it fails (a deferred BEGIN that cannot upgrade to a write lock fails the same way, without the
 * busy handler: covered here too). Calls with effects outside the archive are never retried: a
 * second attempt would print twice, start a second import or copy a backup again.
 */

/** How long a call may wait for the archive in all before it is refused. */
export const BUSY_WINDOW_MS = 5000;
const FIRST_PAUSE_MS = 5;
const MAX_PAUSE_MS = 200;

/** Methods with effects outside their transaction (a printer, a job, files): one attempt only. */
export const NOT_RETRIED: ReadonlySet<string> = new Set([
  'print.send',
  'imports.start',
  'imports.commit',
  'imports.cancel',
  'backup.create',
  'backup.restore',
]);

export function isBusy(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export interface BusyRetryOptions {
  windowMs?: number;
  /** Told of every retry (tests, logs). */
  onRetry?: (attempt: number, pauseMs: number) => void;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`; while it fails with SQLITE_BUSY/LOCKED and the window has time left, waits (without
 * blocking) and runs it again. The last error is thrown as it was.
 */
export async function withBusyRetry<T>(
  method: string,
  call: () => Promise<T>,
  options: BusyRetryOptions = {},
): Promise<T> {
  if (NOT_RETRIED.has(method)) return call();
  const deadline = Date.now() + (options.windowMs ?? BUSY_WINDOW_MS);
  let wait = FIRST_PAUSE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const left = deadline - Date.now();
      if (!isBusy(error) || left <= 0) throw error;
      const ms = Math.min(wait, left);
      options.onRetry?.(attempt, ms);
      await pause(ms);
      wait = Math.min(wait * 2, MAX_PAUSE_MS);
    }
  }
}
