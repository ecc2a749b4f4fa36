import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { presetPeriod } from '../../src-renderer/features/invitations/paths';
import { addMonths } from '../../src-shared/domain/service-due';
import { addDays } from '../../src-shared/validation/dates';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, formItemOf, inputById, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

/**
 * A small store whose due dates can be worked out by hand (store default: first service at
 * 5,000 km / 6 months, then every 7,500 km / 6 months), all due next month:
 * - 京A10001 delivered 6 months before the 10th of next month, never back, no readings:
 *   首保 by time only, on the 10th.
 * - 京A10002 had its first service (2,000 km) 6 months before the 15th, 100 days after delivery:
 *   20 km/day, 9,500 km is a year away, so 定保 by time, on the 15th.
 * - 京A10003 like 京A10001 but sold: left out, counted under 已售.
 */
async function smallStore(b: UiBackend) {
  const { from, to } = presetPeriod('nextMonth', b.today);
  const owner = await b.must('customers.create', { name: '张三', mobile: '13800001111' });
  const first = addMonths(addDays(from, 9), -6);
  await b.must('vehicles.create', { plate: '京A10001', model: '朗逸', deliveryDate: first, ownerId: owner.record.id });
  const serviced = addMonths(addDays(from, 14), -6);
  const car = await b.must('vehicles.create', {
    plate: '京A10002',
    model: '速腾',
    deliveryDate: addDays(serviced, -100),
    ownerId: owner.record.id,
  });
  await b.must('repairOrders.create', {
    roNumber: 'RO0001',
    vehicleId: car.record.id,
    openedAt: `${serviced} 09:00`,
    type: 'first_service',
    status: 'delivered',
    deliveredAt: `${serviced} 11:00`,
    mileageIn: 2000,
  });
  await b.must('vehicles.create', {
    plate: '京A10003',
    model: '朗逸',
    deliveryDate: first,
    ownerId: owner.record.id,
    status: 'sold',
  });
  return { from, to, firstDue: addDays(from, 9), periodicDue: addDays(from, 14) };
}

function rowOf(plate: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`tr[data-plate="${plate}"]`);
  if (!row) throw new Error(`no row ${plate}`);
  return row;
}

function modal(className: string): HTMLElement {
  const m = document.querySelector<HTMLElement>(`.${className}`);
  if (!m) throw new Error(`no .${className}`);
  return m;
}

describe('定保招揽一览表', () => {
  it('builds next month’s list, says why, saves it, records a call and removes a row with a reason', async () => {
    backend = await openUiBackend({ setUp: true });
    const { from, to, firstDue, periodicDue } = await smallStore(backend);

    window.location.hash = '#/invitations';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await screen.findByText('还没有保存的一览表。点“新建一览表”，选择时间段，预览后保存。');
    await user.click(button('新建一览表'));

    // Next month by default, grouped 首保 / 定保, the sold car left out.
    const firstGroup = await waitFor(() => {
      const g = document.querySelector<HTMLElement>('.due-group[data-kind="first"]');
      if (!g) throw new Error('no 首保 group');
      return g;
    });
    expect(backend.calls.find((c) => c.method === 'invitations.due')?.input).toEqual({ from, to });
    expect(firstGroup.querySelector('.ant-card-head')?.textContent).toBe('首保（1 辆）');
    expect(firstGroup.textContent).toContain('京A10001');
    expect(firstGroup.textContent).toContain(firstDue);
    expect(firstGroup.textContent).toContain('138 0000 1111');
    expect(firstGroup.querySelector('.due-basis')?.textContent).toBe('仅按时间');
    const periodicGroup = modal('due-group[data-kind="periodic"]');
    expect(periodicGroup.textContent).toContain('京A10002');
    expect(periodicGroup.textContent).toContain(periodicDue);
    expect(periodicGroup.textContent).toContain('9,500 km');
    expect(periodicGroup.querySelector('.due-basis')?.textContent).toBe('按时间');
    expect(document.body.textContent).not.toContain('京A10003');
    expect(document.querySelector('[data-excluded="sold"]')?.textContent).toBe('已售 1');
    expect(screen.getByText('共 2 辆车到期：首保 1，定保 1')).toBeTruthy();

    // 为什么: counted from the first service, by time.
    await user.click(button('为什么', periodicGroup));
    const why = await waitFor(() => modal('why-popover'));
    expect(why.textContent).toContain('从首保');
    expect(why.textContent).toContain(`定保以时间为准：${periodicDue}`);

    await user.click(button('保存一览表'));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/invitations\/lists\/\d+$/));
    await waitFor(() => rowOf('京A10001'));
    expect(document.querySelector('.funnel [data-step="rows"] .funnel-value')?.textContent).toBe('2');

    // 记录电话: 已预约 without a date is refused on the date field.
    await user.click(button('记录电话', rowOf('京A10001')));
    const call = await waitFor(() => modal('call-modal'));
    expect(call.textContent).toContain('138 0000 1111');
    await user.click(call.querySelector<HTMLElement>('[data-result="booked"]')!);
    await user.click(button('保存', call));
    await waitFor(() => expect(formItemOf('call_bookedFor').textContent).toContain('已预约请填写预约日期'));
    await user.click(inputById('call_bookedFor'));
    await user.type(inputById('call_bookedFor'), `${firstDue}{Enter}`);
    await user.type(document.getElementById('call_words')!, '下个月10号上午来');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.querySelector('.call-modal')).toBeNull());
    await waitFor(() => expect(rowOf('京A10001').querySelector('.booked-for')?.textContent).toBe(firstDue));
    expect(rowOf('京A10001').querySelector('.calls-cell')?.textContent).toContain('已预约');
    expect(rowOf('京A10001').querySelector('.calls-cell')?.textContent).toContain('共 1 次');
    expect(document.querySelector('.funnel [data-step="booked"] .funnel-value')?.textContent).toContain('1');

    // A second attempt lists the first one.
    await user.click(button('记录电话', rowOf('京A10001')));
    const again = await waitFor(() => modal('call-modal'));
    expect(again.querySelector('.previous-calls')?.textContent).toContain('下个月10号上午来');
    await user.click(button('取消', again));
    await waitFor(() => expect(document.querySelector('.call-modal')).toBeNull());

    // 移除 needs a reason; the row stays, struck through, with the reason, and can be restored.
    await user.click(button('移除', rowOf('京A10002')));
    const remove = await waitFor(() => modal('remove-row-modal'));
    await user.click(button('移除', remove));
    await waitFor(() => expect(formItemOf('remove_reason').textContent).toContain('必填，请写明原因'));
    await user.type(inputById('remove_reason'), '客户已搬到外地{Enter}');
    await waitFor(() => expect(rowOf('京A10002').className).toContain('row-removed'));
    expect(rowOf('京A10002').textContent).toContain('已移除：客户已搬到外地');
    expect(screen.getByText(/，已移除 1 辆/)).toBeTruthy();
    await user.click(button('恢复', rowOf('京A10002')));
    await waitFor(() => expect(rowOf('京A10002').className).not.toContain('row-removed'));

    // The saved list shows on the 定保招揽一览表 tab with its funnel.
    window.location.hash = '#/invitations';
    await waitFor(() =>
      expect(document.querySelector('.lists-table .list-title')?.textContent).toContain(`${from} 至 ${to}`),
    );
    expect(document.querySelector('.lists-table [data-step="booked"]')?.textContent).toContain('1');
  }, 60_000);
});
