import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatisticsView } from '../../src-shared/domain/reports';
import {
  api,
  counterPage,
  E2E_NOW,
  E2E_TODAY,
  launchChromium,
  type RunningHost,
  setUpDemoStore,
  shot,
  startHost,
} from './harness';

/**
 * 统计 → 图表 in a real Chromium against the real browser host, on the demo archive (a year of a
 * store, seed 7), at 07:30 in the store on 3 December (E2E_NOW). The page shows the five charts of
 * the last 30 days; the clerk clicks the tallest bar of 每日进厂台次 with the mouse (the drawn SVG
 * segment, found by its box), the drawer lists that day's ROs, one is followed to its page; a chart
 * switched to 表格 shows its numbers (a row opens the same records) and switches back.
 */
describe('统计图表 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost({ env: { CLERKDESK_FAKE_NOW: E2E_NOW } });
    await setUpDemoStore(host, { years: 1 });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const go = (path: string) => page.evaluate(`window.location.assign(${JSON.stringify(`#${path}`)})`);
  const card = (chart: string) => page.locator(`.statistics-card[data-chart="${chart}"]`);

  it('shows the five charts, follows a bar of 每日进厂台次 to its ROs and one RO to its page', async () => {
    // What the page should show: the last 30 days ending today (2026-11-04 … 2026-12-03).
    const view = await api<StatisticsView>(host, 'statistics.view', {});
    expect(view.from).toBe('2026-11-04');
    expect(view.to).toBe(E2E_TODAY);
    const most = Math.max(...view.roPerDay.map((d) => d.count));
    expect(most, 'the demo has ROs in the last 30 days').toBeGreaterThan(0);
    const busiest = view.roPerDay.filter((d) => d.count === most).map((d) => d.date);

    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await go('/statistics');
    await page.locator('.statistics-grid').waitFor();
    expect(await page.locator('.statistics-card').count()).toBe(5);
    for (const chart of ['roPerDay', 'satisfaction', 'funnel', 'churn', 'complaints']) {
      await card(chart).locator('.echart svg').first().waitFor();
      expect(await card(chart).locator('.ant-card-head-title').textContent()).not.toBe('');
    }
    // The period is in the picker.
    const range = page.locator('.statistics-range input');
    expect(await range.nth(0).inputValue()).toBe('2026-11-04');
    expect(await range.nth(1).inputValue()).toBe(E2E_TODAY);
    await shot(page, 'statistics-00-charts');

    // ---- the tallest bar, clicked where it is drawn ----
    const bars = await card('roPerDay')
      .locator('.echart svg path')
      .evaluateAll((paths) => {
        const svg = paths[0]?.ownerSVGElement?.getBoundingClientRect();
        return (
          paths
            .map((p) => {
              const box = p.getBoundingClientRect();
              return {
                fill: (p.getAttribute('fill') ?? '').toLowerCase(),
                x: box.x,
                y: box.y,
                width: box.width,
                height: box.height,
                top: svg ? box.y - svg.y : 0,
              };
            })
            // Bar segments: filled, below the legend, taller than a hairline; not the axis lines (fill none).
            .filter((b) => b.fill.startsWith('#') && b.top > 32 && b.width > 2 && b.height > 1)
        );
      });
    expect(bars.length).toBeGreaterThan(0);
    const columns = new Map<number, { height: number; top: (typeof bars)[number] }>();
    for (const b of bars) {
      const x = Math.round(b.x + b.width / 2);
      const column = columns.get(x) ?? { height: 0, top: b };
      column.height += b.height;
      if (b.y < column.top.y) column.top = b;
      columns.set(x, column);
    }
    const tallest = [...columns.values()].sort((a, b) => b.height - a.height)[0]!;
    await page.mouse.click(tallest.top.x + tallest.top.width / 2, tallest.top.y + tallest.top.height / 2);

    const drawer = page.locator('.statistics-records');
    await drawer.locator('.statistics-record').first().waitFor();
    const title = (await drawer.locator('.ant-drawer-title').textContent()) ?? '';
    // 11月23日 进厂修理单 (12): the day of the tallest bar, with as many ROs as the figures say.
    const m = /^(\d+)月(\d+)日 进厂修理单 \((\d+)\)$/.exec(title);
    expect(m, title).not.toBeNull();
    const date = `2026-${m![1]!.padStart(2, '0')}-${m![2]!.padStart(2, '0')}`;
    expect(busiest).toContain(date);
    expect(Number(m![3])).toBe(most);
    const records = drawer.locator('.statistics-record');
    expect(await records.count()).toBe(most);
    const dates = await records.locator('.statistics-record-date').allTextContents();
    expect(new Set(dates)).toEqual(new Set([date]));
    await shot(page, 'statistics-01-drawer', false);

    // ---- one RO followed to its page ----
    const first = records.first().locator('a');
    const roNumber = ((await first.textContent()) ?? '').trim();
    const href = (await first.getAttribute('href')) ?? '';
    expect(href).toMatch(/^#\/archive\/repair-orders\/\d+$/);
    await first.click();
    await page.waitForFunction(`window.location.hash === ${JSON.stringify(href)}`);
    await page.locator('.page-title', { hasText: roNumber }).waitFor();
    expect(await drawer.count()).toBe(0);
    await shot(page, 'statistics-02-ro', false);
  });

  it('switches a chart to 表格 and back; a table row opens the same records', async () => {
    await go('/statistics?from=2026-09-01&to=2026-11-30');
    await card('funnel').locator('.echart svg').first().waitFor();
    expect(await page.locator('.statistics-range input').nth(0).inputValue()).toBe('2026-09-01');
    const view = await api<StatisticsView>(host, 'statistics.view', { from: '2026-09-01', to: '2026-11-30' });

    await card('funnel').locator('.ant-segmented-item', { hasText: '表格' }).click();
    const table = card('funnel').locator('.statistics-table table');
    await table.waitFor();
    expect(await card('funnel').locator('.echart').count()).toBe(0);
    const cells = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(cells.map((c) => [c[0], c[1]])).toEqual([
      ['应招揽', String(view.funnel.listed)],
      ['已寄信', String(view.funnel.letter)],
      ['已电话', String(view.funnel.called)],
      ['已预约', String(view.funnel.booked)],
      ['已进厂', String(view.funnel.came)],
    ]);
    await shot(page, 'statistics-03-table');

    // The keyboard's way to the records: the row's button.
    await table.locator('.statistics-drill', { hasText: '已寄信' }).focus();
    await page.keyboard.press('Enter');
    const drawer = page.locator('.statistics-records');
    await drawer.locator('.ant-drawer-title', { hasText: '招揽 已寄信' }).waitFor();
    expect(await drawer.locator('.ant-drawer-title').textContent()).toBe(
      `招揽 已寄信（2026-09-01 至 2026-11-30 到期） (${view.funnel.letter})`,
    );
    await page.keyboard.press('Escape');
    await drawer.locator('.ant-drawer-content').waitFor({ state: 'hidden' });

    await card('funnel').locator('.ant-segmented-item', { hasText: '图表' }).click();
    await card('funnel').locator('.echart svg').first().waitFor();
    expect(await card('funnel').locator('.statistics-table').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
