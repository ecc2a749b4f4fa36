/**
 * 结算单 in the window: the RO's page opens the preview (button and Ctrl+P) with the sheet the
 * print service renders, the paper switch reloads it for the 241 mm form, and the 结算单 tab of
 * 信件与打印 finds an RO by its number.
 */
import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, findButton, findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function oneRo(b: UiBackend) {
  const owner = await b.must('customers.create', { name: '周八', mobile: '13700001111' });
  const car = await b.must('vehicles.create', { plate: '京B54321', ownerId: owner.record.id });
  const ro = await b.must('repairOrders.create', {
    roNumber: 'RO2611210007',
    vehicleId: car.record.id,
    customerId: owner.record.id,
    openedAt: '2026-11-21 08:30',
    type: 'periodic_service',
    laborLines: [{ description: '更换机油机滤', hours: 0.5, amountFen: 10000 }],
  });
  return ro.record.id;
}

/** The preview frame's document, once loaded. */
async function previewHtml(containing: string): Promise<string> {
  return waitFor(() => {
    const frame = document.querySelector<HTMLIFrameElement>('.print-preview-frame');
    const doc = frame?.getAttribute('srcdoc') ?? '';
    expect(doc).toContain(containing);
    return doc;
  });
}

describe('结算单', () => {
  it('opens the preview from the RO page, with the button and with Ctrl+P, and switches paper', async () => {
    backend = await openUiBackend({ setUp: true });
    const roId = await oneRo(backend);
    window.location.hash = `#/archive/repair-orders/${roId}`;
    const view = render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await user.click(await findButton('打印结算单'));
    const a4 = await previewHtml('RO2611210007');
    expect(a4).toContain('人民币壹佰元整');
    expect(a4).toContain('size: A4');
    expect(document.querySelector('.ant-modal-title')?.textContent).toBe('结算单 RO2611210007');

    await user.click(await waitFor(() => document.querySelector<HTMLElement>('[title="241mm 连续纸"]')!));
    await previewHtml('size: 241mm 279.4mm');
    expect(backend.calls.filter((c) => c.method === 'settlement.html').at(-1)?.input).toEqual({
      roId,
      form: 'continuous',
    });
    expect(button('导出 PDF')).toBeTruthy();
    // The browser has no printers: asked, it says so, and 直接打印 is not offered (打印 is).
    const b = backend;
    await waitFor(() => expect(b.calls.some((c) => c.method === 'print.printers')).toBe(true));
    expect(document.body.textContent).not.toContain('直接打印');
    expect(button('打印')).toBeTruthy();
    await user.click(button('关闭'));
    await waitFor(() => expect(document.querySelector('.print-preview-frame')).toBeNull());

    fireEvent.keyDown(document, { key: 'p', ctrlKey: true });
    await previewHtml('RO2611210007');
    view.unmount();
  });

  it('the 结算单 tab finds an RO by its number and opens the same preview', async () => {
    backend = await openUiBackend({ setUp: true });
    await oneRo(backend);
    window.location.hash = '#/letters/settlement';
    const view = render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('信件与打印');
    const input = await waitFor(() => document.querySelector<HTMLInputElement>('input[aria-label="工单号"]')!);
    expect(document.body.textContent).toContain('每张修理单的页面上也有「打印结算单」按钮');
    await user.type(input, 'RO0000000000{Enter}');
    await waitFor(() => expect(document.body.textContent).toContain('RO0000000000'));
    expect(document.querySelector('.print-preview-frame')).toBeNull();
    await user.clear(input);
    await user.type(input, 'ro2611210007{Enter}');
    await previewHtml('人民币壹佰元整');
    view.unmount();
  });
});
