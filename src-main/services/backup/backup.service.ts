import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type {
  ArchiveCounts,
  ArchiveDamage,
  BackupEntry,
  BackupKind,
  BackupSettings,
  BackupStatus,
  DrillReport,
  RestorePreview,
  RestoreResult,
} from '../../../src-shared/contract/backup.contract';
import { AppError } from '../../../src-shared/errors';
import { nowInstant } from '../../../src-shared/validation/dates';
import { type Archive, type Db, openArchive, sqliteOf } from '../../db/database';
import { displayPostgresUrl, isPostgresUrl } from '../../db/dialect';
import { MIGRATIONS } from '../../db/migrations/index';
import { writeAudit } from '../audit/audit';
import type { CallContext, Clock } from '../context';
import { systemClock } from '../context';
import { BackupCheckFailed, backupInstant, copyBackupTo, makeVerifiedBackup } from './backup-copy';
import {
  type BackupState,
  backupsDirFor,
  backupsToRemove,
  emptyBackupState,
  filesCopyOf,
  filesDirFor,
  listBackupsIn,
  readState,
  removeBackup,
  stateExists,
  syncDir,
  writeState,
} from './backup-files';
import { checkFile, type FileCheck } from './backup-verify';

export interface BackupServiceOptions {
  archivePath: string;
  clock?: Clock;
  nativeBinding?: string;
  /** The live connection, or null while the archive is closed or damaged. */
  live: () => BetterSqlite3.Database | null;
  /** The same archive through Kysely, for audit entries. */
  db?: () => Db | null;
  /** Called by restore: close the live archive, let `replace` swap the file, then reopen. Hosts only. */
  swapArchive?: (replace: () => Promise<void>, after?: (archive: Archive) => Promise<void>) => Promise<void>;
  /** The damage found at open or by a later check (hosts only). */
  damage?: () => ArchiveDamage | null;
  /** The desktop window's folder dialog (Electron only). */
  chooseFolder?: () => Promise<string | null>;
}

const KNOWN_MIGRATIONS = new Set(MIGRATIONS.map((m) => m.name));

/** What backup.status says for a shared archive: the server's own backup applies, ClerkDesk takes none. */
export const SERVER_BACKUP_NOTE =
  '共享档案库在 PostgreSQL 服务器上：由服务器自己的备份负责（如每天用 pg_dump 备份，由管理员设置），ClerkDesk 不在本机备份它，也不能在这里恢复。扫描件文件保存在各台电脑上，不在服务器备份里。';

/** Backup, restore, drill and their settings refused on a shared archive (NOT_ON_SERVER). */
function notOnServer(what: string): AppError {
  return new AppError(
    'NOT_ON_SERVER',
    `${what}只用于本机档案库文件；共享档案库（PostgreSQL 服务器）由服务器自己的备份负责（如 pg_dump），恢复也在服务器上进行，详见 README“共享服务器”。`,
  );
}

/**
 * Backups of one archive: made online from the live connection, verified, kept by retention, copied
 * to a second place; and restore, preview and drill from them. One backup at a time per process.
 * Its settings and last results live in a small file beside the backups, outside the archive, so
 * they are there when the archive is not.
 */
export class BackupService {
  readonly archivePath: string;
  private readonly clock: Clock;
  private chain: Promise<unknown> = Promise.resolve();
  private runningCount = 0;
  /** The live connection's total_changes() when the last backup was taken. */
  private changesAtLastBackup: number | null = null;
  /** The safety copy of the restore under way, for its audit entry. */
  private pendingSafetyCopy = '';

  /** A shared archive on a server: no backups, state or checks of ours (the server's backup applies). */
  readonly onServer: boolean;

  constructor(private readonly options: BackupServiceOptions) {
    this.archivePath = options.archivePath;
    this.clock = options.clock ?? systemClock;
    this.onServer = isPostgresUrl(options.archivePath);
  }

  /** Refuses `what` on a shared archive. */
  private refuseOnServer(what: string): void {
    if (this.onServer) throw notOnServer(what);
  }

  get localDir(): string {
    return backupsDirFor(this.archivePath);
  }

  state(): BackupState {
    // A server address is no folder: nothing is read or written beside it.
    return this.onServer ? emptyBackupState() : readState(this.archivePath);
  }

  private update(change: (state: BackupState) => void): BackupState {
    const state = this.state();
    change(state);
    if (!this.onServer) writeState(this.archivePath, state);
    return state;
  }

  /** Remembers that an archive exists here, so its disappearance is noticed at the next open. */
  noteArchiveSeen(): void {
    if (this.onServer) return;
    if (!stateExists(this.archivePath) || readState(this.archivePath).archiveSeenAt === null)
      this.update((s) => {
        s.archiveSeenAt = nowInstant(this.clock.now());
      });
  }

  /** An archive was opened here before (so a missing file is a loss, not a first start). */
  archiveWasSeen(): boolean {
    return this.state().archiveSeenAt !== null;
  }

  settings(): BackupSettings {
    return this.state().settings;
  }

  updateSettings(patch: Partial<BackupSettings>): BackupSettings {
    this.refuseOnServer('备份设置');
    if (patch.secondPlace !== undefined && patch.secondPlace !== null && patch.secondPlace !== '') {
      const dir = path.resolve(patch.secondPlace);
      let ok = false;
      try {
        ok = fs.statSync(dir).isDirectory();
        if (ok) fs.accessSync(dir, fs.constants.W_OK);
      } catch {
        ok = false;
      }
      if (!ok)
        throw AppError.validation(
          'secondPlace',
          '第二备份位置',
          `文件夹“${dir}”不存在或不能写入。请先插上 U 盘或连好网络文件夹，并确认文件夹已建好`,
        );
      const sameDisk = (() => {
        try {
          return fs.statSync(dir).dev === fs.statSync(path.dirname(this.archivePath)).dev;
        } catch {
          return false;
        }
      })();
      if (dir === path.parse(dir).root && sameDisk)
        throw AppError.validation('secondPlace', '第二备份位置', '不能是系统盘的根目录，请选 U 盘或网络上的一个文件夹');
      if (path.resolve(dir) === path.resolve(this.localDir) || path.resolve(dir) === path.dirname(this.archivePath))
        throw AppError.validation(
          'secondPlace',
          '第二备份位置',
          '应选另一个磁盘或网络上的文件夹，不能和档案库在同一个文件夹',
        );
      patch = { ...patch, secondPlace: dir };
    }
    if (patch.secondPlace === '') patch = { ...patch, secondPlace: null };
    const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return this.update((s) => {
      s.settings = { ...s.settings, ...clean };
      if (clean.secondPlace !== undefined) s.secondPlace = null;
    }).settings;
  }

  /** As updateSettings, audited in the archive. */
  async updateSettingsFor(patch: Partial<BackupSettings>, ctx: CallContext): Promise<BackupSettings> {
    const before = this.settings();
    const after = this.updateSettings(patch);
    const db = this.options.db?.();
    if (db && JSON.stringify(before) !== JSON.stringify(after))
      await db.transaction().execute((trx) =>
        writeAudit(trx, ctx, nowInstant(this.clock.now()), {
          action: 'backup.updateSettings',
          entity: 'backup_settings',
          entityId: null,
          before,
          after,
        }),
      );
    return after;
  }

  /** No dialog outside the desktop window (the browser types the path): nothing chosen. */
  async chooseFolder(): Promise<{ path: string | null }> {
    this.refuseOnServer('第二备份位置');
    return { path: this.options.chooseFolder ? await this.options.chooseFolder() : null };
  }

  get running(): boolean {
    return this.runningCount > 0;
  }

  status(): BackupStatus {
    if (this.onServer) {
      const { staleAfterHours } = this.settings();
      return {
        archivePath: displayPostgresUrl(this.archivePath),
        damage: this.options.damage?.() ?? null,
        lastGood: null,
        stale: false,
        staleAfterHours,
        running: false,
        lastError: null,
        secondPlace: null,
        lastCheck: null,
        server: SERVER_BACKUP_NOTE,
      };
    }
    const state = readState(this.archivePath);
    const lastGood = state.lastGood;
    const ageHours = lastGood ? (this.clock.now().getTime() - Date.parse(lastGood.at)) / 3_600_000 : Infinity;
    return {
      archivePath: this.archivePath,
      damage: this.options.damage?.() ?? null,
      lastGood,
      stale: ageHours > state.settings.staleAfterHours,
      staleAfterHours: state.settings.staleAfterHours,
      running: this.running,
      lastError: state.lastError && (!lastGood || state.lastError.at > lastGood.at) ? state.lastError : null,
      secondPlace: state.settings.secondPlace
        ? {
            path: state.settings.secondPlace,
            ok: state.secondPlace?.ok ?? false,
            message: state.secondPlace?.message ?? null,
            at: state.secondPlace?.at ?? null,
          }
        : null,
      lastCheck: state.lastCheck,
      server: null,
    };
  }

  /** The backups in both places (none for a shared archive: backup.status says why). */
  list(): BackupEntry[] {
    if (this.onServer) return [];
    const second = this.settings().secondPlace;
    const all = [
      ...listBackupsIn(this.localDir, this.archivePath, 'local'),
      ...(second ? listBackupsIn(second, this.archivePath, 'second') : []),
    ];
    return all.sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.where === 'local' ? -1 : 1,
    );
  }

  /** After open: an exit backup is only needed once something changes. */
  markBaseline(): void {
    const sqlite = this.options.live();
    this.changesAtLastBackup = sqlite ? this.totalChanges(sqlite) : null;
  }

  recordCheck(at: string, ok: boolean, detail: string): void {
    this.update((s) => {
      s.lastCheck = { at, ok, detail: detail.slice(0, 500) };
    });
  }

  /** Changes since the last backup on this connection (an exit backup is skipped when nothing changed). */
  changedSinceLastBackup(): boolean {
    if (this.onServer) return false;
    const sqlite = this.options.live();
    if (!sqlite || this.changesAtLastBackup === null) return true;
    return this.totalChanges(sqlite) !== this.changesAtLastBackup;
  }

  private totalChanges(sqlite: BetterSqlite3.Database): number {
    return Number(sqlite.prepare('SELECT total_changes()').pluck().get());
  }

  /** A backup is due when none is recent enough for the interval. */
  isDue(): boolean {
    if (this.onServer) return false;
    const state = readState(this.archivePath);
    if (!state.lastGood) return true;
    return this.clock.now().getTime() - Date.parse(state.lastGood.at) >= state.settings.intervalHours * 3_600_000;
  }

  /** One at a time: a scheduled backup and 立即备份 pressed together run one after the other. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Takes a verified backup of the live archive, copies it to the second place (a failure there is
   * recorded, not thrown), then applies retention in both places.
   */
  create(kind: BackupKind): Promise<BackupEntry> {
    return this.serial(async () => {
      this.refuseOnServer('备份');
      const sqlite = this.options.live();
      if (!sqlite) throw new AppError('ARCHIVE_DAMAGED', '档案库没有打开（已损坏或正在恢复），现在不能备份。');
      this.runningCount++;
      try {
        const changes = this.totalChanges(sqlite);
        let entry: BackupEntry;
        try {
          entry = await makeVerifiedBackup({
            sqlite,
            archivePath: this.archivePath,
            kind,
            now: this.clock.now(),
            dir: this.localDir,
            nativeBinding: this.options.nativeBinding,
          });
        } catch (error) {
          const message =
            error instanceof AppError ? error.message : `备份没有完成：${(error as Error).message}。原有备份不受影响。`;
          this.update((s) => {
            s.lastError = { at: backupInstant(this.clock.now()), message };
            if (error instanceof BackupCheckFailed)
              s.lastCheck = { at: backupInstant(this.clock.now()), ok: false, detail: error.check.integrity };
          });
          throw error instanceof AppError ? error : new AppError('INTERNAL', message);
        }
        this.changesAtLastBackup = changes;
        this.update((s) => {
          s.lastGood = { at: entry.createdAt, kind, where: 'local', file: entry.file };
          s.lastError = null;
          s.lastCheck = { at: entry.createdAt, ok: true, detail: 'ok' };
        });
        await this.copyToSecondPlace(entry);
        this.prune();
        return entry;
      } finally {
        this.runningCount--;
      }
    });
  }

  private async copyToSecondPlace(entry: BackupEntry): Promise<void> {
    const second = this.settings().secondPlace;
    if (!second) return;
    const at = backupInstant(this.clock.now());
    try {
      await copyBackupTo(entry, second, this.archivePath, this.options.nativeBinding);
      this.update((s) => {
        s.secondPlace = { ok: true, message: null, at };
      });
    } catch (error) {
      const message = error instanceof AppError ? error.message : String(error);
      this.update((s) => {
        s.secondPlace = { ok: false, message, at };
      });
    }
  }

  /** Applies retention in each place; returns the names removed. */
  prune(): string[] {
    const settings = this.settings();
    const now = backupInstant(this.clock.now());
    const removed: string[] = [];
    const places = [this.localDir, ...(settings.secondPlace ? [settings.secondPlace] : [])];
    for (const dir of places) {
      const entries = listBackupsIn(dir, this.archivePath, 'local');
      for (const entry of backupsToRemove(entries, settings, now)) {
        try {
          removeBackup(entry);
          removed.push(entry.id);
        } catch {
          // A backup that cannot be removed now is tried again next time.
        }
      }
    }
    return removed;
  }

  find(id: string, where: BackupEntry['where']): BackupEntry {
    const entry = this.list().find((e) => e.id === id && e.where === where);
    if (!entry) throw AppError.notFound(where === 'local' ? '本机备份' : '第二位置的备份', id);
    return entry;
  }

  /** What a backup holds and whether it can be restored here. */
  async restorePreview(id: string, where: BackupEntry['where']): Promise<RestorePreview> {
    this.refuseOnServer('从备份恢复');
    const entry = this.find(id, where);
    const check = await checkFile({ file: entry.file, sha256: entry.sha256 !== null }, this.options.nativeBinding);
    return {
      entry,
      ok: check.ok && problemOf(entry, check) === null,
      integrity: check.integrity,
      schemaVersion: check.schemaVersion,
      counts: check.counts,
      problem: problemOf(entry, check),
      current: this.currentCounts(),
    };
  }

  private currentCounts(): ArchiveCounts | null {
    const sqlite = this.options.live();
    if (!sqlite) return null;
    try {
      const count = (t: string) => Number(sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
      return { customers: count('customer'), vehicles: count('vehicle'), repairOrders: count('repair_order') };
    } catch {
      return null;
    }
  }

  /**
   * Restores into a temporary folder, opens it as ClerkDesk would (migrating if it is older), and
   * compares it with what was recorded when it was taken. The archive is not touched.
   */
  async drill(id: string, where: BackupEntry['where']): Promise<DrillReport> {
    this.refuseOnServer('恢复演练');
    const entry = this.find(id, where);
    const started = performance.now();
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'clerkdesk-drill-'));
    const problems: string[] = [];
    try {
      const file = path.join(dir, 'archive.sqlite');
      await fs.promises.copyFile(entry.file, file);
      const check = await checkFile({ file, sha256: true }, this.options.nativeBinding);
      const checksumMatches = entry.sha256 === null ? null : check.sha256 === entry.sha256;
      if (check.integrity !== 'ok') problems.push(`完整性检查未通过：${check.integrity.slice(0, 200)}`);
      if (!check.isClerkDesk) problems.push('不是 ClerkDesk 档案库。');
      if (checksumMatches === false) problems.push('文件校验值与备份时记录的不同（备份文件在保存后被改动或损坏）。');
      let opens = false;
      let counts: ArchiveCounts | null = null;
      if (check.ok) {
        try {
          const restored = await openArchive(file, {
            nativeBinding: this.options.nativeBinding,
            backupBeforeMigrate: false,
          });
          const count = (t: string) =>
            Number(sqliteOf(restored, '备份检查').prepare(`SELECT count(*) FROM ${t}`).pluck().get());
          counts = { customers: count('customer'), vehicles: count('vehicle'), repairOrders: count('repair_order') };
          await restored.close();
          opens = true;
        } catch (error) {
          problems.push(`本版本打不开：${(error as Error).message}`);
        }
      }
      const recorded = entry.counts;
      const countsMatch =
        counts !== null &&
        recorded !== null &&
        counts.customers === recorded.customers &&
        counts.vehicles === recorded.vehicles &&
        counts.repairOrders === recorded.repairOrders;
      if (counts && recorded && !countsMatch) problems.push('恢复出来的记录数与备份时记录的不同。');
      if (recorded === null) problems.push('这个备份没有记录（可能在写记录时中断），只能检查文件本身。');
      return {
        entry,
        ok: problems.length === 0,
        integrity: check.integrity,
        schemaVersion: check.schemaVersion,
        opens,
        counts,
        recorded,
        countsMatch,
        checksumMatches,
        millis: Math.round(performance.now() - started),
        problems,
      };
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Replaces the archive by a backup. The backup is checked first; then the current state is kept
   * (a verified pre-restore backup, or for a damaged archive the file moved aside); the backup is
   * copied beside the archive under a temporary name, checked again, and renamed over it while the
   * archive is closed; then the archive is reopened.
   */
  async restoreForDoor(id: string, where: BackupEntry['where'], ctx: CallContext): Promise<RestoreResult> {
    const at = nowInstant(this.clock.now());
    let counts: RestoreResult['counts'] = { customers: 0, vehicles: 0, repairOrders: 0 };
    let schemaVersion = '';
    const done = await this.restore(id, where, async (archive) => {
      // The restore is recorded in the archive as it is now: the restored one (which may not know the user).
      const user = ctx.session.user;
      const known =
        user !== null &&
        sqliteOf(archive, '恢复').prepare('SELECT 1 FROM app_user WHERE id = ?').pluck().get(user.id) !== undefined;
      const auditCtx: CallContext = known ? ctx : { door: ctx.door, session: { user: null } as CallContext['session'] };
      await archive.db.transaction().execute((trx) =>
        writeAudit(trx, auditCtx, at, {
          action: 'backup.restore',
          entity: 'archive',
          entityId: null,
          after: { backup: id, where, safetyCopy: this.pendingSafetyCopy },
        }),
      );
      const count = (t: string) => Number(sqliteOf(archive, '恢复').prepare(`SELECT count(*) FROM ${t}`).pluck().get());
      counts = { customers: count('customer'), vehicles: count('vehicle'), repairOrders: count('repair_order') };
      schemaVersion = archive.schemaVersion;
    });
    return { restored: done.entry, safetyCopy: done.safetyCopy, counts, schemaVersion };
  }

  restore(
    id: string,
    where: BackupEntry['where'],
    after?: (archive: Archive) => Promise<void>,
  ): Promise<{ entry: BackupEntry; safetyCopy: string; check: FileCheck }> {
    return this.restoreEntry(() => this.find(id, where), after);
  }

  restoreEntry(
    pick: () => BackupEntry,
    after?: (archive: Archive) => Promise<void>,
  ): Promise<{ entry: BackupEntry; safetyCopy: string; check: FileCheck }> {
    return this.serial(async () => {
      this.refuseOnServer('从备份恢复');
      const swap = this.options.swapArchive;
      if (!swap)
        throw new AppError(
          'CONFLICT',
          '这里不能恢复档案库。请在 ClerkDesk 窗口（设置 → 备份与恢复）中恢复，或关闭 ClerkDesk 后用命令行 restore。',
        );
      const entry = pick();
      const check = await this.checkRestorable(entry);
      this.runningCount++;
      try {
        const safetyCopy = await this.keepCurrentState();
        const staged = await this.stage(entry);
        this.pendingSafetyCopy = safetyCopy;
        await swap(async () => {
          this.replaceArchiveFile(staged, entry);
        }, after);
        this.update((s) => {
          s.lastCheck = { at: backupInstant(this.clock.now()), ok: true, detail: 'ok' };
        });
        return { entry, safetyCopy, check };
      } finally {
        this.runningCount--;
      }
    });
  }

  async checkRestorable(entry: BackupEntry): Promise<FileCheck> {
    const check = await checkFile({ file: entry.file, sha256: entry.sha256 !== null }, this.options.nativeBinding);
    const problem = problemOf(entry, check);
    if (problem) throw new AppError('CONFLICT', `不能用这个备份恢复：${problem}`);
    return check;
  }

  /** A verified pre-restore backup of a healthy archive; a damaged (or missing) one is moved aside as it is. */
  async keepCurrentState(): Promise<string> {
    const sqlite = this.options.live();
    if (sqlite) {
      const kept = await makeVerifiedBackup({
        sqlite,
        archivePath: this.archivePath,
        kind: 'pre-restore',
        now: this.clock.now(),
        dir: this.localDir,
        nativeBinding: this.options.nativeBinding,
      });
      return kept.file;
    }
    if (!fs.existsSync(this.archivePath)) return '';
    const aside = `${this.archivePath}.damaged-${backupInstant(this.clock.now())
      .slice(0, 23)
      .replace(/[-:T.]/g, '')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(this.archivePath + suffix)) fs.renameSync(this.archivePath + suffix, aside + suffix);
    }
    return aside;
  }

  /** The backup copied beside the archive (same disk, so the final rename is atomic) and checked there. */
  async stage(entry: BackupEntry): Promise<string> {
    const staged = `${this.archivePath}.restoring.${process.pid}.tmp`;
    fs.rmSync(staged, { force: true });
    await fs.promises.mkdir(path.dirname(this.archivePath), { recursive: true });
    await fs.promises.copyFile(entry.file, staged);
    const check = await checkFile({ file: staged, sha256: entry.sha256 !== null }, this.options.nativeBinding);
    const problem = problemOf(entry, check);
    if (problem) {
      fs.rmSync(staged, { force: true });
      throw new AppError(
        'INTERNAL',
        `复制到档案库位置的备份没有通过检查（${problem}），档案库未改动。请检查磁盘后重试。`,
      );
    }
    return staged;
  }

  /** Called with the archive closed: the old WAL must go, or SQLite would replay it onto the restored file. */
  replaceArchiveFile(staged: string, entry: BackupEntry): void {
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(this.archivePath + suffix, { force: true });
    fs.renameSync(staged, this.archivePath);
    syncDir(path.dirname(this.archivePath));
    const filesDir = filesDirFor(this.archivePath);
    const backupFiles = filesCopyOf(entry.file);
    fs.rmSync(filesDir, { recursive: true, force: true });
    if (fs.existsSync(backupFiles)) fs.cpSync(backupFiles, filesDir, { recursive: true });
  }
}

function problemOf(entry: BackupEntry, check: FileCheck): string | null {
  if (check.integrity !== 'ok') return `备份文件已损坏（${check.integrity.slice(0, 160)}）。`;
  if (!check.isClerkDesk) return '这不是 ClerkDesk 档案库的备份。';
  if (entry.sha256 !== null && check.sha256 !== null && check.sha256 !== entry.sha256)
    return '文件校验值与备份时记录的不同（备份文件在保存后被改动或损坏）。';
  if (check.schemaVersion !== '' && !KNOWN_MIGRATIONS.has(check.schemaVersion))
    return `它由更新版本的 ClerkDesk 写入（${check.schemaVersion}），请先升级 ClerkDesk。`;
  return null;
}
