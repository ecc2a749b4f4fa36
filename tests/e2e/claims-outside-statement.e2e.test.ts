import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Claim,
  ClaimRow,
  OldPart,
  OutsideServiceOrder,
  ServiceFeeStatement,
} from '../../src-shared/domain/claims';
import {
  api,
  counterPage,
  E2E_NOW,
  E2E_TODAY,
  launchChromium,
  loginAs,
  type RunningHost,
  setUpDemoStore,
  shot,
  startHost,
} from './harness';

/**
 * 外出服务, 服务费结算 and 索赔设置 in a real Chromium against the real browser host, on the demo
 * archive (its claims data: last month's statement waiting for its invoice, outside-service orders of
 * the last two months), at 07:30 on 3 December in the store. The clerk signs out an outside-service
 * order for a warranty RO found by its number, closes it first with an odometer lower than at
 * departure (refused in Chinese next to the field), then correctly; the kilometres reach the RO's
 * claim. Then last month's statement: the invoice requested (when the demo has not yet), its number
 * and date recorded, the state shown, the print preview looked at. Last, the admin adds a deadline
 * rule in 索赔设置.
 */
const LAST_MONTH = '2026-11';
const THIS_MONTH = '2026-12';
const ORDER_NO = 'WC2612030001';

describe('外出服务、服务费结算、索赔设置 in the browser', () => {
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

  const openTab = async (tab: '外出服务' | '服务费结算' | '旧件') => {
    await page.locator('.shell-sider').getByText('三包/索赔', { exact: true }).click();
    await page.locator('.claims-page .ant-tabs-tab', { hasText: new RegExp(`^${tab}$`) }).click();
  };
  const modalButton = (name: RegExp) => page.locator('.ant-modal-footer:visible').getByRole('button', { name });
  const goTo = (path: string) => page.evaluate(`window.location.hash = ${JSON.stringify(path)}`);

  it('signs out an outside-service order, refuses a lower odometer back, closes it; the km reach the claim', async () => {
    // A settled warranty RO whose claim is still open (its outside kilometres so far).
    const claims = await api<{ rows: ClaimRow[] }>(host, 'claims.list', { status: 'open' });
    const row = claims.rows.find((c) => c.settledOn !== null);
    expect(row, 'an open claim of a settled warranty RO').toBeDefined();
    const before = await api<Claim>(host, 'claims.get', { roId: row!.roId });

    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await openTab('外出服务');
    await page.locator('.outside-table').waitFor();
    // 外出中 first.
    const states = await page
      .locator('.outside-table tr[data-order]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    expect(states.length).toBeGreaterThan(0);
    expect(states).toEqual([...states].sort((a, b) => (a === b ? 0 : a === 'out' ? -1 : 1)));
    await shot(page, 'claims-outside-01-list', false);

    // ---- 外出登记: the RO found by its number brings its vehicle and customer ----
    await page.locator('.outside-sign-out').click();
    const signOut = page.locator('.outside-order-modal');
    await signOut.waitFor();
    // The time out defaults to now by the store clock (07:30 on the 3rd), whatever the PC's zone.
    expect(await signOut.locator('#outside_outAt').inputValue()).toBe(`${E2E_TODAY} 07:30`);
    await signOut.locator('#outside_orderNo').fill(ORDER_NO);
    await signOut.locator('.outside-target-search input').fill(before.roNumber);
    await signOut.locator('.outside-target-search input').press('Enter');
    const hit = signOut.locator('.outside-target-hit[data-kind="repairOrder"]', { hasText: before.roNumber });
    const chosen = signOut.locator('.outside-target-text');
    await expect.poll(async () => (await chosen.count()) + (await hit.count())).toBeGreaterThan(0);
    if ((await chosen.count()) === 0) await hit.first().click();
    await expect.poll(() => chosen.textContent()).toContain(before.roNumber);
    await signOut.locator('#outside_place').fill('京承高速 K32 处');
    await signOut.locator('#outside_staff').fill('钱永刚');
    await signOut.locator('#outside_device').fill('诊断仪 2 号');
    await signOut.locator('#outside_fault').fill('客户来电：仪表报发动机故障灯，无法启动');
    await signOut.locator('#outside_odometerOut').fill('23500');
    await shot(page, 'claims-outside-02-sign-out', false);
    await modalButton(/登记外出/).click();
    await signOut.waitFor({ state: 'detached' });
    const orderRow = page.locator(`.outside-table tr[data-order-no="${ORDER_NO}"]`);
    await orderRow.waitFor();
    expect(await orderRow.getAttribute('data-state')).toBe('out');
    expect(await orderRow.textContent()).toContain('钱永刚');
    expect(await orderRow.textContent()).toContain(before.roNumber);
    const orders = await api<OutsideServiceOrder[]>(host, 'outsideService.list', { state: 'out' });
    const order = orders.find((o) => o.orderNo === ORDER_NO)!;
    expect(order).toMatchObject({ roId: before.roId, signedOutBy: '王小红', odometerOut: 23500, state: 'out' });

    // ---- 返回 with a lower odometer: the km shown negative, the server's Chinese error on the field ----
    await orderRow.locator('.outside-close').click();
    const close = page.locator('.outside-close-modal');
    await close.waitFor();
    await close.locator('#outsideClose_odometerBack').fill('23450');
    await expect.poll(() => close.locator('.outside-km-preview').getAttribute('data-km')).toBe('-50');
    await close.locator('.outside-km-warning').waitFor();
    await modalButton(/登记返回/).click();
    const fieldError = close.locator('.outside-odometer-back .ant-form-item-explain-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('不能低于派出时的里程（23500 km）');
    await shot(page, 'claims-outside-03-lower-odometer', false);
    // Nothing saved.
    expect((await api<OutsideServiceOrder>(host, 'outsideService.get', { id: order.id })).state).toBe('out');

    // ---- then correctly: 86 km ----
    await close.locator('#outsideClose_odometerBack').fill('23586');
    await expect.poll(() => close.locator('.outside-km-preview').getAttribute('data-km')).toBe('86');
    await modalButton(/登记返回/).click();
    await close.waitFor({ state: 'detached' });
    await expect.poll(() => orderRow.getAttribute('data-state')).toBe('closed');
    expect(await orderRow.locator('.outside-km').textContent()).toBe('86 km');
    const closed = await api<OutsideServiceOrder>(host, 'outsideService.get', { id: order.id });
    expect(closed).toMatchObject({ state: 'closed', km: 86, odometerBack: 23586, closedBy: '王小红' });
    await shot(page, 'claims-outside-04-closed', false);

    // ---- the RO's claim shows the kilometres (the warranty RO's number links to its claim) ----
    await orderRow.locator('.outside-claim-link').click();
    await page.locator('.claim-page').waitFor();
    await expect.poll(() => page.locator('.claim-page').textContent()).toContain('外出服务里程');
    const after = await api<Claim>(host, 'claims.get', { roId: before.roId });
    expect(after.outsideKm).toBe(before.outsideKm + 86);
    await expect.poll(() => page.locator('.claim-page').textContent()).toContain(`${after.outsideKm} km`);
    await shot(page, 'claims-outside-05-claim');
  });

  it('last month’s statement: requests the invoice, records its number and date, prints it', async () => {
    const demo = await api<ServiceFeeStatement>(host, 'statements.get', { month: LAST_MONTH });
    expect(demo.claims.length, 'last month has approved claims').toBeGreaterThan(0);
    expect(['open', 'requested']).toContain(demo.state);

    await openTab('服务费结算');
    const view = page.locator(`.statement-view[data-month="${LAST_MONTH}"]`);
    await view.waitFor();
    // Last month by default.
    expect(await page.locator('.statements-month-picker input').inputValue()).toBe(LAST_MONTH);
    // 50 a page.
    expect(await view.locator('.statement-claims tr[data-ro]').count()).toBe(Math.min(50, demo.claims.length));
    expect(await view.locator('.statement-total-capital').textContent()).toContain('元');
    await page.locator(`.statement-year-list li[data-month="${LAST_MONTH}"]`).waitFor();
    await shot(page, 'claims-statement-01-last-month', false);

    // ---- 申请开票: last month's, unless the demo requested it already (on the 1st or 2nd); then
    // this month's so far (its claims approved in the first days), and back to last month ----
    const requestMonth = demo.state === 'open' ? LAST_MONTH : THIS_MONTH;
    if (requestMonth === THIS_MONTH) {
      const current = await api<ServiceFeeStatement>(host, 'statements.get', { month: THIS_MONTH });
      expect(current.state).toBe('open');
      expect(current.claims.length, 'claims approved this month').toBeGreaterThan(0);
      await page.evaluate('document.activeElement?.blur()');
      await page.keyboard.press('ArrowRight');
    }
    const requestView = page.locator(`.statement-view[data-month="${requestMonth}"][data-state="open"]`);
    await requestView.waitFor();
    await requestView.locator('.statement-request').click();
    const request = page.locator('.statement-step-request');
    await request.waitFor();
    expect(await request.locator('#statementRequest_on').inputValue()).toBe(E2E_TODAY);
    await shot(page, 'claims-statement-01b-request', false);
    await modalButton(/申请开票/).click();
    await request.waitFor({ state: 'detached' });
    await page.locator(`.statement-view[data-month="${requestMonth}"][data-state="requested"]`).waitFor();
    const asked = await api<ServiceFeeStatement>(host, 'statements.get', { month: requestMonth });
    expect(asked).toMatchObject({ state: 'requested', requestedOn: E2E_TODAY, requestedBy: '王小红' });
    expect(asked.requestedFen).toBe(asked.totalFen);
    if (requestMonth === THIS_MONTH) {
      await page.locator(`.statement-year-list li[data-month="${LAST_MONTH}"] button`).click();
      await view.waitFor();
    }
    await expect.poll(() => view.getAttribute('data-state')).toBe('requested');
    const requested = await api<ServiceFeeStatement>(host, 'statements.get', { month: LAST_MONTH });
    expect(requested.requestedFen).toBe(requested.totalFen);

    // ---- 登记发票: number and date ----
    await view.locator('.statement-invoice').click();
    const invoice = page.locator('.statement-step-invoice');
    await invoice.waitFor();
    await modalButton(/登记发票/).click();
    await invoice.getByText('请填写发票号').waitFor();
    await invoice.locator('#statementInvoice_invoiceNo').fill('04512877');
    expect(await invoice.locator('#statementInvoice_on').inputValue()).toBe(E2E_TODAY);
    await shot(page, 'claims-statement-02-invoice', false);
    await modalButton(/登记发票/).click();
    await invoice.waitFor({ state: 'detached' });
    await expect.poll(() => view.getAttribute('data-state')).toBe('invoiced');
    expect(await view.locator('.statement-card .statement-state-tag').first().textContent()).toBe('已开票');
    expect(await view.locator('.statement-steps').textContent()).toContain('04512877');
    expect(await view.locator('.statement-paid').count()).toBe(1);
    const invoiced = await api<ServiceFeeStatement>(host, 'statements.get', { month: LAST_MONTH });
    expect(invoiced).toMatchObject({ state: 'invoiced', invoiceNo: '04512877', invoiceOn: E2E_TODAY });
    await expect
      .poll(() =>
        page.locator(`.statement-year-list li[data-month="${LAST_MONTH}"] .statement-state-tag`).textContent(),
      )
      .toBe('已开票');
    await shot(page, 'claims-statement-03-invoiced', false);

    // ---- 登记回款 asks first how many claims it settles (cancelled here) ----
    await view.locator('.statement-paid').click();
    const paid = page.locator('.statement-step-paid');
    await paid.waitFor();
    const approved = invoiced.claims.filter((c) => c.status === 'approved').length;
    expect(await paid.locator('.statement-settle-note').textContent()).toBe(`本月 ${approved} 张索赔单将标为已结算`);
    await modalButton(/取\s*消/).click();
    await paid.waitFor({ state: 'detached' });

    // ---- 打印: the statement on A4 in the preview ----
    await view.locator('.statement-print').click();
    await page.locator('.print-preview-frame').waitFor();
    const frame = page.frameLocator('.print-preview-frame');
    await frame.getByText('04512877').first().waitFor();
    await frame.getByText(invoiced.claims[0]!.roNumber).first().waitFor();
    await shot(page, 'claims-statement-04-print', false);
    await page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await page.locator('.print-preview-modal').waitFor({ state: 'hidden' });

    // ← goes to the month before (paid by the demo).
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('ArrowLeft');
    await page.locator('.statement-view[data-month="2026-10"][data-state="paid"]').waitFor();
  });

  it('old parts: prints the chosen parts’ tags and returns one to the manufacturer with a waybill', async () => {
    const kept = await api<OldPart[]>(host, 'oldParts.list', { state: 'kept' });
    expect(kept.length, 'old parts kept').toBeGreaterThan(1);
    await openTab('旧件');
    await page.locator('.old-parts-table').waitFor();
    const [first, second] = kept;
    const firstRow = page.locator(`.old-parts-table tr[data-part="${first!.id}"]`);
    const secondRow = page.locator(`.old-parts-table tr[data-part="${second!.id}"]`);
    await firstRow.waitFor();
    const overdue = kept.filter((p) => p.returnDueOn !== null && p.returnDueOn < E2E_TODAY).length;
    if (overdue > 0)
      expect(await page.locator('.old-parts-overdue-count').textContent()).toBe(`${overdue} 件已过返厂日期`);
    await firstRow.locator('.ant-checkbox-input').check();
    await secondRow.locator('.ant-checkbox-input').check();
    await shot(page, 'claims-old-parts-01-kept', false);

    // ---- 打印旧件标签: the print preview, one tag each ----
    await page.locator('.old-parts-print').click();
    await page.locator('.print-preview-frame').waitFor();
    await page.frameLocator('.print-preview-frame').getByText(first!.tagNo).first().waitFor();
    await page.frameLocator('.print-preview-frame').getByText(second!.tagNo).first().waitFor();
    await shot(page, 'claims-old-parts-02-tags', false);
    await page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await page.locator('.print-preview-modal').waitFor({ state: 'hidden' });

    // ---- 返厂: only the first (the second unticked), with the waybill ----
    await secondRow.locator('.ant-checkbox-input').uncheck();
    await page.locator('.old-parts-return').click();
    const modal = page.locator('.old-parts-action-modal');
    await modal.waitFor();
    await modal.locator('#oldPartsReturn_text').fill('SF1402236671');
    await modalButton(/登记返厂/).click();
    await modal.waitFor({ state: 'detached' });
    await firstRow.waitFor({ state: 'detached' });
    const returned = (await api<OldPart[]>(host, 'oldParts.list', { state: 'returned' })).find(
      (p) => p.id === first!.id,
    );
    expect(returned).toMatchObject({ state: 'returned', returnedOn: E2E_TODAY, waybill: 'SF1402236671' });
  });

  it('the admin adds a claim type and a deadline rule in 索赔设置; a duplicate code is refused next to its field', async () => {
    await loginAs(host, '赵管理', '1234');
    await page.reload();
    await goTo('/settings');
    const card = page.locator('.claim-settings');
    await card.waitFor();
    await card.locator('.claim-types-table').waitFor();
    await card.scrollIntoViewIfNeeded();
    // Builtin types have no delete button.
    expect(await card.locator('.claim-types-table tr[data-code="warranty"] button[aria-label="删除"]').count()).toBe(0);
    // A store's own type with a builtin's code: the server's message on the code field, nothing saved.
    const typesBefore = await card.locator('.claim-types-table tr.ant-table-row').count();
    await card.locator('.add-claim-type').click();
    const added = card.locator('.claim-types-table tr.ant-table-row').nth(typesBefore);
    await added.locator('input[aria-label="名称"]').fill('延保');
    await added.locator('input[aria-label="代码"]').fill('warranty');
    await card.locator('.save-claim-settings').click();
    await added.getByText('索赔类型代码“warranty”重复').waitFor();
    await card.screenshot({ path: 'test-results/claims-settings-01-duplicate-code.png' });
    await added.locator('input[aria-label="代码"]').fill('extended');
    await added.getByText('索赔类型代码“warranty”重复').waitFor({ state: 'detached' });
    const rulesBefore = await card.locator('.deadline-rules-table tr.ant-table-row').count();
    await card.locator('.add-deadline-rule').click();
    const rule = card.locator('.deadline-rules-table tr.ant-table-row').nth(rulesBefore);
    await rule.locator('input[aria-label="品牌"]').fill('途观');
    await rule.locator('.ant-input-number-input').fill('10');
    await rule.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible').getByText('延保', { exact: true }).click();
    await card.locator('.save-claim-settings').click();
    await expect
      .poll(async () =>
        (
          await api<{ rules: { brand: string; claimType: string | null; days: number }[] }>(
            host,
            'claimSettings.get',
            {},
          )
        ).rules.some((r) => r.brand === '途观' && r.claimType === 'extended' && r.days === 10),
      )
      .toBe(true);
    await page.getByText('索赔设置已保存').waitFor();
    await card.screenshot({ path: 'test-results/claims-settings-02-saved.png' });
    await loginAs(host, '王小红', '1111');
    expect(problems).toEqual([]);
  });
});
