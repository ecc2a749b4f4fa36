import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, findButton, findHeading, formItemOf, inputById, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

function findings(severity: 'block' | 'warn'): string[] {
  return [...document.querySelectorAll(`.finding-${severity} .finding-message`)].map((el) => el.textContent ?? '');
}

function figure(key: string): string {
  return document.querySelector(`[data-figure="${key}"] .ant-statistic-content`)?.textContent ?? '';
}

/** A store with one car and, today, one RO delivered without any amount (a blocking finding). */
async function dayWithUnpricedDelivery(b: UiBackend) {
  const today = b.today;
  const roNumber = `RO${today.replace(/-/g, '').slice(2)}0001`;
  const owner = await b.must('customers.create', { name: '周八', mobile: '13700001111' });
  const car = await b.must('vehicles.create', { plate: '京B54321', ownerId: owner.record.id });
  const ro = await b.must('repairOrders.create', {
    roNumber,
    vehicleId: car.record.id,
    openedAt: `${today} 08:30`,
    type: 'periodic_service',
    status: 'delivered',
    deliveredAt: `${today} 11:00`,
    advisorName: '刘顾问',
  });
  return { today, roNumber, roId: ro.record.id };
}

describe('日报 tab', () => {
  it('blocks 核对确认 with the findings, confirms once fixed, and signs with the manager’s PIN', async () => {
    backend = await openUiBackend({ setUp: true });
    const { today, roNumber, roId } = await dayWithUnpricedDelivery(backend);

    window.location.hash = `#/daily/report?date=${today}`;
    const view = render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('日报');
    await waitFor(() => expect(findings('block')).toHaveLength(2));
    expect(findings('block')[0]).toContain(`修理单 ${roNumber}`);
    expect(findings('block')[0]).toContain('结算金额是 0');
    expect(findings('block')[1]).toContain('对单还有 1 条差异没有说明');
    expect(findings('warn').join()).toContain('对单还没有完成');
    // Each finding leads to where it is fixed.
    const links = [...document.querySelectorAll<HTMLAnchorElement>('.finding-block .finding-link')];
    expect(links.map((a) => a.textContent)).toEqual(['去修改', '去修改']);
    expect(links[0]!.getAttribute('href')).toBe(`#/archive/repair-orders/${roId}/edit`);
    expect(links[1]!.getAttribute('href')).toBe(`#/daily/reconcile?date=${today}`);
    expect(button('核对确认').disabled).toBe(true);
    expect(screen.getByText('还有 2 个问题必须先改正（红色），改好后才能核对确认。')).toBeTruthy();
    expect(document.querySelector('.report-bar .report-status')?.textContent).toBe('未核对');
    expect(figure('delivered')).toBe('1');
    expect(figure('totalFen')).toBe('¥0.00');
    // The RO is listed in the 交车 section with a link to it.
    expect(document.querySelector(`a[href="#/archive/repair-orders/${roId}"]`)?.textContent).toBe(roNumber);

    // The clerk prices the RO and ticks its paper sheet (elsewhere); the report, opened again, lets them confirm.
    await backend.must('repairOrders.update', {
      id: roId,
      roNumber,
      vehicleId: (await backend.must('repairOrders.get', { id: roId })).vehicleId,
      openedAt: `${today} 08:30`,
      type: 'periodic_service',
      status: 'delivered',
      deliveredAt: `${today} 11:00`,
      advisorName: '刘顾问',
      laborFen: 30_000,
      partsFen: 12_050,
    });
    await backend.must('reconciliation.tick', { date: today, roNumber });
    view.unmount();
    render(<App transport={backend.transport} initialLang="zh" />);
    await waitFor(() => expect(figure('totalFen')).toBe('¥420.50'));
    expect(findings('block')).toEqual([]);
    expect(findings('warn')).toHaveLength(1);
    expect(button('核对确认').disabled).toBe(false);

    await user.click(button('核对确认'));
    await waitFor(() =>
      expect(document.querySelector('.report-bar .report-status')?.textContent).toBe('已核对，待签字'),
    );
    expect(screen.getByText(/核对：小王/)).toBeTruthy();

    // The manager signs at the counter: a wrong PIN is refused in the modal.
    await user.click(button('服务经理签字'));
    const modal = await waitFor(() => {
      const m = document.querySelector<HTMLElement>('.sign-modal');
      if (!m) throw new Error('no sign modal');
      return m;
    });
    expect(modal.textContent).toContain(today);
    expect(modal.textContent).toContain('第 1 版');
    expect(modal.textContent).toContain('¥420.50');
    // The only manager is chosen already.
    await waitFor(() => expect(modal.querySelector('.ant-select-content')?.textContent).toContain('李经理'));
    await user.type(inputById('sign_pin'), '9999{Enter}');
    await waitFor(() => expect(formItemOf('sign_pin').textContent).toContain('PIN 不对，请服务经理重新输入'));
    expect(inputById('sign_pin').value).toBe('');
    expect(document.querySelector('.report-bar .report-status')?.textContent).toBe('已核对，待签字');

    await user.type(inputById('sign_pin'), '2222');
    await user.click(button('签字', modal));
    const banner = await screen.findByText(/^已签字：李经理 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，已冻结$/);
    expect(banner).toBeTruthy();
    expect(document.querySelector('.report-bar .report-status')?.textContent).toBe('已签字');
    // The clerk is still the one at the counter.
    expect(document.querySelector('.user-button')?.textContent).toContain('小王');
    // Signed: no more paper entries, and 更正 is offered.
    expect(screen.getByText('已签字，不能修改')).toBeTruthy();
    expect(button('更正')).toBeTruthy();
    expect(document.querySelector('.versions [data-version="1"]')?.textContent).toContain('李经理');
    expect(backend.calls.filter((c) => c.method === 'dailyReport.sign')).toHaveLength(2);
  }, 60_000);

  it('shows the server’s message on the paper entry field at fault, saves, and deletes after asking', async () => {
    backend = await openUiBackend({ setUp: true });
    const today = backend.today;
    window.location.hash = `#/daily/report?date=${today}`;
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    // A day with nothing: said plainly, no made-up figures.
    await screen.findByText('这一天没有修理单');
    expect(findings('warn').join()).toContain('是不是忘了导入 DMS 修理单');

    await user.click(await findButton('添加纸质补录'));
    await waitFor(() => inputById('paper_roNumber'));
    await user.type(inputById('paper_roNumber'), 'RO-P-0001');
    await user.type(inputById('paper_plate'), '京C11111');
    await user.type(inputById('paper_laborFen'), '100');
    await user.type(inputById('paper_partsFen'), '50');
    await user.type(inputById('paper_totalFen'), '10');
    await user.click(button('保存'));
    // The total below labour + parts is refused by the server, shown on the 合计 field.
    await waitFor(() => expect(formItemOf('paper_totalFen').textContent).toContain('合计不能小于工时费与材料费之和'));
    expect(document.querySelector('.paper-entry-modal .save-error')?.textContent).toContain('没有保存');

    await user.clear(inputById('paper_totalFen'));
    await user.click(button('保存'));
    await waitFor(() => expect(document.querySelector('.paper-entry-modal')).toBeNull());
    await waitFor(() => expect(document.querySelector('.paper-table tbody')?.textContent).toContain('RO-P-0001'));
    expect(document.querySelector('.paper-table tbody')?.textContent).toContain('¥150.00');
    // On the report the paper RO counts, marked 纸质.
    await waitFor(() => expect(figure('paperEntries')).toBe('1'));
    expect(document.querySelector('.report-ro-table .paper-tag')?.textContent).toBe('纸质');

    await user.click(button('删除纸质补录 RO-P-0001'));
    await user.click(await findButton('删除'));
    await waitFor(() => expect(document.querySelector('.paper-table tbody')?.textContent).not.toContain('RO-P-0001'));
    expect((await backend.must('dailyReport.get', { date: today })).paperEntries).toEqual([]);
  }, 60_000);
});
