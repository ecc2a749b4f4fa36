import path from 'node:path';
import type { ScanMime } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';

const notYet = () => new AppError('INTERNAL', '扫描件存储尚未完成');

/** The folder beside the archive file that holds its scans: clerkdesk.sqlite → clerkdesk.scans/. */
export function scanFolderFor(archivePath: string): string {
  const dir = path.dirname(archivePath);
  const base = path.basename(archivePath).replace(/\.[^.]+$/, '');
  return path.join(dir, `${base}.scans`);
}

/**
 * The content-addressed store of scans: each file named by the SHA-256 of its bytes (ab/abcdef…),
 * written once (to a temporary name, then renamed), deduplicated by name, and checked against its
 * name on every read: a file that no longer matches is reported, never served.
 */
export class ScanStore {
  constructor(readonly folder: string) {}

  /** Stores the bytes (off the event loop for hashing and writing); the same bytes twice are one file. */
  async put(_bytes: Buffer): Promise<{ sha256: string; bytes: number; existed: boolean }> {
    throw notYet();
  }

  /** The bytes, verified against the name; AppError ARCHIVE_DAMAGED when missing or changed. */
  async get(_sha256: string): Promise<Buffer> {
    throw notYet();
  }

  /** Removes the file (a destruction took the last paper using it). */
  async delete(_sha256: string): Promise<void> {
    throw notYet();
  }

  /** What the bytes are (by their first bytes, never the name): a PDF or image, or null. */
  static sniff(_bytes: Buffer): ScanMime | null {
    throw notYet();
  }
}
