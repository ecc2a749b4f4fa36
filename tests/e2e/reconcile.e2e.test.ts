import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, E2E_TODAY, launchChromium, ROOT, type RunningHost, startHost } from './harness';

/**
 * 对单 in a real Chromium against the real browser host: the store is set up and the day's ROs are
 * created through the API (for speed), then the clerk ticks the paper sheet in hand by typing its
 * number and Enter (as a barcode scanner does), notes the one not on paper, and completes the day.
 * Screenshots go to test-results/ for a human to look at.
 */

const SHOTS = path.join(ROOT, 'test-results');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300); // let antd's transitions settle
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function api<T>(host: RunningHost, method: string, input: unknown): Promise<T> {
  const response = await callApi(host.port, host.token, method, input);
  const result = response.json as { ok: boolean; value: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value;
}

describe('对单 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const today = E2E_TODAY;
  const prefix = `RO${today.replace(/-/g, '').slice(2)}`;
  const onPaper = `${prefix}0101`;
  const notOnPaper = `${prefix}0102`;

  beforeAll(async () => {
    host = await startHost();
    await api(host, 'setup.complete', {
      store: { name: '北京东城汽车销售服务有限公司', address: '北京市东城区安定门外大街 88 号', postalCode: '100011' },
      users: [
        { name: '赵管理', role: 'admin', pin: '1234' },
        { name: '王小红', role: 'clerk', pin: '1111' },
      ],
      demo: null,
    });
    const owner = await api<{ record: { id: number } }>(host, 'customers.create', {
      name: '陈一鸣',
      mobile: '13987654321',
    });
    const car = await api<{ record: { id: number } }>(host, 'vehicles.create', {
      plate: '京A66888',
      model: '朗逸',
      ownerId: owner.record.id,
    });
    const other = await api<{ record: { id: number } }>(host, 'vehicles.create', { plate: '京N12345' });
    await api(host, 'repairOrders.create', {
      roNumber: onPaper,
      vehicleId: car.record.id,
      openedAt: `${today} 08:40`,
      type: 'periodic_service',
      advisorName: '刘顾问',
    });
    await api(host, 'repairOrders.create', {
      roNumber: notOnPaper,
      vehicleId: other.record.id,
      openedAt: `${today} 09:15`,
      type: 'repair',
      status: 'completed',
      completedAt: `${today} 11:30`,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('ticks one sheet by typing + Enter, shows the other as 系统有、纸质无, takes a note and completes', async () => {
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    const reconcileTask = page.locator('.day-task[data-task="reconcile"]');
    await expect.poll(() => reconcileTask.getAttribute('class')).toContain('day-task-open');
    await reconcileTask.locator('a').click();
    await page.locator('h3', { hasText: '日报' }).waitFor();
    const scan = page.getByLabel('扫码或输入工单号', { exact: true });
    await scan.waitFor();
    await expect.poll(() => scan.evaluate((el) => el.matches(':focus'))).toBe(true);

    // The scanner "types" into whatever has the focus: the scan box.
    await page.keyboard.type(onPaper.toLowerCase());
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.scan-feedback').textContent()).toContain(`已勾选 ${onPaper}`);
    await expect.poll(() => scan.inputValue()).toBe('');
    await expect.poll(() => scan.evaluate((el) => el.matches(':focus'))).toBe(true);
    const missing = page.locator('.discrepancy-missing_on_paper tbody');
    await expect.poll(() => missing.textContent()).toContain(notOnPaper);
    expect(await missing.textContent()).not.toContain(onPaper);
    expect(await missing.textContent()).toContain('京N12345');
    await expect.poll(() => page.locator('.reconcile-ticks tbody').textContent()).toContain(onPaper);

    await page.getByRole('button', { name: /对单完成/ }).click();
    await page.getByText(/还不能完成对单/).waitFor();
    await shot(page, 'reconcile-01-open');

    await page.getByLabel(`${notOnPaper} 的说明`).fill('客户未取车，单据在服务顾问处');
    await expect
      .poll(async () => {
        const day = await api<{ missingOnPaper: { note: string }[] }>(host, 'reconciliation.getDay', { date: today });
        return day.missingOnPaper[0]?.note;
      })
      .toBe('客户未取车，单据在服务顾问处');
    await expect.poll(() => page.getByText(/还不能完成对单/).count()).toBe(0);
    await page.getByRole('button', { name: /对单完成/ }).click();
    await page.getByText('对单已完成：王小红', { exact: false }).waitFor();
    await shot(page, 'reconcile-02-completed');

    const summary = await api<Record<string, unknown>>(host, 'reconciliation.summary', { date: today });
    expect(summary).toMatchObject({
      inArchive: 2,
      ticked: 1,
      missingOnPaper: 1,
      missingInArchive: 0,
      statusMismatch: 0,
      unresolved: 0,
      completedBy: '王小红',
    });

    await page.locator('.ant-menu-item', { hasText: '今日工作台' }).click();
    await expect.poll(() => reconcileTask.getAttribute('class')).toContain('day-task-done');
    await expect.poll(() => reconcileTask.textContent()).toContain('已完成对单（王小红');
    await shot(page, 'reconcile-03-today');

    // The same page in English reads as well.
    await page.getByText('English', { exact: true }).first().click();
    await reconcileTask.getByText('Reconcile', { exact: true }).click();
    await page.getByText('Reconciliation completed by 王小红', { exact: false }).waitFor();
    await shot(page, 'reconcile-04-english');
    await page.getByText('中文', { exact: true }).first().click();
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
