import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ClaimRow } from '../../src-shared/domain/claims';
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
 * 三包/索赔 in a real Chromium against the real browser host, on the demo archive (a year of a
 * store, seed 7), at 07:30 in the store on 3 December (E2E_NOW). One claim from the RO to its
 * approval: a warranty RO's page shows its claim 待填报; the clerk opens it, is told the fault
 * description is missing when reporting without it, types it, copies the text for the portal,
 * records it reported with the portal's claim number, records the rejection, fixes it and reports
 * it again (a second round), tries an approved amount above the warranty part (refused in Chinese,
 * nothing changed), then records the approval; the rounds show both submissions. The list finds it.
 */
describe('索赔 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost({ env: { CLERKDESK_FAKE_NOW: E2E_NOW } });
    await setUpDemoStore(host, { years: 1 });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const go = (path: string) => page.evaluate(`window.location.assign(${JSON.stringify(`#${path}`)})`);
  const claimOf = (roId: number) => api<Claim>(host, 'claims.get', { roId });
  const claimPage = (status: string) => page.locator(`.claim-page[data-status="${status}"]`);

  it('takes a warranty RO’s claim from 待填报 through a rejection to its approval', async () => {
    // ---- a settled warranty RO whose claim was never touched, with a warranty part to approve ----
    const drafts = await api<{ rows: ClaimRow[] }>(host, 'claims.list', { status: 'draft', limit: 5000 });
    const row = drafts.rows.find((r) => !r.saved && r.settledOn !== null && r.warrantyFen > 0);
    expect(row, 'the demo has a settled warranty RO whose claim is 待填报').toBeDefined();
    const roId = row!.roId;
    const before = await claimOf(roId);
    expect(before).toMatchObject({ status: 'draft', saved: false, version: 0, rounds: [] });

    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();

    // ---- the RO's page: its claim card, then the claim ----
    await go(`/archive/repair-orders/${roId}`);
    const card = page.locator('.claim-card[data-status="draft"]');
    await card.waitFor();
    expect(await card.locator('.claim-status-tag').textContent()).toBe('待填报');
    expect(await card.locator('.claim-deadline').textContent()).toContain(before.deadline!);
    await shot(page, 'claims-00-ro-card');
    await card.locator('.open-claim').click();
    await claimPage('draft').waitFor();
    expect(await page.locator('.claim-title-ro').textContent()).toBe(before.roNumber);
    expect(await page.locator('.claim-facts').textContent()).toContain(before.vin ?? before.roNumber);
    await shot(page, 'claims-01-draft');

    // ---- reported without the fault description: refused on the field, nothing reported ----
    await page.locator('.report-claim').click();
    const reportModal = page.locator('.report-claim-modal');
    await reportModal.waitFor();
    await reportModal.locator('input#reportClaim_claimNo').fill('SQ-E2E-0001');
    await reportModal.locator('.report-claim-modal-ok').click();
    await reportModal.waitFor({ state: 'detached' });
    const faultError = page.locator('.claim-form .ant-form-item-explain-error');
    await faultError.first().waitFor();
    expect(await faultError.first().textContent()).toContain('故障描述');
    expect((await claimOf(roId)).status).toBe('draft');

    // ---- the text typed once; the portal box shows it and 复制 puts it on the clipboard ----
    const fault = '车辆行驶中仪表盘发动机故障灯点亮，怠速抖动，读取故障码 P0301（1 缸失火）';
    await page.locator('textarea.claim-fault').fill(fault);
    await page.locator('textarea.claim-cause').fill('1 缸点火线圈内部击穿');
    await page.locator('textarea.claim-handling').fill('更换 1 缸点火线圈，清除故障码，路试正常');
    const portal = page.locator('textarea.claim-portal-text');
    await expect.poll(() => portal.inputValue()).toContain(`故障描述：${fault}`);
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await claimOf(roId)).faultDescription).toBe(fault);
    await page.locator('.copy-claim-text').click();
    await page.locator('.ant-message', { hasText: '已复制' }).waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toBe(await portal.inputValue());
    expect(copied).toContain(`工单号：${before.roNumber}`);
    expect(copied).toContain('处理方法：更换 1 缸点火线圈，清除故障码，路试正常');
    await shot(page, 'claims-02-text');

    // ---- 登记已上报 with the portal's claim number ----
    await page.locator('.report-claim').click();
    await reportModal.waitFor();
    expect(await reportModal.locator('input#reportClaim_reportedOn').inputValue()).toBe(E2E_TODAY);
    await reportModal.locator('input#reportClaim_claimNo').fill('SQ-E2E-0001');
    await reportModal.locator('.report-claim-modal-ok').click();
    await claimPage('reported').waitFor();
    const reported = await claimOf(roId);
    expect(reported).toMatchObject({ status: 'reported', claimNo: 'SQ-E2E-0001', reportedOn: E2E_TODAY });
    expect(reported.rounds).toHaveLength(1);
    // A reported claim's text is not editable.
    expect(await page.locator('textarea.claim-fault').isDisabled()).toBe(true);

    // ---- 驳回 with the manufacturer's reason ----
    await page.locator('.reject-claim').click();
    const rejectModal = page.locator('.reject-claim-modal');
    await rejectModal.waitFor();
    await rejectModal.locator('textarea#rejectClaim_reason').fill('缺少故障照片及旧件照片');
    await rejectModal.locator('.reject-claim-modal-ok').click();
    await claimPage('rejected').waitFor();
    expect(await page.locator('.claim-rejected-note').textContent()).toContain('缺少故障照片及旧件照片');
    await shot(page, 'claims-03-rejected');

    // ---- fixed and 重新上报: a second round, the first kept ----
    await page.locator('textarea.claim-fault').fill(`${fault}。已补充故障照片及旧件照片。`);
    await page.locator('.report-claim').click();
    await reportModal.waitFor();
    expect(await reportModal.locator('input#reportClaim_claimNo').inputValue()).toBe('SQ-E2E-0001');
    await reportModal.locator('.report-claim-modal-ok').click();
    await claimPage('reported').waitFor();
    const again = await claimOf(roId);
    expect(again.rounds).toHaveLength(2);
    expect(again.rounds[0]).toMatchObject({ round: 1, result: 'rejected', rejectReason: '缺少故障照片及旧件照片' });
    expect(again.rounds[1]).toMatchObject({ round: 2, result: 'pending' });
    expect(again.rounds[1]!.faultDescription).toContain('已补充故障照片');

    // ---- 审核通过 above the warranty part: refused in Chinese on the amount, nothing changed ----
    await page.locator('.approve-claim').click();
    const approveModal = page.locator('.approve-claim-modal');
    await approveModal.waitFor();
    const amount = approveModal.locator('input#approveClaim_approvedYuan');
    await amount.fill(String(again.warrantyFen / 100 + 100));
    await approveModal.locator('.approve-claim-modal-ok').click();
    const amountError = approveModal.locator('.ant-form-item-explain-error');
    await amountError.waitFor();
    expect(await amountError.textContent()).toMatch(/不能超过/);
    await shot(page, 'claims-04-amount-refused', false);
    const unchanged = await claimOf(roId);
    expect(unchanged).toMatchObject({ status: 'reported', version: again.version, approvedFen: null });

    // ---- the approval: the amount the manufacturer approved (less than claimed) ----
    const approvedFen = again.warrantyFen - Math.min(1000, Math.floor(again.warrantyFen / 2));
    await amount.fill((approvedFen / 100).toFixed(2));
    await approveModal.locator('.approve-claim-modal-ok').click();
    await claimPage('approved').waitFor();
    const approved = await claimOf(roId);
    expect(approved).toMatchObject({ status: 'approved', approvedFen, approvedOn: E2E_TODAY });
    const rounds = page.locator('.claim-rounds tbody tr[data-round]');
    await expect.poll(() => rounds.count()).toBe(2);
    expect(await page.locator('.claim-rounds tr[data-round="1"]').getAttribute('data-result')).toBe('rejected');
    expect(await page.locator('.claim-rounds tr[data-round="2"]').getAttribute('data-result')).toBe('approved');
    expect(await page.locator('.claim-rounds .claim-round-reason').textContent()).toBe('缺少故障照片及旧件照片');
    await shot(page, 'claims-05-approved');

    // ---- the list finds it by its claim number; / puts the cursor in the search box, Enter opens it ----
    await go('/claims/list?status=approved');
    await page.locator('.claims-table').waitFor();
    await page.locator('.claim-page, .claims-list').first().waitFor();
    await page.locator('body').press('/');
    await expect.poll(() => page.locator('.claim-search input').evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.type('SQ-E2E-0001');
    const listed = page.locator(`.claims-table tr[data-ro="${roId}"]`);
    await listed.waitFor();
    await expect.poll(() => page.locator('.claims-table tbody tr[data-ro]').count()).toBe(1);
    expect(await listed.getAttribute('data-status')).toBe('approved');
    await shot(page, 'claims-06-list', false);
    await page.keyboard.press('Enter');
    await claimPage('approved').waitFor();

    // ---- the open list with its counts, as the Today board links it ----
    await go('/claims/list');
    await page.locator('.claims-table tbody tr[data-ro]').first().waitFor();
    await page.locator('.claim-counts').waitFor();
    await shot(page, 'claims-07-open-list', false);

    expect(problems).toEqual([]);
  }, 180_000);
});
