import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src-shared/validation/vehicle-ids';
import { callApi, launchChromium, ROOT, type RunningHost, startHost } from './harness';

/**
 * 导入修理单 in a real Chromium against the real browser host: a GBK export with refused lines is
 * chosen, checked, looked at (refused lines downloaded in the file's own encoding), confirmed and
 * written; then the same file again (already imported, nothing new) and an old .xls (refused).
 * Screenshots go to test-results/ for a human to look at.
 */

const SHOTS = path.join(ROOT, 'test-results');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'import');
/** The import helper's GBK export (title lines, full-width digits, a multi-line cell, refused lines). */
const GBK_FIXTURE = path.join(FIXTURES, 'dms-gbk.csv');
const XLS_FIXTURE = path.join(FIXTURES, 'old.xls');
const FLAGS_FIXTURE = path.join(FIXTURES, 'dms-flags.csv');
const VIEWPORT = { width: 1440, height: 900 };

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The whole page: the shell scrolls inside .shell-content, so the window is made as tall as it. */
async function fullShot(page: Page, name: string): Promise<void> {
  const height = Number(await page.evaluate(`(document.querySelector('.shell-content')?.scrollHeight ?? 0) + 52`));
  await page.setViewportSize({ width: VIEWPORT.width, height: Math.max(VIEWPORT.height, height) });
  await page.waitForTimeout(200);
  await shot(page, name);
  await page.setViewportSize(VIEWPORT);
}

/** Today's export as a Chinese DMS writes it: GBK, ￥ and thousands separators, a totals row, bad lines. */
function generatedExport(): Buffer {
  const vin = (base: string) => withCheckDigit(base);
  const lines = [
    '北京东城汽车销售服务有限公司 维修工单明细',
    '导出时间：2026-11-22 17:30',
    '工单号,车牌号,车架号,车型,客户名称,联系电话,进厂时间,进厂里程,维修类别,服务顾问,工单状态,工时费,材料费,总金额',
    `RO2611220001,京A12345,${vin('LSVAU2180N2183456')},朗逸 1.5L 自动,张三,138 0013 8000,2026-11-22 08:40,12345,定保,李四,已结算,￥120.00,"￥1,280.50","￥1,400.50"`,
    `RO2611220002,京B54321,${vin('LFV2A21K0P3012345')},速腾 280TSI,王五,+86 139 0000 1111,2026-11-22 09:15,23456,一般维修,李四,在修,200,300,500`,
    `RO2611220003,京C88888,${vin('LSVCC2A41N2123456')},帕萨特,北京某某科技有限公司,010-64001234,2026-11-22 10:05,8800,首保,王芳,已交车,0,392.05,392.05`,
    'RO2611220004,京D11111,,宝来,赵六,13700001111,2026-13-45 10:00,100,一般维修,李四,在修,0,0,0',
    'RO2611220005,京E2,,高尔夫,钱七,1370000,2026-11-22 11:30,abc,定保,王芳,在修,100,100,200',
    '合计,,,,,,,,,,,420,"1,972.55","2,492.55"',
  ];
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk');
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

async function countOf(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-count="${key}"] .ant-statistic-content-value`).textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

describe('导入修理单 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const fromFixture = fs.existsSync(GBK_FIXTURE);
  const file = {
    name: fromFixture ? path.basename(GBK_FIXTURE) : 'DMS修理单-20261122.csv',
    mimeType: 'text/csv',
    buffer: fromFixture ? fs.readFileSync(GBK_FIXTURE) : generatedExport(),
  };
  let previewNew = 0;

  beforeAll(async () => {
    host = await startHost();
    const setup = await callApi(host.port, host.token, 'setup.complete', {
      store: {
        name: '北京东城汽车销售服务有限公司',
        address: '北京市东城区安定门外大街 88 号',
        postalCode: '100011',
        phone: '010-64001234',
      },
      users: [
        { name: '赵管理', role: 'admin', pin: '1234' },
        { name: '王小红', role: 'clerk', pin: '1111' },
      ],
      demo: null,
    });
    expect(setup.json).toMatchObject({ ok: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true });
    problems = watchProblems(page);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('checks a GBK export: counts, refused lines with their reasons, the mapping', async () => {
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await page.getByRole('button', { name: /导入 DMS 修理单/ }).click();
    await page.locator('h3', { hasText: '导入修理单' }).waitFor();
    expect(page.url()).toContain('#/daily/import');
    await page.waitForTimeout(300);
    await shot(page, 'import-01-choose');

    await page.locator('.import-drop input[type="file"]').setInputFiles(file);
    await page.locator('.import-preview').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await shot(page, 'import-02-preview');
    await fullShot(page, 'import-02b-preview-full');

    previewNew = await countOf(page, 'new');
    expect(previewNew).toBeGreaterThan(0);
    expect(await countOf(page, 'rejected')).toBeGreaterThan(0);
    const refused = page.locator('.import-rejected tbody tr.ant-table-row');
    expect(await refused.count()).toBeGreaterThan(0);
    expect(await page.locator('.import-preview .ant-card-head').textContent()).toContain('GBK');
    const firstRefusedValue = ((await refused.first().locator('td').nth(2).textContent()) ?? '').trim();
    if (!fromFixture) {
      expect(previewNew).toBe(3);
      expect(await countOf(page, 'rejected')).toBe(2);
      const text = await page.locator('.import-rejected').textContent();
      expect(text).toContain('进厂时间不存在（如 2月30日、25点），请核对后改正');
      expect(text).toContain('2026-13-45 10:00');
      // Sorted by line: the first refused line is line 7 (two title lines and the header above).
      expect(await refused.first().locator('td').first().textContent()).toBe('7');
    }

    // The refused lines come back as a file in the export's own encoding, to fix and import again.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载被拒绝的行/ }).click(),
    ]);
    const decoded = iconv.decode(fs.readFileSync(await download.path()), 'gbk');
    expect(decoded).toContain(firstRefusedValue);
    if (!fromFixture) {
      expect(decoded).toContain('工单号,车牌号');
      expect(decoded).toContain('RO2611220004');
      expect(decoded).not.toContain('RO2611220001');
    }
    expect(download.suggestedFilename()).toMatch(/\.(csv|xlsx)$/);
  });

  it('confirms with the counts, writes, and shows the result and the history', async () => {
    await page
      .getByRole('button', { name: /确认导入/ })
      .first()
      .click();
    const dialog = page.locator('.ant-modal-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`新增修理单 ${previewNew} 张`);
    await page.waitForTimeout(300);
    await shot(page, 'import-03-confirm');
    await dialog.getByRole('button', { name: /确认导入/ }).click();

    await page.locator('.import-result-summary').waitFor({ timeout: 30_000 });
    const summary = (await page.locator('.import-result-summary').textContent()) ?? '';
    expect(summary).toContain(`新增 ${previewNew} 张修理单`);
    await page.locator('.import-history tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('.import-history tbody tr.ant-table-row').first().textContent()).toContain('王小红');
    await page.waitForTimeout(300);
    await shot(page, 'import-04-result');
    await fullShot(page, 'import-04b-result-full');

    const orders = await callApi(host.port, host.token, 'repairOrders.list', {});
    expect((orders.json as { value: { total: number } }).value.total).toBe(previewNew);

    // 查看今天的修理单 opens the RO list filtered by today.
    await page.getByRole('button', { name: /查看今天的修理单/ }).click();
    await page.locator('.archive-table').first().waitFor();
    expect(page.url()).toMatch(/#\/archive\/repair-orders\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    await page.goBack();
    await page.locator('.import-result-summary').waitFor();
    // 去对单 opens the day's reconciliation.
    await page.getByRole('button', { name: /去对单/ }).click();
    await expect.poll(() => page.url()).toMatch(/#\/daily\/reconcile\?date=\d{4}-\d{2}-\d{2}$/);
    await page.waitForTimeout(300);
    await shot(page, 'import-04c-reconcile');
    await page.goBack();
    await page.locator('.import-result-summary').waitFor();
  });

  it('warns when the same file comes again, and refuses an old .xls with the reason', async () => {
    await page.getByRole('button', { name: /再导入一个文件/ }).click();
    await page.locator('.import-drop input[type="file"]').setInputFiles(file);
    await page.locator('.import-preview').waitFor({ timeout: 30_000 });
    const warning = (await page.locator('.import-preview .ant-alert-warning').textContent()) ?? '';
    expect(warning).toMatch(/这个文件在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 由 王小红 导入过/);
    expect(await countOf(page, 'new')).toBe(0);
    expect(await countOf(page, 'unchanged')).toBe(previewNew);
    await page.waitForTimeout(300);
    await shot(page, 'import-05-again');

    await page
      .getByRole('button', { name: /重新选择文件/ })
      .first()
      .click();
    await page.locator('.import-drop input[type="file"]').setInputFiles({
      name: '修理单.xls',
      mimeType: 'application/vnd.ms-excel',
      buffer: fs.existsSync(XLS_FIXTURE)
        ? fs.readFileSync(XLS_FIXTURE)
        : Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0]),
    });
    await page.locator('.import-error').waitFor();
    expect(await page.locator('.import-error').textContent()).toContain('另存为');
    await page.waitForTimeout(300);
    await shot(page, 'import-06-xls');
  });

  it('shows rows that disagree with the archive as lines to check, and reads in English too', async () => {
    const flagged = fs.existsSync(FLAGS_FIXTURE)
      ? { name: 'dms-flags.csv', mimeType: 'text/csv', buffer: fs.readFileSync(FLAGS_FIXTURE) }
      : null;
    if (flagged) await checkFlags(flagged);
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });

  async function checkFlags(flagged: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    // 京A12345 is in the archive now (from the first file), with another VIN and owner.
    await page.locator('.import-drop input[type="file"]').setInputFiles(flagged);
    await page.locator('.import-preview').waitFor({ timeout: 30_000 });
    await page.locator('.import-flags tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('.import-flags').textContent()).toContain('档案里原有的信息不会被覆盖');
    await page.waitForTimeout(300);
    await fullShot(page, 'import-07-flags');

    // The English interface on the same preview.
    await page.getByText('English', { exact: true }).first().click();
    await page.locator('h3', { hasText: 'Import repair orders' }).waitFor();
    await page.waitForTimeout(300);
    await fullShot(page, 'import-08-flags-english');
    await page.getByText('中文', { exact: true }).first().click();
  }
});

/** A long day's export (valid rows only), under the browser host's request limit once in base64. */
function bigExport(rows: number): Buffer {
  const lines = ['工单号,车牌号,客户名称,联系电话,进厂时间,进厂里程,维修类别,工单状态,总金额'];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(5, '0');
    const minute = String(i % 60).padStart(2, '0');
    lines.push(
      `RO26112${n},京A${n},客户${n},138${String(i).padStart(8, '0')},2026-11-22 09:${minute},${1000 + i},定保,已结算,${100 + (i % 900)}.00`,
    );
  }
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk');
}

describe('导入修理单: a long file in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    // Slow commit chunks (test hook of the import service), so the clerk has time to watch and cancel.
    host = await startHost({ env: { CLERKDESK_TEST_PAUSE_COMMIT_MS: '1500' } });
    const setup = await callApi(host.port, host.token, 'setup.complete', {
      store: { name: '北京东城汽车销售服务有限公司', address: '北京市东城区安定门外大街 88 号', postalCode: '100011' },
      users: [
        { name: '赵管理', role: 'admin', pin: '1234' },
        { name: '王小红', role: 'clerk', pin: '1111' },
      ],
      demo: null,
    });
    expect(setup.json).toMatchObject({ ok: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    problems = watchProblems(page);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows progress while writing, survives leaving the page, and 取消 takes everything back', async () => {
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await page.evaluate(`window.location.hash = '#/daily/import'`);
    await page.locator('h3', { hasText: '导入修理单' }).waitFor();
    const rows = 10_000;
    await page
      .locator('.import-drop input[type="file"]')
      .setInputFiles({ name: 'DMS修理单-全天.csv', mimeType: 'text/csv', buffer: bigExport(rows) });
    await page.locator('.import-preview').waitFor({ timeout: 60_000 });
    expect(await countOf(page, 'new')).toBe(rows);
    expect(await countOf(page, 'rejected')).toBe(0);

    await page
      .getByRole('button', { name: /确认导入/ })
      .first()
      .click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确认导入/ })
      .click();
    const progress = page.locator('.import-progress');
    await progress.waitFor();
    await expect.poll(() => progress.textContent()).toContain('写入中');
    // The commit runs in the import worker: its first progress message can take a moment on a busy machine.
    await expect.poll(() => progress.textContent(), { timeout: 15_000 }).toMatch(/[1-9][\d,]* \/ 10,000 行/);
    await page.waitForTimeout(500); // the bar's own transition
    await shot(page, 'import-09-writing');

    // Away to 今日工作台 and back: the same job, still writing.
    await page.evaluate(`window.location.hash = '#/today'`);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await page.evaluate(`window.location.hash = '#/daily/import'`);
    await progress.waitFor();
    expect(await progress.textContent()).toContain('写入中');

    await progress.getByRole('button', { name: /取\s*消/ }).click();
    await page.getByText('已取消导入“DMS修理单-全天.csv”，档案没有改动。').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await shot(page, 'import-10-cancelled');
    const orders = await callApi(host.port, host.token, 'repairOrders.list', {});
    expect((orders.json as { value: { total: number } }).value.total).toBe(0);
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
