import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHost,
  DEFAULT_MAX_BODY_BYTES,
  METHOD_MAX_BODY_BYTES,
  startBrowserHost,
} from '../../src-main/api/browser-host';
import { CONTENT_SECURITY_POLICY } from '../../src-main/api/static-files';
import { Session } from '../../src-main/services/context';
import { MAX_IMPORT_BASE64 } from '../../src-shared/contract/imports.contract';
import { SILENT_PRINT_UNAVAILABLE } from '../../src-shared/contract/print.contract';
import { openSetUpArchive, type TestArchive, tempDir } from '../support/archive';
import { onPostgres } from '../support/pg';

/** The browser host in-process, over real sockets, with a real archive behind the real dispatcher. */

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { ok: boolean; value?: unknown; error?: { code: string; message: string } } | undefined;
}

function request(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
  },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: Reply['json'];
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
      },
    );
    req.on('error', reject);
    if (options.chunked && options.body) {
      // No Content-Length: the host has to count while reading.
      const body = Buffer.from(options.body);
      const step = 256 * 1024;
      for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

describe('startBrowserHost', () => {
  let t: TestArchive;
  let root: string;
  let staticDir: string;
  let host: BrowserHost;
  let session: Session;

  const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
    request(host.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { 'Content-Type': 'application/json', 'X-ClerkDesk-Token': host.token, ...headers },
      body: JSON.stringify(input),
    });

  beforeAll(async () => {
    // Set up, with nobody logged in at the host yet (its session is its own).
    t = await openSetUpArchive();
    root = tempDir('clerkdesk-host-');
    staticDir = path.join(root, 'renderer');
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><title>ClerkDesk</title><script src="/assets/app.js"></script>',
    );
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
    fs.writeFileSync(path.join(staticDir, '.env'), 'SECRET=dotfile');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET');
    fs.symlinkSync(path.join(root, 'secret.txt'), path.join(staticDir, 'assets', 'link.txt'));
    session = new Session();
    host = await startBrowserHost({ dispatch: t.dispatch, session, staticDir });
  }, 60_000);

  afterAll(async () => {
    await host?.close();
    await t?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a fresh 256-bit token per launch', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
    const other = await startBrowserHost({ dispatch: t.dispatch, staticDir });
    try {
      expect(other.token).not.toBe(host.token);
      expect(other.port).not.toBe(host.port);
    } finally {
      await other.close();
    }
  });

  it('serves index.html with the CSP and no caching, assets with their type', async () => {
    const index = await request(host.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.headers['set-cookie']).toBeUndefined();
    expect(index.body).toContain('<title>ClerkDesk</title>');

    const script = await request(host.port, { path: '/assets/app.js?v=1' });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

    const head = await request(host.port, { method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers client-side routes with index.html, missing files with 404', async () => {
    const route = await request(host.port, { path: '/customers/12' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>ClerkDesk</title>');
    expect(route.headers['cache-control']).toBe('no-store');
    expect((await request(host.port, { path: '/assets/missing.js' })).status).toBe(404);
    expect((await request(host.port, { method: 'POST', path: '/' })).status).toBe(405);
  });

  it('never serves anything outside the renderer folder', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/.%2e/secret.txt',
      `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      '/%00/index.html',
      '/%E0%A4%A',
      '/assets/link.txt',
      '/.env',
      '/%2eenv',
    ]) {
      const res = await request(host.port, { path: attempt });
      expect(res.body, attempt).not.toContain('TOP-SECRET');
      expect(res.body, attempt).not.toContain('SECRET=');
      expect(res.status, attempt).toBe(404);
    }
  });

  it('checks the token before anything else', async () => {
    const missing = await request(host.port, {
      method: 'POST',
      path: '/api/app.getInfo',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(missing.json?.error?.message).toMatch(/^缺少或错误的访问令牌/);

    const wrong = await api('app.getInfo', {}, { 'X-ClerkDesk-Token': `${host.token}x` });
    expect(wrong.status).toBe(401);
    const empty = await api('app.getInfo', {}, { 'X-ClerkDesk-Token': '' });
    expect(empty.status).toBe(401);

    // Without the token even a bad Host, method or body is only told "401".
    const all = await request(host.port, {
      method: 'PUT',
      path: '/api/app.getInfo',
      headers: { Host: 'evil.example' },
      body: '{nope',
    });
    expect(all.status).toBe(401);
    // A token in a cookie or the query string is not a token.
    const cookie = await request(host.port, {
      method: 'POST',
      path: `/api/app.getInfo?token=${host.token}`,
      headers: { Cookie: `token=${host.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(cookie.status).toBe(401);

    const ok = await api('app.getInfo', {});
    expect(ok.status).toBe(200);
    // The file, or the shared server's address (without a password): a server says it is one.
    expect(ok.json).toMatchObject({
      ok: true,
      value: { door: 'http', archivePath: t.archive.path, archiveKind: onPostgres() ? 'server' : 'file' },
    });
    if (onPostgres()) expect(t.archive.path).toMatch(/^postgres:\/\//);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses foreign Host and Origin headers (DNS rebinding, cross-site pages)', async () => {
    const api403 = await api('app.getInfo', {}, { Host: 'evil.example' });
    expect(api403.status).toBe(403);
    expect(api403.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await api('app.getInfo', {}, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await api('app.getInfo', {}, { Host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await api('app.getInfo', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('app.getInfo', {}, { Host: `localhost:${host.port}` })).status).toBe(200);
    expect((await api('app.getInfo', {}, { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);

    expect((await request(host.port, { path: '/', headers: { Host: 'evil.example' } })).status).toBe(403);
    expect(
      (await request(host.port, { path: '/assets/app.js', headers: { Host: `attacker.test:${host.port}` } })).status,
    ).toBe(403);
    expect((await request(host.port, { path: '/', headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('takes only POST, only JSON, only up to 2 MB', async () => {
    const get = await request(host.port, { path: '/api/app.getInfo', headers: { 'X-ClerkDesk-Token': host.token } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.json).toMatchObject({ ok: false });

    const bad = await request(host.port, {
      method: 'POST',
      path: '/api/app.getInfo',
      headers: { 'X-ClerkDesk-Token': host.token },
      body: 'name=张三',
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(bad.json?.error?.message).toContain('JSON');

    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    // Nobody logged in: refused from the URL, before the body is read.
    const anonymous = await api('customers.create', JSON.parse(huge));
    expect(anonymous.status).toBe(401);
    const users = (await api('users.list', {})).json?.value as { id: number; name: string }[];
    const clerk = await api('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' });
    expect(clerk.json?.ok).toBe(true);
    const declared = await api('customers.create', JSON.parse(huge));
    expect(declared.status).toBe(413);
    const streamed = await request(host.port, {
      method: 'POST',
      path: '/api/customers.create',
      headers: { 'X-ClerkDesk-Token': host.token, 'Transfer-Encoding': 'chunked' },
      body: huge,
      chunked: true,
    });
    expect(streamed.status).toBe(413);
    expect(streamed.json?.error?.message).toContain('过大');

    // An empty body means "no input".
    const noBody = await request(host.port, {
      method: 'POST',
      path: '/api/app.getInfo',
      headers: { 'X-ClerkDesk-Token': host.token },
    });
    expect(noBody.status).toBe(200);
    expect(noBody.json?.ok).toBe(true);
  });

  it('takes a whole DMS export in imports.start (96 MB), and still only 2 MB for every other method', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(2 * 1024 * 1024);
    // The largest file the contract accepts, with room for the JSON around it.
    expect(METHOD_MAX_BODY_BYTES['imports.start']).toBe(96 * 1024 * 1024);
    expect(METHOD_MAX_BODY_BYTES['imports.start']).toBeGreaterThan(MAX_IMPORT_BASE64 + 64 * 1024);

    const file = Buffer.alloc(3 * 1024 * 1024, 'A').toString('base64');
    // An unknown key: read in full, parsed and refused by the contract, so no import starts.
    const input = { fileName: 'dms.csv', contentBase64: file, unknownKey: 1 };
    const accepted = await api('imports.start', input);
    expect(accepted.status).toBe(200);
    // Read in full and handed to the dispatcher (the clerk logged in above), which answers with a Result.
    expect(accepted.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const streamed = await request(host.port, {
      method: 'POST',
      path: '/api/imports.start',
      headers: { 'X-ClerkDesk-Token': host.token, 'Transfer-Encoding': 'chunked' },
      body: JSON.stringify(input),
      chunked: true,
    });
    expect(streamed.status).toBe(200);

    const refused = await api('customers.create', { name: '张三', notes: file });
    expect(refused.status).toBe(413);
    expect(refused.json?.error?.message).toContain('上限 2 MB');

    // Over the per-method limit is refused like any other (a small limit here, to keep the test quick).
    const small = await startBrowserHost({
      dispatch: t.dispatch,
      session,
      staticDir,
      methodMaxBodyBytes: { 'imports.start': 4 * 1024 * 1024 },
    });
    try {
      const body = JSON.stringify({
        fileName: 'dms.csv',
        contentBase64: Buffer.alloc(4 * 1024 * 1024).toString('base64'),
      });
      const tooBig = await request(small.port, {
        method: 'POST',
        path: '/api/imports.start',
        headers: { 'X-ClerkDesk-Token': small.token, 'Transfer-Encoding': 'chunked' },
        body,
        chunked: true,
      });
      expect(tooBig.status).toBe(413);
      expect(tooBig.json?.error?.message).toContain('上限 4 MB');
      const declared = await request(small.port, {
        method: 'POST',
        path: '/api/imports.start',
        headers: { 'X-ClerkDesk-Token': small.token, 'Content-Type': 'application/json' },
        body,
      });
      expect(declared.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('hands every call to the dispatcher and returns its Result with 200', async () => {
    // An unknown method is refused from the URL, before its body is read.
    const unknown = await api('nothing.here', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const invalid = await api('customers.create', { name: '' });
    expect(invalid.status).toBe(200);
    expect(invalid.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const bare = await request(host.port, {
      method: 'POST',
      path: '/api',
      headers: { 'X-ClerkDesk-Token': host.token },
    });
    expect(bare.json).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('keeps one Session for the launch, separate from any other launch', async () => {
    const users = (await api('users.list', {})).json?.value as { id: number; name: string }[];
    const login = await api('session.login', { userId: users.find((u) => u.name === '管理员')!.id, pin: '1234' });
    expect(login.json?.ok).toBe(true);
    expect(session.user?.name).toBe('管理员');
    expect((await api('app.getInfo', {})).json?.value).toMatchObject({ currentUser: { name: '管理员' } });

    const other = await startBrowserHost({ dispatch: t.dispatch, staticDir });
    try {
      const res = await request(other.port, {
        method: 'POST',
        path: '/api/app.getInfo',
        headers: { 'X-ClerkDesk-Token': other.token },
        body: '{}',
      });
      expect(res.json?.value).toMatchObject({ currentUser: null });
    } finally {
      await other.close();
    }
  });

  it('has no printers: print.printers says so and print.send is refused with what to do instead', async () => {
    // Logged in by the test above: the refusal is the door's, not the session's.
    const printers = await api('print.printers', {});
    expect(printers.json).toEqual({ ok: true, value: { silentAvailable: false, printers: [] } });
    const sent = await api('print.send', { document: { doc: 'binderLabels', month: '2026-11' } });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: SILENT_PRINT_UNAVAILABLE } });
    expect(SILENT_PRINT_UNAVAILABLE).toBe(
      '静默打印只能在桌面窗口中使用；请在预览里点“打印”，在系统对话框中选择打印机。',
    );
  });

  it('stops listening on close', async () => {
    const other = await startBrowserHost({ dispatch: t.dispatch, staticDir });
    await other.close();
    await expect(request(other.port, { path: '/' })).rejects.toThrow();
  });
});
