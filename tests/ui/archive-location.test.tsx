import { render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider, createApiClient } from '../../src-renderer/api/client';
import type { Transport } from '../../src-renderer/api/transport';
import { ArchiveLocationCard } from '../../src-renderer/features/settings/archive-location.card';
import { I18nProvider } from '../../src-renderer/i18n/i18n';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/contract/index';
import type { Result } from '../../src-shared/errors';
import { loadSupport } from './support/backend';
import { button, inputById, setupUser } from './support/dom';

/**
 * The 档案库位置 card against the real dispatcher of a real archive whose services were told how
 * the archive was chosen (as the window and the browser host are), with archive.json in a temporary
 * user-data folder. The server part runs when the test run has a PostgreSQL server (CLERKDESK_TEST_PG).
 */

type Dispatch = (method: string, input: unknown, ctx: unknown) => Promise<Result<unknown>>;

interface Door {
  transport: Transport;
  must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  close(): Promise<void>;
}

// Variables, not literals: the web-typed project does not type-check main-process code.
const HANDLERS = '../../src-main/api/handlers.ts';
const DISPATCHER = '../../src-main/api/dispatcher.ts';
const DATABASE = '../../src-main/db/database.ts';

const pgUrl = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.CLERKDESK_TEST_PG;

let door: Door | undefined;
afterEach(async () => {
  await door?.close();
  door = undefined;
});

async function openDoor(setting: string | null): Promise<Door> {
  const support = (await loadSupport()) as unknown as {
    openSetUpArchive(): Promise<{
      archive: { path: string; url?: string };
      ctx: { session: unknown };
      dispatch: Dispatch;
      loginAs(who: string): Promise<void>;
      close(): Promise<void>;
    }>;
    tempDir(prefix: string): string;
  };
  const { createServices, createHandlers } = await import(/* @vite-ignore */ HANDLERS);
  const { createDispatcher } = await import(/* @vite-ignore */ DISPATCHER);
  const { writeArchiveSetting } = await import(/* @vite-ignore */ DATABASE);
  const t = await support.openSetUpArchive();
  const home = support.tempDir('clerkdesk-ui-config-');
  const env = { XDG_CONFIG_HOME: home, APPDATA: home };
  if (setting) writeArchiveSetting(setting, env);
  const target = t.archive.url ?? t.archive.path;
  const dispatch: Dispatch = createDispatcher(
    createHandlers(createServices(t.archive, undefined, { archiveChoice: { target, source: 'default', env } })),
  );
  const ctx = { door: 'http', session: t.ctx.session };
  const roundTrip = <T,>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
  const must = async <M extends MethodName>(method: M, input: InputOf<M>) => {
    const r = await dispatch(method, input, ctx);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.message}`);
    return r.value as OutputOf<M>;
  };
  const users = await must('users.list', {});
  await must('session.login', { userId: users.find((u) => u.name === '管理员')!.id, pin: '1234' });
  return {
    transport: {
      kind: 'test',
      invoke: async (method, input) => roundTrip(await dispatch(method, roundTrip(input), ctx)),
      on: () => () => {},
    },
    must,
    close: () => t.close(),
  };
}

function renderCard(d: Door) {
  render(
    <I18nProvider initialLang="zh">
      <AntApp>
        <ApiProvider client={createApiClient(d.transport)}>
          <ArchiveLocationCard />
        </ApiProvider>
      </AntApp>
    </I18nProvider>,
  );
}

/** The confirmation dialog's OK button (antd's confirm is a modal with .ant-modal-confirm). */
async function confirm(user: ReturnType<typeof setupUser>, label: string): Promise<void> {
  const dialog = await waitFor(() => {
    const found = document.querySelector<HTMLElement>('.ant-modal-confirm');
    if (!found) throw new Error('no confirmation');
    return found;
  });
  await user.click(button(label, dialog));
}

describe('设置 → 档案库: the location card', () => {
  it('a setting naming a server: the restart notice; 改回本机文件 asks, saves, and says the file only has the old data', async () => {
    door = await openDoor('postgres://clerkdesk@server01:5432/clerkdesk');
    renderCard(door);
    const user = setupUser();
    await screen.findByText('已保存，重新启动后使用 postgres://clerkdesk@server01:5432/clerkdesk');
    await user.click(button('改回本机文件'));
    await confirm(user, '改回本机文件');
    await waitFor(async () => expect((await door!.must('archiveLocation.get', {})).setting.db).toBeNull());
    // The archive open is the one the setting now names (the default file is not it): still a notice, not a server.
    await waitFor(() => expect(screen.queryByText(/postgres:\/\/clerkdesk@server01/)).toBeNull());
  });

  it.skipIf(!pgUrl)(
    'a server: 测试连接 shows the result, 保存 only after a good test, then the persistent notice',
    async () => {
      door = await openDoor(null);
      renderCard(door);
      const user = setupUser();
      await user.click(await waitFor(() => button('更改档案库位置…')));
      const dialog = await waitFor(() => {
        const found = document.querySelector<HTMLElement>('.ant-modal');
        if (!found) throw new Error('no dialog');
        return found;
      });
      const server = new URL(pgUrl!);
      const save = button('保存', dialog);
      expect(save.disabled).toBe(true);
      await user.type(inputById('archive-server_host'), server.hostname);
      await user.clear(inputById('archive-server_port'));
      await user.type(inputById('archive-server_port'), server.port || '5432');
      await user.clear(inputById('archive-server_database'));
      await user.type(inputById('archive-server_database'), 'clerkdesk_no_such_database');
      await user.clear(inputById('archive-server_user'));
      await user.type(inputById('archive-server_user'), decodeURIComponent(server.username));
      await user.click(button('测试连接', dialog));
      await within(dialog).findByText('不能使用');
      expect(within(dialog).getByText(/没有名为“clerkdesk_no_such_database”的数据库/)).toBeTruthy();
      expect(button('保存', dialog).disabled).toBe(true);

      await user.clear(inputById('archive-server_database'));
      await user.type(inputById('archive-server_database'), decodeURIComponent(server.pathname.slice(1)) || 'postgres');
      await user.click(button('测试连接', dialog));
      await waitFor(() => expect(button('保存', dialog).disabled).toBe(false));
      await user.click(button('保存', dialog));
      await confirm(user, '保存');
      await screen.findByText(/^已保存，重新启动后使用 postgres:\/\//);
      const location = await door.must('archiveLocation.get', {});
      expect(location).toMatchObject({ next: { kind: 'server' }, restartNeeded: true });
    },
  );
});
