import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

const frameHtml = () =>
  document.querySelector<HTMLIFrameElement>('.letter-preview-frame')?.getAttribute('srcdoc') ?? '';

describe('信件模板编辑', () => {
  it('refuses an unknown merge field by name and updates the live preview on real data', async () => {
    backend = await openUiBackend({ setUp: true });
    const owner = await backend.must('customers.create', { name: '李四', mobile: '13900002222' });
    await backend.must('vehicles.create', { plate: '京B20001', model: '宝来', ownerId: owner.record.id });

    window.location.hash = '#/letters/letters';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await user.click(await screen.findByText('定期保养邀请信', { selector: '.ant-list-item-meta-title' }));
    // The preview shows the real customer and plate.
    await waitFor(() => expect(frameHtml()).toContain('京B20001'), { timeout: 5000 });
    expect(frameHtml()).toContain('李四先生/女士');

    const body = document.getElementById('template_body') as HTMLTextAreaElement;
    fireEvent.change(body, { target: { value: '尊敬的{客户称呼}：\n请带上{行驶证}' } });
    await waitFor(() =>
      expect(document.querySelector('.template-problem')?.textContent).toContain('未知的合并字段 {行驶证}'),
    );
    expect(button('保存模板').disabled).toBe(true);

    fireEvent.change(body, { target: { value: '尊敬的{客户称呼}：\n您的爱车 {车牌} 该保养了，欢迎回店。' } });
    await waitFor(() => expect(frameHtml()).toContain('该保养了'), { timeout: 5000 });
    expect(document.querySelector('.template-problem')).toBeNull();
    await user.click(button('保存模板'));
    await screen.findByText('模板已保存');
    const saved = await backend.must('letterTemplates.list', {});
    expect(saved[0]!.body).toContain('该保养了');
  });
});

describe('新建一批信件', () => {
  it('lists the recipients ticked; unticking one lowers the count and leaves them out; the batch previews its envelopes', async () => {
    backend = await openUiBackend({ setUp: true });
    const people = [
      { name: '张三', postalCode: '310012' },
      { name: '李四', postalCode: '100020' },
      { name: '王五', postalCode: '200030' },
    ];
    const ids: number[] = [];
    for (const [i, p] of people.entries()) {
      const c = await backend.must('customers.create', {
        ...p,
        mobile: `1370000333${i}`,
        address: `杭州市西湖区文三路${i + 1}号`,
      });
      ids.push(c.record.id);
      await backend.must('vehicles.create', { plate: `浙A6543${i}`, ownerId: c.record.id, deliveryDate: '2026-08-01' });
    }
    await backend.must('invitations.create', { from: '2027-01-01', to: '2027-03-31', title: '' });

    // The envelope size chosen last time (remembered in the window's storage).
    window.localStorage.setItem('clerkdesk.letters.envelopes', JSON.stringify({ size: 'ZL' }));
    window.location.hash = '#/letters/letters';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await user.click(await screen.findByText('日期范围', { selector: '.ant-radio-wrapper *' }));
    fireEvent.change(document.querySelector('input[aria-label="开始日期"]')!, { target: { value: '2027-01-01' } });
    fireEvent.change(document.querySelector('input[aria-label="结束日期"]')!, { target: { value: '2027-03-31' } });
    const count = () => document.querySelector('.new-batch-recipients .recipient-count')?.textContent ?? '';
    await waitFor(() => expect(count()).toBe('已选 3 / 3 位收信人'), { timeout: 5000 });
    const tick = (name: string) => document.querySelector<HTMLInputElement>(`input[aria-label="寄给 ${name}"]`)!;
    expect(['张三', '李四', '王五'].every((n) => tick(n).checked)).toBe(true);

    await user.click(tick('张三'));
    await waitFor(() => expect(count()).toBe('已选 2 / 3 位收信人'));
    expect(tick('张三').checked).toBe(false);

    await user.click(button('生成这批信件'));
    await waitFor(() =>
      expect(backend!.calls.find((c) => c.method === 'letterBatches.create')?.input).toMatchObject({
        excludeCustomerIds: [ids[0]],
      }),
    );
    const batches = await waitFor(async () => {
      const page = await backend!.must('letterBatches.list', {});
      expect(page.total).toBe(1);
      return page;
    });
    const batch = await backend.must('letterBatches.get', { id: batches.rows[0]!.id });
    expect(batch.rows.map((r) => r.name)).toEqual(['李四', '王五']);

    // The batch view: envelopes in the letters' order, at the size chosen last time.
    await user.click(await screen.findByText('预览信封'));
    const doc = await waitFor(
      () => {
        const html = document.querySelector<HTMLIFrameElement>('.print-preview-frame')?.getAttribute('srcdoc') ?? '';
        expect(html).toContain('size: 230mm 120mm');
        return html;
      },
      { timeout: 5000 },
    );
    expect(doc.indexOf('李四')).toBeLessThan(doc.indexOf('王五'));
    expect(doc).not.toContain('张三');
    window.localStorage.removeItem('clerkdesk.letters.envelopes');
  });
});

describe('门店信息不全', () => {
  it('warns before a batch when the template prints the store phone and the store has none', async () => {
    backend = await openUiBackend({ setUp: true });
    const before = await backend.must('store.get', {});
    window.location.hash = '#/letters/letters';
    render(<App transport={backend.transport} initialLang="zh" />);
    // The set-up store has a phone: once the template is chosen, no warning.
    await screen.findByText('定期保养邀请信', { selector: '.ant-list-item-meta-title' });
    await screen.findByText('生成这批信件');
    expect(screen.queryByText(/门店信息里还没有填写/)).toBeNull();
    // The store profile is the admin's to change.
    await backend.asAdmin(() =>
      backend!.must('store.update', {
        name: before!.name,
        address: before!.address,
        postalCode: before!.postalCode,
        phone: '',
      }),
    );
    cleanup();
    render(<App transport={backend.transport} initialLang="zh" />);
    expect(await screen.findByText(/这份模板要印门店电话，但门店信息里还没有填写/)).toBeTruthy();
  });
});
