import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Helpers for end-to-end tests: the real browser-host process and a real Chromium.
 *
 * startHost runs `node scripts/serve.mjs --no-open --port 0 --db FILE`, which is what
 * `npm run serve -- …` runs, minus npm (npm adds ~0.1 s and does not pass SIGTERM on to its
 * child, which would leave hosts running after the tests).
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');
const LISTENING = /^ClerkDesk listening at (http:\/\/127\.0\.0\.1:(\d+)\/)#token=([A-Za-z0-9_-]+)$/;

export interface RunningHost {
  /** The full address as printed, with #token=… */
  url: string;
  /** `http://127.0.0.1:PORT/` */
  baseUrl: string;
  port: number;
  token: string;
  db: string;
  /** The host's user-data folder (XDG_CONFIG_HOME / APPDATA), removed on stop. */
  configDir: string;
  process: ChildProcess;
  /** Everything the host wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<number | null>;
}

export interface StartHostOptions {
  /** Archive file; by default a fresh one in a temp folder (removed on stop). */
  db?: string;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** `serve.mjs` (npm run serve, the default) or `start.mjs` (npm start). */
  script?: 'serve.mjs' | 'start.mjs';
}

/**
 * The host's clock starts here (CLERKDESK_FAKE_NOW) unless a test says otherwise: 07:30 on
 * 3 December in the store (China time), still 2 December in UTC, so a page that took "today" from
 * the PC would show the wrong day, and the tests give the same answer at any hour.
 */
export const E2E_NOW = '2026-12-02T23:30:00Z';
/** The store's date at E2E_NOW (Asia/Shanghai, the default zone). */
export const E2E_TODAY = '2026-12-03';

export function tempDir(prefix = 'clerkdesk-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function startHost(options: StartHostOptions = {}): Promise<RunningHost> {
  const ownDir = options.db ? null : tempDir();
  const db = options.db ?? path.join(ownDir!, 'archive.sqlite');
  // The host's own user-data folder (archive.json, a server archive's scans): never the tester's.
  const configDir = tempDir('clerkdesk-e2e-config-');
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'scripts', options.script ?? 'serve.mjs'),
      '--no-open',
      '--port',
      '0',
      '--db',
      db,
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CI: 'true',
        CLERKDESK_FAKE_NOW: E2E_NOW,
        XDG_CONFIG_HOME: configDir,
        APPDATA: configDir,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
    fs.rmSync(configDir, { recursive: true, force: true });
    return child.exitCode;
  };

  return new Promise<RunningHost>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`host did not print its address within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout!.setEncoding('utf8');
    const onData = (chunk: string): void => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume(); // keep draining later lines
      clearTimeout(timer);
      const firstLine = stdout.slice(0, newline).trimEnd();
      const match = LISTENING.exec(firstLine);
      if (!match) {
        void stop();
        reject(new Error(`unexpected first line from host: ${JSON.stringify(firstLine)}\n${stderr}`));
        return;
      }
      resolve({
        url: firstLine.slice('ClerkDesk listening at '.length),
        baseUrl: match[1]!,
        port: Number(match[2]),
        token: match[3]!,
        db,
        configDir,
        process: child,
        stderr: () => stderr,
        stop,
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
      fs.rmSync(configDir, { recursive: true, force: true });
      reject(new Error(`host exited (${code}) before printing its address\n${stderr}`));
    });
  });
}

export function chromiumPath(): string {
  return process.env.CLERKDESK_CHROMIUM || '/usr/bin/chromium';
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  /** Sent exactly as given (no normalisation of `..`), unlike fetch. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A plain HTTP request with full control over Host and the raw path, which fetch does not allow. */
export function rawRequest(port: number, request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: request.method ?? 'GET',
        path: request.path,
        headers: { Host: `127.0.0.1:${port}`, ...request.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** POST /api/<method> with the token, like the UI's HTTP transport. */
export function callApi(
  port: number,
  token: string | null,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: {
      'Content-Type': 'application/json',
      ...(token === null ? {} : { 'X-ClerkDesk-Token': token }),
      ...headers,
    },
    body: JSON.stringify(input),
  });
}

const SHOTS = path.join(ROOT, 'test-results');

/** A screenshot in test-results/. The page scrolls inside the shell, not the document: grow the window to show all of it. */
export async function shot(page: Page, name: string, whole = true): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300); // let antd's transitions settle
  const viewport = page.viewportSize()!;
  const height = whole
    ? await page
        .locator('.shell-content')
        .evaluate((content) => content.scrollHeight + content.getBoundingClientRect().top)
    : viewport.height;
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 4000) });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  if (height > viewport.height) await page.setViewportSize(viewport);
}

/** One API call through the host's door; throws with the Chinese message on refusal (for arranging). */
export async function api<T>(host: RunningHost, method: string, input: unknown): Promise<T> {
  const response = await callApi(host.port, host.token, method, input);
  const result = response.json as { ok: boolean; value: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value;
}

/**
 * Logs the host's one session in as `name` (the page shares it: reload the page to see the new
 * user). Store-wide settings are the admin's, the daily work the clerk's.
 */
export async function loginAs(host: RunningHost, name: string, pin: string): Promise<void> {
  const users = await api<{ id: number; name: string }[]>(host, 'users.list', {});
  const user = users.find((u) => u.name === name);
  if (!user) throw new Error(`no user ${name}`);
  await api(host, 'session.login', { userId: user.id, pin });
}

/**
 * The demo store the counter tests work in (北京东城…, a demo of `years` from seed 7): the admin
 * 赵管理 (1234), the clerk 王小红 (1111) and, unless `manager: false`, the service manager 王经理
 * (2580); the clerk is logged in.
 */
export async function setUpDemoStore(
  host: RunningHost,
  options: { years: number; phone?: string; manager?: boolean },
): Promise<void> {
  await api(host, 'setup.complete', {
    store: {
      name: '北京东城汽车销售服务有限公司',
      address: '北京市东城区安定门外大街 88 号',
      postalCode: '100011',
      ...(options.phone ? { phone: options.phone } : {}),
    },
    users: [
      { name: '赵管理', role: 'admin', pin: '1234' },
      { name: '王小红', role: 'clerk', pin: '1111' },
      ...(options.manager === false ? [] : [{ name: '王经理', role: 'manager', pin: '2580' }]),
    ],
    demo: { years: options.years, seed: 7 },
  });
  await loginAs(host, '王小红', '1111');
}

/** The counter PC's screen (1366×768, downloads allowed); page errors and console errors or warnings go to `problems`. */
export async function counterPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
  });
  return page;
}
