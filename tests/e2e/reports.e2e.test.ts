import fs from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyReport, ReportDelivery } from '../../src-shared/domain/reports';
import {
  api,
  counterPage,
  E2E_TODAY,
  launchChromium,
  type RunningHost,
  setUpDemoStore,
  shot,
  startHost,
} from './harness';

/**
 * 月报 in a real Chromium against the real browser host, on the demo archive, at 07:30 on Thursday
 * 3 December in the store (E2E_NOW): the Today board says last month's report is due (and last
 * week's, due on Monday, still is); 统计 → 月报 shows November with its charts (SVG) and sections;
 * 导出 PDF and 导出 Excel download real files and are listed as deliveries; 打印预览 shows the charts;
 * back on Today the monthly report is done and the weekly one still open. A month after today is
 * refused with the server's message.
 */
const MONTH = '2026-11';

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const waiting = page.waitForEvent('download');
  await click();
  const download: Download = await waiting;
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe('统计 → 月报 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost();
    await setUpDemoStore(host, { years: 1 });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const taskRow = (key: string) => page.locator(`.day-task[data-task="${key}"]`);

  it('the Today board on the 3rd: last month’s report due, linked to its tab', async () => {
    expect(E2E_TODAY).toBe('2026-12-03');
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await taskRow('monthly').waitFor();
    expect(await taskRow('monthly').getAttribute('class')).toContain('day-task-open');
    expect(await taskRow('monthly').locator('.day-task-title').textContent()).toBe('月报（上月）');
    expect(await taskRow('monthly').locator('.day-task-detail').textContent()).toBe(
      '2026年11月的月报今天要交：请导出 Excel、导出 PDF 或打印',
    );
    expect(await taskRow('monthly').locator('a').getAttribute('href')).toBe(`#/statistics/monthly?month=${MONTH}`);
    // Last week's (W48) was due on Monday and is still open.
    expect(await taskRow('weekly').getAttribute('class')).toContain('day-task-open');
    expect(await taskRow('weekly').locator('a').getAttribute('href')).toBe('#/statistics/weekly?week=2026-W48');
    await taskRow('monthly').scrollIntoViewIfNeeded();
    await shot(page, 'reports-01-today-due', false);
  });

  it('统计 → 月报 shows November with its charts and sections', async () => {
    const expected = await api<MonthlyReport>(host, 'reports.monthly', { month: MONTH });
    await page.locator('.shell-sider').getByText('统计', { exact: true }).click();
    await page.locator('.statistics-page .ant-tabs-tab', { hasText: /^月报$/ }).click();
    await expect.poll(() => page.evaluate<string>('window.location.hash')).toBe('#/statistics/monthly');
    const tab = page.locator('.report-tab[data-kind="monthly"]');
    await tab.locator('.report-body').waitFor();
    expect(await tab.locator('.report-body').getAttribute('data-report')).toBe(MONTH);
    expect(await tab.locator('.report-period-label').textContent()).toBe('2026年11月');
    // November is over: no "so far" note.
    expect(await tab.locator('.report-partial').count()).toBe(0);
    // The charts, drawn as SVG, one per chart of the report.
    const charts = tab.locator('.report-chart');
    await expect.poll(() => charts.count()).toBeGreaterThan(0);
    await charts.first().locator('svg').waitFor();
    expect(await tab.locator('.report-chart svg').count()).toBe(await charts.count());
    // Every section of the monthly report, in the order of the print.
    expect(
      await tab.locator('.report-section').evaluateAll((els) => els.map((e) => e.getAttribute('data-section'))),
    ).toEqual([
      'revisits',
      'satisfaction',
      'problems',
      'complaints',
      'lost',
      'firstService',
      'invitations',
      'roVolume',
      'filing',
      'claims',
    ]);
    // The figures are the server's: the RO count of the month, the satisfaction formula.
    const roVolume = tab.locator('.report-section[data-section="roVolume"]');
    expect(await roVolume.locator('.ant-descriptions-item-content').first().textContent()).toBe(
      String(expected.roVolume.total.count),
    );
    expect(expected.roVolume.total.count).toBeGreaterThan(0);
    expect(await tab.locator('.report-section[data-section="satisfaction"]').textContent()).toContain(
      expected.satisfaction.formula,
    );
    expect(await tab.locator('.report-deliveries').textContent()).toBe(
      '还没有导出或打印（导出或打印后，今日工作台的提醒结束）',
    );
    await shot(page, 'reports-02-monthly');
  });

  it('导出 PDF and 导出 Excel download the report, listed as deliveries', async () => {
    const pdf = await downloaded(page, () => page.getByRole('button', { name: /导出 PDF/ }).click());
    expect(pdf.name).toBe(`月报_${MONTH}.pdf`);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.bytes.length).toBeGreaterThan(10_000);

    const xlsx = await downloaded(page, () => page.getByRole('button', { name: /导出 Excel/ }).click());
    expect(xlsx.name).toBe(`月报_${MONTH}.xlsx`);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(xlsx.bytes.length).toBeGreaterThan(3_000);

    const deliveries = await api<ReportDelivery[]>(host, 'reports.deliveries', { month: MONTH });
    expect(deliveries.map((d) => [d.format, d.byName, d.unmasked])).toEqual([
      ['xlsx', '王小红', false],
      ['pdf', '王小红', false],
    ]);
    const line = page.locator('.report-deliveries');
    await expect.poll(() => line.locator('.report-delivery').count()).toBe(2);
    // The host's clock runs on from 07:30.
    expect(await line.textContent()).toMatch(/^已导出 Excel 12-03 07:\d\d 王小红；已导出 PDF 12-03 07:\d\d 王小红$/);
    await shot(page, 'reports-03-exported', false);
  });

  it('打印预览 shows the report with its charts', async () => {
    await page.getByRole('button', { name: /打印预览/ }).click();
    const preview = page.locator('.print-preview-modal');
    await preview.waitFor();
    const frame = page.frameLocator('.print-preview-frame');
    await frame.getByText('北京东城汽车销售服务有限公司').first().waitFor();
    await frame.locator('svg').first().waitFor();
    expect(await frame.locator('svg').count()).toBeGreaterThan(0);
    expect(await page.locator('.print-preview-frame').getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    await page.waitForTimeout(800); // the font loads inside the frame
    await shot(page, 'reports-04-print-preview', false);
    await preview
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await expect.poll(() => preview.count()).toBe(0);
  });

  it('back on Today: the monthly report is done, the weekly one still due', async () => {
    await page.locator('.shell-sider').getByText('今日工作台', { exact: true }).click();
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await expect.poll(() => taskRow('monthly').getAttribute('class')).toContain('day-task-done');
    expect(await taskRow('monthly').locator('.day-task-detail').textContent()).toMatch(
      /^2026年11月的月报已导出 Excel（王小红，12-03 07:\d\d）$/,
    );
    expect(await taskRow('weekly').getAttribute('class')).toContain('day-task-open');
    await taskRow('monthly').scrollIntoViewIfNeeded();
    await shot(page, 'reports-05-today-done', false);
  });

  it('周报 (W48 from the Today row): printed from the preview, the print recorded, the row gone', async () => {
    await taskRow('weekly').locator('a').click();
    const tab = page.locator('.report-tab[data-kind="weekly"]');
    await tab.locator('.report-body').waitFor();
    expect(await tab.locator('.report-body').getAttribute('data-report')).toBe('2026-W48');
    expect(await tab.locator('.report-period-label').textContent()).toBe('2026年第48周（11月23日—11月29日）');
    expect(await tab.locator('.report-week-picker input').inputValue()).toBe('2026-W48（11-23 — 11-29）');
    expect(
      await tab.locator('.report-section').evaluateAll((els) => els.map((e) => e.getAttribute('data-section'))),
    ).toEqual(['revisits', 'satisfaction', 'problems', 'comebacks', 'complaints', 'invitations', 'appointments']);
    await shot(page, 'reports-06-weekly');
    await page.getByRole('button', { name: /打印预览/ }).click();
    const preview = page.locator('.print-preview-modal');
    await page.frameLocator('.print-preview-frame').locator('svg').first().waitFor();
    await preview
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /打\s*印$/ })
      .click();
    await expect
      .poll(async () =>
        (await api<ReportDelivery[]>(host, 'reports.deliveries', { week: '2026-W48' })).map((d) => d.format),
      )
      .toEqual(['print']);
    await preview
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await expect.poll(() => page.locator('.report-deliveries').textContent()).toMatch(/^已打印 12-03 07:\d\d 王小红$/);
    await page.locator('.shell-sider').getByText('今日工作台', { exact: true }).click();
    await taskRow('monthly').waitFor();
    // Thursday: a delivered weekly report is no longer on the board.
    expect(await taskRow('weekly').count()).toBe(0);
  });

  it('a month after today is refused with the server’s message; no console errors', async () => {
    await page.evaluate(`window.location.hash = '/statistics/monthly?month=2027-01'`);
    const refused = page.locator('.report-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('2027-01 还没到（今天是 2026-12-03）');
    expect(await page.getByRole('button', { name: /导出 PDF/ }).isDisabled()).toBe(true);
    await shot(page, 'reports-07-refused', false);
    expect(problems).toEqual([]);
  });
});
