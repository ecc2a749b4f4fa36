import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ScanMime } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import { defaultArchivePath } from '../../db/database';
import { isPostgresUrl } from '../../db/dialect';
import { filesDirFor } from '../backup/backup-files';

/**
 * The folder beside the archive file that holds its scans (archive.sqlite → archive.sqlite.files/):
 * the archive's file store, which every backup copies with the archive (unchanged files hard-linked
 * to the previous backup's) and a restore puts back (see backup-files.ts). A shared archive on a
 * server has no file to sit beside: its scans stay on this PC (serverScanFolder).
 */
export function scanFolderFor(archivePath: string, env: NodeJS.ProcessEnv = process.env): string {
  return isPostgresUrl(archivePath) ? serverScanFolder(archivePath, env) : filesDirFor(archivePath);
}

/**
 * `<user data>/ClerkDesk/server-scans/<host>_<port>_<database>/`: the scans taken in at this PC for
 * a shared archive. The records are on the server; the files are only here (other counters see the
 * paper as scanned but cannot open the file), and the server's backup does not hold them.
 */
export function serverScanFolder(url: string, env: NodeJS.ProcessEnv = process.env): string {
  let host = 'server';
  let port = '5432';
  let database = 'postgres';
  try {
    const u = new URL(url.trim());
    host = u.hostname || host;
    port = u.port || port;
    database = decodeURIComponent(u.pathname.replace(/^\//, '')) || u.username || database;
  } catch {
    // An address that does not parse never opened an archive; the names above keep it in one place.
  }
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return path.join(
    path.dirname(defaultArchivePath(env)),
    'server-scans',
    `${safe(host)}_${safe(port)}_${safe(database)}`,
  );
}

/** Hashed a megabyte at a time, the event loop let through between two (a 50 MB scan is ~50 short steps). */
const CHUNK = 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** SHA-256 of bytes in memory, a chunk per turn of the event loop. */
export async function sha256Of(bytes: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.length; at += CHUNK) {
    if (at > 0) await yieldToLoop();
    hash.update(bytes.subarray(at, at + CHUNK));
  }
  return hash.digest('hex');
}

/** SHA-256 of a file, streamed a chunk at a time (never the whole file in memory); null when it is missing. */
async function sha256OfFile(file: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) hash.update(chunk as Buffer);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return hash.digest('hex');
}

/** Why a stored scan cannot be served: its file is gone, or its bytes are no longer the ones named. */
export type ScanDamage = 'missing' | 'changed';

export const SCAN_DAMAGE_LABELS: Record<ScanDamage, string> = {
  missing: '文件不见了',
  changed: '文件内容与登记的校验值不符',
};

/** AppError ARCHIVE_DAMAGED for a scan that failed its check (details: sha256, reason). */
export function scanDamaged(sha256: string, reason: ScanDamage): AppError {
  return new AppError(
    'ARCHIVE_DAMAGED',
    `扫描件已损坏，不能显示（${SCAN_DAMAGE_LABELS[reason]}：${sha256.slice(0, 12)}…）。请从备份恢复扫描件文件夹，或重新扫描这份资料。`,
    { sha256, reason },
  );
}

/**
 * The content-addressed store of scans: each file named by the SHA-256 of its bytes (ab/abcdef…),
 * written once (to a temporary name, flushed, then renamed), deduplicated by name, and checked
 * against its name on every read: a file that no longer matches is reported, never served.
 */
export class ScanStore {
  constructor(readonly folder: string) {}

  /** ab/abcdef… under the folder. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new AppError('VALIDATION', `扫描件的校验值不对：“${sha256.slice(0, 80)}”`);
    return path.join(this.folder, sha256.slice(0, 2), sha256);
  }

  /**
   * Stores the bytes (hashed in chunks between turns of the event loop; written through the
   * thread pool); the same bytes twice are one file. A stored file that no longer matches its name
   * is replaced by these bytes (they are the ones the name promises).
   */
  async put(bytes: Buffer): Promise<{ sha256: string; bytes: number; existed: boolean }> {
    const sha256 = await sha256Of(bytes);
    const target = this.pathOf(sha256);
    if ((await this.check(sha256)) === null) return { sha256, bytes: bytes.length, existed: true };
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(path.dirname(target), `.${sha256}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await fs.promises.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.promises.rename(temp, target);
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
    return { sha256, bytes: bytes.length, existed: false };
  }

  /** The bytes, verified against the name; AppError ARCHIVE_DAMAGED when missing or changed. */
  async get(sha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw scanDamaged(sha256, 'missing');
      throw error;
    }
    if ((await sha256Of(bytes)) !== sha256) throw scanDamaged(sha256, 'changed');
    return bytes;
  }

  /** Reads the file (streamed) and compares it with its name: null when it is sound. */
  async check(sha256: string): Promise<ScanDamage | null> {
    const actual = await sha256OfFile(this.pathOf(sha256));
    if (actual === null) return 'missing';
    return actual === sha256 ? null : 'changed';
  }

  /** Removes the file (a destruction took the last paper using it); a missing file is not an error. */
  async delete(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }

  /** What the bytes are (by their first bytes, never the name): a PDF or image, or null. */
  static sniff(bytes: Buffer): ScanMime | null {
    const starts = (magic: readonly number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
    if (starts(PDF)) return 'application/pdf';
    if (starts(JPEG)) return 'image/jpeg';
    if (starts(PNG)) return 'image/png';
    if (starts(TIFF_LE) || starts(TIFF_BE)) return 'image/tiff';
    return null;
  }
}

/** %PDF- */
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d] as const;
const JPEG = [0xff, 0xd8, 0xff] as const;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
/** II*\0 (little-endian) and MM\0* (big-endian). */
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00] as const;
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a] as const;
