import fs from 'node:fs';
import type { ArchiveDamage } from '../../src-shared/contract/backup.contract';
import { contract, isMethodName, type MethodName } from '../../src-shared/contract/index';
import { AppError, type AppErrorShape, type Result } from '../../src-shared/errors';
import { DEFAULT_TIME_ZONE, inTimeZone, nowInstant } from '../../src-shared/validation/dates';
import { archiveDamaged, damageOf } from '../db/archive-check';
import { type Archive, type OpenOptions, openArchive } from '../db/database';
import { displayPostgresUrl, isPostgresUrl } from '../db/dialect';
import { BackupService } from '../services/backup/backup.service';
import { BackupCheckFailed } from '../services/backup/backup-copy';
import { checkFile } from '../services/backup/backup-verify';
import { type CallContext, type Clock, clockFromEnvironment, Session } from '../services/context';
import { ScanWatcher } from '../services/scans/scan-watcher';
import { createDispatcher, type Dispatch, validationError } from './dispatcher';
import { createHandlers, createServices, type Services } from './handlers';

type ServicesOptions = NonNullable<Parameters<typeof createServices>[2]>;

export interface RuntimeOptions {
  archivePath: string;
  clock?: Clock;
  nativeBinding?: string;
  busyTimeoutMs?: number;
  servicesOptions?: Omit<ServicesOptions, 'backup'>;
  /** The desktop window's folder dialog, for the second backup place. */
  chooseFolder?: () => Promise<string | null>;
  onInternalError?: (method: string, error: unknown) => void;
  log?: (line: string) => void;
  /**
   * Automatic backups and the background integrity check: the first look a while after start (so a
   * start is not slowed), then every few minutes; a backup is taken when the last good one is older
   * than the interval. False: none (tests that drive them by hand).
   */
  schedule?: { firstDelayMs?: number; everyMs?: number } | false;
  /**
   * The look at the scanner's folder (归档 settings' watchFolder) every few seconds (10 s by
   * default). False: none (tests call scans.checkFolder themselves).
   */
  scanWatch?: { everyMs?: number } | false;
}

/** While the archive is damaged, only what leads to a restore is answered (no login: the users are in the archive). */
const DAMAGED_METHODS = new Set<MethodName>([
  'app.getInfo',
  'clock.today',
  'backup.status',
  'backup.list',
  'backup.settings',
  'backup.restorePreview',
  'backup.restore',
  'backup.drill',
]);

interface OpenState {
  archive: Archive;
  services: Services;
  dispatch: Dispatch;
}

/**
 * The archive as the window and the browser host hold it: opened with the check at open, served
 * through the one dispatcher, backed up on a schedule and at exit, checked in full in the
 * background, and swapped for a backup by a restore. A damaged archive is never opened for
 * writing: the doors then answer only the calls that lead to a restore.
 */
export class ArchiveRuntime {
  readonly backup: BackupService;
  readonly dispatch: Dispatch;
  private current: OpenState | null = null;
  private damage: ArchiveDamage | null = null;
  private swapping = false;
  private timers: NodeJS.Timeout[] = [];
  private scanWatcher: ScanWatcher | null = null;
  private checkedThisRun = false;
  private readonly log: (line: string) => void;

  private constructor(private readonly options: RuntimeOptions) {
    this.log = options.log ?? (() => {});
    this.backup = new BackupService({
      archivePath: options.archivePath,
      clock: options.clock,
      nativeBinding: options.nativeBinding,
      live: () => this.current?.archive.sqlite ?? null,
      db: () => this.current?.archive.db ?? null,
      swapArchive: (replace, after) => this.swap(replace, after),
      damage: () => this.damage,
      chooseFolder: options.chooseFolder,
    });
    const dispatch = (method: string, input: unknown, ctx: CallContext) => this.call(method, input, ctx);
    this.dispatch = Object.assign(dispatch, {
      authorize: (method: string, ctx: CallContext) => this.authorize(method, ctx),
    });
  }

  /** Opens the archive (or, when it is damaged, starts in the restricted mode) and starts the schedule. */
  static async start(options: RuntimeOptions): Promise<ArchiveRuntime> {
    const runtime = new ArchiveRuntime(options);
    await runtime.open();
    // A shared archive on a server is backed up and checked by the server itself.
    if (options.schedule !== false && !runtime.onServer) runtime.startSchedule(options.schedule ?? {});
    if (options.scanWatch !== false) runtime.startScanWatch(options.scanWatch ?? {});
    return runtime;
  }

  /** The file, or the server's connection address (it may hold the password: show displayPath). */
  get path(): string {
    return this.options.archivePath;
  }

  /** The archive is on a PostgreSQL server (shared by several counters), not a file here. */
  get onServer(): boolean {
    return isPostgresUrl(this.options.archivePath);
  }

  /** The file's path, or the server's address without its password: what is printed and shown. */
  get displayPath(): string {
    return this.onServer ? displayPostgresUrl(this.options.archivePath) : this.options.archivePath;
  }

  get archive(): Archive | null {
    return this.current?.archive ?? null;
  }

  get damaged(): ArchiveDamage | null {
    return this.damage;
  }

  private async open(): Promise<void> {
    const openOptions: OpenOptions = {
      expectExisting: this.backup.archiveWasSeen(),
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      ...(this.options.busyTimeoutMs !== undefined ? { busyTimeoutMs: this.options.busyTimeoutMs } : {}),
    };
    // The last full check found damage: look again before opening for writing (it may have been replaced since).
    const lastCheck = this.backup.state().lastCheck;
    if (lastCheck && !lastCheck.ok && !this.onServer && fs.existsSync(this.path)) {
      const check = await checkFile({ file: this.path }, this.options.nativeBinding);
      const at = nowInstant((this.options.clock ?? clockFromEnvironment()).now());
      this.backup.recordCheck(at, check.ok, check.integrity);
      if (!check.ok) {
        this.damage = archiveDamagedBy(this.path, check.integrity);
        this.log(this.damage.message);
        return;
      }
    }
    let archive: Archive;
    try {
      archive = await openArchive(this.path, openOptions);
    } catch (error) {
      const damage = damageOf(error);
      if (!damage) throw error;
      this.damage = damage;
      this.log(damage.message);
      return;
    }
    const services = createServices(archive, this.options.clock ?? clockFromEnvironment(), {
      ...this.options.servicesOptions,
      backup: this.backup,
    });
    const dispatch = createDispatcher(createHandlers(services), { onInternalError: this.options.onInternalError });
    this.current = { archive, services, dispatch };
    this.damage = null;
    this.backup.noteArchiveSeen();
    this.backup.markBaseline();
  }

  private async closeCurrent(): Promise<void> {
    const closing = this.current;
    this.current = null;
    if (!closing) return;
    await closing.services.print.close().catch(() => undefined);
    await closing.archive.close();
  }

  /** The full check (or a backup's copy) found damage: close the archive and offer the restore. */
  private async enterDamaged(detail: string): Promise<void> {
    this.log(`[clerkdesk] 档案库没有通过完整性检查，已停止读写：${detail}`);
    await this.closeCurrent();
    this.damage = archiveDamagedBy(this.path, detail);
  }

  private async authorize(method: string, ctx: CallContext): Promise<AppErrorShape | null> {
    if (this.current) return this.current.dispatch.authorize(method, ctx);
    if (!isMethodName(method))
      return { code: 'UNKNOWN_METHOD', message: `没有这个操作：${String(method).slice(0, 80)}` };
    if (this.swapping) return { code: 'CONFLICT', message: '正在恢复档案库，请稍候几秒再试。' };
    if (DAMAGED_METHODS.has(method) && method !== 'app.getInfo') return null;
    return this.damagedError();
  }

  private damagedError(): AppErrorShape {
    const damage = this.damage ?? { reason: 'corrupt', archivePath: this.displayPath, message: '档案库没有打开。' };
    return { code: 'ARCHIVE_DAMAGED', message: damage.message, details: { ...damage } };
  }

  private async call(method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>> {
    if (this.current && !this.swapping) return this.current.dispatch(method, input, ctx);
    const refused = await this.authorize(method, ctx);
    if (refused) return { ok: false, error: refused };
    const m = method as MethodName;
    const parsed = contract[m].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
    const data = parsed.data as { id: string; where: 'local' | 'second' };
    try {
      switch (m) {
        case 'clock.today': {
          // The store's zone is in the archive that cannot be read: the default zone until it is restored.
          const now = nowInstant(inTimeZone((this.options.clock ?? clockFromEnvironment()).now(), DEFAULT_TIME_ZONE));
          return {
            ok: true,
            value: { today: now.slice(0, 10), now, timeZone: DEFAULT_TIME_ZONE, offset: now.slice(19) },
          };
        }
        case 'backup.status':
          return { ok: true, value: this.backup.status() };
        case 'backup.list':
          return { ok: true, value: this.backup.list() };
        case 'backup.settings':
          return { ok: true, value: this.backup.settings() };
        case 'backup.restorePreview':
          return { ok: true, value: await this.backup.restorePreview(data.id, data.where) };
        case 'backup.drill':
          return { ok: true, value: await this.backup.drill(data.id, data.where) };
        case 'backup.restore':
          return { ok: true, value: await this.backup.restoreForDoor(data.id, data.where, ctx) };
        default:
          return { ok: false, error: this.damagedError() };
      }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      this.options.onInternalError?.(method, error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `操作没有完成：${String((error as Error)?.message ?? error)}` },
      };
    }
  }

  /** Restore's middle: calls wait out (CONFLICT) while the file is swapped and the archive reopened. */
  private async swap(replace: () => Promise<void>, after?: (archive: Archive) => Promise<void>): Promise<void> {
    this.swapping = true;
    try {
      await this.scanWatcher?.idle();
      await this.closeCurrent();
      await replace();
      this.damage = null;
      this.backup.noteArchiveSeen();
      await this.open();
      const reopened = this.current as OpenState | null;
      if (!reopened) throw new AppError('INTERNAL', `恢复后的档案库打不开：${this.damaged?.message ?? ''}`);
      if (after) await after(reopened.archive);
    } finally {
      this.swapping = false;
    }
  }

  private startSchedule(schedule: { firstDelayMs?: number; everyMs?: number }): void {
    const first = setTimeout(() => void this.tick(), schedule.firstDelayMs ?? 60_000);
    const every = setInterval(() => void this.tick(), schedule.everyMs ?? 10 * 60_000);
    first.unref();
    every.unref();
    this.timers.push(first, every);
  }

  /**
   * The host's look at the watched scanner folder, as the host itself (audited as system, the
   * scans recorded as taken in by 扫描文件夹); skipped while the archive is closed or swapped.
   */
  private startScanWatch(options: { everyMs?: number }): void {
    const ctx: CallContext = { door: 'ipc', session: new Session() };
    this.scanWatcher = new ScanWatcher({
      everyMs: options.everyMs,
      log: this.log,
      look: async () => {
        if (!this.current || this.swapping) return null;
        return this.current.services.scans.checkFolder(ctx);
      },
    }).start();
  }

  /** One look of the schedule: a backup when one is due, else (once per run) the full integrity check. */
  async tick(): Promise<void> {
    if (!this.current || this.swapping || this.backup.running) return;
    try {
      if (this.backup.isDue()) {
        await this.backup.create('scheduled');
        this.checkedThisRun = true;
      } else if (!this.checkedThisRun) {
        await this.fullCheck();
      }
    } catch (error) {
      this.log(`[clerkdesk] 自动备份没有完成：${(error as Error).message}`);
      // A copy that fails its check may mean the archive itself is damaged: look at the archive.
      if (error instanceof BackupCheckFailed) await this.fullCheck();
    }
  }

  /** `integrity_check` of the live archive in a worker thread (its own read-only connection). */
  async fullCheck(): Promise<boolean> {
    if (!this.current) return false;
    // The server checks its own storage; there is no file here to read.
    if (this.onServer) return true;
    const check = await checkFile({ file: this.path }, this.options.nativeBinding);
    this.checkedThisRun = true;
    const at = nowInstant((this.options.clock ?? clockFromEnvironment()).now());
    this.backup.recordCheck(at, check.integrity === 'ok' && check.isClerkDesk, check.integrity);
    if (check.integrity !== 'ok' || !check.isClerkDesk) {
      await this.enterDamaged(check.integrity);
      return false;
    }
    return true;
  }

  /**
   * At exit: a backup when something changed since the last one (or since the open: a session that
   * only read leaves the archive as the last backup or the schedule found it), then close.
   */
  async close(options: { exitBackup?: boolean } = {}): Promise<void> {
    for (const t of this.timers) {
      clearTimeout(t);
      clearInterval(t);
    }
    this.timers = [];
    await this.scanWatcher?.stop();
    this.scanWatcher = null;
    if (options.exitBackup && this.current && !this.swapping && !this.onServer) {
      try {
        if (this.backup.changedSinceLastBackup()) await this.backup.create('exit');
      } catch (error) {
        this.log(`[clerkdesk] 退出时备份没有完成：${(error as Error).message}`);
      }
    }
    await this.closeCurrent();
  }
}

function archiveDamagedBy(file: string, detail: string): ArchiveDamage {
  return damageOf(archiveDamaged(file, 'integrity', detail.slice(0, 300)))!;
}
