import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, findButton, findHeading, formItemOf, inputById, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

describe('who is at the counter', () => {
  it('logs out, refuses a wrong PIN, lets the admin in, and the admin adds a user in 设置', async () => {
    backend = await openUiBackend({ setUp: true });
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');
    const header = document.querySelector('header') as HTMLElement;
    expect(within(header).getByText('小王')).toBeTruthy();

    await user.click(button('当前用户'));
    await user.click(await screen.findByText('退出当前用户'));
    await screen.findByText('请选择当前用户并输入 PIN。之后的每次修改都会记在这位用户名下。');
    expect((await backend.must('app.getInfo', {})).currentUser).toBeNull();

    const adminChoice = await waitFor(() => {
      const choice = [...document.querySelectorAll<HTMLElement>('.ant-radio-button-wrapper')].find((el) =>
        (el.textContent ?? '').trim().startsWith('管理员'),
      );
      if (!choice) throw new Error('users not listed yet');
      return choice.querySelector('input')!;
    });
    await user.click(adminChoice);
    await user.type(inputById('login_pin'), '9999');
    await user.click(button('进入'));
    await waitFor(() => expect(formItemOf('login_pin').textContent).toContain('不正确'));
    expect(screen.getByText('PIN 密码：用户或 PIN 不对，请重新输入。')).toBeTruthy();

    await user.type(inputById('login_pin'), '1234');
    await user.click(button('进入'));
    await findHeading('今日工作台');
    expect(document.querySelector('header .user-button')?.textContent).toContain('管理员');

    await user.click(screen.getByText('设置', { selector: '.ant-menu-title-content *' }));
    await findHeading('设置');
    await user.click(await findButton('新增用户'));
    const dialog = (await waitFor(() => document.querySelector('.ant-modal'))) as HTMLElement;
    await user.type(within(dialog).getByLabelText('姓名'), '钱十');
    await user.type(within(dialog).getByLabelText('PIN'), '5555');
    await user.type(within(dialog).getByLabelText('再次输入 PIN'), '5555');
    await user.click(button('保存', dialog));
    await waitFor(() => expect(document.querySelector('.ant-modal')).toBeNull());
    await screen.findByText('钱十');
    const users = await backend.must('users.list', { includeInactive: true });
    expect(users.find((u) => u.name === '钱十')).toMatchObject({ role: 'clerk', isActive: true });
  }, 60_000);

  it('switches the interface to English and back, and remembers the choice', async () => {
    backend = await openUiBackend({ setUp: true });
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');
    await user.click(screen.getByText('English'));
    await findHeading('Today');
    const menu = document.querySelector('.ant-menu') as HTMLElement;
    expect(within(menu).getByText('Archive')).toBeTruthy();
    expect(within(menu).getByText('Revisits')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem('clerkdesk.lang')).toBe('en');
    await user.click(screen.getByText('中文'));
    await findHeading('今日工作台');
  }, 60_000);
});
