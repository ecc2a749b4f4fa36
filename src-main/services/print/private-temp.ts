import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Owner only: the folder (rwx------) and the file (rw-------). Windows keeps its own per-user %TEMP%. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export interface PrivateTempOptions {
  /** Where the private folder is made; os.tmpdir() unless given (tests pass their own). */
  parent?: string;
  /** Prefix of the folder's name. */
  prefix?: string;
  /**
   * Called when the folder could not be removed even after retries (Windows: a file still held
   * open). The job itself succeeded, so this must not turn it into a failure; logged by default.
   */
  onLeftBehind?: (dir: string, error: unknown) => void;
}

/**
 * Writes `content` to `fileName` in a folder of its own that only this user can enter, hands the
 * file's path to `use`, and removes the folder when `use` is done — also when it fails.
 *
 * A printout holds customers' names, phones and addresses. /tmp is shared by every user of the PC
 * and files there are readable by all under the usual umask 022, so the document never lies there
 * on its own: mkdtemp makes the folder with 0700 and a random name, the file is created new
 * (never through an existing file or link) with 0600, and both modes are set again explicitly so a
 * permissive umask or platform default cannot widen them.
 */
export async function withPrivateTempFile<T>(
  fileName: string,
  content: string | Uint8Array,
  use: (file: string) => Promise<T>,
  options: PrivateTempOptions = {},
): Promise<T> {
  if (fileName !== path.basename(fileName) || fileName === '' || fileName === '.' || fileName === '..')
    throw new Error(`withPrivateTempFile: "${fileName}" must be a bare file name`);
  const dir = await fs.promises.mkdtemp(path.join(options.parent ?? os.tmpdir(), options.prefix ?? 'clerkdesk-'));
  try {
    await fs.promises.chmod(dir, PRIVATE_DIR_MODE);
    const file = path.join(dir, fileName);
    // 'wx': fails if anything (a file, a planted link) is already there.
    await fs.promises.writeFile(file, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    await fs.promises.chmod(file, PRIVATE_FILE_MODE);
    return await use(file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch((error) => {
      (options.onLeftBehind ?? logLeftBehind)(dir, error);
    });
  }
}

function logLeftBehind(dir: string, error: unknown): void {
  console.warn(`[clerkdesk] could not remove the private print folder ${dir}: ${String(error)}`);
}
