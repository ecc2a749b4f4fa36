/**
 * 信封与校准 in the window: the recipients of a period with who cannot be mailed and why, the
 * envelope preview at its size, a calibration saved and the month's binder labels previewed.
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

async function previewHtml(containing: string): Promise<string> {
  return waitFor(() => {
    const doc = document.querySelector<HTMLIFrameElement>('.print-preview-frame')?.getAttribute('srcdoc') ?? '';
    expect(doc).toContain(containing);
    return doc;
  });
}

describe('信封与校准', () => {
  it('lists who can and cannot be mailed, previews the envelopes, saves a calibration, previews binder labels', async () => {
    backend = await openUiBackend({ setUp: true });
    const people = [
      { name: '张三', postalCode: '310012' },
      { name: '李四', postalCode: '100020' },
      { name: '钱七', postalCode: '' },
    ];
    for (const [i, p] of people.entries()) {
      const c = await backend.must('customers.create', {
        ...p,
        mobile: `1370000222${i}`,
        address: `杭州市西湖区文三路${i + 1}号`,
      });
      await backend.must('vehicles.create', {
        plate: `浙A5432${i}`,
        ownerId: c.record.id,
        deliveryDate: '2026-08-01',
      });
    }
    await backend.must('invitations.create', { from: '2027-01-01', to: '2027-03-31', title: '' });

    window.location.hash = '#/letters/envelopes';
    const view = render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('信件与打印');
    await user.click(await waitFor(() => document.querySelector<HTMLElement>('[title="日期范围"]')!));
    fireEvent.change(document.querySelector('input[aria-label="开始日期"]')!, { target: { value: '2027-01-01' } });
    fireEvent.change(document.querySelector('input[aria-label="结束日期"]')!, { target: { value: '2027-03-31' } });
    await waitFor(() => expect(document.body.textContent).toContain('可邮寄 2 位客户'));
    expect(document.body.textContent).toContain('1 位不能邮寄');
    expect(document.body.textContent).toContain('没有邮政编码');

    const previewButtons = () =>
      [...document.querySelectorAll<HTMLButtonElement>('button')].filter((b) => b.textContent?.includes('预览并打印'));
    await user.click(previewButtons()[0]!);
    const doc = await previewHtml('size: 220mm 110mm');
    expect(doc).toContain('张三 先生/女士');
    expect(doc.indexOf('李四')).toBeLessThan(doc.indexOf('张三'));
    await waitFor(() => expect(document.body.textContent).toContain('共 2 页'));
    await user.click(button('关闭'));
    await waitFor(() => expect(document.querySelector('.print-preview-frame')).toBeNull());

    const dx = document.querySelector<HTMLInputElement>('input[aria-label="横向偏移"]')!;
    await user.clear(dx);
    await user.type(dx, '2.5');
    fireEvent.blur(dx);
    await user.click(await findButton('保存'));
    await waitFor(() =>
      expect(backend!.calls.find((c) => c.method === 'calibration.set')?.input).toEqual({
        printer: '默认打印机',
        size: 'DL',
        dxMm: 2.5,
        dyMm: 0,
      }),
    );
    await user.click(await findButton('打印测试页'));
    await previewHtml('当前偏移：横向 +2.5 毫米');
    await user.click(button('关闭'));
    await waitFor(() => expect(document.querySelector('.print-preview-frame')).toBeNull());

    await user.click(previewButtons().at(-1)!);
    await previewHtml('修理单');
    view.unmount();
  });
});
