import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { openUiBackend, type UiBackend } from './support/backend';
import { button, findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

describe('first run', () => {
  it('walks store → users → data, completes set-up and opens the app with the clerk at the counter', async () => {
    backend = await openUiBackend({ setUp: false });
    const user = setupUser();
    render(<App transport={backend.transport} initialLang="zh" />);

    await screen.findByText('欢迎使用 ClerkDesk 售后信息员工作台');
    // The store name is required: 下一步 without it stays on the step and says so.
    await user.click(button('下一步'));
    expect(await screen.findByText('必填，请填写')).toBeTruthy();

    await user.type(screen.getByLabelText('门店名称'), '北京东城汽车服务有限公司');
    await user.type(screen.getByLabelText(/^地址/), '北京市东城区测试路 8 号');
    await user.type(screen.getByLabelText(/^邮政编码/), '100010');
    await user.click(button('下一步'));

    await user.type(await screen.findByLabelText('姓名（第 1 行）'), '赵管理');
    await user.type(screen.getByLabelText('PIN（第 1 行）'), '1234');
    await user.type(screen.getByLabelText('再次输入 PIN（第 1 行）'), '1234');
    await user.type(screen.getByLabelText('姓名（第 2 行）'), '小王');
    await user.type(screen.getByLabelText('PIN（第 2 行）'), '1111');
    await user.type(screen.getByLabelText('再次输入 PIN（第 2 行）'), '1112');
    await user.click(button('下一步'));
    // A mistyped second PIN keeps the clerk on this step with the reason on the field.
    expect(await screen.findByText('两次输入的 PIN 不一致')).toBeTruthy();
    const again = screen.getByLabelText('再次输入 PIN（第 2 行）');
    await user.clear(again);
    await user.type(again, '1111');
    await user.click(button('下一步'));

    expect(await screen.findByText('空档案')).toBeTruthy();
    await user.click(button('完成设置'));

    // The app: the store in the header, the clerk at the counter, today's page with real counts.
    await findHeading('今日工作台');
    const header = document.querySelector('header') as HTMLElement;
    await waitFor(() => expect(within(header).getByText('北京东城汽车服务有限公司')).toBeTruthy());
    expect(within(header).getByText('小王')).toBeTruthy();

    const info = await backend.must('app.getInfo', {});
    expect(info.needsSetup).toBe(false);
    expect(info.currentUser?.name).toBe('小王');
    // The clerk at the counter sees the active users (all of them here; deactivated ones are the admin's to see).
    const users = await backend.must('users.list', {});
    expect(users.map((u) => [u.name, u.role])).toEqual([
      ['赵管理', 'admin'],
      ['小王', 'clerk'],
    ]);
  });
});
