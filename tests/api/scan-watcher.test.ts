/**
 * The host's side of scans: the watcher that looks at the scanner's folder every few seconds (never
 * two looks at once, errors logged and never thrown, stopped on close), wired into the runtime both
 * the browser host and the Electron main use; and the browser host taking a scan larger than its
 * 2 MB default body (scans.upload may carry the largest scan the settings allow).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveRuntime } from '../../src-main/api/archive-runtime';
import { DEFAULT_MAX_BODY_BYTES, METHOD_MAX_BODY_BYTES, startBrowserHost } from '../../src-main/api/browser-host';
import { type CallContext, Session } from '../../src-main/services/context';
import { writeFilingSettings } from '../../src-main/services/filing/filing-settings';
import { ScanWatcher } from '../../src-main/services/scans/scan-watcher';
import { WATCH_IMPORTED_DIR } from '../../src-main/services/scans/scans.service';
import { SCAN_MAX_MB_LIMIT } from '../../src-shared/contract/filing.contract';
import { DEFAULT_FILING_SETTINGS, type FolderCheck } from '../../src-shared/domain/filing';
import { openSetUpArchive, tempDir } from '../support/archive';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n');
const LONG_AGO = new Date('2026-01-01T00:00:00Z');

/** Waits (polling) until the condition holds; fails after a generous bound, never asserts on time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('ScanWatcher', () => {
  it('never looks twice at once: a look asked for during one gets that one', async () => {
    let looks = 0;
    let release!: () => void;
    const watcher = new ScanWatcher({
      look: async () => {
        looks += 1;
        await new Promise<void>((r) => {
          release = r;
        });
        return { folder: '/x', picked: 0, matched: 0, refused: [] };
      },
    });
    const a = watcher.runOnce();
    const b = watcher.runOnce();
    expect(a).toBe(b);
    await until(() => looks === 1, 'the look started');
    release();
    await a;
    expect(looks).toBe(1);
    const c = watcher.runOnce();
    release();
    await c;
    expect(looks).toBe(2);
  });

  it('logs errors (the same one once) and never throws; logs what it took in and each refused file once', async () => {
    const lines: string[] = [];
    const answers: (FolderCheck | Error)[] = [
      new Error('扫描文件夹：“D:\\扫描”不存在，请在归档设置里改正'),
      new Error('扫描文件夹：“D:\\扫描”不存在，请在归档设置里改正'),
      { folder: 'D:\\扫描', picked: 2, matched: 1, refused: [{ name: 'a.txt', reason: '不是 PDF 或图片' }] },
      { folder: 'D:\\扫描', picked: 0, matched: 0, refused: [{ name: 'a.txt', reason: '不是 PDF 或图片' }] },
    ];
    const watcher = new ScanWatcher({
      log: (line) => lines.push(line),
      look: async () => {
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
    });
    for (let i = 0; i < 4; i++) await expect(watcher.runOnce()).resolves.toBeUndefined();
    expect(lines).toEqual([
      '[clerkdesk] 扫描文件夹没有检查完：扫描文件夹：“D:\\扫描”不存在，请在归档设置里改正',
      '[clerkdesk] 扫描文件夹又能读取了。',
      '[clerkdesk] 扫描文件夹：导入 2 份扫描件（1 份按文件名对上了工单或车辆）。',
      '[clerkdesk] 扫描文件夹：a.txt 没有导入：不是 PDF 或图片',
    ]);
  });

  it('stop waits for the look under way, and no look follows', async () => {
    let looks = 0;
    let release!: () => void;
    const watcher = new ScanWatcher({
      everyMs: 1,
      look: async () => {
        looks += 1;
        await new Promise<void>((r) => {
          release = r;
        });
        return null;
      },
    }).start();
    await until(() => looks === 1, 'the first look');
    let stopped = false;
    const stopping = watcher.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(looks).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(looks).toBe(1);
  });
});

describe('the runtime looks at the watched folder by itself', () => {
  it('takes a settled scan in, as 扫描文件夹 (audited as system), moves it to 已导入, and stops on close', async () => {
    const dir = tempDir('clerkdesk-watch-');
    dirs.push(dir);
    const folder = path.join(dir, 'scanner');
    fs.mkdirSync(folder);
    const runtime = await ArchiveRuntime.start({
      archivePath: path.join(dir, 'archive.sqlite'),
      schedule: false,
      scanWatch: { everyMs: 20 },
    });
    try {
      const cli: CallContext = { door: 'cli', session: new Session() };
      const setup = await runtime.dispatch(
        'setup.complete',
        {
          store: { name: '测试汽车服务有限公司', address: '', postalCode: '', phone: '' },
          users: [{ name: '管理员', role: 'admin', pin: '1234' }],
          demo: null,
        },
        cli,
      );
      expect(setup.ok).toBe(true);
      await writeFilingSettings(runtime.archive!.db, { ...DEFAULT_FILING_SETTINGS, watchFolder: folder });
      fs.writeFileSync(path.join(folder, 'scan0001.pdf'), PDF);
      fs.utimesSync(path.join(folder, 'scan0001.pdf'), LONG_AGO, LONG_AGO);
      await until(() => fs.existsSync(path.join(folder, WATCH_IMPORTED_DIR, 'scan0001.pdf')), 'moved to 已导入');
      const scans = runtime.archive!.sqlite!.prepare('SELECT original_name, source, added_by FROM scan').all();
      expect(scans).toEqual([{ original_name: 'scan0001.pdf', source: 'watch', added_by: '扫描文件夹' }]);
      const audit = runtime
        .archive!.sqlite!.prepare("SELECT actor FROM audit_log WHERE action = 'scans.checkFolder'")
        .all();
      expect(audit).toEqual([{ actor: 'system' }]);
    } finally {
      await runtime.close();
    }
  });
});

describe('the browser host takes a whole scan', () => {
  it('scans.upload may carry the largest scan the settings allow (100 MB as base64); other methods keep 2 MB', async () => {
    const largestBase64 = Math.ceil((SCAN_MAX_MB_LIMIT * 1024 * 1024 * 4) / 3);
    expect(METHOD_MAX_BODY_BYTES['scans.upload']).toBeGreaterThan(largestBase64 + 64 * 1024);
    expect(DEFAULT_MAX_BODY_BYTES).toBe(2 * 1024 * 1024);

    const t = await openSetUpArchive();
    const staticDir = tempDir('clerkdesk-static-');
    dirs.push(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ClerkDesk</title>');
    const host = await startBrowserHost({ dispatch: t.dispatch, session: new Session(), staticDir });
    try {
      const api = async (method: string, input: unknown) => {
        const res = await fetch(`http://127.0.0.1:${host.port}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-ClerkDesk-Token': host.token },
          body: JSON.stringify(input),
        });
        return { status: res.status, json: (await res.json()) as { ok: boolean; value?: unknown } };
      };
      const users = (await api('users.list', {})).json.value as { id: number; name: string }[];
      expect(
        (await api('session.login', { userId: users.find((u) => u.name === '小王')!.id, pin: '1111' })).json.ok,
      ).toBe(true);
      const scan = Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024, 0x20)]);
      const uploaded = await api('scans.upload', { name: 'big.pdf', contentBase64: scan.toString('base64') });
      expect(uploaded.status).toBe(200);
      expect(uploaded.json).toMatchObject({ ok: true, value: { bytes: scan.length, mime: 'application/pdf' } });
    } finally {
      await host.close();
      await t.close();
    }
  });
});
