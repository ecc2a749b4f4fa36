import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, choose, findButton, findHeading, formItemOf, inputById, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

describe('repair order form', () => {
  it('enters lines in 元, shows totals, puts the server’s order rules on the fields, and saves fen', async () => {
    backend = await openUiBackend({ setUp: true });
    const owner = await backend.must('customers.create', { name: '周八', mobile: '13500005555' });
    const car = await backend.must('vehicles.create', { plate: '京A12345', model: '帕萨特', ownerId: owner.record.id });
    window.location.hash = `#/archive/repair-orders/new?vehicleId=${car.record.id}`;
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    await findHeading('新建修理单');
    await waitFor(() => expect(formItemOf('vehicleId').textContent).toContain('京A12345'));
    await waitFor(() => expect(formItemOf('vehicleId').textContent).toContain('周八'));

    await user.type(inputById('roNumber'), 'ro2611220009');
    await choose(user, 'type', '首保');
    await choose(user, 'status', '已结算');

    await user.click(button('添加工时项目'));
    const labor = within(screen.getByText('工时项目').closest('.ant-card') as HTMLElement);
    await user.type(labor.getByLabelText('项目名称'), '首次保养');
    await user.type(labor.getByLabelText('金额（元）'), '120.5');

    await user.click(button('添加材料项目'));
    const parts = within(screen.getByText('材料项目').closest('.ant-card') as HTMLElement);
    await user.type(parts.getByLabelText('名称'), '机油');
    const quantity = parts.getByLabelText('数量');
    await user.clear(quantity);
    await user.type(quantity, '4');
    await user.type(parts.getByLabelText('单价（元）'), '50.25');
    await waitFor(() => expect(parts.getByText('¥201.00')).toBeTruthy());
    const totals = document.querySelector('.totals-bar') as HTMLElement;
    await waitFor(() => expect(totals.textContent).toContain('¥321.50'));

    // 已结算 without delivery and settlement times: the server refuses, per field; nothing is saved.
    await user.click(button('保存'));
    await waitFor(() =>
      expect(formItemOf('deliveredAt').textContent).toContain('状态为已交车/已结算时必须填写交车时间'),
    );
    expect(formItemOf('settledAt').textContent).toContain('状态为已结算时必须填写结算时间');
    expect(document.querySelector('.save-error')?.textContent).toContain('结算时间：状态为已结算时必须填写结算时间');
    expect((await backend.must('repairOrders.list', {})).total).toBe(0);
    expect((labor.getByLabelText('项目名称') as HTMLInputElement).value).toBe('首次保养');

    await choose(user, 'status', '在修');
    await user.click(button('保存'));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/archive\/repair-orders\/\d+$/));
    await findHeading('RO2611220009');
    const saved = await backend.must('repairOrders.get', { roNumber: 'RO2611220009' });
    expect(saved.laborFen).toBe(12050);
    expect(saved.partsFen).toBe(20100);
    expect(saved.partLines[0]).toMatchObject({ quantity: 4, unitPriceFen: 5025, amountFen: 20100 });
    expect(saved.customerId).toBe(owner.record.id);
    expect(screen.getAllByText('¥321.50').length).toBeGreaterThan(0);
  }, 90_000);

  it('Esc on a changed form asks before discarding; keeping edits stays on the form', async () => {
    backend = await openUiBackend({ setUp: true });
    window.location.hash = '#/archive/customers/new';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await user.type(await screen.findByLabelText('姓名/名称'), '吴九');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(document.querySelectorAll('.ant-modal-confirm').length).toBe(1));
    expect(document.querySelector('.ant-modal-confirm')?.textContent).toContain('放弃未保存的修改？');
    await user.click(await findButton('继续填写'));
    expect(window.location.hash).toBe('#/archive/customers/new');
    expect(inputById('name').value).toBe('吴九');

    // Leaving through the menu asks too; discarding goes there.
    await user.click(screen.getByText('今日工作台'));
    await user.click(await findButton('放弃修改'));
    await waitFor(() => expect(window.location.hash).toBe('#/today'));
    expect((await backend.must('customers.list', {})).total).toBe(0);
  }, 60_000);
});
