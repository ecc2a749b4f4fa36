import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { loadSupport, openUiBackend, type UiBackend } from './support/backend';
import { button, findHeading, formItemOf, inputById, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function openAt(hash: string): Promise<UiBackend> {
  backend = await openUiBackend({ setUp: true });
  window.location.hash = hash;
  render(<App transport={backend.transport} initialLang="zh" />);
  return backend;
}

describe('customer form', () => {
  it('refuses a bad mobile with the Chinese message on the field, and saves nothing', async () => {
    const b = await openAt('#/archive/customers/new');
    const user = setupUser();
    await user.type(await screen.findByLabelText('姓名/名称'), '张三');
    await user.type(screen.getByLabelText(/^手机号/), '1380013800');
    await user.click(button('保存'));

    const message = '手机号应为 11 位、以 1 开头（可带 +86 或空格）';
    await waitFor(() => expect(formItemOf('mobile').textContent).toContain(message));
    // The clerk's input stays as typed.
    expect(inputById('mobile').value).toBe('1380013800');
    expect((await b.must('customers.list', {})).total).toBe(0);

    // Fixed, it saves and the customer page opens.
    const mobile = screen.getByLabelText(/^手机号/);
    await user.clear(mobile);
    await user.type(mobile, '+86 138 0013 8000');
    await user.click(button('保存'));
    await waitFor(() => expect(window.location.hash).toBe('#/archive/customers/1'));
    await findHeading('张三');
    expect(screen.getAllByText('138 0013 8000').length).toBeGreaterThan(0);
  });

  it('shows the server’s warning after saving a duplicate mobile', async () => {
    const b = await openAt('#/archive/customers/new');
    await b.must('customers.create', { name: '李四', mobile: '13900001111' });
    const user = setupUser();
    await user.type(await screen.findByLabelText('姓名/名称'), '李四妻');
    await user.type(screen.getByLabelText(/^手机号/), '13900001111');
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(window.location.hash).toBe('#/archive/customers/2'));
    expect(await screen.findByText(/也登记在客户 李四 名下/)).toBeTruthy();
  });
});

describe('vehicle form', () => {
  it('shows the VIN check-digit message, the same the server gives, and the server’s own refusal of a duplicate VIN', async () => {
    const b = await openAt('#/archive/vehicles/new');
    const { VIN_A } = await loadSupport();
    const badVin = `${VIN_A.slice(0, 8)}${VIN_A[8] === '0' ? '1' : '0'}${VIN_A.slice(9)}`;
    const user = setupUser();
    await user.type(await screen.findByLabelText(/^车牌号/), '京a12345');
    await user.type(screen.getByLabelText(/^车架号/), badVin);
    await user.click(button('保存'));

    const server = await b.call('vehicles.create', { plate: '京A12345', vin: badVin });
    expect(server.ok).toBe(false);
    const serverMessage = server.ok ? '' : (server.error.details?.fields?.find((f) => f.path === 'vin')?.message ?? '');
    expect(serverMessage).toBe('车架号第 9 位校验位不符，请逐位核对行驶证');
    await waitFor(() => expect(formItemOf('vin').textContent).toContain(serverMessage));
    expect((await b.must('vehicles.list', {})).total).toBe(0);

    // A VIN already on file passes every client check; the server refuses it and names the field.
    await b.must('vehicles.create', { plate: '京B54321', vin: VIN_A });
    const vin = screen.getByLabelText(/^车架号/);
    await user.clear(vin);
    await user.type(vin, VIN_A.toLowerCase());
    await user.click(button('保存'));
    await waitFor(() => expect(formItemOf('vin').textContent).toContain('已存在'));
    expect(screen.getAllByText(/已登记在车辆 京B54321/).length).toBeGreaterThan(0);
    expect(window.location.hash).toBe('#/archive/vehicles/new');
    expect(inputById('plate').value).toBe('京A12345');
    expect((await b.must('vehicles.list', {})).total).toBe(1);
  });
});
