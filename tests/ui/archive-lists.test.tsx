import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

function bodyRows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.archive-table tbody tr.ant-table-row')];
}

describe('archive lists', () => {
  it('pages and sorts on the server, keeps the place in the address, and opens a row', async () => {
    backend = await openUiBackend({ setUp: true });
    const names = Array.from({ length: 25 }, (_, i) => `客户${String(i + 1).padStart(2, '0')}`);
    for (const name of [...names].reverse()) await backend.must('customers.create', { name });
    window.location.hash = '#/archive/customers';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    await findHeading('档案');
    await waitFor(() => expect(bodyRows()).toHaveLength(20));
    expect(screen.getByText('第 1-20 条，共 25 条')).toBeTruthy();
    const lists = () => backend!.calls.filter((c) => c.method === 'customers.list').map((c) => c.input);
    expect(lists()[0]).toEqual({ page: 1, pageSize: 20, sort: 'updatedAt', order: 'desc' });

    // Sort by name (ascending first), server-side.
    const nameHeader = [...document.querySelectorAll<HTMLElement>('.archive-table th')].find(
      (th) => th.textContent === '姓名',
    );
    await user.click(nameHeader!);
    await waitFor(() => expect(window.location.hash).toBe('#/archive/customers?page=1&size=20&sort=name&order=asc'));
    await waitFor(() => expect(bodyRows()[0]?.textContent).toContain('客户01'));
    expect(lists().at(-1)).toEqual({ page: 1, pageSize: 20, sort: 'name', order: 'asc' });

    // Page 2 holds the last five.
    await user.click(document.querySelector('.ant-pagination-item-2') as HTMLElement);
    await waitFor(() => expect(bodyRows()).toHaveLength(5));
    expect(bodyRows()[0]?.textContent).toContain('客户21');
    expect(lists().at(-1)).toEqual({ page: 2, pageSize: 20, sort: 'name', order: 'asc' });
    expect(lists().every((input) => (input as { pageSize: number }).pageSize <= 200)).toBe(true);

    // A click on the row (not only the name) opens the customer.
    await user.click(bodyRows()[1]!.querySelectorAll('td')[4]!);
    await findHeading('客户22');
    // The breadcrumb goes back to the same page and order.
    await user.click(screen.getByText('客户', { selector: '.ant-breadcrumb a' }));
    await waitFor(() => expect(window.location.hash).toBe('#/archive/customers?page=2&size=20&sort=name&order=asc'));
    await waitFor(() => expect(bodyRows()[0]?.textContent).toContain('客户21'));
  }, 60_000);

  it('filters repair orders by type and date range through the server', async () => {
    backend = await openUiBackend({ setUp: true });
    const car = await backend.must('vehicles.create', { plate: '京A11111' });
    const ro = (roNumber: string, openedAt: string, type: 'first_service' | 'repair') =>
      backend!.must('repairOrders.create', { roNumber, vehicleId: car.record.id, openedAt, type });
    await ro('RO0001', '2026-01-10 09:00', 'first_service');
    await ro('RO0002', '2026-03-10 09:00', 'repair');
    await ro('RO0003', '2026-05-10 09:00', 'repair');
    window.location.hash = '#/archive/repair-orders?type=repair&from=2026-02-01&to=2026-04-30';
    render(<App transport={backend.transport} initialLang="zh" />);

    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    expect(bodyRows()[0]?.textContent).toContain('RO0002');
    expect(backend.calls.filter((c) => c.method === 'repairOrders.list').at(-1)?.input).toEqual({
      page: 1,
      pageSize: 20,
      sort: 'openedAt',
      order: 'desc',
      from: '2026-02-01',
      to: '2026-04-30',
      type: 'repair',
    });
    const user = setupUser();
    await user.click(screen.getByText('清除筛选'));
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
  }, 60_000);
});
