import fs from 'node:fs';
import path from 'node:path';
import type { ArchiveCounts } from '../../src-shared/contract/backup.contract';
import { AppError } from '../../src-shared/errors';
import { headerProblem } from '../db/archive-check';
import { type Archive, openArchive, resolveArchivePath, sqliteOf } from '../db/database';
import { BackupService } from '../services/backup/backup.service';
import { makeVerifiedBackup } from '../services/backup/backup-copy';
import { backupsDirFor, entryForFile } from '../services/backup/backup-files';
import { checkFile } from '../services/backup/backup-verify';
import type { CliIO } from './main';

/**
 * `backup`, `restore` and `check`: the archive file itself, not the dispatcher (a restore replaces
 * the file the dispatcher would be serving; a check must not open for writing what may be damaged).
 */
export const BACKUP_COMMANDS = ['backup', 'restore', 'check'] as const;

export const BACKUP_HELP = `  backup --out FILE                    档案库的在线备份（SQLite 备份接口，完整性检查后才改名为 FILE；
                                       FILE 已存在时不覆盖）；同时写 FILE 的记录（.json：时间、记录数、SHA-256）
  restore FILE --yes                   用备份 FILE 替换档案库：先检查备份，再给现在的档案库做一个“恢复前备份”
                                       （已损坏的档案库则原样移到旁边），然后替换并重新打开验证；没有 --yes 不执行。
                                       请先关闭 ClerkDesk 窗口和本机服务
  check [--json]                       检查档案库：文件头、完整性（integrity_check）、数据结构版本、记录数；
                                       --json 输出 {ok, integrity, schemaVersion, counts}；正常退出码 0，损坏为 1`;

export interface BackupCommandValues {
  db?: string | boolean | undefined;
  out?: string | boolean | undefined;
  yes?: string | boolean | undefined;
  json?: string | boolean | undefined;
}

function countsText(c: ArchiveCounts): string {
  return `客户 ${c.customers}，车辆 ${c.vehicles}，修理单 ${c.repairOrders}`;
}

export async function runBackupCommand(
  command: (typeof BACKUP_COMMANDS)[number],
  rest: string[],
  values: BackupCommandValues,
  io: CliIO,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const archivePath = resolveArchivePath(typeof values.db === 'string' ? values.db : null, env);
  const json = values.json === true;
  const fail = (message: string, code: number): number => {
    if (json) io.out(JSON.stringify({ ok: false, error: { message } }, null, 2));
    io.err(`错误：${message}`);
    return code;
  };
  try {
    if (command === 'check') return await check(archivePath, json, io);
    if (command === 'backup') {
      if (typeof values.out !== 'string' || values.out === '')
        return fail('backup 需要 --out FILE（备份写到哪个文件）。', 2);
      if (!fs.existsSync(archivePath)) return fail(`档案库 ${archivePath} 不存在，没有可备份的内容。`, 1);
      const archive = await openArchive(archivePath, { busyTimeoutMs: 5000 });
      try {
        const entry = await makeVerifiedBackup({
          sqlite: sqliteOf(archive, '备份'),
          archivePath,
          kind: 'manual',
          now: new Date(),
          dir: path.dirname(path.resolve(values.out)),
          target: path.resolve(values.out),
        });
        if (json) io.out(JSON.stringify({ ok: true, backup: entry }, null, 2));
        else
          io.out(
            `已备份到 ${entry.file}（${(entry.bytes / 1048576).toFixed(1)} MB，完整性检查通过；${countsText(entry.counts!)}）。`,
          );
        return 0;
      } finally {
        await archive.close();
      }
    }
    // restore
    const file = rest[0];
    if (!file) return fail('restore 需要备份文件：restore FILE --yes', 2);
    if (values.yes !== true)
      return fail(
        `恢复会用 ${file} 替换档案库 ${archivePath}（之前会先备份现在的档案库）。确认请加 --yes；请先关闭 ClerkDesk 窗口和本机服务。`,
        2,
      );
    const entry = entryForFile(path.resolve(file));
    if (!entry) return fail(`找不到备份文件 ${file}。`, 1);
    let archive: Archive | null = null;
    try {
      archive = fs.existsSync(archivePath) ? await openArchive(archivePath, { busyTimeoutMs: 5000 }) : null;
    } catch (error) {
      // A damaged archive is moved aside as it is rather than backed up.
      if (!(error instanceof AppError && error.code === 'ARCHIVE_DAMAGED')) throw error;
      archive = null;
    }
    const service = new BackupService({
      archivePath,
      live: () => archive?.sqlite ?? null,
      swapArchive: async (replace, after) => {
        await archive?.close();
        archive = null;
        await replace();
        archive = await openArchive(archivePath, { busyTimeoutMs: 5000 });
        await after?.(archive);
      },
    });
    try {
      const done = await service.restoreEntry(() => entry);
      const reopened = archive as Archive | null;
      const after = await checkFile({ file: archivePath });
      const result = {
        ok: after.ok,
        restored: done.entry.file,
        safetyCopy: done.safetyCopy,
        schemaVersion: reopened?.schemaVersion ?? after.schemaVersion,
        counts: after.counts,
      };
      if (json) io.out(JSON.stringify(result, null, 2));
      else
        io.out(
          `已从 ${done.entry.file} 恢复档案库 ${archivePath}（${countsText(after.counts)}；完整性检查${after.ok ? '通过' : '未通过'}）。\n` +
            (done.safetyCopy ? `恢复前的档案库保存在 ${done.safetyCopy}。` : ''),
        );
      return after.ok ? 0 : 1;
    } finally {
      await (archive as Archive | null)?.close();
    }
  } catch (error) {
    if (error instanceof AppError) return fail(error.message, error.code === 'VALIDATION' ? 2 : 1);
    return fail(String((error as Error)?.message ?? error), 1);
  }
}

/** The same checks as at open plus the full integrity check; never opens the file for writing. */
async function check(archivePath: string, json: boolean, io: CliIO): Promise<number> {
  const empty = { customers: 0, vehicles: 0, repairOrders: 0 };
  let result: { ok: boolean; integrity: string; schemaVersion: string; counts: ArchiveCounts };
  if (!fs.existsSync(archivePath)) {
    result = { ok: false, integrity: `档案库文件不存在：${archivePath}`, schemaVersion: '', counts: empty };
  } else {
    const header = headerProblem(archivePath);
    if (header) result = { ok: false, integrity: header, schemaVersion: '', counts: empty };
    else {
      const c = await checkFile({ file: archivePath });
      result = {
        ok: c.ok,
        integrity: c.integrity === 'ok' && !c.isClerkDesk ? '不是 ClerkDesk 档案库' : c.integrity,
        schemaVersion: c.schemaVersion,
        counts: c.counts,
      };
    }
  }
  if (json) io.out(JSON.stringify(result, null, 2));
  else
    io.out(
      result.ok
        ? `档案库 ${archivePath} 完好（完整性检查通过；数据结构 ${result.schemaVersion}；${countsText(result.counts)}）。\n备份在 ${backupsDirFor(archivePath)}`
        : `档案库 ${archivePath} 有问题：${result.integrity}\n请从备份恢复：npm run --silent cli -- restore 备份文件 --db ${archivePath} --yes（备份在 ${backupsDirFor(archivePath)}）`,
    );
  return result.ok ? 0 : 1;
}
