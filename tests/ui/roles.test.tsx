import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import { navigate } from '../../src-renderer/router/hash-router';
import { openUiBackend, type UiBackend } from './support/backend';
import { findButton, findHeading, setupUser } from './support/dom';

let backend: UiBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
  window.location.hash = '';
});

async function loginAs(b: UiBackend, name: string, pin: string): Promise<void> {
  const users = await b.must('users.list', {});
  await b.must('session.login', { userId: users.find((u) => u.name === name)!.id, pin });
}

describe('roles in the UI (the dispatcher enforces; the UI says why)', () => {
  it('after 15 idle minutes the next click brings the login screen with the reason', async () => {
    backend = await openUiBackend({ setUp: true, keepIdleLogout: true });
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');
    backend.advance(16);
    await user.click(screen.getByText('档案', { selector: '.ant-menu-title-content *' }));
    await screen.findByText('已自动退出（因 15 分钟无操作）');
    await screen.findByText('请选择当前用户并输入 PIN。之后的每次修改都会记在这位用户名下。');
    expect((await backend.must('app.getInfo', {})).currentUser).toBeNull();
  }, 60_000);

  it('an advisor sees who may import and change the store-wide settings instead of the forms', async () => {
    backend = await openUiBackend({ setUp: true });
    await loginAs(backend, '管理员', '1234');
    await backend.must('users.create', { name: '赵顾问', role: 'advisor', pin: '3333' });
    await loginAs(backend, '赵顾问', '3333');
    render(<App transport={backend.transport} initialLang="zh" />);
    await findHeading('今日工作台');
    await navigate('/daily/import');
    await screen.findByText('只有信息员、服务经理、管理员可以使用。当前用户是服务顾问。');
    await navigate('/settings');
    await findHeading('设置');
    await waitFor(() =>
      expect(screen.getAllByText('只有管理员可以使用。当前用户是服务顾问。').length).toBeGreaterThanOrEqual(3),
    );
    expect(screen.queryByText('新增用户')).toBeNull();
    expect(screen.queryByText('操作日志', { selector: '.ant-card-head-title' })).toBeTruthy();
  }, 60_000);

  it('the admin sees a locked user in 设置 → 用户 and unlocks them; the audit log lists it', async () => {
    backend = await openUiBackend({ setUp: true });
    const users = await backend.must('users.list', {});
    const manager = users.find((u) => u.name === '李经理')!;
    await backend.must('session.logout', {});
    for (let i = 0; i < 30; i++) {
      const r = await backend.call('session.login', { userId: manager.id, pin: '0000' });
      if (!r.ok && r.error.details?.locked) break;
      backend.advance(10);
    }
    await loginAs(backend, '管理员', '1234');
    render(<App transport={backend.transport} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');
    await navigate('/settings');
    await screen.findByText('已锁定');
    await user.click(await findButton('解除锁定'));
    await waitFor(() => expect(screen.queryByText('已锁定')).toBeNull());
    const after = await backend.must('users.list', {});
    expect(after.find((u) => u.name === '李经理')?.lockedAt).toBeNull();
    await waitFor(() => expect(screen.getAllByText('user.unlock').length).toBeGreaterThan(0));
  }, 60_000);
});
