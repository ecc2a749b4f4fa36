import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { emptyPgDatabase, testPgAdminUrl, withPgClient } from '../support/pg';
import { api, counterPage, launchChromium, loginAs, type RunningHost, shot, startHost } from './harness';

/**
 * Two counters on one shared archive (issue 16): two real browser hosts, each started with
 * `--db postgres://…` on the same fresh database of the PostgreSQL server, each with its own
 * Chromium page. What one counter writes the other finds; the server's password is never shown.
 * Only when a server is given (CLERKDESK_TEST_PG; .ci/run starts one).
 */
const PASSWORD = 'geheim-Kennwort-16';

/** The address as a store would configure it, with a password (the test server trusts local connections and ignores it). */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.toString();
}

describe.skipIf(!testPgAdminUrl())('two browser hosts on one PostgreSQL archive', () => {
  let database: { url: string; drop(): Promise<void> };
  let host1: RunningHost;
  let host2: RunningHost;
  let browser: Browser;
  let page1: Page;
  let page2: Page;
  const problems: string[] = [];
  const plate = '京A16016';
  let customerId = 0;

  beforeAll(async () => {
    database = await emptyPgDatabase();
    const url = withPassword(database.url);
    host1 = await startHost({ db: url });
    // The first host made the archive's tables; the second opens it as the second counter's PC would.
    await api(host1, 'setup.complete', {
      store: { name: '北京东城汽车销售服务有限公司', address: '北京市东城区安定门外大街 88 号', postalCode: '100011' },
      users: [
        { name: '赵管理', role: 'admin', pin: '1234' },
        { name: '王小红', role: 'clerk', pin: '1111' },
        { name: '李小兰', role: 'clerk', pin: '3333' },
      ],
      demo: null,
    });
    host2 = await startHost({ db: url });
    await loginAs(host1, '王小红', '1111');
    await loginAs(host2, '李小兰', '3333');
    browser = await launchChromium();
    page1 = await counterPage(browser, problems);
    page2 = await counterPage(browser, problems);
  });
  afterAll(async () => {
    await browser?.close();
    await host1?.stop();
    await host2?.stop();
    await database?.drop();
  });

  it('shows the server address without its password (app.getInfo and 设置 → 档案库位置)', async () => {
    for (const host of [host1, host2]) {
      const info = await api<{ archivePath: string; needsSetup: boolean }>(host, 'app.getInfo', {});
      expect(info.needsSetup).toBe(false);
      expect(info.archivePath).not.toContain(PASSWORD);
      expect(info.archivePath).toContain('127.0.0.1');
      expect(info.archivePath).toContain(new URL(database.url).pathname);
      expect(host.stderr()).not.toContain(PASSWORD);
    }
    await page1.goto(host1.url);
    await page1.evaluate(`window.location.hash = '#/settings'`);
    await page1.locator('h3', { hasText: '设置' }).waitFor();
    const shown = page1.locator('.path-text').first();
    await expect.poll(() => shown.textContent()).toContain('postgres://');
    expect(await shown.textContent()).not.toContain(PASSWORD);
    await shot(page1, 'shared-server-01-host1-settings');
  });

  it('设置 → 档案库: the admin tests another server database and saves it for the next start; the password is never shown', async () => {
    const other = await emptyPgDatabase();
    try {
      await loginAs(host1, '赵管理', '1234');
      // The page is already open as the clerk (the card is the admin's): load it again as the admin.
      await page1.goto(host1.url);
      await page1.evaluate(`window.location.hash = '#/settings'`);
      await page1.reload();
      const card = page1.locator('.archive-location');
      await card.waitFor();
      // Started with --db: the card says the setting applies only to a start without it.
      expect(await card.locator('.archive-location-overridden').textContent()).toContain('--db');
      await card.getByRole('button', { name: /更改档案库位置/ }).click();
      const dialog = page1.getByRole('dialog');
      const server = new URL(other.url);
      await dialog.getByLabel('服务器地址').fill(server.hostname);
      await dialog.getByLabel('端口').fill(server.port);
      await dialog.getByLabel('数据库').fill(decodeURIComponent(server.pathname.slice(1)));
      await dialog.getByLabel('用户名').fill(decodeURIComponent(server.username));
      await dialog.getByLabel('密码').fill(PASSWORD);
      await dialog.getByRole('button', { name: '测试连接' }).click();
      // An empty database: usable once the archive is copied there, and the dialog says how.
      const check = dialog.locator('.archive-location-check');
      await expect.poll(() => check.textContent()).toContain('可以使用，但要先复制档案');
      expect(await dialog.locator('.archive-location-command').textContent()).toContain('migrate-archive');
      await shot(page1, 'shared-server-01b-archive-location-test');
      await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
      await page1
        .getByRole('dialog')
        .filter({ hasText: '保存档案库位置？' })
        .getByRole('button', { name: /^保\s*存$/ })
        .click();
      const restart = card.locator('.archive-location-restart');
      await restart.waitFor();
      expect(await restart.textContent()).toContain('已保存，重新启动后使用');
      expect(await card.textContent()).toContain(decodeURIComponent(server.pathname.slice(1)));
      expect(await page1.locator('body').textContent()).not.toContain(PASSWORD);
      await shot(page1, 'shared-server-01c-archive-location-saved');
      // archive.json in the host's user-data folder names it, readable by this user only.
      const settingFile = path.join(host1.configDir, 'ClerkDesk', 'archive.json');
      expect(JSON.parse(fs.readFileSync(settingFile, 'utf8')).db).toContain(server.pathname);
      if (process.platform !== 'win32') expect(fs.statSync(settingFile).mode & 0o777).toBe(0o600);
      // Testing and saving wrote nothing into the database tested.
      const tables = await withPgClient(other.url, (c) =>
        c.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()`),
      );
      expect(tables.rowCount).toBe(0);
    } finally {
      await loginAs(host1, '王小红', '1111');
      await other.drop();
    }
  });

  it('a customer and vehicle made through host 1 are found by quick search in host 2’s page', async () => {
    const customer = await api<{ record: { id: number } }>(host1, 'customers.create', {
      name: '共享甲',
      mobile: '13816016016',
    });
    customerId = customer.record.id;
    await api(host1, 'vehicles.create', {
      plate,
      vin: withCheckDigit('LSVAU2180N2160160'),
      model: '帕萨特',
      ownerId: customerId,
    });

    await page2.goto(host2.url);
    const searchBox = page2.locator('.quick-search input[role="combobox"]');
    // Host 2's page counts the customer host 1 made, then finds it with Ctrl+K.
    await page2.locator('h3', { hasText: '今日工作台' }).waitFor();
    await page2.keyboard.press('Control+k');
    await searchBox.fill('6016');
    // The customer's row (with the phone); the vehicle row names its owner too.
    const byPhone = page2.getByRole('option').filter({ hasText: '13816016016' }).first();
    await byPhone.waitFor();
    await shot(page2, 'shared-server-02-host2-search');
    // The plate 京A16016 matches the same four digits and ranks first: open the customer's row.
    await byPhone.click();
    await page2.locator('h3', { hasText: '共享甲' }).waitFor();

    await page2.keyboard.press('Control+k');
    await searchBox.fill('A160');
    await page2
      .getByRole('option', { name: new RegExp(plate) })
      .first()
      .waitFor();
    await page2.keyboard.press('Enter');
    await page2.locator('h3', { hasText: plate }).waitFor();
    await shot(page2, 'shared-server-03-host2-vehicle');
  });

  it('a change made in host 2 shows in host 1 after reload', async () => {
    await page1.goto(host1.url);
    await page1.evaluate(`window.location.hash = '#/archive/customers/${customerId}'`);
    await page1.locator('h3', { hasText: '共享甲' }).waitFor();
    await shot(page1, 'shared-server-04-host1-before');

    await api(host2, 'customers.update', {
      id: customerId,
      name: '共享乙',
      mobile: '13816016016',
      address: '北京市东城区和平里 16 号',
    });

    await page1.reload();
    await page1.locator('h3', { hasText: '共享乙' }).waitFor();
    await expect.poll(() => page1.locator('.shell-content').textContent()).toContain('北京市东城区和平里 16 号');
    await shot(page1, 'shared-server-05-host1-after-reload');

    // The audit log, read on the server itself, says which counter made the change.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const audit = await client.query<{ actor: string }>(
        `SELECT actor FROM audit_log WHERE action = 'customer.update' AND entity_id = $1`,
        [customerId],
      );
      expect(audit.rows.map((r) => r.actor)).toEqual(['李小兰']);
    } finally {
      await client.end();
    }
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
