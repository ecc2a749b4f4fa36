import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChurnMonth, Comeback, LostCustomerPage } from '../../src-shared/domain/complaints';
import type { CallQueue } from '../../src-shared/domain/revisits';
import {
  api,
  counterPage,
  launchChromium,
  loginAs,
  type RunningHost,
  setUpDemoStore,
  shot,
  startHost,
} from './harness';

/**
 * 返修, 流失客户 and 流失率 in a real Chromium against the real browser host, on the demo archive (two
 * years of a store, seed 7, so that some vehicles have been away longer than 12 months), at 10:30 in
 * the store on 3 December (inside a calling window). The clerk confirms a comeback ClerkDesk
 * proposed from a second RO; the service manager closes it with cause, action and result; the clerk
 * then sees it 已处理. The clerk records a lost customer's reason, adds win-back calls and finds them
 * in 回访 → 今日电话; the churn rate is looked at by month.
 */
const NOW = '2026-12-03T02:30:00Z';
const TODAY = '2026-12-03';

describe('返修、流失客户、流失率 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost({ env: { CLERKDESK_FAKE_NOW: NOW } });
    await setUpDemoStore(host, { years: 2 });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const openTab = async (tab: '返修' | '流失客户' | '流失率') => {
    await page.locator('.shell-sider').getByText('投诉').click();
    await page.locator('.complaints-page .ant-tabs-tab', { hasText: new RegExp(`^${tab}$`) }).click();
  };
  const comebackRow = (key: string) => page.locator(`.comebacks-table tr[data-key="${key}"]`);
  /** Once stored, a proposal (ro:N) is named comeback:M: found by its RO from then on. */
  const comebackOfRo = (roId: number) => page.locator(`.comebacks-table tr[data-ro="${roId}"]`);
  const chip = (state: string) => page.locator(`.comeback-filters .state-chips [data-state="${state}"]`);
  const closeModalButton = (name: RegExp) => page.locator('.ant-modal-footer').getByRole('button', { name });

  it('confirms a comeback, the manager closes it', async () => {
    // ---- the proposal: a second RO of the same vehicle within 30 days of a repair RO ----
    const proposals = (await api<Comeback[]>(host, 'comebacks.list', { state: 'proposed' })).filter(
      (c) => c.roType === 'repair' && c.earlierRoNumber !== null,
    );
    expect(proposals.length).toBeGreaterThan(0);
    const latest = proposals.reduce((a, b) => (b.date > a.date ? b : a));
    expect(latest.daysBetween).toBeLessThanOrEqual(30);

    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await openTab('返修');
    const row = comebackOfRo(latest.roId!);
    await row.waitFor();
    expect(await row.getAttribute('data-key')).toBe(latest.key);
    expect(await row.getAttribute('data-state')).toBe('proposed');
    expect(await row.textContent()).toContain(latest.earlierRoNumber!);
    expect(await row.textContent()).toContain(latest.roNumber!);
    // The clerk is not the service manager: no close button anywhere, confirm and dismiss offered.
    expect(await row.getByRole('button', { name: /确认返修/ }).isVisible()).toBe(true);
    expect(await row.getByRole('button', { name: /不算返修/ }).isVisible()).toBe(true);
    // 返修率 with its formula.
    expect(await page.locator('.comeback-formula').textContent()).toContain('返修率 = 返修车辆数 / 维修车辆数');
    expect(await page.locator('.comeback-rate-table tr[data-month]').count()).toBe(6);
    await shot(page, 'comebacks-lost-01-comebacks', false);

    // ---- 确认返修 with the customer's words ----
    await row.getByRole('button', { name: /确认返修/ }).click();
    const confirmModal = page.locator('.comeback-confirm-modal');
    await confirmModal.waitFor();
    await confirmModal.locator('#comebackConfirm_words').fill('上次修完一个星期又抖了，故障灯又亮');
    await shot(page, 'comebacks-lost-02-confirm', false);
    await closeModalButton(/确认返修并交服务经理/).click();
    await page.getByText('已确认返修，交服务经理处理').waitFor();
    await confirmModal.waitFor({ state: 'detached' });
    // Confirmed ones come after the proposals: the chip shows them.
    await chip('confirmed').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('confirmed');
    expect(await row.locator('.waiting-manager').textContent()).toBe('等待服务经理处理');
    expect(await row.textContent()).toContain('上次修完一个星期又抖了');
    await shot(page, 'comebacks-lost-03-confirmed', false);

    // ---- the 跟踪及返修记录表 ----
    await page.getByRole('button', { name: /打印跟踪及返修记录表/ }).click();
    await page.locator('.print-preview-frame').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'comebacks-lost-04-sheet', false);
    await closeModalButton(/关\s*闭/).click();

    // ---- the service manager: 原因 / 措施 / 结果 ----
    await loginAs(host, '王经理', '2580');
    await page.reload();
    await openTab('返修');
    await chip('confirmed').click();
    await row.waitFor();
    await row.getByRole('button', { name: /服务经理处理/ }).click();
    const closeModal = page.locator('.comeback-close-modal');
    await closeModal.waitFor();
    // All three are required.
    await closeModalButton(/处理完毕，关闭/).click();
    await closeModal.getByText('请填写返修原因').waitFor();
    await closeModal.locator('#comebackClose_cause').fill('上次更换节温器后冷却液未排空气');
    await closeModal.locator('#comebackClose_action').fill('重新排气，检查点火线圈，免费处理');
    await closeModal.locator('#comebackClose_result').fill('试车正常，客户满意');
    await shot(page, 'comebacks-lost-05-manager', false);
    await closeModalButton(/处理完毕，关闭/).click();
    await page.getByText('返修已处理并关闭').waitFor();
    const closed = (await api<Comeback[]>(host, 'comebacks.list', { state: 'closed' })).find(
      (c) => c.key === latest.key || c.roId === latest.roId,
    );
    expect(closed).toMatchObject({ state: 'closed', cause: '上次更换节温器后冷却液未排空气', closedBy: '王经理' });

    // ---- the clerk sees it 已处理 ----
    await loginAs(host, '王小红', '1111');
    await page.reload();
    await openTab('返修');
    await chip('closed').click();
    const closedRow = comebackRow(closed!.key);
    expect(await comebackOfRo(latest.roId!).getAttribute('data-key')).toBe(closed!.key);
    await closedRow.waitFor();
    expect(await closedRow.locator('.state-tag').textContent()).toBe('已处理');
    expect(await closedRow.textContent()).toContain('试车正常，客户满意');
    await shot(page, 'comebacks-lost-06-closed');
  });

  it('lists lost customers, records a reason, adds win-back calls', async () => {
    const listed = await api<LostCustomerPage>(host, 'lostCustomers.list', { asOf: TODAY, level: 'lost' });
    const lost = listed.rows;
    expect(lost.length).toBeGreaterThan(0);
    await openTab('流失客户');
    const rows = page.locator('.lost-table tr[data-vehicle]');
    await rows.first().waitFor();
    // The service pages (100 a page, most recently lost first); the counts cover the whole list.
    expect(await rows.count()).toBe(lost.length);
    expect(await rows.first().getAttribute('data-vehicle')).toBe(String(lost[0]!.vehicleId));
    const stageCount = await page.locator('.lost-counts [data-stage="after_first"] .count-value').textContent();
    expect(Number(stageCount)).toBe(listed.byStage.after_first);
    await shot(page, 'comebacks-lost-07-lost', false);
    if (listed.total > lost.length) {
      // Page 2 comes from the service: its first row is the 101st.
      const second = await api<LostCustomerPage>(host, 'lostCustomers.list', { asOf: TODAY, level: 'lost', page: 2 });
      await page.locator('.lost-table .ant-pagination-next').click();
      await page.locator(`.lost-table tr[data-vehicle="${second.rows[0]!.vehicleId}"]`).waitFor();
      await page.locator('.lost-table .ant-pagination-prev').click();
      await page.locator(`.lost-table tr[data-vehicle="${lost[0]!.vehicleId}"]`).waitFor();
    }
    // A stage count is a filter: the total shown becomes that count.
    await page.locator('.lost-counts [data-stage="after_first"]').click();
    await expect
      .poll(() => page.locator('.lost-total').textContent())
      .toContain(`显示 ${listed.byStage.after_first} 辆`);
    await page.locator('.lost-counts [data-stage="after_first"]').click();
    await expect.poll(() => page.locator('.lost-total').textContent()).not.toContain('显示');

    // ---- 记录原因: 其他 needs the customer's words ----
    const first = lost.find((v) => v.reason === null && v.plate !== null)!;
    const firstRow = page.locator(`.lost-table tr[data-vehicle="${first.vehicleId}"]`);
    await firstRow.getByRole('button', { name: /记录原因/ }).click();
    const modal = page.locator('.lost-reason-modal');
    await modal.waitFor();
    await modal.locator('.lost-reasons').getByText('其他', { exact: true }).click();
    await closeModalButton(/保\s*存/).click();
    await modal.getByText('原因选“其他”时请写明客户的说法').waitFor();
    await modal.locator('#lostReason_words').fill('车主调到外地工作，车在外地保养');
    await shot(page, 'comebacks-lost-08-reason', false);
    await closeModalButton(/保\s*存/).click();
    await page.getByText('已记录流失原因').first().waitFor();
    await modal.waitFor({ state: 'detached' });
    await expect.poll(() => firstRow.locator('.reason-tag').textContent()).toBe('其他');
    const recorded = (
      await api<LostCustomerPage>(host, 'lostCustomers.list', { asOf: TODAY, level: 'lost' })
    ).rows.find((v) => v.vehicleId === first.vehicleId);
    expect(recorded).toMatchObject({ reason: 'other', reasonWords: '车主调到外地工作，车在外地保养' });

    // ---- two vehicles to the win-back calls ----
    const chosen = lost.filter((v) => v.vehicleId !== first.vehicleId && v.phone !== null).slice(0, 2);
    for (const v of chosen)
      await page.locator(`.lost-table tr[data-vehicle="${v.vehicleId}"] .ant-checkbox-input`).check();
    await page.getByRole('button', { name: /加入召回电话（2）/ }).click();
    const outcome = page.locator('.winback-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('已加入今天的召回电话 2 辆');
    await expect
      .poll(() => page.locator(`.lost-table tr[data-vehicle="${chosen[0]!.vehicleId}"] .winback-tag`).count())
      .toBe(1);
    // The same two again: skipped, each with the reason.
    for (const v of chosen)
      await page.locator(`.lost-table tr[data-vehicle="${v.vehicleId}"] .ant-checkbox-input`).check();
    await page.getByRole('button', { name: /加入召回电话（2）/ }).click();
    await expect.poll(() => outcome.locator('.winback-skipped li').count()).toBe(2);
    expect(await outcome.textContent()).toContain('没有新加入的召回电话，跳过 2 辆');
    expect(await outcome.locator('.winback-skipped li').first().textContent()).toContain(chosen[0]!.plate!);
    await shot(page, 'comebacks-lost-09-winback', false);

    // ---- 回访 → 今日电话 lists them ----
    await page.locator('.shell-sider').getByText('回访').click();
    await page.locator('.calls-queue-table tr[data-key]').first().waitFor();
    const queue = await api<CallQueue>(host, 'calls.queue', {});
    for (const v of chosen) {
      const entry = queue.entries.find((e) => e.key === `reminder:vehicle:${v.vehicleId}`);
      expect(entry, `win-back call for ${v.plate}`).toBeTruthy();
    }
    await page.locator('.queue-counts [data-kind="reminder"]').click();
    for (const v of chosen)
      await page.locator(`.calls-queue-table tr[data-key="reminder:vehicle:${v.vehicleId}"]`).waitFor();
    await shot(page, 'comebacks-lost-10-queue', false);
    await page.locator('.queue-counts [data-kind="reminder"]').click();
  });

  it('shows the churn rate by month with its formula', async () => {
    const months = await api<ChurnMonth[]>(host, 'churn.months', { from: '2025-12', to: '2026-11' });
    await openTab('流失率');
    const november = page.locator('.churn-table tr[data-month="2026-11"]');
    await november.waitFor();
    const expected = months.find((m) => m.month === '2026-11')!;
    expect(expected.churn).not.toBeNull();
    expect(await november.locator('.rate-value').first().textContent()).toBe(
      `${(Math.round(expected.churn! * 1000) / 10).toFixed(1)}%`,
    );
    expect(await page.locator('.churn-table tr[data-month]').count()).toBe(12);
    expect(await page.locator('.churn-formula').textContent()).toContain('流失率 = 1 − 回厂车辆数 / 基数');
    expect(await page.locator('.churn-formula .churn-latest').textContent()).toContain(expected.formula);
    await shot(page, 'comebacks-lost-11-churn');

    // The lost list to Excel.
    await openTab('流失客户');
    await page.locator('.lost-table tr[data-vehicle]').first().waitFor();
    const waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    const download = await waiting;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // English for the counter that switched.
    await page.getByText('English', { exact: true }).first().click();
    await page.locator('.complaints-page .ant-tabs-tab', { hasText: /^Churn rate$/ }).click();
    await page.locator('.churn-table tr[data-month="2026-11"]').waitFor();
    expect(await page.locator('.churn-formula').textContent()).toContain('Churn rate = 1 − vehicles back / base');
    await page.locator('.complaints-page .ant-tabs-tab', { hasText: /^Lost customers$/ }).click();
    await page.locator('.lost-table tr[data-vehicle]').first().waitFor();
    expect(await page.locator('.lost-counts [data-stage="after_first"]').textContent()).toContain(
      'Left after the first service',
    );
    await shot(page, 'comebacks-lost-12-lost-english', false);
    await page.getByText('中文', { exact: true }).first().click();

    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
