import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { callApi, launchChromium, ROOT, type RunningHost, startHost } from './harness';

/**
 * The clerk's first day, in a real Chromium against the real browser host on a fresh archive:
 * set-up, a customer, their vehicle, a repair order, and finding them again with Ctrl+K.
 * Screenshots go to test-results/ (gitignored) for a human to look at.
 */

const SHOTS = path.join(ROOT, 'test-results');
const SAVE = /保\s*存/;

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

async function choose(page: Page, controlId: string, label: string): Promise<void> {
  await page.locator(`#${controlId}`).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
}

async function firstRun(page: Page, options: { demoYears: number | null }): Promise<void> {
  await expect.poll(() => page.getByText('欢迎使用 ClerkDesk 售后信息员工作台').isVisible()).toBe(true);
  await page.getByLabel('门店名称').fill('北京东城汽车销售服务有限公司');
  await page.getByLabel(/^地址/).fill('北京市东城区安定门外大街 88 号');
  await page.getByLabel(/^邮政编码/).fill('100011');
  await page.getByLabel(/^电话/).fill('010-64001234');
  await shot(page, options.demoYears ? 'demo-00-setup-store' : 'e2e-01-setup-store');
  await page.getByRole('button', { name: /下一步/ }).click();

  await page.getByLabel('姓名（第 1 行）').fill('赵管理');
  await page.getByLabel('PIN（第 1 行）', { exact: true }).fill('1234');
  await page.getByLabel('再次输入 PIN（第 1 行）').fill('1234');
  await page.getByLabel('姓名（第 2 行）').fill('王小红');
  await page.getByLabel('PIN（第 2 行）', { exact: true }).fill('1111');
  await page.getByLabel('再次输入 PIN（第 2 行）').fill('1111');
  await shot(page, options.demoYears ? 'demo-00-setup-users' : 'e2e-02-setup-users');
  await page.getByRole('button', { name: /下一步/ }).click();

  if (options.demoYears) {
    await page.getByText('示例数据', { exact: true }).click();
    await shot(page, 'demo-00-setup-data');
  } else {
    await expect.poll(() => page.getByText('空档案', { exact: true }).isVisible()).toBe(true);
  }
  await page.getByRole('button', { name: /完成设置/ }).click();
  await page.locator('h3', { hasText: '今日工作台' }).waitFor({ timeout: 90_000 });
}

describe('the clerk’s first day in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    host = await startHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    problems = watchProblems(page);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('sets up the store with an admin and a clerk on an empty archive', async () => {
    await page.goto(host.url);
    // The token leaves the address bar at once.
    await expect.poll(() => page.url()).not.toContain('token=');
    await firstRun(page, { demoYears: null });
    await expect.poll(() => page.locator('header').textContent()).toContain('王小红');
    await shot(page, 'e2e-03-today-empty');
    const info = await callApi(host.port, host.token, 'app.getInfo', {});
    expect(info.json).toMatchObject({ ok: true, value: { needsSetup: false, counts: { customers: 0 } } });
  });

  it('creates a customer, a vehicle with that owner (refusing a bad VIN first) and a repair order', async () => {
    await page.getByRole('button', { name: /新建客户/ }).click();
    await page.getByLabel('姓名/名称').fill('陈一鸣');
    await page.getByLabel(/^手机号/).fill('139 8765 4321');
    await page.getByLabel(/^地址/).fill('北京市东城区和平里东街 5 号院 3-201');
    await page.getByLabel(/^邮政编码/).fill('100013');
    await page.keyboard.press('Control+s');
    await page.locator('h3', { hasText: '陈一鸣' }).waitFor();
    expect(page.url()).toMatch(/#\/archive\/customers\/\d+$/);

    await page.getByRole('button', { name: /为此客户新建车辆/ }).click();
    await page.locator('h3', { hasText: '新建车辆' }).waitFor();
    await expect
      .poll(() => page.locator('.ant-form-item', { has: page.locator('#ownerId') }).textContent())
      .toContain('陈一鸣');
    const vin = withCheckDigit('LSVCC2A41N2123456');
    const badVin = `${vin.slice(0, 8)}${vin[8] === '5' ? '6' : '5'}${vin.slice(9)}`;
    await page.getByLabel(/^车牌号/).fill('京a66888');
    await page.getByLabel(/^车架号/).fill(badVin);
    await page.getByLabel(/^车型/).fill('朗逸 1.5L 自动');
    await page.getByRole('button', { name: SAVE }).click();
    const vinItem = page.locator('.ant-form-item', { has: page.locator('#vin') });
    await expect.poll(() => vinItem.textContent()).toContain('车架号第 9 位校验位不符，请逐位核对行驶证');
    await shot(page, 'e2e-04-vehicle-bad-vin');
    const vehicles = await callApi(host.port, host.token, 'vehicles.list', {});
    expect(vehicles.json).toMatchObject({ ok: true, value: { total: 0 } });

    await page.getByLabel(/^车架号/).fill(vin);
    await page.getByRole('button', { name: SAVE }).click();
    await page.locator('h3', { hasText: '京A66888' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: '陈一鸣' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: /为此车新建修理单/ }).click();
    await page.locator('h3', { hasText: '新建修理单' }).waitFor();
    await page.getByLabel('工单号').fill('RO2611220001');
    await page.locator('#mileageIn').fill('5230');
    await choose(page, 'type', '首保');
    await page.getByRole('button', { name: /添加工时项目/ }).click();
    await page.getByLabel('项目名称').fill('首次保养');
    await page.getByLabel('金额（元）').fill('0');
    await page.getByRole('button', { name: /添加材料项目/ }).click();
    await page.getByLabel('名称', { exact: true }).fill('机油 5W-30 4L');
    await page.getByLabel('单价（元）').fill('392.05');
    await expect.poll(() => page.locator('.totals-bar').textContent()).toContain('¥392.05');
    await shot(page, 'e2e-05-ro-form');
    await page.getByRole('button', { name: SAVE }).click();
    await page.locator('h3', { hasText: 'RO2611220001' }).waitFor();
    await shot(page, 'e2e-06-ro-detail');
  });

  it('finds them again with Ctrl+K: by the last 4 of the phone, by pinyin initials, by a plate fragment', async () => {
    const searchBox = page.locator('.quick-search input[role="combobox"]');

    await page.keyboard.press('Control+k');
    await searchBox.fill('4321');
    const byPhone = page.getByRole('option', { name: /陈一鸣/ }).first();
    await byPhone.waitFor();
    expect(await byPhone.textContent()).toContain('手机');
    await shot(page, 'e2e-07-search-phone');
    await page.keyboard.press('Enter');
    await page.locator('h3', { hasText: '陈一鸣' }).waitFor();

    // The owner's vehicle is listed right under the owner: one arrow key from the car.
    await page.keyboard.press('Control+k');
    await searchBox.fill('4321');
    const ownersCar = page.getByRole('option', { name: /京A66888/ });
    await ownersCar.waitFor();
    expect(await ownersCar.textContent()).toContain('车主');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('h3', { hasText: '京A66888' }).waitFor();
    await expect.poll(() => page.locator('.history-card').textContent()).toContain('RO2611220001');
    await shot(page, 'e2e-07b-search-phone-vehicle');

    await page.keyboard.press('Control+k');
    await searchBox.fill('cym');
    const byPinyin = page.getByRole('option', { name: /陈一鸣/ }).first();
    await byPinyin.waitFor();
    expect(await byPinyin.textContent()).toContain('拼音');
    await page.keyboard.press('Enter');
    await page.locator('h3', { hasText: '陈一鸣' }).waitFor();
    expect(page.url()).toMatch(/#\/archive\/customers\/\d+$/);

    await page.keyboard.press('Control+k');
    await searchBox.fill('A668');
    await page.getByRole('option', { name: /京A66888/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('h3', { hasText: '京A66888' }).waitFor();
    // The history card shows the order just made.
    await expect.poll(() => page.locator('.history-card').textContent()).toContain('RO2611220001');
    await shot(page, 'e2e-08-vehicle-history');

    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});

describe('the main screens with demo data', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    host = await startHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    problems = watchProblems(page);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('first run with 示例数据 (1 year), then every main screen', async () => {
    await page.goto(host.url);
    await firstRun(page, { demoYears: 1 });
    await page.waitForTimeout(500);
    await shot(page, 'demo-01-today');

    const visit = async (hash: string, name: string, ready: () => Promise<unknown>) => {
      // A string expression: this file is type-checked without the DOM library.
      await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
      await ready();
      await page.waitForTimeout(300);
      await shot(page, name);
    };
    const rows = () => page.locator('.archive-table tbody tr.ant-table-row').first().waitFor();
    await visit('#/archive/customers', 'demo-02-customers', rows);
    await visit('#/archive/vehicles', 'demo-03-vehicles', rows);
    await visit('#/archive/repair-orders', 'demo-04-repair-orders', rows);
    await visit('#/archive/repair-orders?type=first_service&status=settled', 'demo-05-repair-orders-filtered', rows);

    // A vehicle with several visits: the first one on the RO list.
    await visit('#/archive/repair-orders?sort=openedAt&order=asc', 'demo-06-repair-orders-oldest', rows);
    await page.locator('.archive-table tbody tr.ant-table-row').first().locator('td').nth(2).locator('a').click();
    await page.locator('.history-card').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'demo-07-vehicle');
    await page.locator('.history-card tbody tr.ant-table-row').first().locator('td').nth(3).click();
    await page.locator('.totals').waitFor();
    await shot(page, 'demo-08-repair-order');
    await page.keyboard.press('e');
    await page.locator('.totals-bar').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'demo-09-repair-order-edit');
    await page.keyboard.press('Escape');
    await page.locator('.totals').waitFor();
    await page.getByText('客户', { exact: true }).first().waitFor();
    await page.locator('.ant-descriptions a[href^="#/archive/customers/"]').first().click();
    await page.locator('h3').first().waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'demo-10-customer');

    await page.keyboard.press('Control+k');
    await page.locator('.quick-search input[role="combobox"]').fill('浙A8');
    await page.getByRole('option').first().waitFor();
    await shot(page, 'demo-11-quick-search');
    await page.keyboard.press('Escape');

    await visit('#/archive/customers/new', 'demo-12-customer-form', () => page.locator('#name').waitFor());
    await visit('#/settings', 'demo-13-settings', () => page.locator('h3', { hasText: '设置' }).waitFor());
    await visit('#/statistics', 'demo-14-statistics', () => page.locator('h3', { hasText: '统计' }).waitFor());
    await page.getByText('English', { exact: true }).first().click();
    await visit('#/today', 'demo-15-today-english', () => page.locator('h3', { hasText: 'Today' }).waitFor());
    await visit('#/archive/vehicles', 'demo-16-vehicles-english', rows);
    await page.getByText('中文', { exact: true }).first().click();

    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
