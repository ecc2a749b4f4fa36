/**
 * Runs import tasks in a worker thread and turns its messages into promises. Three ways to run:
 * - built (out/main/*.js): the worker is out/main/import-worker.js, an entry of electron.vite.config.ts;
 * - from source (vitest, `tsx` for the CLI and the benchmark): import.worker.ts through tsx's loader,
 *   registered inside the worker by a two-line bootstrap (a worker does not inherit the loader);
 * - CLERKDESK_IMPORT_WORKER=path: an explicit worker file (diagnostics).
 * A worker that dies (out of memory on a hostile file, a crash) fails its task; the host lives on.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerMessage, WorkerTask } from './import-worker-protocol';

/** Heap of one worker: a hostile file fails the import instead of the host (whose heap is separate). */
const WORKER_HEAP_MB = 1024;

function workerUrl(): URL {
  const explicit = process.env.CLERKDESK_IMPORT_WORKER;
  if (explicit) return pathToFileURL(path.resolve(explicit));
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    const source = pathToFileURL(path.join(dir, 'import.worker.ts')).href;
    // tsx's ESM API (import condition); require.resolve finds its CommonJS twin next to it.
    const api = createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
    const bootstrap = `const { register } = await import(${JSON.stringify(pathToFileURL(api).href)});
register();
await import(${JSON.stringify(source)});`;
    return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
  }
  // The bundle puts this code in out/main/<entry>.js or out/main/chunks/<name>.js.
  for (const candidate of [path.join(dir, 'import-worker.js'), path.join(dir, '..', 'import-worker.js')])
    if (fs.existsSync(candidate)) return pathToFileURL(candidate);
  throw new Error(`import worker not found next to ${here} (run electron-vite build)`);
}

export type Progress = Extract<WorkerMessage, { type: 'progress' }>;
export type Outcome = Exclude<WorkerMessage, { type: 'progress' }>;

export interface WorkerRun {
  /** Settles with the task's last word: a result, cancelled, or failed (never rejects). */
  readonly outcome: Promise<Outcome>;
  /** Asks the task to stop at its next chunk boundary (a commit rolls back); the outcome says when. */
  requestCancel(): void;
  /** Stops waiting for the task at once (it is cancelled in the worker as well). */
  abandon(): void;
}

interface Pending {
  onProgress(progress: Progress): void;
  settle(outcome: Outcome): void;
}

/** Without tasks for this long, the worker is stopped (it is started again on the next import). */
const IDLE_MS = 60_000;

/**
 * One worker thread shared by every import of the process, started on first use: a worker costs
 * a few hundred milliseconds to start (seconds under tsx), too much for every step of every import.
 * Its tasks run side by side; if it dies (out of memory on a hostile file) they all fail with a
 * message and the next task starts a fresh one.
 */
class ImportWorkerPool {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idle: NodeJS.Timeout | null = null;

  private start(): Worker {
    const worker = new Worker(workerUrl(), {
      // A young generation as large as the main thread's: with the worker default, scavenges of the
      // many short-lived row objects cost about a second on a 100k-row import.
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64 },
    });
    worker.on('message', ({ id, message }: FromWorker) => {
      const task = this.pending.get(id);
      if (!task) return;
      if (message.type === 'progress') task.onProgress(message);
      else task.settle(message);
    });
    const died = (message: Outcome) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const task of [...this.pending.values()]) task.settle(message);
    };
    worker.on('error', (error: Error & { code?: string }) => {
      const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      died({ type: 'failed', code: oom ? 'OUT_OF_MEMORY' : '', message: String(error?.stack ?? error) });
    });
    worker.on('exit', (code) => died({ type: 'failed', code: '', message: `import worker exited (${code})` }));
    return worker;
  }

  /** Keeps the process alive while tasks run, and only then (the CLI exits when it is done). */
  private refresh(): void {
    const worker = this.worker;
    if (!worker) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.pending.size > 0) {
      worker.ref();
      return;
    }
    worker.unref();
    this.idle = setTimeout(() => {
      if (this.pending.size === 0 && this.worker === worker) {
        this.worker = null;
        void worker.terminate();
      }
    }, IDLE_MS);
    this.idle.unref();
  }

  run(task: WorkerTask, onProgress: (progress: Progress) => void, transfer: ArrayBuffer[]): WorkerRun {
    const id = this.nextId++;
    let settle: (outcome: Outcome) => void = () => {};
    const outcome = new Promise<Outcome>((resolve) => {
      settle = (value) => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        resolve(value);
        this.refresh();
      };
    });
    this.pending.set(id, { onProgress, settle });
    try {
      this.worker ??= this.start();
      this.refresh();
      this.worker.postMessage({ type: 'task', id, task } satisfies ToWorker, transfer);
    } catch (error) {
      settle({ type: 'failed', code: '', message: String((error as Error)?.stack ?? error) });
    }
    const cancel = () => this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker);
    return {
      outcome,
      requestCancel: () => {
        if (this.pending.has(id)) cancel();
      },
      abandon: () => {
        if (!this.pending.has(id)) return;
        cancel();
        settle({ type: 'cancelled' });
      },
    };
  }
}

const pool = new ImportWorkerPool();

export function runImportWorker(
  task: WorkerTask,
  onProgress: (progress: Progress) => void,
  transfer: ArrayBuffer[] = [],
): WorkerRun {
  return pool.run(task, onProgress, transfer);
}
