import { z } from 'zod';
import { command, query } from './define';
import { prose, singleLineCharacters } from './fields';
import { ROLES } from './roles';

/** Why a backup was made; each kind has its own retention. */
export const BACKUP_KINDS = ['scheduled', 'exit', 'manual', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  scheduled: '定时备份',
  exit: '退出时备份',
  manual: '手动备份',
  'pre-migration': '升级前备份',
  'pre-restore': '恢复前备份',
};

/** The local folder beside the archive, or the second place the clerk chose (USB drive, network folder). */
export type BackupPlace = 'local' | 'second';

export interface ArchiveCounts {
  customers: number;
  vehicles: number;
  repairOrders: number;
}

export interface BackupEntry {
  /** File name of the backup, unique within its place. */
  id: string;
  where: BackupPlace;
  /** Full path of the backup file. */
  file: string;
  kind: BackupKind;
  /** When it was taken, store local time with offset. */
  createdAt: string;
  schemaVersion: string;
  /** What the copy held when it was verified; null when its record is missing (then a preview checks the file). */
  counts: ArchiveCounts | null;
  bytes: number;
  sha256: string | null;
  /** Files of the scan store copied with it (issue 13), when there were any. */
  files: { count: number; bytes: number } | null;
}

export interface BackupSettings {
  /** Hours between automatic backups while ClerkDesk runs. */
  intervalHours: number;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  /** Manual, pre-migration and pre-restore backups kept, each kind on its own. */
  keepManual: number;
  /** The status bar turns red when the last good backup is older than this. */
  staleAfterHours: number;
  /** A folder on a USB drive or the network for a second verified copy; null: none. */
  secondPlace: string | null;
}

export interface ArchiveDamage {
  reason: 'missing' | 'notadb' | 'corrupt' | 'foreign' | 'integrity';
  message: string;
  archivePath: string;
}

export interface BackupStatus {
  archivePath: string;
  /** The archive is open normally, or damaged and closed (only restore is offered). */
  damage: ArchiveDamage | null;
  lastGood: { at: string; kind: BackupKind; where: BackupPlace; file: string } | null;
  /** Older than staleAfterHours (or none yet). */
  stale: boolean;
  staleAfterHours: number;
  running: boolean;
  /** The last automatic or manual backup that failed, if it failed after the last good one. */
  lastError: { at: string; message: string } | null;
  secondPlace: { path: string; ok: boolean; message: string | null; at: string | null } | null;
  /** The last full integrity check of the live archive (at open in the background, or at backup). */
  lastCheck: { at: string; ok: boolean; detail: string } | null;
  /** A shared archive on a PostgreSQL server: why ClerkDesk takes no backups of it (the server's own applies); else null. */
  server: string | null;
}

export interface RestorePreview {
  entry: BackupEntry;
  ok: boolean;
  integrity: string;
  schemaVersion: string;
  counts: ArchiveCounts;
  /** Why it cannot be restored (damaged, written by a newer ClerkDesk, checksum differs), or null. */
  problem: string | null;
  /** What the archive holds now, to compare (null when it is damaged). */
  current: ArchiveCounts | null;
}

export interface RestoreResult {
  restored: BackupEntry;
  /** The copy of the state before the restore (a backup, or the damaged file moved aside). */
  safetyCopy: string;
  counts: ArchiveCounts;
  schemaVersion: string;
}

export interface DrillReport {
  entry: BackupEntry;
  ok: boolean;
  integrity: string;
  schemaVersion: string;
  /** Whether this version of ClerkDesk opened (and if needed migrated) the restored copy. */
  opens: boolean;
  counts: ArchiveCounts | null;
  recorded: ArchiveCounts | null;
  countsMatch: boolean;
  checksumMatches: boolean | null;
  millis: number;
  problems: string[];
}

const backupRef = z
  .object({
    id: z
      .string()
      .min(1, '请选择一个备份')
      .max(200, '备份名称太长')
      .superRefine(singleLineCharacters)
      .regex(/^[^/\\]+\.sqlite$/, '备份名称无效，请从列表中选择'),
    where: z.enum(['local', 'second'], '位置应为 local 或 second'),
  })
  .strict();

const count = (max: number) => z.number().int('应为整数').min(0, '不能为负数').max(max, `最多 ${max}`);

export const backupSettingsInput = z
  .object({
    intervalHours: z.number().int('应为整数小时').min(1, '至少 1 小时').max(168, '最多 168 小时').optional(),
    keepDaily: count(60).optional(),
    keepWeekly: count(52).optional(),
    keepMonthly: count(120).optional(),
    keepManual: count(100).min(1, '至少保留 1 个').optional(),
    staleAfterHours: z
      .number()
      .int('应为整数小时')
      .min(1, '至少 1 小时')
      .max(24 * 30, '最多 720 小时')
      .optional(),
    secondPlace: prose(500)
      .refine((s) => s === '' || /^([a-zA-Z]:[\\/]|\\\\|\/)/.test(s), '请填写完整的文件夹路径（如 E:\\ClerkDesk备份）')
      .nullable()
      .optional(),
  })
  .strict();

export const backupContract = {
  /** Backups in the local folder and in the second place, newest first. */
  'backup.list': query<BackupEntry[]>()(z.object({}).strict(), '备份列表', ROLES.counter),
  /** The time of the last good backup, whether it is too old, the second place's state, the archive's check. */
  'backup.status': query<BackupStatus>()(z.object({}).strict(), '备份状态', ROLES.anyone, {
    passive: true,
  }),
  /** A verified manual backup now (online: the clerk keeps working), copied to the second place too. */
  'backup.create': command<BackupEntry>()(z.object({}).strict(), '立即备份', ROLES.counter),
  /** Checks a backup and says what it holds, before a restore. */
  'backup.restorePreview': query<RestorePreview>()(backupRef, '查看备份内容', ROLES.counter),
  /** Replaces the archive by a backup (admin): a safety backup first, confirmed by typing 恢复. */
  'backup.restore': command<RestoreResult>()(
    backupRef.extend({ confirm: z.literal('恢复', '请输入“恢复”两个字确认') }).strict(),
    '从备份恢复档案库（管理员）',
    ROLES.admin,
  ),
  /** Restores a backup into a temporary place and compares it with what was recorded; the archive is not touched. */
  'backup.drill': query<DrillReport>()(backupRef, '恢复演练', ROLES.counter),
  /** The desktop window's folder dialog for the second place; null when cancelled. The browser types the path. */
  'backup.chooseFolder': query<{ path: string | null }>()(z.object({}).strict(), '选择第二备份位置', ROLES.admin),
  'backup.settings': query<BackupSettings>()(z.object({}).strict(), '备份设置', ROLES.counter),
  'backup.updateSettings': command<BackupSettings>()(backupSettingsInput, '修改备份设置（管理员）', ROLES.admin),
};
