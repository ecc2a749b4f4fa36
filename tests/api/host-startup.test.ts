/**
 * Start-up (issue 10, part 11): the browser host loads nothing heavy before its first use. The real
 * host entry (src-main/api/serve-main.ts) is started on a real archive with a module trace
 * preloaded (tests/support/module-trace.mjs); once it prints its address it is stopped, and the
 * modules it had loaded by then are checked. How long start-up takes is the benchmark's business
 * (`npm run bench -- --only startup`), not a test's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/archive';
import { freshPgDatabase, testPgAdminUrl } from '../support/pg';

const root = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('clerkdesk-startup-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Loaded on first use only. Each costs tens to hundreds of milliseconds to load (exceljs ≈300 ms,
 * pinyin-pro ≈60–130 ms on the reference machine), and most start-ups never need them.
 */
const HEAVY = [
  'node_modules/exceljs/',
  'node_modules/pinyin-pro/',
  'node_modules/lunar-javascript/',
  'node_modules/playwright-core/',
  // The report charts' SVG is drawn on the archive side only when a report is printed or exported.
  'node_modules/echarts/',
  'src-main/demo/',
  // The CSV readers load in the import worker only (the host needs just src-main/services/imports/file-kind.ts).
  'node_modules/papaparse/',
  'node_modules/iconv-lite/',
];

/** Starts the host from source, waits for its address line, stops it; the modules it had loaded. */
function modulesAtReady(): Promise<string[]> {
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ClerkDesk</title>');
  const args = [
    '--import',
    'tsx',
    '--import',
    './tests/support/module-trace.mjs',
    'src-main/api/serve-main.ts',
    '--no-open',
    '--port',
    '0',
    '--db',
    path.join(dir, 'archive.sqlite'),
    '--static',
    staticDir,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    let err = '';
    let stopped = false;
    // Stopped once it has printed its address and the trace has been written.
    const stopWhenTraced = () => {
      if (!stopped && out.includes('ClerkDesk listening at') && err.includes('MODULE-TRACE ')) {
        stopped = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      stopWhenTraced();
    });
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
      stopWhenTraced();
    });
    child.once('exit', (code) => {
      const line = err.split('\n').find((l) => l.startsWith('MODULE-TRACE '));
      if (!stopped || !line) {
        const said = err
          .split('\n')
          .filter((l) => !l.startsWith('MODULE-TRACE '))
          .join('\n');
        reject(new Error(`host did not start (exit ${code}):\n${out}\n${said}`));
        return;
      }
      resolve((JSON.parse(line.slice('MODULE-TRACE '.length)) as string[]).map((m) => m.replaceAll('\\', '/')));
    });
  });
}

describe('browser host start-up', () => {
  it('loads the archive, the contract and the HTTP door, and nothing heavy', async () => {
    const modules = await modulesAtReady();
    // The trace is real: what the host needs to answer is there.
    for (const needed of [
      'node_modules/better-sqlite3/',
      'node_modules/kysely/',
      'node_modules/zod/',
      'src-main/api/browser-host.ts',
    ])
      expect(modules.some((m) => m.includes(needed))).toBe(true);
    const heavyLoaded = HEAVY.filter((heavy) => modules.some((m) => m.includes(heavy)));
    expect(heavyLoaded).toEqual([]);
  }, 60_000);
});

/** Runs the host from source with these arguments and environment until it prints its address (then stops it) or exits. */
function runHost(
  extra: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string; listened: boolean }> {
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ClerkDesk</title>');
  const args = ['--import', 'tsx', 'src-main/api/serve-main.ts', '--no-open', '--port', '0', '--static', staticDir];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args, ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    let listened = false;
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      // The second line (the archive) follows the address in the same write or the next.
      if (!listened && out.includes('ClerkDesk listening at') && out.includes('档案库：')) {
        listened = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
    });
    child.once('exit', (code) => resolve({ code, out, err, listened }));
  });
}

/** The environment of a clerk's PC: no CLERKDESK_DB, its own user-data folder. */
function pcEnv(userData: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', XDG_CONFIG_HOME: userData };
  delete env.CLERKDESK_DB;
  return env;
}

describe('browser host start-up on a shared archive (PostgreSQL server)', () => {
  it('an unreachable server: its Chinese message, exit 1, no password shown, nothing created', async () => {
    const userData = tempDir('clerkdesk-userdata-');
    try {
      const r = await runHost(['--db', 'postgres://clerk:secret-pw@127.0.0.1:1/clerkdesk'], pcEnv(userData));
      expect(r.listened).toBe(false);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /无法打开共享档案库 postgres:\/\/clerk:\*\*\*@127\.0\.0\.1:1\/clerkdesk.*服务器拒绝连接.*什么都没有改动/,
      );
      expect(r.out + r.err).not.toContain('secret-pw');
      // No archive, backup folder or scan folder was made on this PC.
      expect(fs.readdirSync(userData)).toEqual([]);
    } finally {
      fs.rmSync(userData, { recursive: true, force: true });
    }
  }, 120_000);

  it('an archive.json in the user-data folder that is not { "db": "…" }: said, exit 1', async () => {
    const userData = tempDir('clerkdesk-userdata-');
    try {
      fs.mkdirSync(path.join(userData, 'ClerkDesk'));
      fs.writeFileSync(path.join(userData, 'ClerkDesk', 'archive.json'), '{ "db": ["postgres://x"] }');
      const r = await runHost([], pcEnv(userData));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/archive\.json 的格式不对/);
      expect(fs.readdirSync(path.join(userData, 'ClerkDesk'))).toEqual(['archive.json']);
    } finally {
      fs.rmSync(userData, { recursive: true, force: true });
    }
  }, 120_000);

  it.skipIf(!testPgAdminUrl())(
    'archive.json names the server: the host opens it, prints the address without the password and says it is shared',
    async () => {
      const server = await freshPgDatabase();
      const userData = tempDir('clerkdesk-userdata-');
      try {
        const url = new URL(server.url);
        url.username = 'postgres';
        url.password = 'secret-pw';
        fs.mkdirSync(path.join(userData, 'ClerkDesk'));
        fs.writeFileSync(path.join(userData, 'ClerkDesk', 'archive.json'), JSON.stringify({ db: url.toString() }));
        const r = await runHost([], pcEnv(userData));
        expect(r.listened, r.err).toBe(true);
        const shown = new URL(url.toString());
        shown.password = '***';
        expect(r.out).toContain(`档案库：${shown.toString()}（共享服务器）`);
        expect(r.out + r.err).not.toContain('secret-pw');
        // No backup tried at exit (the server's own applies), no file archive made beside the setting.
        expect(r.err).not.toMatch(/备份/);
        expect(fs.readdirSync(path.join(userData, 'ClerkDesk'))).toEqual(['archive.json']);
      } finally {
        fs.rmSync(userData, { recursive: true, force: true });
        await server.drop();
      }
    },
    120_000,
  );
});
