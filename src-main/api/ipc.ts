import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { Result } from '../../src-shared/errors';
import type { Session } from '../services/context';
import type { Dispatch } from './dispatcher';

/**
 * The Electron door: one allow-listed channel for calls, one for events. This module imports
 * Electron's types only, so the preload can take the channel names from here without pulling
 * anything else into its bundle.
 */
export const INVOKE_CHANNEL = 'clerkdesk:invoke';
export const EVENT_CHANNEL = 'clerkdesk:event';

/** What travels on EVENT_CHANNEL; the preload hands `payload` to listeners of `event`. */
export interface EventMessage {
  event: string;
  payload: unknown;
}

export interface IpcDoorOptions {
  ipcMain: IpcMain;
  dispatch: Dispatch;
  session: Session;
  /** True only for the main frame of our own window showing our own origin. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自 ClerkDesk 主窗口。' },
};

/** Registers the channel; returns a function that removes it again. */
export function registerIpcDoor(options: IpcDoorOptions): () => void {
  const { ipcMain, dispatch, session, isTrustedSender } = options;
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) return FORBIDDEN;
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: '没有这个操作。' } };
    }
    return dispatch(method, input, { door: 'ipc', session });
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/**
 * The sender check every call goes through: the frame must exist (not navigated away or
 * destroyed), be the top frame of the given window's contents, and show a page of `origin`.
 */
export function isFrameOf(frame: WebFrameMain | null | undefined, contents: WebContents, origin: string): boolean {
  if (!frame || contents.isDestroyed()) return false;
  if (frame !== contents.mainFrame || frame.parent !== null) return false;
  return urlOrigin(frame.url) === origin;
}

/**
 * `scheme://host[:port]` of a URL, or null. Not `URL.origin`: for a custom scheme such as
 * app://clerkdesk/ Node's URL reports the opaque origin "null", which would match nothing (or,
 * compared carelessly, everything opaque).
 */
export function urlOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function sendEvent(contents: WebContents, event: string, payload: unknown): void {
  if (contents.isDestroyed()) return;
  const message: EventMessage = { event, payload };
  contents.send(EVENT_CHANNEL, message);
}
