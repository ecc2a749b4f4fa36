import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { addDays } from '../../src-shared/validation/dates';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, findButton, findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

interface TaskRow {
  key: string;
  state: string;
  title: string;
  href: string | null;
}

function taskRows(): TaskRow[] {
  return [...document.querySelectorAll<HTMLElement>('.day-task')].map((li) => ({
    key: li.dataset.task ?? '',
    state: [...li.classList].find((c) => /^day-task-(open|warn|done)$/.test(c))?.slice('day-task-'.length) ?? '',
    title: li.querySelector('.day-task-title')?.textContent ?? '',
    href: li.querySelector('a')?.getAttribute('href') ?? null,
  }));
}

describe('今日工作台 and 今日遗漏检查', () => {
  it('lists today’s tasks in the order given, each linking to its work, and opens the end-of-day check', async () => {
    backend = await openUiBackend({ setUp: true });
    const today = backend.today;
    const owner = await backend.must('customers.create', { name: '周八', mobile: '13700001111' });
    const car = await backend.must('vehicles.create', { plate: '京B54321', ownerId: owner.record.id });
    await backend.must('repairOrders.create', {
      roNumber: 'RO0000101',
      vehicleId: car.record.id,
      openedAt: `${today} 08:30`,
      type: 'repair',
    });
    const given = await backend.must('today.tasks', { date: today });

    window.location.hash = '#/today';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');
    await waitFor(() => expect(taskRows()).toHaveLength(given.tasks.length));
    expect(taskRows()).toEqual(
      given.tasks.map((task) => ({ key: task.key, state: task.state, title: task.title, href: `#${task.link}` })),
    );
    const rows = taskRows();
    expect(rows.find((r) => r.key === 'import')).toMatchObject({ state: 'open', href: '#/daily/import' });
    expect(rows.find((r) => r.key === 'reconcile')?.href).toBe(`#/daily/reconcile?date=${today}`);
    expect(rows.some((r) => r.href === `#/daily/report?date=${today}`)).toBe(true);
    // Each row says what is left.
    for (const task of given.tasks) expect(screen.getByText(task.detail)).toBeTruthy();
    // The rest of the board is still there.
    expect(screen.getByText('档案概况')).toBeTruthy();
    expect(screen.getByText('常用操作')).toBeTruthy();
    expect(screen.getByText('本机')).toBeTruthy();

    await user.click(button('今日遗漏检查'));
    await findHeading('今日遗漏检查');
    expect(window.location.hash).toBe('#/today/end-of-day');
    const open = (await backend.must('today.endOfDay', { date: today })).open;
    expect(open).toBeGreaterThan(0);
    await screen.findByText(`还有 ${open} 件事没有做完，点进去处理；做完后点“刷新”。`);
    // Open items come first; done ones are ticked.
    const states = taskRows().map((r) => r.state);
    expect(states).toEqual(
      [...states].sort((a, b) => ['open', 'warn', 'done'].indexOf(a) - ['open', 'warn', 'done'].indexOf(b)),
    );
    expect(screen.queryByText('今天的事都做完了')).toBeNull();

    // The report task leads to the 日报 of the day.
    await user.click(document.querySelector(`.day-task a[href="#/daily/report?date=${today}"]`) as HTMLElement);
    await findHeading('日报');
    await screen.findByText('核对与签字');
  }, 60_000);

  it('says the day is done when nothing is left open, and 刷新 picks up work done elsewhere', async () => {
    backend = await openUiBackend({ setUp: true });
    const today = backend.today;
    window.location.hash = '#/today/end-of-day';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日遗漏检查');
    await waitFor(() => expect(taskRows().length).toBeGreaterThan(0));
    expect(screen.queryByText('今天的事都做完了')).toBeNull();

    // A day with no ROs: the 对单 is completed and the (empty) report signed by the manager.
    await backend.must('reconciliation.complete', { date: today });
    const report = await backend.must('dailyReport.get', { date: today });
    const confirmed = await backend.must('dailyReport.confirm', { date: today, fingerprint: report.fingerprint });
    const manager = (await backend.must('users.list', { includeInactive: false })).find((u) => u.role === 'manager')!;
    await backend.must('dailyReport.sign', {
      date: today,
      signerId: manager.id,
      pin: '2222',
      fingerprint: confirmed.fingerprint,
    });
    expect((await backend.must('today.endOfDay', { date: today })).open).toBe(0);

    await user.click(await findButton('刷新'));
    await screen.findByText('今天的事都做完了');
    expect(taskRows().every((r) => r.state === 'done')).toBe(true);
    expect(document.querySelectorAll('.day-task .task-icon-done').length).toBe(taskRows().length);

    // Yesterday is another day, with its own answer.
    await user.click(button('前一天'));
    await waitFor(() => expect(window.location.hash).toBe(`#/today/end-of-day?date=${addDays(today, -1)}`));
    await screen.findByText(/^还有 \d+ 件事没有做完/);
  }, 60_000);
});
