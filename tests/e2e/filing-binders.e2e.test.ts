import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Binder,
  BinderCompleteness,
  Handover,
  Loan,
  MissingPaper,
  PaperWhereabouts,
} from '../../src-shared/domain/filing';
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
 * 资料夹, the binder page, 借阅 and 销售交接 in a real Chromium against the real browser host, on the
 * demo archive (its filing data covers the last months: this month's binders open, last month's
 * bound, older ones sent), at 07:30 on 3 December in the store. The clerk opens last month's
 * 当月修理单 binder, sees what it still misses, lends it to the service manager and gets it back on
 * 借阅, binds it (confirming it is incomplete; reopening it first when the demo bound it already),
 * marks it sent to the service centre with a receiver, and enters a sales hand-over of one vehicle.
 */
const LAST_MONTH = '2026-11';

describe('资料夹、借阅、销售交接 in the browser', () => {
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

  const openTab = async (tab: '资料夹' | '借阅' | '销售交接') => {
    await page.locator('.shell-sider').getByText('归档', { exact: true }).click();
    await page.locator('.filing-page .ant-tabs-tab', { hasText: new RegExp(`^${tab}$`) }).click();
  };
  const modalButton = (name: RegExp) => page.locator('.ant-modal-footer:visible').getByRole('button', { name });
  const confirmButton = (name: RegExp) => page.locator('.ant-modal-confirm-btns').getByRole('button', { name });
  const binderState = () => page.locator('.binder-page').getAttribute('data-state');

  it('opens last month’s binder, sees what it misses, lends it and gets it back, binds and sends it', async () => {
    // ---- the binder: last month's 当月修理单, not out on loan, with papers still missing ----
    const binders = await api<Binder[]>(host, 'binders.list', {
      month: LAST_MONTH,
      series: 'repair',
      scheme: 'monthly',
      state: 'all',
    });
    const candidates: { binder: Binder; missing: MissingPaper[] }[] = [];
    for (const b of binders.filter((x) => x.loan === null && x.state !== 'destroyed')) {
      const c = await api<BinderCompleteness>(host, 'binders.completeness', { id: b.id });
      candidates.push({ binder: b, missing: c.missing });
    }
    const chosen = candidates.find((c) => c.missing.length > 0);
    expect(chosen, 'a binder of last month with papers missing').toBeDefined();
    const { binder, missing } = chosen!;

    // ---- 资料夹: this month first, ← goes to last month ----
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    // The demo's overdue loan is on the Today board.
    await page.getByText('借阅逾期').first().waitFor();
    await openTab('资料夹');
    await page.locator('.binders-table').waitFor();
    expect(await page.locator('.binders-month-picker input').inputValue()).toBe(E2E_TODAY.slice(0, 7));
    // ← belongs to the page, not to the tab just clicked.
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('.binders-month-picker input').inputValue()).toBe(LAST_MONTH);
    const row = page.locator(`.binders-table tr[data-binder="${binder.id}"]`);
    await row.waitFor();
    // ↓ chooses the first row (Enter would open it).
    await page.keyboard.press('ArrowDown');
    await page.locator('.binders-table tr.row-cursor').first().waitFor();
    expect(await page.locator('.binders-table tr[data-binder]').first().getAttribute('class')).toContain('row-cursor');
    expect(await row.textContent()).toContain(binder.title);
    expect(await row.locator('.binder-state-tag').getAttribute('data-state')).toBe(binder.state);
    await shot(page, 'filing-binders-01-list', false);

    // ---- labels and covers of the chosen binders, in the print preview ----
    await row.locator('.ant-checkbox-input').check();
    await page.locator('.print-labels').click();
    await page.locator('.print-preview-frame').waitFor();
    await expect
      .poll(() => page.locator('.print-preview-modal .ant-modal-title').textContent())
      .toContain(binder.title);
    await page.frameLocator('.print-preview-frame').getByText(`第 ${binder.volume} 册`).first().waitFor();
    await shot(page, 'filing-binders-01b-labels', false);
    await page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await page.locator('.print-preview-modal').waitFor({ state: 'hidden' });

    // ---- the binder page: its papers in position order, 完整性 lists what is missing ----
    await row.locator('.binder-title').click();
    await page.locator('.binder-page').waitFor();
    expect(await page.locator('.binder-page-title').textContent()).toBe(binder.title);
    const positions = await page
      .locator('.binder-papers-table tr[data-position]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-position'))));
    expect(positions.length).toBeGreaterThan(0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    await page.locator('.binder-incomplete').waitFor();
    expect(await page.locator('.binder-incomplete').textContent()).toContain(`还缺 ${missing.length} 份资料`);
    const first = missing[0]!;
    const missingRow = page.locator('.binder-missing-table tr[data-kind]').first();
    expect(await missingRow.textContent()).toContain(first.kindLabel);
    if (first.roNumber) expect(await missingRow.textContent()).toContain(first.roNumber);
    await shot(page, 'filing-binders-02-binder');

    // ---- 借出 to the service manager ----
    await page.locator('.lend-binder').click();
    const lend = page.locator('.lend-modal');
    await lend.waitFor();
    await lend.locator('#lend_borrower').fill('王经理');
    await lend.locator('#lend_reason').fill('厂家审核抽查');
    // The due day defaults to today plus the store's loan days (7).
    expect(await lend.locator('#lend_dueOn').inputValue()).toBe('2026-12-10');
    await shot(page, 'filing-binders-03-lend', false);
    await modalButton(/借\s*出/).click();
    await lend.waitFor({ state: 'detached' });
    await page.locator('.binder-page .binder-loan-tag').waitFor();
    expect(await page.locator('.binder-page .binder-loan-tag').textContent()).toBe('借出：王经理');
    expect(await page.locator('.return-binder').isVisible()).toBe(true);

    // ---- 借阅: it is out, with whom and until when; 归还 ----
    await openTab('借阅');
    const loanRow = page.locator(`.loans-table tr[data-binder="${binder.id}"]`);
    await loanRow.waitFor();
    expect(await loanRow.textContent()).toContain('王经理');
    expect(await loanRow.textContent()).toContain('厂家审核抽查');
    expect(await loanRow.textContent()).toContain('2026-12-10');
    expect(await loanRow.getAttribute('data-overdue')).toBe('false');
    await shot(page, 'filing-binders-04-loans', false);
    await loanRow.locator('.loan-return').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /已归还/ })
      .click();
    await loanRow.waitFor({ state: 'detached' });
    const loans = await api<Loan[]>(host, 'loans.list', { state: 'all' });
    const returned = loans.find((l) => l.binderId === binder.id && l.borrower === '王经理');
    expect(returned?.returnedAt).not.toBeNull();
    expect(returned?.returnedBy).toBe('王小红');
    await page.locator('.loans-state').getByText('全部').click();
    await page.locator(`.loans-table tr[data-loan="${returned!.id}"][data-returned="true"]`).waitFor();

    // ---- 借出 from 借阅: one paper, found by its RO number ----
    const paper = (
      await api<{ papers: { id: number; roNumber: string | null; loan: unknown }[] }>(host, 'binders.get', {
        id: binder.id,
      })
    ).papers.find((p) => p.roNumber !== null && p.loan === null)!;
    await page.locator('.lend-new').click();
    const lendPaper = page.locator('.lend-modal');
    await lendPaper.waitFor();
    await lendPaper.locator('.lend-what').getByText('一份资料').click();
    await lendPaper.locator('.lend-paper-search input').fill(paper.roNumber!);
    await lendPaper.locator('.lend-paper-search input').press('Enter');
    await lendPaper.locator(`.lend-paper-list [data-paper="${paper.id}"]`).click();
    await lendPaper.locator('#lend_borrower').fill('李娜');
    await lendPaper.locator('#lend_reason').fill('客户来电查询');
    await shot(page, 'filing-binders-04b-lend-paper', false);
    await modalButton(/借\s*出/).click();
    await lendPaper.waitFor({ state: 'detached' });
    await page.locator(`.loans-table tr[data-paper="${paper.id}"][data-returned="false"]`).waitFor();

    // ---- back to the binder: 装订 (reopened first if the demo bound it), confirming it is incomplete ----
    await page.locator(`.loans-table tr[data-loan="${returned!.id}"] a`).click();
    await page.locator('.binder-page').waitFor();
    expect(await page.locator('.binder-page .binder-loan-tag').count()).toBe(0);
    if ((await binderState()) !== 'open') {
      await page.locator('.reopen-binder').click();
      const reopen = page.locator('.reopen-binder-modal');
      await reopen.waitFor();
      await reopen.locator('#reopenBinder_reason').fill('装订前发现漏了结算单，拆开补放');
      await modalButton(/重新打开/).click();
      await reopen.waitFor({ state: 'detached' });
      await expect.poll(binderState).toBe('open');
    }
    await page.locator('.bind-binder').click();
    await page.locator('.bind-confirm').waitFor();
    await confirmButton(/装\s*订/).click();
    const incomplete = page.locator('.bind-incomplete-confirm');
    await incomplete.waitFor();
    expect(await incomplete.textContent()).toContain(`还缺 ${missing.length} 份资料，仍要装订吗？`);
    await shot(page, 'filing-binders-05-bind-incomplete', false);
    await confirmButton(/仍然装订/).click();
    await expect.poll(binderState).toBe('bound');
    expect(await page.locator('.binder-page .binder-state-tag').textContent()).toBe('已装订');
    expect(await page.locator('.binder-facts').textContent()).toContain('王小红');

    // ---- 寄回服务中心: the day defaults to today, a receiver is required ----
    await page.locator('.send-binder').click();
    const send = page.locator('.send-binder-modal');
    await send.waitFor();
    expect(await send.locator('#sendBinder_sentOn').inputValue()).toBe(E2E_TODAY);
    await modalButton(/寄\s*回/).click();
    await send.getByText('请填写接收人').waitFor();
    await send.locator('#sendBinder_sentTo').fill('服务中心 李老师');
    await shot(page, 'filing-binders-06-send', false);
    await modalButton(/寄\s*回/).click();
    await send.waitFor({ state: 'detached' });
    await expect.poll(binderState).toBe('sent');
    expect(await page.locator('.binder-sent').textContent()).toContain(`${E2E_TODAY} 寄给 服务中心 李老师`);
    await shot(page, 'filing-binders-07-sent');
    const after = await api<Binder[]>(host, 'binders.list', { month: LAST_MONTH, series: 'repair', state: 'all' });
    expect(after.find((b) => b.id === binder.id)).toMatchObject({
      state: 'sent',
      sentOn: E2E_TODAY,
      sentTo: '服务中心 李老师',
      sentBy: '王小红',
    });
  });

  it('enters a sales hand-over of one vehicle and says where its papers went', async () => {
    // A vehicle delivered last month whose warranty registration and PDI sheet are both still missing.
    const lastMonth = await api<MissingPaper[]>(host, 'filing.missing', { month: LAST_MONTH });
    const thisMonth = await api<MissingPaper[]>(host, 'filing.missing', { month: E2E_TODAY.slice(0, 7) });
    const byVehicle = new Map<number, MissingPaper[]>();
    for (const m of [...lastMonth, ...thisMonth])
      if (m.vehicleId !== null && (m.kind === 'warranty_registration' || m.kind === 'pdi'))
        byVehicle.set(m.vehicleId, [...(byVehicle.get(m.vehicleId) ?? []), m]);
    const vehicle = [...byVehicle.values()].find((list) => list.length === 2 && list[0]!.vin)?.[0];
    expect(vehicle, 'a delivered vehicle without its sales papers').toBeDefined();

    // 一车一档: the vehicle has no bag of its own (the demo files every kind monthly).
    await openTab('资料夹');
    await page.locator('.binders-scheme').getByText('一车一档').click();
    await page.locator('.vehicle-bag-input input').fill(vehicle!.vin!);
    await page.locator('.vehicle-bag-input input').press('Enter');
    await expect.poll(() => page.url()).toContain(`vehicle=${vehicle!.vehicleId}`);
    await page.locator('.binders-table').getByText('没有找到这辆车的档案袋').waitFor();
    await shot(page, 'filing-binders-07b-vehicle-bag', false);

    await openTab('销售交接');
    const form = page.locator('.handover-form-card');
    await form.waitFor();
    await form.locator('#handover_handedBy').fill('周明');
    expect(await form.locator('#handover_handedOn').inputValue()).toBe(E2E_TODAY);
    await form.locator('.handover-scan-input input').fill(vehicle!.vin!);
    await form.locator('.handover-scan-input input').press('Enter');
    const row = form.locator(`.handover-rows tr[data-vehicle="${vehicle!.vehicleId}"]`);
    await row.waitFor();
    // Both papers ticked by default.
    expect(await row.locator('.handover-kinds .ant-checkbox-wrapper-checked').count()).toBe(2);
    await shot(page, 'filing-binders-08-handover', false);
    await form.locator('.handover-submit').click();
    const outcome = page.locator('.handover-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('已登记 周明 交来的 2 份资料，并已归档');
    expect(await outcome.locator('.papers-placed li').count()).toBe(2);
    expect(await outcome.textContent()).toContain('保修登记/PDI');
    expect(await form.locator('.handover-rows tr[data-vehicle]').count()).toBe(0);
    await shot(page, 'filing-binders-09-handover-done', false);

    const handovers = await api<Handover[]>(host, 'handovers.list', { from: E2E_TODAY, to: E2E_TODAY });
    const mine = handovers.find(
      (h) => h.handedBy === '周明' && h.papers.some((p) => p.vehicleId === vehicle!.vehicleId),
    );
    expect(mine?.receivedBy).toBe('王小红');
    expect(mine?.papers.map((p) => p.kind).sort()).toEqual(['pdi', 'warranty_registration']);
    expect(mine?.papers.every((p) => p.state === 'filed' && p.binderId !== null)).toBe(true);
    const where = await api<PaperWhereabouts>(host, 'papers.where', { vehicleId: vehicle!.vehicleId });
    expect(where.missing.filter((m) => m.kind === 'pdi' || m.kind === 'warranty_registration')).toEqual([]);

    // ---- the demo's latest hand-over, received and not filed yet: 归档 from the list ----
    const recent = await api<Handover[]>(host, 'handovers.list', {});
    const waiting = recent.find((h) => h.papers.some((p) => p.state === 'received'));
    expect(waiting, 'the demo leaves a hand-over received, not filed').toBeDefined();
    const waitingRow = page.locator(`.handovers-table tr[data-handover="${waiting!.id}"]`);
    await waitingRow.locator('.handover-file-received').click();
    const received = waiting!.papers.filter((p) => p.state === 'received').length;
    await expect
      .poll(() => page.locator('.handover-outcome').textContent())
      .toContain(`已归档 ${waiting!.handedBy} ${waiting!.handedOn} 交来的 ${received} 份资料`);
    await expect.poll(() => waitingRow.locator('.handover-unfiled').count()).toBe(0);

    // ---- a first-service voucher registered at the counter, filed here ----
    const voucher = await api<{ id: number }>(host, 'firstService.register', {
      voucherNo: 'SB20261203001',
      vehicleId: vehicle!.vehicleId,
      serviceOn: E2E_TODAY,
      mileage: 3200,
      advisor: '',
    });
    await page.reload();
    const voucherRow = page.locator(`.vouchers-table tr[data-voucher="${voucher.id}"]`);
    await voucherRow.waitFor();
    await voucherRow.locator('.ant-checkbox-input').check();
    await page.locator('.file-vouchers').click();
    await expect.poll(() => page.locator('.handover-outcome').textContent()).toContain('已归档 1 张首保凭证');
    expect(await page.locator('.handover-outcome').textContent()).toContain('首保凭证');
    await voucherRow.waitFor({ state: 'detached' });
    await shot(page, 'filing-binders-10-vouchers');

    expect(problems).toEqual([]);
  });
});
