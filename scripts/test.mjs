#!/usr/bin/env node
// `npm test`: everything CI checks, in order, stopping at the first failure with its exit code.
//   Chromium present (installs it when missing) → typecheck → lint → vitest node+jsdom →
//   vitest pg (the same suites on PostgreSQL, when CLERKDESK_TEST_PG is set) → electron-vite build →
//   CLI bundle → vitest e2e (real host process + real Chromium).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isWindows = process.platform === 'win32';
const tally = { passed: 0, failed: 0, skipped: 0, counted: false };
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerkdesk-test-'));

function say(line) {
  process.stdout.write(`\n▶ ${line}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: isWindows, ...options });
  if (result.error) process.stderr.write(`无法运行 ${command}：${result.error.message}\n`);
  return result.status ?? 1;
}

function findChromium() {
  const candidates = [
    process.env.CLERKDESK_CHROMIUM,
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return candidates.find((candidate) => candidate && fs.existsSync(candidate)) ?? null;
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

async function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (!isWindows && process.getuid?.() === 0 && hasCommand('apt-get')) {
    say('未找到 Chromium：用 apt-get 安装 chromium fonts-noto-cjk poppler-utils / installing Chromium with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update'], { env }) !== 0) return null;
    if (run('apt-get', ['install', '-y', 'chromium', 'fonts-noto-cjk', 'poppler-utils'], { env }) !== 0) return null;
    return findChromium();
  }
  say('未找到 Chromium：用 playwright-core 下载 / installing Chromium with `npx playwright-core install chromium`');
  if (run('npx', ['playwright-core', 'install', 'chromium']) !== 0) return null;
  const { chromium } = await import('playwright-core');
  const downloaded = chromium.executablePath();
  return downloaded && fs.existsSync(downloaded) ? downloaded : null;
}

/** Runs vitest with a JSON report next to the usual output, and adds its counts to the tally. */
function vitest(name, projects) {
  const outputFile = path.join(reportDir, `${name}.json`);
  const projectArgs = projects.flatMap((project) => ['--project', project]);
  const status = run('npx', [
    'vitest',
    'run',
    ...projectArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${outputFile}`,
  ]);
  try {
    const report = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
    tally.passed += report.numPassedTests ?? 0;
    tally.failed += report.numFailedTests ?? 0;
    tally.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    tally.counted = true;
  } catch {
    // No report (vitest did not get as far as running tests): the exit code still tells.
  }
  return status;
}

function summary() {
  if (!tally.counted) return '';
  return `${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`;
}

function finish(status, failedStep) {
  fs.rmSync(reportDir, { recursive: true, force: true });
  const counts = summary();
  if (status === 0) {
    process.stdout.write('\n✔ 全部通过 / all checks passed\n');
    // The plain closing line CI reads: 'N passed, N failed' alone on a line.
    if (counts) process.stdout.write(`tests: ${counts}\n`);
  } else {
    process.stdout.write(
      `\n✘ 失败于 / failed at: ${failedStep} (exit ${status})${counts ? `; tests so far: ${counts}` : ''}\n`,
    );
  }
  process.exit(status);
}

const chromiumPath = await ensureChromium();
if (!chromiumPath) {
  process.stderr.write(
    '没有可用的 Chromium，无法运行端到端测试。请安装 chromium 或设置 CHROMIUM_PATH。 / No Chromium available.\n',
  );
  finish(1, 'chromium');
}
process.env.CLERKDESK_CHROMIUM = chromiumPath;
say(`Chromium: ${chromiumPath}`);

/**
 * The PostgreSQL pass: the same db/api suites against a real server (the `pg` vitest project,
 * tests/support/pg.ts), when CLERKDESK_TEST_PG names one (.ci/run starts a throwaway cluster).
 */
function pgPassStep() {
  const server = process.env.CLERKDESK_TEST_PG?.trim();
  if (!server) {
    return [
      'PostgreSQL pass skipped: CLERKDESK_TEST_PG is not set (to run it: CLERKDESK_TEST_PG=postgres://postgres@127.0.0.1:5432/postgres npm test, or .ci/run, which starts a server)',
      () => 0,
    ];
  }
  let shown = server;
  try {
    const url = new URL(server);
    if (url.password) url.password = '***';
    shown = url.toString();
  } catch {
    // Shown as given: vitest reports the bad address itself.
  }
  return [`PostgreSQL pass (vitest pg on ${shown})`, () => vitest('pg', ['pg'])];
}

const steps = [
  ['typecheck', () => run('npm', ['run', '-s', 'typecheck'])],
  ['lint', () => run('npm', ['run', '-s', 'lint'])],
  ['unit (vitest node + jsdom)', () => vitest('unit', ['node', 'jsdom'])],
  pgPassStep(),
  ['build (electron-vite build)', () => run('npx', ['electron-vite', 'build'])],
  ['build (CLI bundle, out/cli)', () => run(process.execPath, ['scripts/build-cli.mjs'])],
  ['e2e (vitest e2e)', () => vitest('e2e', ['e2e'])],
];
for (const [name, step] of steps) {
  say(name);
  const status = step();
  if (status !== 0) finish(status, name);
}
finish(0, '');
