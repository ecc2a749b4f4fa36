import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { callPath } from '../../src-renderer/features/revisits/paths';
import { addDays } from '../../src-shared/validation/dates';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, formItemOf, setupUser, type User } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

/** 10:30 in the store (China time) on 3 December: inside the first calling window. */
const IN_WINDOW = '2026-12-03T02:30:00Z';

/**
 * Two calls callable now: 张三's 7-day follow-up (delivered 7 days ago) and 李四's satisfaction
 * revisit (delivered 2 days ago, the default CSI day).
 */
async function twoCalls(b: UiBackend) {
  const zhang = await b.must('customers.create', { name: '张三', mobile: '13800001111' });
  const li = await b.must('customers.create', { name: '李四', mobile: '13900002222' });
  const car = (plate: string, ownerId: number) =>
    b.must('vehicles.create', { plate, model: '朗逸', deliveryDate: '2024-05-01', ownerId });
  const zhangCar = await car('京A20001', zhang.record.id);
  const liCar = await car('京A20002', li.record.id);
  const ro = (roNumber: string, vehicleId: number, on: string) =>
    b.must('repairOrders.create', {
      roNumber,
      vehicleId,
      openedAt: `${on} 09:00`,
      type: 'periodic_service',
      status: 'delivered',
      deliveredAt: `${on} 11:00`,
      advisorName: '刘顾问',
    });
  await ro('RO-UI-0001', zhangCar.record.id, addDays(b.today, -7));
  await ro('RO-UI-0002', liCar.record.id, addDays(b.today, -2));
  return { zhang: zhang.record.id, li: li.record.id };
}

/** Typing into a text box without a render per character (the call form watches its answers). */
async function fill(user: User, element: HTMLElement, text: string) {
  await user.click(element);
  await user.paste(text);
}

function queueRow(plate: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`.calls-queue-table tr[data-plate="${plate}"]`);
  if (!row) throw new Error(`no queue row ${plate}`);
  return row;
}

describe('回访 → 今日电话 and one call', () => {
  it('counts and filters the queue, opens a call by keyboard, requires the words once an answer is dissatisfied, files the problem, and says when another window closed the call first', async () => {
    backend = await openUiBackend({ setUp: true, now: IN_WINDOW });
    const ids = await twoCalls(backend);
    window.location.hash = '#/revisits/calls';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    // Both callable now, counted per state and kind; the kind filter narrows the list.
    await waitFor(() => queueRow('京A20002'));
    queueRow('京A20001');
    const count = (attr: string) => document.querySelector(`.queue-counts [${attr}] .count-value`)?.textContent ?? '';
    expect(count('data-state="now"')).toBe('2');
    expect(count('data-state="unreached"')).toBe('1');
    expect(count('data-kind="csi"')).toBe('2');
    expect(count('data-kind="followup7"')).toBe('1');
    // 张三's CSI revisit was due 5 days ago and never made: given up, an SMS or a letter offered.
    const unreached = document.querySelector<HTMLElement>('.calls-queue-table tr[data-state="unreached"]')!;
    expect(unreached.dataset.plate).toBe('京A20001');
    expect(unreached.textContent).toContain('改发短信');

    // The state filter narrows the list to the two callable now, the CSI revisit first.
    await user.click(document.querySelector<HTMLElement>('.queue-counts [data-state="now"]')!);
    await waitFor(() => expect(document.querySelectorAll('.calls-queue-table tr[data-key]').length).toBe(2));
    const keys = [...document.querySelectorAll<HTMLElement>('.calls-queue-table tr[data-key]')].map(
      (r) => r.dataset.key,
    );
    expect(keys).toEqual([queueRow('京A20002').dataset.key, queueRow('京A20001').dataset.key]);
    const csiKey = keys[0]!;
    expect(csiKey).toMatch(/^csi:/);
    expect(queueRow('京A20002').textContent).toContain('现在可打');

    // ↓ ↑ move the selection, Enter opens the selected call.
    fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    await waitFor(() => expect(queueRow('京A20001').classList.contains('queue-row-selected')).toBe(true));
    fireEvent.keyDown(document.body, { key: 'ArrowUp' });
    await waitFor(() => expect(queueRow('京A20002').classList.contains('queue-row-selected')).toBe(true));
    fireEvent.keyDown(document.body, { key: 'Enter' });
    await waitFor(() => expect(window.location.hash).toBe(`#${callPath(csiKey)}`));
    const firstQuestion = await waitFor(() => {
      const q = document.querySelector<HTMLElement>('.questionnaire-card li.question');
      if (!q) throw new Error('no questionnaire');
      return q;
    });
    expect(document.querySelector('.call-page')?.textContent).toContain('139 0000 2222');
    expect(document.querySelector('.call-page')?.textContent).toContain('RO-UI-0002');

    // Not required yet; one dissatisfied answer makes 用户原话 required at once.
    const wordsLabel = () => formItemOf('call_words').querySelector('label');
    expect(wordsLabel()?.classList.contains('ant-form-item-required')).toBe(false);
    const lowest = [...firstQuestion.querySelectorAll<HTMLElement>('.ant-radio-button-wrapper')].at(-1)!;
    await user.click(lowest);
    await waitFor(() => expect(wordsLabel()?.classList.contains('ant-form-item-required')).toBe(true));
    expect(firstQuestion.classList.contains('problem')).toBe(true);

    // Saving without the words is stopped on the field; nothing recorded.
    await user.click(button('已接通（保存）1'));
    await waitFor(() => expect(formItemOf('call_words').textContent).toContain('请记下用户原话'));
    expect(backend.calls.some((c) => c.method === 'calls.record')).toBe(false);

    // A bad postal code is refused on its field before anything is sent.
    await fill(user, document.getElementById('call_customer_postalCode')!, '12');
    await fill(user, document.getElementById('call_words')!, '等了一个小时才接待');
    await user.click(button('已接通（保存）1'));
    await waitFor(() =>
      expect(formItemOf('call_customer_postalCode').querySelector('.ant-form-item-explain-error')).toBeTruthy(),
    );
    expect(backend.calls.some((c) => c.method === 'calls.record')).toBe(false);
    await user.clear(document.getElementById('call_customer_postalCode')!);
    await fill(user, document.getElementById('call_customer_postalCode')!, '100011');
    await fill(user, document.getElementById('call_customer_preferredCallTime')!, '工作日下午');

    // Saved: on to the next callable call (张三's follow-up).
    await user.click(button('已接通（保存）1'));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/revisits\/call\/followup7/));
    const recorded = await backend.must('calls.get', { key: csiKey });
    expect(recorded.state).toBe('done');
    expect(recorded.words).toBe('等了一个小时才接待');
    const li = await backend.must('customers.get', { id: ids.li });
    expect(li.postalCode).toBe('100011');
    expect(li.preferredCallTime).toBe('工作日下午');

    // The browser window closed 张三's follow-up meanwhile: this window is told, and its attempt kept.
    const followKey = decodeURIComponent(window.location.hash.slice('#/revisits/call/'.length));
    await waitFor(() =>
      expect(document.querySelector(`.call-page[data-key="${followKey}"] .outcome-card`)).toBeTruthy(),
    );
    await backend.must('calls.record', { key: followKey, outcome: 'reached', words: '都挺好' });
    await user.click(button('已接通（保存）1'));
    const notice = await waitFor(() => {
      const n = document.querySelector<HTMLElement>('.call-notice.already-closed');
      if (!n) throw new Error('no notice');
      return n;
    });
    expect(notice.textContent).toContain('这通电话已由小王在');
    expect((await backend.must('calls.get', { key: followKey })).attempts).toHaveLength(2);

    // 问题客户: the problem with the customer's words.
    window.location.hash = '#/revisits/problems';
    const card = await waitFor(() => {
      const c = document.querySelector<HTMLElement>('.problem-card');
      if (!c) throw new Error('no problem card');
      return c;
    });
    expect(card.textContent).toContain('李四');
    expect(card.textContent).toContain('等了一个小时才接待');
    expect(screen.getAllByText('未处理').length).toBeGreaterThan(0);
  }, 60_000);

  it('settings: a calling window ending before it starts is refused on that field; an answered questionnaire saves as a new version', async () => {
    backend = await openUiBackend({ setUp: true, now: IN_WINDOW });
    await twoCalls(backend);
    // One answered call puts the CSI questionnaire (version 1) in use.
    const csi = (await backend.must('calls.queue', {})).entries.find((e) => e.kind === 'csi' && e.state === 'now')!;
    const call = await backend.must('calls.get', { key: csi.key });
    await backend.must('calls.record', {
      key: csi.key,
      outcome: 'reached',
      questionnaireId: call.questionnaire!.id,
      answers: [{ key: call.questionnaire!.questions[0]!.key, value: 5 }],
    });
    const users = await backend.must('users.list', {});
    await backend.must('session.login', { userId: users.find((u) => u.name === '管理员')!.id, pin: '1234' });
    window.location.hash = '#/settings';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    // 回访设置: a third window 19:00-18:00 is refused by the archive, on its end time.
    const settings = await waitFor(() => {
      const f = document.querySelector<HTMLElement>('.revisit-settings-form');
      if (!f) throw new Error('no settings form');
      return f;
    });
    expect((document.getElementById('revisitSettings_windows_0_from') as HTMLInputElement).value).toBe('10:00');
    await user.click(button('添加时段', settings));
    await fill(user, document.getElementById('revisitSettings_windows_2_from')!, '19:00');
    await fill(user, document.getElementById('revisitSettings_windows_2_to')!, '18:00');
    await user.click(button('保存回访设置', settings));
    await waitFor(() =>
      expect(formItemOf('revisitSettings_windows_2_to').textContent).toContain('结束时间应晚于开始时间'),
    );
    expect((await backend.must('revisitSettings.get', {})).windows).toHaveLength(2);

    // 回访问卷: version 1 was answered, so saving asks and makes version 2.
    const editor = document.querySelector<HTMLElement>('.questionnaire-editor[data-kind="csi"]')!;
    expect(editor.querySelector('.questionnaire-version')?.textContent).toBe('第 1 版');
    const firstText = editor.querySelector<HTMLInputElement>('.question-row input[aria-label="题目"]')!;
    await user.clear(firstText);
    await fill(user, firstText, '接待是否及时');
    await user.click(button('保存为新版本', editor));
    await user.click(await waitFor(() => button('保存新版本')));
    await waitFor(() =>
      expect(document.querySelector('.questionnaire-editor[data-kind="csi"] .questionnaire-version')?.textContent).toBe(
        '第 2 版',
      ),
    );
    const current = (await backend.must('questionnaires.list', { kind: 'csi' })).find((q) => q.isCurrent)!;
    expect(current.version).toBe(2);
    expect(current.questions[0]!.text).toBe('接待是否及时');
  }, 60_000);
});
