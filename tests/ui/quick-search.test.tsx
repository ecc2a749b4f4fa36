import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

function searchBox(): HTMLInputElement {
  const box = document.querySelector<HTMLInputElement>('.quick-search input[role="combobox"]');
  if (!box) throw new Error('quick search is not open');
  return box;
}

function searchIsOpen(): boolean {
  return document.querySelector('.quick-search input[role="combobox"]') !== null;
}

describe('quick search', () => {
  it('opens on Ctrl+K, finds a customer by the last 4 of the phone and by pinyin initials, and opens it', async () => {
    backend = await openUiBackend({ setUp: true });
    await backend.must('customers.create', { name: '王五', mobile: '13800002222' });
    const zsf = await backend.must('customers.create', { name: '张三丰', mobile: '139 1234 5678' });
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');

    await user.keyboard('{Control>}k{/Control}');
    const box = await waitFor(searchBox);
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(screen.getByText(/拼音首字母/)).toBeTruthy();
    await user.type(box, '5678');
    const hit = await screen.findByRole('option', { name: /张三丰/ });
    expect(within(hit).getByText('手机')).toBeTruthy();
    expect(within(hit).getByText('客户')).toBeTruthy();
    await user.keyboard('{Enter}');

    await waitFor(() => expect(window.location.hash).toBe(`#/archive/customers/${zsf.record.id}`));
    await findHeading('张三丰');
    expect(searchIsOpen()).toBe(false);

    // Again from the customer page, by pinyin initials.
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await waitFor(searchBox), 'zsf');
    const byPinyin = await screen.findByRole('option', { name: /张三丰/ });
    expect(within(byPinyin).getByText('拼音')).toBeTruthy();
    expect(screen.queryByRole('option', { name: /王五/ })).toBeNull();

    // Nothing found says so; Esc closes.
    await user.clear(searchBox());
    await user.type(searchBox(), '京Z99');
    expect(await screen.findByText('没有找到“京Z99”。')).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(searchIsOpen()).toBe(false));
  });

  it('the header box opens it too; arrow keys move through the hits and Enter opens the chosen one', async () => {
    backend = await openUiBackend({ setUp: true });
    const owner = await backend.must('customers.create', { name: '赵六', mobile: '13700003333' });
    const car = await backend.must('vehicles.create', { plate: '京A12345', ownerId: owner.record.id });
    await backend.must('vehicles.create', { plate: '津A12388' });
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');

    await user.click(screen.getByPlaceholderText('搜索车牌、手机号、姓名、工单号'));
    await user.type(await waitFor(searchBox), 'A123');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    const options = screen.getAllByRole('option');
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    const target = options.findIndex((o) => o.textContent?.includes('京A12345'));
    for (let i = 0; i < target; i++) await user.keyboard('{ArrowDown}');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(window.location.hash).toBe(`#/archive/vehicles/${car.record.id}`));
    await findHeading('京A12345');
  });
});
