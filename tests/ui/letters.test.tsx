import { fireEvent, render, screen, waitFor } from '@testing-library/react';
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
