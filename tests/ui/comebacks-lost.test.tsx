import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
  window.location.hash = '';
});

/**
 * Two comebacks to propose (a repair RO, then the same vehicle back within 30 days) and one lost
 * vehicle (its only visit 18 months before the store's today, 2026-12-03).
 */
async function arrange(b: UiBackend) {
  const car = async (name: string, mobile: string, plate: string) => {
    const owner = await b.must('customers.create', { name, mobile });
    const vehicle = await b.must('vehicles.create', {
      plate,
      model: '朗逸',
      deliveryDate: '2023-05-01',
      ownerId: owner.record.id,
    });
    return vehicle.record.id;
  };
  const ro = (roNumber: string, vehicleId: number, on: string, type: 'repair' | 'periodic_service', complaint = '') =>
    b.must('repairOrders.create', {
      roNumber,
      vehicleId,
      openedAt: `${on} 09:00`,
      type,
      status: 'delivered',
      deliveredAt: `${on} 16:00`,
      advisorName: '刘顾问',
      complaint,
    });
  const zhang = await car('张三', '13800001111', '京A30001');
  const li = await car('李四', '13900002222', '京A30002');
  const wang = await car('王五', '13700003333', '京A30003');
  await ro('RO-UI-0101', zhang, '2026-11-20', 'repair', '刹车异响');
  await ro('RO-UI-0102', zhang, '2026-12-01', 'repair', '刹车还是响');
  await ro('RO-UI-0201', li, '2026-11-25', 'repair', '空调不凉');
  await ro('RO-UI-0202', li, '2026-12-02', 'repair', '更换雨刮');
  await ro('RO-UI-0301', wang, '2025-06-10', 'periodic_service');
  return { wang };
}

function comebackRow(plate: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`.comebacks-table tr[data-plate="${plate}"]`);
  if (!row) throw new Error(`no comeback row ${plate}`);
  return row;
}

const chipCount = (state: string) =>
  document.querySelector(`.comeback-filters [data-state="${state}"] .count-value`)?.textContent ?? '';

describe('投诉 → 返修 and 流失客户', () => {
  it('the clerk dismisses a proposal only with a reason; an advisor sees proposals but may not decide them', async () => {
    backend = await openUiBackend({ setUp: true });
    await arrange(backend);
    window.location.hash = '#/complaints/comebacks';
    const view = render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    await waitFor(() => comebackRow('京A30001'));
    expect(chipCount('proposed')).toBe('2');
    const li = comebackRow('京A30002');
    expect(li.textContent).toContain('RO-UI-0201');
    expect(li.textContent).toContain('RO-UI-0202');
    expect(li.textContent).toContain('7 天');

    // 不算返修 without a reason is refused on the form; with one, it is recorded.
    await user.click(button('不算返修', li));
    const modal = await waitFor(() => document.querySelector<HTMLElement>('.comeback-dismiss-modal')!);
    await user.click(button('不算返修', modal));
    await screen.findByText('请写明不算返修的原因');
    await user.click(document.getElementById('comebackDismiss_reason')!);
    await user.paste('这次是更换雨刮，与上次空调维修无关');
    await user.click(button('不算返修', modal));
    await waitFor(() => expect(chipCount('dismissed')).toBe('1'));
    expect(chipCount('proposed')).toBe('1');
    const dismissed = (await backend.must('comebacks.list', { state: 'dismissed' }))[0]!;
    expect(dismissed).toMatchObject({ plate: '京A30002', dismissedReason: '这次是更换雨刮，与上次空调维修无关' });
    view.unmount();

    // An advisor: the list, but neither decision (the contract's counter roles).
    await backend.asAdmin(() => backend!.must('users.create', { name: '赵顾问', role: 'advisor', pin: '3333' }));
    const users = await backend.must('users.list', {});
    await backend.must('session.login', { userId: users.find((u) => u.name === '赵顾问')!.id, pin: '3333' });
    render(<App transport={backend.transport} initialLang="zh" />);
    await waitFor(() => comebackRow('京A30001'));
    const zhang = comebackRow('京A30001');
    expect(zhang.textContent).toContain('等待信息员确认');
    expect(() => button('确认返修', zhang)).toThrow();
  }, 60_000);

  it('records 车已卖 for a lost vehicle: it leaves the list and the vehicle is marked sold', async () => {
    backend = await openUiBackend({ setUp: true });
    const { wang } = await arrange(backend);
    window.location.hash = '#/complaints/lost';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    const row = () => document.querySelector<HTMLElement>(`.lost-table tr[data-vehicle="${wang}"]`);
    await waitFor(() => expect(row()).not.toBeNull());
    expect(row()!.textContent).toContain('2025-06-10');
    expect(row()!.textContent).toContain('17 个月');
    expect(document.querySelector('.lost-counts [data-reason="none"] .count-value')?.textContent).toBe('1');

    await user.click(button('记录原因', row()!));
    const modal = await waitFor(() => document.querySelector<HTMLElement>('.lost-reason-modal')!);
    await user.click(screen.getByText('车已卖', { selector: '.lost-reason-modal *' }));
    await screen.findByText('车辆将标记为已卖出，不再出现在流失名单');
    await user.click(button('保存', modal));
    await screen.findByText('已记录流失原因，京A30003 不再列为流失客户');
    await waitFor(() => expect(row()).toBeNull());
    expect((await backend.must('vehicles.get', { id: wang })).status).toBe('sold');
  }, 60_000);
});
