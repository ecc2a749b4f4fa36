import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callPath } from '../../src-renderer/features/revisits/paths';
import type { CallDetail, CallQueue, QueueEntry } from '../../src-shared/domain/revisits';
import {
  api,
  counterPage,
  launchChromium,
  loginAs,
  ROOT,
  type RunningHost,
  setUpDemoStore,
  shot,
  startHost,
} from './harness';

/**
 * 回访 in a real Chromium against the real browser host, on the demo archive (a year of a store,
 * seed 7), at 10:30 in the store on 3 December: inside the first calling window. The clerk works
 * the morning: a satisfaction revisit with one dissatisfied answer and the customer's words, a
 * missing customer field filled in; the problem in 问题客户 with its quick-handling form; a
 * callback booked for 15:30 and shown at its hour; a customer not reached three times, then
 * offered an SMS. The call sheet and the settings are looked at too.
 */
const NOW = '2026-12-03T02:30:00Z';

describe('回访 in the browser', () => {
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
  const row = (key: string) => page.locator(`.calls-queue-table tr[data-key="${key}"]`);
  const toQueue = async () => {
    await page.locator('.shell-sider').getByText('回访').click();
    await page.locator('.calls-queue-table tr[data-key]').first().waitFor();
  };
  /** From the queue's first page (callable now), or by its address (a call moved to a later window). */
  const openCall = async (key: string, via: 'queue' | 'address' = 'queue') => {
    if (via === 'queue') {
      await toQueue();
      await row(key).getByRole('button').last().click();
    } else await page.evaluate(`window.location.assign(${JSON.stringify(`#${callPath(key)}`)})`);
    await page.locator(`.call-page[data-key="${key}"] .outcome-card`).waitFor();
  };

  it('works a morning of calls', async () => {
    await page.goto(host.url);
    await page.locator('h3', { hasText: '今日工作台' }).waitFor();
    await toQueue();
    const day = await queue();
    const callable = day.entries.filter((e) => e.state === 'now');
    expect(callable.length).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.queue-counts [data-state="now"] .count-value').textContent()).toBe(
      String(day.counts.byState.now),
    );
    await shot(page, 'revisits-01-queue', false);

    // ---- a satisfaction revisit (or, where the demo day has none, a 7-day follow-up) ----
    const survey =
      callable.find((e) => e.kind === 'csi') ?? (callable.find((e) => e.kind === 'followup7') as QueueEntry);
    await openCall(survey.key);
    const questions = page.locator('.questionnaire-card li.question');
    const n = await questions.count();
    expect(n).toBeGreaterThan(3);
    // 用户原话 is not required until an answer is dissatisfied.
    const wordsLabel = page.locator('label[for="call_words"]');
    expect(await wordsLabel.getAttribute('class')).not.toContain('ant-form-item-required');
    for (let i = 0; i < n; i += 1) {
      const q = questions.nth(i);
      const options = q.locator('.ant-radio-button-wrapper');
      const numeric = (await q.locator('.answer-numbers').count()) > 0;
      // The first question: the lowest (dissatisfied); the others: the best.
      if (i === 0) await (numeric ? options.first() : options.last()).click();
      else await (numeric ? options.last() : options.first()).click();
    }
    await expect.poll(() => wordsLabel.getAttribute('class')).toContain('ant-form-item-required');
    expect(await questions.first().getAttribute('class')).toContain('problem');
    await page.locator('#call_words').fill('前台等了半个小时才有人接待，希望改进');
    await page.locator('#call_suggestions').fill('周末多安排一个接待');
    await page.locator('#call_customer_preferredCallTime').fill('工作日下午');
    // The customer books the next service during the call.
    await page.locator('.appointment-toggle').click();
    const appointmentDate = page.locator('#call_appointment_date');
    await appointmentDate.click();
    await appointmentDate.fill('2026-12-05');
    await appointmentDate.press('Enter');
    await page.locator('#call_appointment_time').fill('09:30');
    // At the counter's 1366×768 the outcomes stay in sight below the questionnaire.
    await shot(page, 'revisits-02a-call-screen', false);
    expect(await page.locator('.outcome-card [data-outcome="no_answer"]').isVisible()).toBe(true);
    await shot(page, 'revisits-02-call');
    await page.locator('.outcome-card [data-outcome="reached"]').click();
    await page.waitForURL((url) => !url.hash.includes(encodeURIComponent(survey.key)));
    const done = await api<CallDetail>(host, 'calls.get', { key: survey.key });
    expect(done.state).toBe('done');
    expect(done.words).toBe('前台等了半个小时才有人接待，希望改进');
    expect(done.customer?.preferredCallTime).toBe('工作日下午');
    expect(done.appointment).toMatchObject({ date: '2026-12-05', time: '09:30', source: 'call' });

    // ---- 问题客户: the problem with the words, an owner, the quick-handling form ----
    await toQueue();
    await page.locator('.revisits-page .ant-tabs-tab', { hasText: '问题客户' }).click();
    const card = page.locator('.problem-card').filter({ hasText: '前台等了半个小时才有人接待' });
    await card.waitFor();
    await card.locator('[id$="_ownerUserId"]').click();
    await page.locator('.ant-select-item-option', { hasText: '王经理' }).click();
    await card.locator('[id$="_action"]').fill('服务经理致电道歉，周末增加接待人员');
    await card.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('快速处理表已保存').waitFor();
    await shot(page, 'revisits-03-problems');
    await card.getByRole('button', { name: /打印快速处理表/ }).click();
    await page.locator('.print-preview-frame').waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'revisits-04-problem-form', false);
    await page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();

    // ---- a callback at 15:30, shown at its hour ----
    const later = (await queue()).entries.filter((e) => e.state === 'now' && e.key !== survey.key);
    const callback = later[0]!;
    const unreachable = later[1]!;
    await openCall(callback.key);
    const picker = page.locator('#call_callbackAt');
    await picker.click();
    await picker.fill('2026-12-03 15:30');
    await picker.press('Enter');
    await page.locator('.outcome-card [data-outcome="call_back"]').click();
    await page.waitForURL((url) => !url.hash.includes(encodeURIComponent(callback.key)));
    await toQueue();
    const booked = (await queue()).entries.find(
      (e) => e.kind === 'callback' && e.customerId === callback.customerId && e.dueAt?.includes('T15:30'),
    );
    expect(booked).toBeTruthy();
    expect(booked!.state).toBe('later');
    // 稍后: the callbacks and the calls of later windows, at their hour.
    await page.locator('.queue-counts [data-state="later"]').click();
    await page.locator('.queue-counts [data-kind="callback"]').click();
    expect(await row(booked!.key).locator('.state-tag').textContent()).toBe('稍后 15:30');
    expect(await row(booked!.key).locator('.kind-tag').textContent()).toContain('约定回电');
    await shot(page, 'revisits-05-callback', false);
    await page.locator('.queue-counts [data-state="later"]').click();
    await page.locator('.queue-counts [data-kind="callback"]').click();

    // ---- not reached three times: closed as 未接通, SMS offered ----
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await openCall(unreachable.key, attempt === 1 ? 'queue' : 'address');
      await page.locator('.outcome-card [data-outcome="no_answer"]').click();
      if (attempt < 3) await page.waitForURL((url) => !url.hash.includes(encodeURIComponent(unreachable.key)));
    }
    const gaveUp = page.locator('.call-notice.gave-up');
    await gaveUp.waitFor();
    expect(await gaveUp.textContent()).toContain('已尝试 3 次仍未接通');
    await shot(page, 'revisits-06-gave-up', false);
    await toQueue();
    await page.locator('.queue-counts [data-state="unreached"]').click();
    const unreachedRow = row(unreachable.key);
    await unreachedRow.waitFor();
    expect(await unreachedRow.locator('.state-tag').textContent()).toBe('未接通');
    await shot(page, 'revisits-07-unreached', false);
    await unreachedRow.getByRole('button', { name: /改发短信/ }).click();
    await unreachedRow.locator('.offer-chosen').waitFor();
    expect((await queue()).entries.find((e) => e.key === unreachable.key)?.followUpChannel).toBe('sms');
    await page.locator('.queue-counts [data-state="unreached"]').click();

    // ---- the call sheet for calling away from the PC ----
    await page.getByRole('button', { name: /打印电话单/ }).click();
    await page.locator('.print-preview-frame').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'revisits-08-call-sheet', false);
    await page
      .locator('.print-preview-modal .ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();

    // ---- 设置: 回访设置 and 回访问卷 (admin) ----
    await loginAs(host, '赵管理', '1234');
    await page.reload();
    await page.locator('.shell-sider').getByText('设置').click();
    await page.locator('.revisit-settings-form').waitFor();
    await page.locator('.questionnaire-editor[data-kind="csi"] .question-row').first().waitFor();
    const shots = path.join(ROOT, 'test-results');
    // Tall enough to hold each card whole (the page scrolls inside the shell).
    await page.setViewportSize({ width: 1366, height: 2000 });
    await page.locator('.revisit-settings').screenshot({ path: path.join(shots, 'revisits-09-settings.png') });
    await page.locator('.questionnaires').screenshot({ path: path.join(shots, 'revisits-10-questionnaires.png') });

    // English for the counter that switched.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByText('English', { exact: true }).first().click();
    await page.locator('.shell-sider').getByText('Revisits').click();
    await page.locator('.calls-queue-table tr[data-key]').first().waitFor();
    expect(await page.locator('.queue-counts [data-state="now"]').textContent()).toContain('Callable now');
    await shot(page, 'revisits-11-queue-english', false);
    await page.getByText('中文', { exact: true }).first().click();

    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
