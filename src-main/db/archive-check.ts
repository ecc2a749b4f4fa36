import fs from 'node:fs';
import type { ArchiveDamage } from '../../src-shared/contract/backup.contract';
import { AppError } from '../../src-shared/errors';

/**
 * The cheap check at every open (a few milliseconds whatever the size): the file's 100-byte header
 * is SQLite's, with a page size SQLite could have written, and the file is whole pages. The full
 * `integrity_check` (seconds on a 10-year archive) runs in the background and at every backup.
 */
export function headerProblem(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    return `无法读取文件（${(error as NodeJS.ErrnoException).code ?? String(error)}）`;
  }
  try {
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    const size = fs.fstatSync(fd).size;
    if (read < 100) return '文件太短，不是完整的数据库';
    if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return '文件头不是 SQLite 数据库';
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
      return `文件头中的页大小无效（${raw}）`;
    if (header[21] !== 64 || header[22] !== 32 || header[23] !== 32) return '文件头已损坏（负载比例字段）';
    const writeVersion = header[18];
    const readVersion = header[19];
    if ((writeVersion !== 1 && writeVersion !== 2) || (readVersion !== 1 && readVersion !== 2))
      return '文件头已损坏（版本字段）';
    if (size % pageSize !== 0) return '文件长度不是整页（文件被截断或被其他程序改动）';
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

const REASON_TEXT: Record<ArchiveDamage['reason'], string> = {
  missing: '档案库文件不见了（这里原来有档案库，现在文件不存在或是空的）',
  notadb: '档案库文件已损坏（不是可读的数据库文件）',
  corrupt: '档案库文件已损坏（内部结构有错）',
  foreign: '这个文件不是 ClerkDesk 档案库（是别的程序的数据库）',
  integrity: '档案库没有通过完整性检查（内部结构有错）',
};

/** The error every door shows for a damaged archive: plain words, and what to do. */
export function archiveDamaged(file: string, reason: ArchiveDamage['reason'], detail?: string): AppError {
  return new AppError(
    'ARCHIVE_DAMAGED',
    `${REASON_TEXT[reason]}：${file}。为避免写坏数据，ClerkDesk 没有打开它。请从最近的备份恢复（设置 → 备份与恢复，或命令行 restore）；原文件会保留在旁边。`,
    { reason, archivePath: file, ...(detail ? { detail } : {}) },
  );
}

/** SQLITE_NOTADB / SQLITE_CORRUPT (with extended codes) → the reason; null for other errors. */
export function damageReasonOf(error: unknown): ArchiveDamage['reason'] | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_NOTADB')) return 'notadb';
  if (code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  return null;
}

export function damageOf(error: unknown): ArchiveDamage | null {
  if (!(error instanceof AppError) || error.code !== 'ARCHIVE_DAMAGED') return null;
  const details = (error.details ?? {}) as { reason?: ArchiveDamage['reason']; archivePath?: string };
  return { reason: details.reason ?? 'corrupt', message: error.message, archivePath: details.archivePath ?? '' };
}
