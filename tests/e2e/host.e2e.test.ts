import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, launchChromium, type RunningHost, rawRequest, startHost, tempDir } from './harness';

/** The browser host as the clerk's browser meets it: the real process, started like `npm run serve`. */
describe('browser host process', () => {
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHost();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('prints its address as the first line and serves the page with a strict CSP', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(43);
    const res = await rawRequest(host.port, { path: '/' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers the API only with the launch token', async () => {
    const missing = await callApi(host.port, null, 'app.getInfo', {});
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((missing.json as { error: { message: string } }).error.message).toContain('令牌');

    const wrong = await callApi(host.port, `${host.token.slice(0, -1)}x`, 'app.getInfo', {});
    expect(wrong.status).toBe(401);

    const right = await callApi(host.port, host.token, 'app.getInfo', {});
    expect(right.status).toBe(200);
    expect(right.json).toMatchObject({ ok: true, value: { door: 'http', archivePath: host.db } });
    expect(right.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host header (DNS rebinding), for the API and for pages', async () => {
    const api = await callApi(host.port, host.token, 'app.getInfo', {}, { Host: 'evil.example' });
    expect(api.status).toBe(403);
    expect(api.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const page = await rawRequest(host.port, { path: '/', headers: { Host: `evil.example:${host.port}` } });
    expect(page.status).toBe(403);
    const localhost = await rawRequest(host.port, { path: '/', headers: { Host: `localhost:${host.port}` } });
    expect(localhost.status).toBe(200);
  });

  it('accepts only POST with a JSON body of bounded size', async () => {
    const get = await rawRequest(host.port, { path: '/api/app.getInfo', headers: { 'X-ClerkDesk-Token': host.token } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');

    const notJson = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/app.getInfo',
      headers: { 'X-ClerkDesk-Token': host.token, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((notJson.json as { error: { message: string } }).error.message).toContain('JSON');

    // Nobody is logged in: refused from the URL before the body is read (413 for a logged-in user:
    // tests/api/browser-host.test.ts).
    // On Linux the host's close with most of the 3 MB unread may reset the connection before the
    // client reads the 401 (EPIPE / ECONNRESET on its write): refused either way, never read.
    const huge = await callApi(host.port, host.token, 'customers.list', { text: 'x'.repeat(3 * 1024 * 1024) }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return null;
        throw error;
      },
    );
    if (huge !== null) {
      expect(huge.status).toBe(401);
      expect(huge.json).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }

    // The connection survives the refusals: the next call still works.
    const after = await callApi(host.port, host.token, 'app.getInfo', {});
    expect(after.status).toBe(200);
  });

  it('reports an unknown method as a Result', async () => {
    const res = await callApi(host.port, host.token, 'nothing.here', {});
    // Refused from the URL, before the body is read.
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('never serves files outside the renderer folder', async () => {
    const secret = fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8');
    for (const attempt of [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json',
      '/..%2f..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/%2e%2e%2f%2e%2e%2fsrc-main%2fapi%2fbrowser-host.ts',
      '/.%2e/.%2e/package.json',
      '/..\\package.json',
    ]) {
      const res = await rawRequest(host.port, { path: attempt });
      expect(res.body, attempt).not.toContain('"name": "clerkdesk"');
      expect(res.body, attempt).not.toBe(secret);
      expect(res.body, attempt).not.toContain('startBrowserHost');
      expect([400, 404], attempt).toContain(res.status);
    }
  });

  it('loads in Chromium with the ClerkDesk title and no CSP violations', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      const response = await page.goto(host.url, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await page.title()).toContain('ClerkDesk');
      await page.waitForTimeout(300);
      expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('browser host process, failures', () => {
  it('refuses an archive from a newer ClerkDesk with a Chinese message and a non-zero exit', async () => {
    const dir = tempDir();
    try {
      const db = path.join(dir, 'newer.sqlite');
      // A first run creates the archive; then pretend a newer version migrated it.
      const first = await startHost({ db });
      await first.stop();
      const { default: Database } = await import('better-sqlite3');
      const sqlite = new Database(db);
      sqlite
        .prepare('INSERT INTO schema_migration (name, applied_at) VALUES (?, ?)')
        .run('299901010000_from_the_future', '2999-01-01T00:00:00Z');
      sqlite.close();
      await expect(startHost({ db })).rejects.toThrow(/exited \(1\)[\s\S]*更新版本/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not open a damaged archive for writing: it serves only the way to a restore (issue 10)', async () => {
    const dir = tempDir();
    try {
      const db = path.join(dir, 'damaged.sqlite');
      fs.writeFileSync(db, Buffer.alloc(8192, 0x5a));
      const host = await startHost({ db });
      const info = await callApi(host.port, host.token, 'app.getInfo', {});
      expect(info.json).toMatchObject({ ok: false, error: { code: 'ARCHIVE_DAMAGED' } });
      expect((info.json as { error: { message: string } }).error.message).toMatch(/损坏[\s\S]*备份恢复/);
      expect((await callApi(host.port, host.token, 'customers.list', {})).json).toMatchObject({
        ok: false,
        error: { code: 'ARCHIVE_DAMAGED' },
      });
      expect((await callApi(host.port, host.token, 'backup.list', {})).json).toEqual({ ok: true, value: [] });
      expect(await host.stop()).toBe(0);
      expect(fs.readFileSync(db).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops cleanly on SIGTERM, leaving no WAL behind', async () => {
    const dir = tempDir();
    try {
      const db = path.join(dir, 'clean.sqlite');
      const host = await startHost({ db });
      expect((await callApi(host.port, host.token, 'app.getInfo', {})).status).toBe(200);
      expect(await host.stop()).toBe(0);
      expect(fs.existsSync(`${db}-wal`)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
