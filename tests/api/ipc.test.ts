import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNEL, isFrameOf, registerIpcDoor, urlOrigin } from '../../src-main/api/ipc';
import { Session } from '../../src-main/services/context';
import { openTestArchive, type TestArchive } from '../support/archive';

/**
 * The Electron door without Electron: ipcMain and the frames are stand-ins (they are Electron's,
 * not ours); the dispatcher and archive behind them are real.
 */

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain = {
    handle: (channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => {
      handlers.delete(channel);
    },
  } as unknown as IpcMain;
  return { ipcMain, handlers };
}

function fakeContents(url: string) {
  const mainFrame = { url, parent: null } as unknown as WebFrameMain;
  const contents = { mainFrame, isDestroyed: () => false } as unknown as WebContents;
  return { contents, mainFrame };
}

describe('IPC door', () => {
  let t: TestArchive;
  beforeAll(async () => {
    t = await openTestArchive({ door: 'ipc' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('passes calls from the trusted frame to the dispatcher with door "ipc"', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const { contents, mainFrame } = fakeContents('app://clerkdesk/#/today');
    const unregister = registerIpcDoor({
      ipcMain,
      dispatch: t.dispatch,
      session: new Session(),
      isTrustedSender: (event) =>
        event.sender === contents && isFrameOf(event.senderFrame, contents, 'app://clerkdesk'),
    });
    const invoke = handlers.get(INVOKE_CHANNEL)!;
    const event = { sender: contents, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;

    expect(await invoke(event, 'app.getInfo', {})).toMatchObject({ ok: true, value: { door: 'ipc' } });
    expect(await invoke(event, 'nothing.here', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await invoke(event, { toString: () => 'app.getInfo' }, {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });

    unregister();
    expect(handlers.has(INVOKE_CHANNEL)).toBe(false);
  });

  it('refuses other origins, subframes, other windows and vanished frames', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const ours = fakeContents('app://clerkdesk/');
    registerIpcDoor({
      ipcMain,
      dispatch: t.dispatch,
      session: new Session(),
      isTrustedSender: (event) =>
        event.sender === ours.contents && isFrameOf(event.senderFrame, ours.contents, 'app://clerkdesk'),
    });
    const invoke = handlers.get(INVOKE_CHANNEL)!;
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

    const navigatedAway = fakeContents('https://evil.example/');
    const subframe = { url: 'app://clerkdesk/', parent: ours.mainFrame } as unknown as WebFrameMain;
    const lookalike = fakeContents('app://clerkdesk.evil/');
    for (const event of [
      { sender: navigatedAway.contents, senderFrame: navigatedAway.mainFrame },
      { sender: ours.contents, senderFrame: subframe },
      { sender: ours.contents, senderFrame: null },
      { sender: lookalike.contents, senderFrame: lookalike.mainFrame },
      { sender: ours.contents, senderFrame: navigatedAway.mainFrame },
    ]) {
      expect(await invoke(event as unknown as IpcMainInvokeEvent, 'app.getInfo', {})).toMatchObject(forbidden);
    }
    const file = fakeContents('file:///etc/passwd');
    expect(isFrameOf(file.mainFrame, file.contents, 'app://clerkdesk')).toBe(false);
  });

  it('compares scheme and host, since URL.origin is "null" for app://', () => {
    expect(new URL('app://clerkdesk/').origin).toBe('null');
    expect(urlOrigin('app://clerkdesk/#/today')).toBe('app://clerkdesk');
    expect(urlOrigin('app://clerkdesk.evil/')).toBe('app://clerkdesk.evil');
    expect(urlOrigin('app://clerkdesk:8080/')).toBe('app://clerkdesk:8080');
    expect(urlOrigin('http://localhost:5173/x')).toBe('http://localhost:5173');
    expect(urlOrigin('about:blank')).toBeNull();
    expect(urlOrigin('data:text/html,hi')).toBeNull();
    expect(urlOrigin('not a url')).toBeNull();
  });
});
