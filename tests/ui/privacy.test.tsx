import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
  window.location.hash = '';
});

const UNMASK = '显示完整姓名和电话（仅服务经理，记录在操作日志）';

describe('个人信息保护 in the window', () => {
  it('a manager sets the retention years and previews; on the daily report the unmask box reaches the server', async () => {
    backend = await openUiBackend({ setUp: true });
    const users = await backend.must('users.list', {});
    await backend.must('session.login', { userId: users.find((u) => u.name === '李经理')!.id, pin: '2222' });

    window.location.hash = '#/settings';
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('设置');
    const card = (await waitFor(() => {
      const el = document.querySelector<HTMLElement>('.privacy-card');
      if (!el) throw new Error('no privacy card yet');
      return el;
    })) as HTMLElement;
    expect(within(card).getByText('不匿名化（默认）')).toBeTruthy();
    expect(button('预览', card).disabled).toBe(true);

    await user.click(card.querySelector('.retention-years .ant-select-selector, .retention-years')!);
    await user.click((await screen.findAllByTitle('10 年未到店则匿名化')).at(-1)!);
    await user.click(button('保存', card));
    await waitFor(async () => expect(await backend!.must('privacy.settings', {})).toEqual({ years: 10 }));
    await user.click(button('预览', card));
    await within(card).findByText('没有需要匿名化的客户和车辆。');
    expect(backend.calls.some((c) => c.method === 'privacy.retentionPreview')).toBe(true);

    window.location.hash = `#/daily/report?date=${backend.today}`;
    await findHeading('日报');
    const box = await screen.findByText(UNMASK);
    await user.click(box);
    await user.click(button('打印预览'));
    await waitFor(() =>
      expect(
        backend!.calls.some(
          (c) => c.method === 'dailyReport.printHtml' && (c.input as { unmasked?: boolean }).unmasked === true,
        ),
      ).toBe(true),
    );
  }, 90_000);
});
