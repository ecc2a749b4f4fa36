import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

/** The RO numbers listed in one discrepancy card (by kind), cleared ones included. */
function listed(kind: 'missing_on_paper' | 'missing_in_archive' | 'status_mismatch'): string[] {
  const card = document.querySelector(`.discrepancy-${kind}`);
  if (!card) throw new Error(`no card ${kind}`);
  return [...card.querySelectorAll('tbody tr.ant-table-row .mono')].map((el) => el.textContent ?? '');
}

function scanBox(): HTMLInputElement {
  return screen.getByLabelText('扫码或输入工单号') as HTMLInputElement;
}

function feedback(): string {
  return document.querySelector('.scan-feedback')?.textContent ?? '';
}

describe('对单 page', () => {
  it('ticks scanned numbers with Enter, updates the discrepancy lists, takes notes and completes the day', async () => {
    backend = await openUiBackend({ setUp: true });
    const today = backend.today;
    const prefix = `RO${today.replace(/-/g, '').slice(2)}`;
    const [roA, roB, unknown] = [`${prefix}0001`, `${prefix}0002`, `${prefix}9999`];
    const owner = await backend.must('customers.create', { name: '周八', mobile: '13700001111' });
    const car = await backend.must('vehicles.create', { plate: '京B54321', ownerId: owner.record.id });
    for (const [roNumber, time] of [
      [roA, '08:30'],
      [roB, '09:45'],
    ] as const)
      await backend.must('repairOrders.create', {
        roNumber,
        vehicleId: car.record.id,
        openedAt: `${today} ${time}`,
        type: 'periodic_service',
      });

    window.location.hash = '#/daily/reconcile';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();

    await findHeading('日报');
    await waitFor(() => expect(listed('missing_on_paper')).toEqual([roA, roB]));
    // The scan box has the focus from the start: the scanner can go at once.
    await waitFor(() => expect(document.activeElement).toBe(scanBox()));
    expect(screen.getByText(/当天进厂的，加上当天交车或结算的/)).toBeTruthy();

    // A scanner types the number and presses Enter (here lower-case and full-width, as an IME may).
    await user.type(scanBox(), `${roA.toLowerCase().replace('0001', '０００１')}{Enter}`);
    await waitFor(() => expect(feedback()).toContain(`已勾选 ${roA}`));
    await waitFor(() => expect(listed('missing_on_paper')).toEqual([roB]));
    expect(scanBox().value).toBe('');
    expect(document.activeElement).toBe(scanBox());

    await user.type(scanBox(), `${unknown}{Enter}`);
    await waitFor(() => expect(listed('missing_in_archive')).toEqual([unknown]));
    expect(feedback()).toContain('档案里没有');
    // The fix opens a new RO with the number from the paper sheet filled in.
    const fix = document.querySelector('.discrepancy-missing_in_archive a.fix-link');
    expect(fix?.getAttribute('href')).toBe(`#/archive/repair-orders/new?roNumber=${encodeURIComponent(unknown)}`);
    expect(document.activeElement).toBe(scanBox());

    // The same sheet again is said once.
    await user.type(scanBox(), `${roA}{Enter}`);
    await waitFor(() => expect(feedback()).toContain(`${roA} 已勾过`));
    await waitFor(() => expect(backend!.calls.filter((c) => c.method === 'reconciliation.tick')).toHaveLength(3));
    expect((await backend.must('reconciliation.getDay', { date: today })).summary.ticked).toBe(2);

    // Ctrl+Z takes the last tick back; scanning it again puts it back.
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(listed('missing_in_archive')).toEqual([]));
    expect(feedback()).toContain(`已撤销勾选 ${unknown}`);
    await user.type(scanBox(), `${unknown}{Enter}`);
    await waitFor(() => expect(listed('missing_in_archive')).toEqual([unknown]));

    // With a paper status that differs from the archive's: a status mismatch.
    await user.click(screen.getByTitle('已交车'));
    await user.type(scanBox(), `${roB}{Enter}`);
    await waitFor(() => expect(listed('status_mismatch')).toEqual([roB]));
    expect(feedback()).toContain('状态不符');
    expect(listed('missing_on_paper')).toEqual([]);

    // Completing is refused while discrepancies have neither note nor mark; the open ones are listed.
    await user.click(button('对单完成'));
    const blocked = await screen.findByText(/还不能完成对单/);
    const openList = blocked.closest('.ant-alert')?.textContent ?? '';
    expect(openList).toContain(unknown);
    expect(openList).toContain(roB);
    expect(backend.calls.some((c) => c.method === 'reconciliation.complete')).toBe(false);

    // Notes are saved as typed, without a save button.
    await user.type(screen.getByLabelText(`${roB} 的说明`), '纸质单未更新');
    await waitFor(
      async () =>
        expect((await backend!.must('reconciliation.getDay', { date: today })).statusMismatch[0]?.note).toBe(
          '纸质单未更新',
        ),
      { timeout: 5000 },
    );
    await user.click(screen.getByLabelText(`${unknown} 已处理`));
    await waitFor(() => expect(screen.queryByText(/还不能完成对单/)).toBeNull());
    await waitFor(() => expect(screen.getByText('所有差异都已说明或处理，可以完成对单。')).toBeTruthy());

    await user.click(button('对单完成'));
    await screen.findByText(/对单已完成：小王/);
    expect(scanBox().disabled).toBe(true);
    const saved = await backend.must('reconciliation.summary', { date: today });
    expect(saved).toMatchObject({
      inArchive: 2,
      ticked: 3,
      missingOnPaper: 0,
      missingInArchive: 1,
      statusMismatch: 1,
      unresolved: 0,
      completedBy: '小王',
    });
  }, 60_000);

  it('shows the same state after a reload, and 今日工作台 leads to it', async () => {
    backend = await openUiBackend({ setUp: true });
    const today = backend.today;
    await backend.must('reconciliation.tick', { date: today, roNumber: 'RO0000001' });
    window.location.hash = '#/today';
    const view = render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    // The board's 对单 row: still open, with the number of discrepancies to explain.
    const row = await waitFor(() => {
      const li = document.querySelector<HTMLElement>('.day-task[data-task="reconcile"]');
      if (!li) throw new Error('no 对单 task');
      return li;
    });
    expect(row.classList).toContain('day-task-open');
    expect(row.querySelector('.day-task-count')?.textContent).toBe('1');
    await user.click(row.querySelector('a') as HTMLElement);
    await findHeading('日报');
    await waitFor(() => expect(listed('missing_in_archive')).toEqual(['RO0000001']));
    expect(window.location.hash).toBe(`#/daily/reconcile?date=${today}`);

    // A note typed and left at once (the clerk is called away), then the window reloads.
    await user.type(screen.getByLabelText('RO0000001 的说明'), '错单，已作废');
    view.unmount();
    const again = render(<App transport={backend.transport} initialLang="zh" />);
    await waitFor(() => expect(listed('missing_in_archive')).toEqual(['RO0000001']));
    await waitFor(() =>
      expect((screen.getByLabelText('RO0000001 的说明') as HTMLInputElement).value).toBe('错单，已作废'),
    );
    expect(document.querySelector('.reconcile-ticks tbody')?.textContent).toContain('RO0000001');

    // The 日报 tab of the same day shows the 对单 result (the noted discrepancy no longer blocks).
    await user.click(screen.getByRole('tab', { name: '日报' }));
    await waitFor(() => expect(window.location.hash).toBe(`#/daily/report?date=${today}`));
    await waitFor(() =>
      expect(document.querySelector('.finding-warn')?.textContent).toContain('是不是忘了导入 DMS 修理单'),
    );
    expect(document.querySelector('.finding-block')).toBeNull();
    const result = document.querySelector('.report-reconciliation')?.textContent ?? '';
    expect(result).toContain('纸质有、系统无1');
    expect(result).toContain('待处理0');
    again.unmount();
  }, 60_000);
});
