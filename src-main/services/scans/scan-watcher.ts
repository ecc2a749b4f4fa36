import type { FolderCheck } from '../../../src-shared/domain/filing';

export interface ScanWatcherOptions {
  /**
   * One look at the watched folder (ScansService.checkFolder with the host's own context), or null
   * when there is nothing to look with now (the archive is closed, damaged or being restored).
   */
  look: () => Promise<FolderCheck | null>;
  /** Between two looks; 10 s by default. */
  everyMs?: number;
  log?: (line: string) => void;
}

/**
 * The host's look at the scanner's folder every few seconds. Never two looks at once (a slow
 * look delays the next one, it never overlaps it); errors are logged, never thrown — the same
 * error once until it changes or goes away; stopped when the runtime closes (stop() waits for a
 * look under way).
 */
export class ScanWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastError: string | null = null;
  private readonly reportedRefusals = new Set<string>();
  private readonly everyMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ScanWatcherOptions) {
    this.everyMs = options.everyMs ?? 10_000;
    this.log = options.log ?? (() => {});
  }

  start(): this {
    this.stopped = false;
    this.schedule();
    return this;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce().finally(() => this.schedule());
    }, this.everyMs);
    this.timer.unref();
  }

  /** One look now (tests; the timer's own calls); a look under way is waited for, not doubled. */
  runOnce(): Promise<void> {
    if (this.running) return this.running;
    const run = this.lookOnce().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async lookOnce(): Promise<void> {
    try {
      const check = await this.options.look();
      if (this.lastError !== null) this.log('[clerkdesk] 扫描文件夹又能读取了。');
      this.lastError = null;
      if (!check) return;
      if (check.picked > 0)
        this.log(
          `[clerkdesk] 扫描文件夹：导入 ${check.picked} 份扫描件（${check.matched} 份按文件名对上了工单或车辆）。`,
        );
      const now = new Set(check.refused.map((r) => r.name));
      for (const r of check.refused)
        if (!this.reportedRefusals.has(r.name)) this.log(`[clerkdesk] 扫描文件夹：${r.name} 没有导入：${r.reason}`);
      this.reportedRefusals.clear();
      for (const name of now) this.reportedRefusals.add(name);
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      if (message !== this.lastError) this.log(`[clerkdesk] 扫描文件夹没有检查完：${message}`);
      this.lastError = message;
    }
  }

  /** Resolves when no look is under way (before the archive is swapped by a restore). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** No more looks; waits for one under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
