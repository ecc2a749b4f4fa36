import fs from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, E2E_TODAY, launchChromium, type RunningHost, shot, startHost } from './harness';

/**
 * The daily report in a real Chromium against the real browser host: the store, its users and the
 * day's ROs are set up through the API (for speed); then the clerk does the day's close in the UI:
 * sees what blocks the report, fixes the RO it names, ticks the paper folder, confirms, has the
 * service manager sign at the counter (a wrong PIN first), sees the signed report stay as signed
 * after an RO changes, starts a correction, exports XLSX and PDF and opens the print preview.
 * Screenshots go to test-results/ for a human to look at.
 */

const SAVE = /保\s*存/;

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const waiting = page.waitForEvent('download');
  await click();
  const download: Download = await waiting;
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe('日报 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const today = E2E_TODAY;
  const prefix = `RO${today.replace(/-/g, '').slice(2)}`;
  const unpriced = `${prefix}0201`; // delivered without an amount: blocks the report
  const inRepair = `${prefix}0202`;
  const firstService = `${prefix}0203`; // delivered, priced
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    host = await startHost();
    await api(host, 'setup.complete', {
      store: { name: '北京东城汽车销售服务有限公司', address: '北京市东城区安定门外大街 88 号', postalCode: '100011' },
      users: [
        { name: '赵管理', role: 'admin', pin: '1234' },
        { name: '王小红', role: 'clerk', pin: '1111' },
        { name: '王经理', role: 'manager', pin: '2580' },
      ],
      demo: null,
    });
    const owner = await api<{ record: { id: number } }>(host, 'customers.create', {
      name: '陈一鸣',
      mobile: '13987654321',
    });
    const plates = ['京A66888', '京N12345', '京AD10086'];
    const cars: number[] = [];
    for (const plate of plates)
      cars.push(
        (
          await api<{ record: { id: number } }>(host, 'vehicles.create', {
            plate,
            model: '朗逸',
            ownerId: owner.record.id,
          })
        ).record.id,
      );
    const ros = [
      {
        roNumber: unpriced,
        vehicleId: cars[0],
        openedAt: `${today} 08:40`,
        type: 'periodic_service',
        status: 'delivered',
        deliveredAt: `${today} 11:20`,
        advisorName: '刘顾问',
      },
      { roNumber: inRepair, vehicleId: cars[1], openedAt: `${today} 09:15`, type: 'repair', advisorName: '孙顾问' },
      {
        roNumber: firstService,
        vehicleId: cars[2],
        openedAt: `${today} 09:30`,
        type: 'first_service',
        status: 'delivered',
        deliveredAt: `${today} 10:45`,
        advisorName: '刘顾问',
        laborFen: 20_000,
        partsFen: 35_050,
      },
    ];
    for (const ro of ros)
      ids[ro.roNumber] = (await api<{ record: { id: number } }>(host, 'repairOrders.create', ro)).record.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const status = () => page.locator('.report-bar .report-status').textContent();
  const blocks = () => page.locator('.finding-block');

  it('finds what blocks, fixes it, confirms, and the manager signs (a wrong PIN first)', async () => {
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    const reportTask = page.locator(`.day-task a[href="#/daily/report?date=${today}"]`);
    await reportTask.waitFor();
    await shot(page, 'today-board');

    await reportTask.click();
    await page.locator('.tally-card').waitFor();
    await expect.poll(status).toBe('未核对');
    await expect.poll(() => blocks().count()).toBe(2);
    expect(await blocks().nth(0).textContent()).toContain(`修理单 ${unpriced}`);
    expect(await blocks().nth(1).textContent()).toContain('对单还有 3 条差异没有说明');
    expect(await page.getByRole('button', { name: /核对确认/ }).isDisabled()).toBe(true);
    await page.getByText('还有 2 个问题必须先改正（红色），改好后才能核对确认。').waitFor();
    await shot(page, 'daily-report-blocked');

    // 去修改 opens the RO's form; the clerk enters the amounts from the settlement sheet.
    await blocks().nth(0).getByRole('link', { name: '去修改' }).click();
    await page.locator('h3', { hasText: '编辑修理单' }).waitFor();
    expect(await page.getByLabel('工单号').inputValue()).toBe(unpriced);
    await page.getByLabel('没有明细时的工时费合计（元）').fill('300');
    await page.getByLabel('没有明细时的材料费合计（元）').fill('120.5');
    await page.getByRole('button', { name: SAVE }).click();
    await page.locator('h3', { hasText: unpriced }).waitFor();
    await expect.poll(() => page.url()).toContain(`#/archive/repair-orders/${ids[unpriced]}`);

    // Back on the report: the 对单 finding is left; its link goes to the day's 对单.
    await page.goto(`${host.baseUrl}#/daily/report?date=${today}`);
    await expect.poll(() => blocks().count()).toBe(1);
    await blocks().nth(0).getByRole('link', { name: '去修改' }).click();
    const scan = page.getByLabel('扫码或输入工单号', { exact: true });
    await scan.waitFor();
    for (const ro of [unpriced, inRepair, firstService]) {
      await scan.fill(ro);
      await scan.press('Enter');
      await expect.poll(() => page.locator('.scan-feedback').textContent()).toContain(`已勾选 ${ro}`);
    }
    await page.getByRole('button', { name: /对单完成/ }).click();
    await page.getByText('对单已完成：王小红', { exact: false }).waitFor();

    await page.getByRole('tab', { name: '日报' }).click();
    await page.locator('.tally-card').waitFor();
    await expect.poll(() => blocks().count()).toBe(0);
    await expect
      .poll(() => page.locator('[data-figure="totalFen"] .ant-statistic-content').textContent())
      .toBe('¥971.00');
    expect(await page.locator('[data-figure="delivered"] .ant-statistic-content').textContent()).toBe('2');
    expect(await page.locator('[data-figure="inRepair"] .ant-statistic-content').textContent()).toBe('1');
    await page.getByRole('button', { name: /核对确认/ }).click();
    await expect.poll(status).toBe('已核对，待签字');

    // The manager picks their name (the only manager: chosen already) and types a wrong PIN.
    await page.getByRole('button', { name: /服务经理签字/ }).click();
    const modal = page.locator('.sign-modal');
    await modal.waitFor();
    expect(await modal.textContent()).toContain('¥971.00');
    await expect.poll(() => modal.locator('.ant-select').textContent()).toContain('王经理');
    const pin = page.getByLabel('服务经理的 PIN');
    await pin.fill('1111');
    await modal.getByRole('button', { name: /签\s*字/ }).click();
    await modal.getByText('PIN 不对，请服务经理重新输入').waitFor();
    await shot(page, 'daily-report-wrong-pin', false);
    expect(await status()).toBe('已核对，待签字');

    await pin.fill('2580');
    await modal.getByRole('button', { name: /签\s*字/ }).click();
    await page.getByText(/^已签字：王经理 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，已冻结$/).waitFor();
    await expect.poll(status).toBe('已签字');
    await shot(page, 'daily-report-signed');

    const view = await api<{
      status: string;
      signed: { by: string } | null;
      figures: { totals: { totalFen: number } };
    }>(host, 'dailyReport.get', { date: today });
    expect(view).toMatchObject({
      status: 'signed',
      signed: { by: '王经理' },
      figures: { totals: { totalFen: 97_100 } },
    });
  });

  it('keeps the signed figures after an RO changes, warns, and starts a correction (v2)', async () => {
    await page.goto(`${host.baseUrl}#/archive/repair-orders/${ids[firstService]}/edit`);
    await page.locator('h3', { hasText: '编辑修理单' }).waitFor();
    await page.getByLabel('没有明细时的工时费合计（元）').fill('260');
    await page.getByRole('button', { name: SAVE }).click();
    await page.locator('h3', { hasText: firstService }).waitFor();
    await expect.poll(() => page.url()).not.toContain('/edit');

    await page.goto(`${host.baseUrl}#/daily/report?date=${today}`);
    await page.getByText('签字后档案有变化。签字版保持不变；如需更正请点“更正”').waitFor();
    // Still what was signed, not the archive's new ¥1,031.00.
    expect(await page.locator('[data-figure="totalFen"] .ant-statistic-content').textContent()).toBe('¥971.00');
    await page.getByText(/^已签字：王经理/).waitFor();
    await shot(page, 'daily-report-live-differs');

    await page
      .locator('.live-differs')
      .getByRole('button', { name: /更\s*正/ })
      .click();
    const correction = page.locator('.correction-modal');
    await correction.waitFor();
    await correction.getByRole('button', { name: /开始更正/ }).click();
    await correction.getByText('请写明更正原因').waitFor();
    await page.getByLabel('更正原因').fill(`${firstService} 工时费录错，已在档案中改为 260 元`);
    await correction.getByRole('button', { name: /开始更正/ }).click();
    await expect.poll(status).toBe('未核对');
    expect(await page.locator('.report-bar .report-version').textContent()).toBe('第 2 版');
    await page.getByText(/第 1 版已由 王经理 于 .* 签字；现在是第 2 版（更正稿）/).waitFor();
    await expect
      .poll(() => page.locator('[data-figure="totalFen"] .ant-statistic-content').textContent())
      .toBe('¥1,031.00');
    expect(await page.locator('.versions .version').count()).toBe(2);

    // The signed version 1 opens read only, exactly as signed.
    await page
      .locator('.versions [data-version="1"]')
      .getByRole('button', { name: /查看签字版/ })
      .click();
    const signed = page.locator('.version-modal');
    await signed.getByText(/^已签字：王经理/).waitFor();
    expect(await signed.locator('[data-figure="totalFen"] .ant-statistic-content').textContent()).toBe('¥971.00');
    await shot(page, 'daily-report-version-1', false);
    await signed
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await expect.poll(() => signed.count()).toBe(0);
    await shot(page, 'daily-report-correction');
  });

  it('exports XLSX (day and month) and PDF, and previews the print', async () => {
    const day = await downloaded(page, () => page.getByRole('button', { name: /导出 Excel（当天）/ }).click());
    expect(day.name).toMatch(/\.xlsx$/);
    expect(day.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(day.bytes.length).toBeGreaterThan(3_000);

    const month = await downloaded(page, () => page.getByRole('button', { name: /导出本月 Excel/ }).click());
    expect(month.name).toMatch(/\.xlsx$/);
    expect(month.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(month.bytes.length).toBeGreaterThan(3_000);

    const pdf = await downloaded(page, () => page.getByRole('button', { name: /导出 PDF/ }).click());
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.bytes.length).toBeGreaterThan(10_000);

    await page.getByRole('button', { name: /打印预览/ }).click();
    const preview = page.locator('.print-preview-modal');
    await preview.waitFor();
    const frame = page.frameLocator('.print-preview-frame');
    await frame.getByText('北京东城汽车销售服务有限公司').first().waitFor();
    expect(await page.locator('.print-preview-frame').getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    // The font placeholder was replaced by the app's own font files.
    const srcdoc = (await page.locator('.print-preview-frame').getAttribute('srcdoc')) ?? '';
    expect(srcdoc).not.toContain('/*@clerkdesk-print-fonts@*/');
    expect(srcdoc).toMatch(/@font-face[^}]*noto-sans-sc-chinese-simplified-400-normal[^}]*\.woff2/);
    await page.waitForTimeout(800); // the font loads inside the frame
    await shot(page, 'print-preview', false);
    await preview
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await expect.poll(() => preview.count()).toBe(0);
  });

  it('shows the end-of-day check with the correction still to sign', async () => {
    await page.goto(`${host.baseUrl}#/today/end-of-day`);
    await page.locator('h3', { hasText: '今日遗漏检查' }).waitFor();
    await page.getByText(/^还有 \d+ 件事没有做完/).waitFor();
    const first = page.locator('.day-task').first();
    expect(await first.getAttribute('class')).toMatch(/day-task-(open|warn)/);
    expect(await page.locator(`.day-task a[href="#/daily/report?date=${today}"]`).count()).toBe(1);
    await shot(page, 'end-of-day');
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
