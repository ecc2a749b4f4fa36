import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Complaint, ComplaintSummary } from '../../src-shared/domain/complaints';
import {
  type CallDetail,
  type CallProblem,
  type CallQueue,
  type QueueEntry,
  SCALE_RANGE,
} from '../../src-shared/domain/revisits';
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
 * 投诉 in a real Chromium against the real browser host, on the demo archive (a year of a store,
 * seed 7), at 10:30 in the store on 3 December (inside the first calling window). One complaint
 * from call to closing: a satisfaction revisit with a dissatisfied answer and the customer's words
 * → 问题客户 → 转为投诉 (the form comes prefilled) → the complaint page: a step taken, 处理完毕 →
 * 回访 → 今日电话 lists the 投诉二次回访 → reached, 满意, 闭环 是 → the complaint is 已闭环. The
 * printed 客户投诉处理单 is looked at in the preview.
 */
const NOW = '2026-12-03T02:30:00Z';
const WORDS = '保养后发动机异响还在，跑了两次都没修好';

describe('投诉 in the browser', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await startHost({ env: { CLERKDESK_FAKE_NOW: NOW } });
    await setUpDemoStore(host, { years: 1 });
    browser = await launchChromium();
    page = await counterPage(browser, problems);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const queue = () => api<CallQueue>(host, 'calls.queue', {});
  const go = (path: string) => page.evaluate(`window.location.assign(${JSON.stringify(`#${path}`)})`);

  it('takes one complaint from a problem call to closing', async () => {
    // ---- the revisit that finds the problem (arranged through the API: the 回访 e2e covers the screen) ----
    const callable = (await queue()).entries.filter((e) => e.state === 'now');
    const survey =
      callable.find((e) => e.kind === 'csi') ?? (callable.find((e) => e.kind === 'followup7') as QueueEntry);
    expect(survey).toBeTruthy();
    const detail = await api<CallDetail>(host, 'calls.get', { key: survey.key });
    const questions = detail.questionnaire?.questions ?? [];
    expect(questions.length).toBeGreaterThan(0);
    // The first scored question answered at its worst, the others at their best.
    const first = questions.find((q) => q.scale !== 'choice');
    expect(first).toBeTruthy();
    await api(host, 'calls.record', {
      key: survey.key,
      outcome: 'reached',
      questionnaireId: detail.questionnaire?.id ?? null,
      answers: questions.map((q) => ({
        key: q.key,
        value: q.scale === 'choice' ? null : q === first ? SCALE_RANGE[q.scale].min : SCALE_RANGE[q.scale].max,
      })),
      words: WORDS,
    });
    const problem = (await api<CallProblem[]>(host, 'callProblems.list', { state: 'open' })).find(
      (p) => p.words === WORDS,
    );
    expect(problem).toBeTruthy();

    // ---- 问题客户 → 转为投诉 ----
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await go('/revisits/problems');
    const card = page.locator(`.problem-card[data-problem="${problem!.id}"]`);
    await card.waitFor();
    await card.getByRole('button', { name: /转为投诉/ }).click();

    // ---- the form comes prefilled: 回访电话, the customer, vehicle, RO, words and department ----
    await page.locator('.complaint-form-page #complaint_description').waitFor();
    await expect.poll(() => page.locator('#complaint_description').inputValue()).toBe(WORDS);
    const checkedChannel = page.locator('.complaint-form .ant-radio-button-wrapper-checked').first();
    expect(await checkedChannel.textContent()).toContain('回访电话');
    const customerField = page.locator('.ant-form-item', { has: page.locator('#complaint_customerId') });
    await expect.poll(() => customerField.textContent()).toContain(problem!.customerName ?? '');
    if (problem!.plate) {
      const vehicleField = page.locator('.ant-form-item', { has: page.locator('#complaint_vehicleId') });
      await expect.poll(() => vehicleField.textContent()).toContain(problem!.plate!);
    }
    // 一般投诉 with its 处理时效 from the settings; the owner is the service manager.
    await page.locator('.level-radios .ant-radio-button-wrapper', { hasText: '严重抱怨' }).click();
    const ownerField = page.locator('.ant-form-item', { has: page.locator('#complaint_ownerUserId') });
    await page.locator('#complaint_ownerUserId').click();
    const manager = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: '王经理',
    });
    await manager.waitFor();
    await manager.click();
    await expect.poll(() => ownerField.textContent()).toContain('王经理');
    await page.locator('#complaint_demand').fill('免费再检查一次，修好为止');
    await shot(page, 'complaints-01-form');
    await page.locator('.save-complaint').click();

    // ---- the complaint page ----
    await page.locator('.complaint-page[data-state="open"]').waitFor();
    const complaintId = Number(await page.locator('.complaint-page').getAttribute('data-id'));
    let complaint = await api<Complaint>(host, 'complaints.get', { id: complaintId });
    expect(complaint).toMatchObject({
      channel: 'call',
      customerId: problem!.customerId,
      description: WORDS,
      department: problem!.department,
      level: 'serious_grumble',
      ownerName: '王经理',
      callProblemId: problem!.id,
      state: 'open',
    });
    expect(complaint.no).toMatch(/^TS\d{6}-\d{4}$/);
    expect(await page.locator('.complaint-title-no').textContent()).toBe(complaint.no);

    // A step taken (the response).
    await page.locator('.action-form textarea').fill('服务经理致电客户道歉，约周六来店重新检查');
    await page.locator('.add-action').click();
    await page.locator('.complaint-action').first().waitFor();
    expect(await page.locator('.complaint-action').first().textContent()).toContain('约周六来店重新检查');

    // The printed 客户投诉处理单.
    await page.locator('.print-form').click();
    await page.locator('.print-preview-frame').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'complaints-02-form-print', false);
    await page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();

    // 处理完毕: the resolution and the customer accepted it.
    await page.locator('#complaintResolve_resolution').fill('更换正时皮带张紧轮，试车确认异响消除');
    await page.locator('.resolve-form .ant-radio-wrapper', { hasText: /^接受$/ }).click();
    await page.locator('.resolve-button').click();
    await page.locator('.complaint-page[data-state="resolved"]').waitFor();
    await shot(page, 'complaints-03-resolved');

    // 问题客户 now shows the complaint it became.
    await go('/revisits/problems');
    await page.locator('.problem-filter').getByText('全部').click();
    const turned = page.locator(`.problem-card[data-problem="${problem!.id}"] .turned-into`);
    await turned.waitFor();
    expect(await turned.textContent()).toContain(complaint.no);

    // ---- 回访 → 今日电话 lists the 投诉二次回访 ----
    const key = `callback:complaint:${complaintId}`;
    await go('/revisits/calls');
    const row = page.locator(`.calls-queue-table tr[data-key="${key}"]`);
    await row.waitFor();
    await shot(page, 'complaints-04-queue', false);
    await row.getByRole('button').last().click();
    await page.locator(`.call-page[data-key="${key}"] .complaint-callback-card`).waitFor();
    const callbackCard = page.locator('.complaint-callback-card');
    await expect.poll(() => callbackCard.textContent()).toContain(complaint.no);
    expect(await callbackCard.textContent()).toContain('更换正时皮带张紧轮');
    // 是否闭环 is required on a reached complaint callback.
    await page.locator('.verdict-radios .ant-radio-button-wrapper', { hasText: /^满意$/ }).click();
    await page.locator('.outcome-card [data-outcome="reached"]').click();
    await page.locator('.complaint-callback-card .ant-form-item-explain-error').first().waitFor();
    await page.locator('.closed-loop-radios .ant-radio-wrapper', { hasText: /^是$/ }).click();
    await page.locator('#call_words').fill('这次修好了，谢谢');
    await shot(page, 'complaints-05-callback-call');
    await page.locator('.outcome-card [data-outcome="reached"]').click();
    await page.waitForURL((url) => !url.hash.includes(encodeURIComponent(key)));

    // ---- the complaint is 已闭环 ----
    complaint = await api<Complaint>(host, 'complaints.get', { id: complaintId });
    expect(complaint).toMatchObject({ state: 'closed', verdict: 'satisfied', closedLoop: true });
    expect(complaint.callbacks).toHaveLength(1);
    await go(`/complaints/${complaintId}`);
    await page.locator('.complaint-page[data-state="closed"]').waitFor();
    expect(await page.locator('.complaint-page .complaint-state-tag').first().textContent()).toContain('已闭环');
    await shot(page, 'complaints-06-closed');

    // ---- 投诉登记 lists it closed, beside a letter received two weeks ago and never answered (超期) ----
    const late = await api<Complaint>(host, 'complaints.create', {
      channel: 'letter',
      customerId: problem!.customerId,
      description: '上个月喷漆的车门已经起泡',
      openedAt: '2026-11-19T09:00:00+08:00',
      department: 'workshop',
      type: 'quality',
      level: 'complaint',
    });
    expect(late.overdue).toMatchObject({ response: true, resolution: true });
    await go('/complaints/list');
    const listed = page.locator(`.complaints-table tr[data-id="${complaintId}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute('data-state')).toBe('closed');
    const all = await api<ComplaintSummary[]>(host, 'complaints.list', {});
    expect(all.some((c) => c.id === complaintId)).toBe(true);
    const lateRow = page.locator(`.complaints-table tr[data-id="${late.id}"]`);
    expect(await lateRow.locator('[data-deadline="resolution"]').textContent()).toContain('已超期');
    expect(await page.locator('.complaint-counts [data-count="overdue"]').textContent()).toBe('1');
    await shot(page, 'complaints-07-list', false);

    // ---- 设置: 投诉、返修、流失设置 (admin) ----
    await loginAs(host, '赵管理', '1234');
    await page.reload();
    await go('/settings');
    await page.locator('.complaint-settings-form').waitFor();
    await page.locator('.complaint-settings').scrollIntoViewIfNeeded();
    await page
      .locator('.complaint-settings')
      .screenshot({ path: `${process.cwd()}/test-results/complaints-08-settings.png` });

    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
