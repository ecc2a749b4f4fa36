import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { BackupEntry, BackupKind } from '../../../src-shared/contract/backup.contract';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import {
  type BackupRecord,
  backupFileName,
  copyFilesDir,
  filesCopyOf,
  filesDirFor,
  listBackupsIn,
  recordFileOf,
  removeLeftovers,
  syncDir,
  writeFileAtomic,
} from './backup-files';
import { checkFile, type FileCheck } from './backup-verify';

/** Store local time with milliseconds, e.g. 2026-12-03T14:15:00.123+08:00 (backups of one second differ). */
export function backupInstant(now: Date): string {
  const instant = nowInstant(now);
  return `${instant.slice(0, 19)}.${String(now.getUTCMilliseconds()).padStart(3, '0')}${instant.slice(19)}`;
}

/** A copy failed its check: the archive itself may be damaged (the caller checks it). */
export class BackupCheckFailed extends AppError {
  constructor(
    readonly check: FileCheck,
    where: string,
  ) {
    super(
      'INTERNAL',
      `备份没有完成：${where}的备份副本没有通过完整性检查（${check.integrity.slice(0, 200)}）。已删除这个副本，原有备份不受影响。`,
      { integrity: check.integrity },
    );
  }
}

export interface MakeBackupOptions {
  /**
   * The live connection: its committed state is what the worker's own connection copies (WAL), so it
   * only has to be open; kept in the signature so a caller cannot back up an archive it has not opened.
   */
  sqlite: BetterSqlite3.Database;
  archivePath: string;
  kind: BackupKind;
  now: Date;
  dir: string;
  /** A file name of the caller's choosing (the CLI's --out) instead of one in `dir`. */
  target?: string;
  nativeBinding?: string;
  /** Called with the worker's findings (timings for the benchmark). */
  onChecked?: (check: FileCheck) => void;
}

/**
 * Copies the live archive with SQLite's online backup API into a temporary name and checks the copy
 * (integrity_check, ClerkDesk's tables, counts, SHA-256), both in a worker thread with its own
 * connection; copies the file store of scans when there is one; then gives
 * the copy its final name with one rename and writes its record. Nothing half-made ever has a final name.
 */
export async function makeVerifiedBackup(options: MakeBackupOptions): Promise<BackupEntry> {
  const { sqlite, archivePath, kind } = options;
  if (!sqlite.open) throw new AppError('ARCHIVE_DAMAGED', '档案库没有打开，现在不能备份。');
  const dir = options.target ? path.dirname(path.resolve(options.target)) : options.dir;
  await fs.promises.mkdir(dir, { recursive: true });
  removeLeftovers(dir);
  const createdAt = backupInstant(options.now);
  const name = options.target ? path.basename(options.target) : backupFileName(archivePath, createdAt, kind);
  const final = path.join(dir, name);
  if (fs.existsSync(final))
    throw new AppError(
      'CONFLICT',
      options.target
        ? `文件 ${final} 已存在，请换一个文件名（不会覆盖已有文件）。`
        : '同一时刻已有一个备份，请稍后再试。',
    );
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  const tmpFiles = `${tmp}.files`;
  const cleanup = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true });
    fs.rmSync(tmpFiles, { recursive: true, force: true });
  };
  cleanup();
  try {
    // Copy, integrity_check and SHA-256 in a worker with its own connection: the event loop stays free.
    const check = await checkFile(
      { file: tmp, copyFrom: archivePath, finalizeCopy: true, sha256: true },
      options.nativeBinding,
    );
    options.onChecked?.(check);
    if (check.copyMillis === null && check.integrity.startsWith('copy failed'))
      throw new AppError(
        'INTERNAL',
        `备份没有完成：无法复制档案库（${check.integrity.slice(13, 200)}）。原有备份不受影响。`,
      );
    if (!check.ok || check.sha256 === null) throw new BackupCheckFailed(check, '本机');
    const filesSource = filesDirFor(archivePath);
    let files: BackupRecord['files'] = null;
    if (fs.existsSync(filesSource)) {
      const previous = listBackupsIn(dir, archivePath, 'local').find((e) => fs.existsSync(filesCopyOf(e.file)));
      files = await copyFilesDir(filesSource, tmpFiles, previous ? filesCopyOf(previous.file) : null);
      fs.renameSync(tmpFiles, filesCopyOf(final));
    }
    fs.renameSync(tmp, final);
    syncDir(dir);
    const record: BackupRecord = {
      format: 1,
      kind,
      createdAt,
      archivePath,
      schemaVersion: check.schemaVersion,
      counts: check.counts,
      bytes: check.bytes,
      sha256: check.sha256,
      files,
    };
    writeFileAtomic(recordFileOf(final), `${JSON.stringify(record, null, 2)}\n`);
    return {
      id: name,
      where: 'local',
      file: final,
      kind,
      createdAt,
      schemaVersion: record.schemaVersion,
      counts: record.counts,
      bytes: record.bytes,
      sha256: record.sha256,
      files,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * A second verified copy of a finished backup in another folder (USB drive, network share): copied
 * to a temporary name, read back and compared by SHA-256, then renamed. The folder must exist; a
 * missing drive letter or mount point is reported rather than created on the system disk.
 */
export async function copyBackupTo(
  entry: BackupEntry,
  destDir: string,
  archivePath: string,
  nativeBinding?: string,
): Promise<BackupEntry> {
  let isDir = false;
  try {
    isDir = (await fs.promises.stat(destDir)).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir)
    throw new AppError(
      'NOT_FOUND',
      `第二备份位置“${destDir}”不存在或无法访问（U 盘没有插上，或网络文件夹断开？）。本机备份已完成；接上后下次备份会再复制。`,
    );
  removeLeftovers(destDir);
  const final = path.join(destDir, entry.id);
  const tmp = path.join(destDir, `.${entry.id}.${process.pid}.tmp`);
  const tmpFiles = `${tmp}.files`;
  const cleanup = () => {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(tmpFiles, { recursive: true, force: true });
  };
  try {
    await fs.promises.copyFile(entry.file, tmp);
    const check = await checkFile({ file: tmp, sha256: true }, nativeBinding);
    if (!check.ok || (entry.sha256 !== null && check.sha256 !== entry.sha256))
      throw new AppError(
        'INTERNAL',
        `复制到第二备份位置“${destDir}”的备份读回后与本机备份不一致（${check.ok ? '校验值不同' : check.integrity.slice(0, 120)}），已删除。请检查这个磁盘。`,
      );
    let files = entry.files;
    const sourceFiles = filesCopyOf(entry.file);
    if (fs.existsSync(sourceFiles)) {
      const previous = listBackupsIn(destDir, archivePath, 'second').find((e) => fs.existsSync(filesCopyOf(e.file)));
      files = await copyFilesDir(sourceFiles, tmpFiles, previous ? filesCopyOf(previous.file) : null);
      fs.renameSync(tmpFiles, filesCopyOf(final));
    }
    fs.renameSync(tmp, final);
    syncDir(destDir);
    const record = fs.existsSync(recordFileOf(entry.file))
      ? fs.readFileSync(recordFileOf(entry.file), 'utf8')
      : `${JSON.stringify({ format: 1, kind: entry.kind, createdAt: entry.createdAt, schemaVersion: check.schemaVersion, counts: check.counts, bytes: check.bytes, sha256: check.sha256, files }, null, 2)}\n`;
    writeFileAtomic(recordFileOf(final), record);
    return { ...entry, where: 'second', file: final, files };
  } catch (error) {
    cleanup();
    if (error instanceof AppError) throw error;
    throw new AppError(
      'INTERNAL',
      `无法写入第二备份位置“${destDir}”：${(error as Error).message}。本机备份已完成；请检查这个文件夹的空间和写入权限。`,
    );
  }
}
