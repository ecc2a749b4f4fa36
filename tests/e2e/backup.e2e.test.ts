import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchChromium, loginAs, shot, startHost, tempDir } from './harness';

/**
 * Issue 10, "a damaged archive leads the clerk to a restore in the UI": a store with a backup, its
 * archive file damaged while ClerkDesk was off, then the next start in a real Chromium against the
 * real browser host — only 档案库损坏 and the backups, a typed confirmation, and the store is back.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** As the page writes counts: 19,334. */
const n = (value: number) => value.toLocaleString('en-US');

interface Counts {
  customers: number;
  vehicles: number;
  repairOrders: number;
}

describe('a damaged archive leads to a restore (browser host, Chromium)', () => {
  it('backs up, finds the archive damaged at the next start, restores from the page shown, and works again', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'archive.sqlite');
    let host: Awaited<ReturnType<typeof startHost>> | null = null;
    try {
      // A store with a year of data and one backup made from 设置 → 备份与恢复.
      host = await startHost({ db });
      await api(host, 'setup.complete', {
        store: { name: '北京东城汽车销售服务有限公司', address: '', postalCode: '', phone: '' },
        users: [
          { name: '赵管理', role: 'admin', pin: '1234' },
          { name: '王小红', role: 'clerk', pin: '1111' },
        ],
        demo: { years: 1, seed: 7 },
      });
      await loginAs(host, '赵管理', '1234');
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.goto(host.url);
      await expect
        .poll(() => page.getByRole('button', { name: '备份状态' }).isVisible(), { timeout: 20_000 })
        .toBe(true);
      await page.getByRole('button', { name: '备份状态' }).click();
      const card = page.locator('#backup');
      await card.getByRole('button', { name: '立即备份' }).click();
      await expect.poll(() => card.getByText(/上次成功备份：/).isVisible(), { timeout: 30_000 }).toBe(true);
      await shot(page, 'backup-settings');
      const info = await api<{ counts: Counts }>(host, 'app.getInfo', {});
      expect(info.counts.customers).toBeGreaterThan(0);
      expect(await host.stop()).toBe(0);

      // The PC was switched off at the wall mid-write: the header is garbage now.
      const fd = fs.openSync(db, 'r+');
      fs.writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
      fs.closeSync(fd);

      host = await startHost({ db });
      await page.goto(host.url);
      await expect.poll(() => page.getByText('档案库损坏').first().isVisible(), { timeout: 20_000 }).toBe(true);
      // Nothing else of the app: no menu, no login.
      expect(await page.locator('.shell-sider').count()).toBe(0);
      await shot(page, 'backup-damaged-archive', false);
      await page.getByRole('button', { name: '恢复这个备份' }).first().click();
      const dialog = page.locator('.ant-modal');
      await expect
        .poll(() =>
          dialog
            .getByText(
              `客户 ${n(info.counts.customers)}，车辆 ${n(info.counts.vehicles)}，修理单 ${n(info.counts.repairOrders)}`,
            )
            .isVisible(),
        )
        .toBe(true);
      const restore = dialog.getByRole('button', { name: /^恢\s*复$/ });
      expect(await restore.isDisabled()).toBe(true);
      await dialog.getByLabel('确认恢复').fill('恢复');
      await shot(page, 'backup-restore-confirm', false);
      await restore.click();
      // The restored store's login screen; the damaged file kept aside, never written into.
      await expect
        .poll(() => page.getByText('请选择当前用户并输入 PIN。之后的每次修改都会记在这位用户名下。').isVisible(), {
          timeout: 30_000,
        })
        .toBe(true);
      await shot(page, 'backup-restored-login', false);
      expect(fs.readdirSync(dir).some((n) => n.startsWith('archive.sqlite.damaged-'))).toBe(true);
      await loginAs(host, '王小红', '1111');
      const after = await api<{ counts: Counts }>(host, 'app.getInfo', {});
      expect(after.counts).toEqual(info.counts);
      await page.close();
      expect(await host.stop()).toBe(0);
    } finally {
      // A failed step leaves no host behind.
      if (host && host.process.exitCode === null) await host.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
