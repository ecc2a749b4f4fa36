/**
 * The `startup` section of the benchmark (`npm run bench -- --only startup`): how long the browser
 * host takes to be ready (process start to its "ClerkDesk listening at" line, started as a user
 * starts it: `node scripts/serve.mjs`) beside a bare `node -e 0` on the same machine in the same
 * run, runs interleaved so both see the same load. Target (issue 10): host ready ≤ 3× bare Node.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { median, round3 } from './stats';

export const STARTUP_TARGETS = { hostReadyRatioMax: 3 } as const;
const RUNS = 9;

export interface StartupBenchReport {
  archive: string;
  command: string;
  hostReady: { runsMs: number[]; medianMs: number };
  bareNode: { runsMs: number[]; medianMs: number; command: string };
  /** Median host ready ÷ median bare node. */
  ratio: number;
  targets: typeof STARTUP_TARGETS;
  met: { hostReadyRatioMax: boolean };
}

function timeProcess(args: string[], cwd: string, readyLine: string | null): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let readyMs: number | null = null;
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
    });
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      if (readyLine && readyMs === null && out.includes(readyLine)) {
        readyMs = performance.now() - t0;
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!readyLine) {
        if (code === 0) resolve(round3(performance.now() - t0));
        else reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      } else if (readyMs !== null) resolve(round3(readyMs));
      else reject(new Error(`browser host exited (${code}) before listening: ${err}`));
    });
  });
}

export async function runStartupBench(
  root: string,
  archiveFile: string,
  log: (message: string) => void,
  runs = RUNS,
): Promise<StartupBenchReport> {
  const serve = path.join(root, 'scripts', 'serve.mjs');
  const hostArgs = [serve, '--no-open', '--port', '0', '--db', archiveFile];
  log('startup: first start (builds the renderer if needed; not counted) …');
  await timeProcess(hostArgs, root, 'ClerkDesk listening at');
  await timeProcess(['-e', '0'], root, null);
  const host: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    log(`startup: run ${i + 1}/${runs} …`);
    // Alternating which goes first, so neither always runs right after the other's exit.
    if (i % 2 === 0) {
      bare.push(await timeProcess(['-e', '0'], root, null));
      host.push(await timeProcess(hostArgs, root, 'ClerkDesk listening at'));
    } else {
      host.push(await timeProcess(hostArgs, root, 'ClerkDesk listening at'));
      bare.push(await timeProcess(['-e', '0'], root, null));
    }
  }
  const hostMedian = median(host);
  const bareMedian = median(bare);
  const ratio = round3(hostMedian / bareMedian);
  return {
    archive: archiveFile,
    command: 'node scripts/serve.mjs --no-open --port 0 --db <archive>',
    hostReady: { runsMs: host, medianMs: hostMedian },
    bareNode: { runsMs: bare, medianMs: bareMedian, command: 'node -e 0' },
    ratio,
    targets: STARTUP_TARGETS,
    met: { hostReadyRatioMax: ratio <= STARTUP_TARGETS.hostReadyRatioMax },
  };
}

export function startupLines(r: StartupBenchReport): string[] {
  return [
    `startup: browser host ready (${r.command}) beside a bare \`${r.bareNode.command}\`, ${r.hostReady.runsMs.length} runs each, interleaved`,
    `  host ready median ${r.hostReady.medianMs} ms (${r.hostReady.runsMs.join(', ')})`,
    `  bare node  median ${r.bareNode.medianMs} ms (${r.bareNode.runsMs.join(', ')})`,
    `${'hostReadyRatio'.padEnd(20)} target ≤ ${r.targets.hostReadyRatioMax}  actual ${r.ratio}  ${r.met.hostReadyRatioMax ? 'met' : 'MISSED'}`,
  ];
}
