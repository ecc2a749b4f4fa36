import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/App';
import type { Transport } from '../../src-renderer/api/transport';
import type { Result } from '../../src-shared/errors';
import { clockFrom, UI_NOW } from './support/backend';
import { button, findButton, findHeading, setupUser } from './support/dom';

/** The Node side (ArchiveRuntime over a real archive in a temp folder), loaded by URL as backend.ts does. */
interface NodeRuntime {
  dispatch(method: string, input: unknown, ctx: unknown): Promise<Result<unknown>>;
  ctx: unknown;
  close(): Promise<void>;
}
const SUPPORT_PATH = '../support/backup-runtime.ts';
async function openRuntime(options: { damaged?: boolean; loginAs?: 'admin' | 'clerk' }): Promise<NodeRuntime> {
  const support = (await import(/* @vite-ignore */ SUPPORT_PATH)) as {
    openBackupRuntime(o: unknown): Promise<NodeRuntime>;
  };
  return support.openBackupRuntime({ ...options, clock: clockFrom(UI_NOW) });
}

function transportOf(runtime: NodeRuntime): Transport {
  const roundTrip = <T,>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
  return {
    kind: 'test',
    invoke: async (method, input) => roundTrip(await runtime.dispatch(method, roundTrip(input), runtime.ctx)),
    on: () => () => {},
  } as Transport;
}

let runtime: NodeRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

describe('backups in the UI', () => {
  it('the status bar is red with no backup; a click opens 备份与恢复, 立即备份 turns it green', async () => {
    runtime = await openRuntime({ loginAs: 'admin' });
    render(<App transport={transportOf(runtime)} initialLang="zh" />);
    const user = setupUser();
    await findHeading('今日工作台');
    const status = await findButton('备份状态');
    expect(status.textContent).toContain('尚未备份');
    expect(status.className).toContain('backup-status-bad');
    await user.click(status);
    await findHeading('设置');
    const card = document.getElementById('backup') as HTMLElement;
    expect(within(card).getByText('还没有备份。', { selector: '.ant-alert *' })).toBeTruthy();
    await user.click(button('立即备份', card));
    await waitFor(() => expect(within(card).getByText(/上次成功备份：/)).toBeTruthy(), { timeout: 15_000 });
    await within(card).findByText('客户 25，车辆 25，修理单 25');
    await waitFor(() => {
      const s = button('备份状态');
      expect(s.className).not.toContain('backup-status-bad');
      expect(s.textContent).toMatch(/备份 12-03 07:\d\d/);
    });
  }, 120_000);

  it('a damaged archive shows only the restore; restoring the backup brings the store back', async () => {
    runtime = await openRuntime({ damaged: true });
    render(<App transport={transportOf(runtime)} initialLang="zh" />);
    const user = setupUser();
    await screen.findByText('档案库损坏');
    expect(screen.getByText(/为避免写坏数据，ClerkDesk 没有打开它/)).toBeTruthy();
    // Nothing else of the app: no menu, no login.
    expect(document.querySelector('.shell-sider')).toBeNull();
    await user.click(await findButton('恢复这个备份'));
    const dialog = (await waitFor(() => document.querySelector('.ant-modal'))) as HTMLElement;
    await within(dialog).findByText('客户 25，车辆 25，修理单 25');
    const ok = button('恢复', dialog);
    expect(ok.disabled).toBe(true);
    await user.type(within(dialog).getByLabelText('确认恢复'), '恢复');
    await waitFor(() => expect(button('恢复', dialog).disabled).toBe(false));
    await user.click(button('恢复', dialog));
    // The archive is open again: the login screen of the restored store.
    await screen.findByText('请选择当前用户并输入 PIN。之后的每次修改都会记在这位用户名下。', {}, { timeout: 15_000 });
    expect(screen.queryByText('档案库损坏')).toBeNull();
  }, 120_000);
});
