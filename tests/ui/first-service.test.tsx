import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { addDays } from '../../src-shared/validation/dates';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, formItemOf, inputById, setupUser, type User } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function pickVehicle(user: User, text: string, label: string) {
  await user.click(inputById('voucher_vehicleId'));
  await user.type(inputById('voucher_vehicleId'), text);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) =>
      (o.textContent ?? '').includes(label),
    );
    if (!found) throw new Error(`no option ${label}`);
    return found;
  });
  await user.click(option);
}

describe('首保登记表', () => {
  it('registers vouchers (a duplicate number refused on the field), files them and hands the day to sales', async () => {
    backend = await openUiBackend({ setUp: true });
    const today = backend.today;
    const owner = await backend.must('customers.create', { name: '李四', mobile: '13900002222' });
    for (const plate of ['京B20001', '京B20002'])
      await backend.must('vehicles.create', {
        plate,
        model: '宝来',
        deliveryDate: addDays(today, -90),
        ownerId: owner.record.id,
      });

    window.location.hash = '#/invitations/first-service';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await waitFor(() => inputById('voucher_voucherNo'));
    // Both cars are waiting for their first service.
    expect(inputById('voucher_voucherNo')).toBe(document.activeElement);

    await user.type(inputById('voucher_voucherNo'), 'sb2611220001');
    await pickVehicle(user, '20001', '京B20001');
    await user.type(inputById('voucher_mileage'), '4200');
    await user.type(inputById('voucher_advisor'), '刘顾问{Enter}');
    await screen.findByText(/刚登记：SB2611220001 · 京B20001 · 4,200 km/);
    // Ready for the next voucher: number, vehicle and mileage cleared; date and advisor kept.
    expect(inputById('voucher_voucherNo').value).toBe('');
    expect(inputById('voucher_mileage').value).toBe('');
    expect(inputById('voucher_advisor').value).toBe('刘顾问');
    expect(inputById('voucher_serviceOn').value).toBe(today);
    await waitFor(() => expect(document.querySelector('.voucher-table tbody')?.textContent).toContain('SB2611220001'));

    // The same voucher number again: refused, on the field, nothing saved.
    await user.type(inputById('voucher_voucherNo'), 'SB2611220001');
    await pickVehicle(user, '20002', '京B20002');
    await user.type(inputById('voucher_mileage'), '3900{Enter}');
    await waitFor(() => expect(formItemOf('voucher_voucherNo').textContent).toContain('已登记'));
    expect(document.querySelector('.register-card .save-error')?.textContent).toMatch(
      /凭证号：SB2611220001 已于 .* 由 小王 登记/,
    );
    expect(backend.calls.filter((c) => c.method === 'firstService.register')).toHaveLength(2);
    await user.clear(inputById('voucher_voucherNo'));
    await user.type(inputById('voucher_voucherNo'), 'SB2611220002{Enter}');
    await screen.findByText(/刚登记：SB2611220002 · 京B20002 · 3,900 km/);
    await waitFor(() => expect(document.querySelectorAll('.voucher-table tbody tr.ant-table-row')).toHaveLength(2));

    // 已归档: one switch, then the rest.
    const firstSwitch = document.querySelector<HTMLElement>('.voucher-table .filed-switch')!;
    await user.click(firstSwitch);
    await waitFor(() => expect(button('全部归档（1）')).toBeTruthy());
    await user.click(button('全部归档（1）'));
    await waitFor(() =>
      expect(
        [...document.querySelectorAll('.voucher-table .filed-switch')].every(
          (s) => s.getAttribute('aria-checked') === 'true',
        ),
      ).toBe(true),
    );

    // 交接给销售部: the receiver is required (the server says so on the field), then time and receiver show.
    expect(document.querySelector('.handoff-pending')?.textContent).toContain('2 张首保登记还没有交给销售部');
    await user.click(button('已交接'));
    const modal = await waitFor(() => {
      const m = document.querySelector<HTMLElement>('.hand-over-modal');
      if (!m) throw new Error('no modal');
      return m;
    });
    await user.click(button('确认已交接', modal));
    await waitFor(() => expect(formItemOf('handOver_receivedBy').textContent).toContain('必填'));
    await user.type(inputById('handOver_receivedBy'), '销售部 周敏{Enter}');
    const done = await waitFor(() => {
      const d = document.querySelector<HTMLElement>('.handoff-done');
      if (!d) throw new Error('not handed over');
      return d;
    });
    expect(done.textContent).toMatch(/^已交接：销售部 周敏 接收，\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(done.textContent).toContain('经办：小王');
    const sheet = await backend.must('firstService.handoff', { date: today });
    expect(sheet).toMatchObject({ handedTo: '销售部 周敏', handedBy: '小王' });
    expect(sheet.vouchers.map((v) => v.voucherNo)).toEqual(['SB2611220001', 'SB2611220002']);
  }, 60_000);
});
