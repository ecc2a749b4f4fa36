import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { Result } from '../../src-shared/errors';
import { EVENT_CHANNEL, type EventMessage, INVOKE_CHANNEL } from '../api/ipc';

/**
 * The whole surface the page gets: `window.clerkdesk.invoke` and `window.clerkdesk.on`.
 * No ipcRenderer, no Node. Runs sandboxed, hence bundled to CommonJS (out/preload/preload.cjs).
 */
const api = {
  invoke(method: string, input: unknown): Promise<Result<unknown>> {
    return ipcRenderer.invoke(INVOKE_CHANNEL, String(method), input) as Promise<Result<unknown>>;
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const name = String(event);
    const handler = (_event: IpcRendererEvent, message: EventMessage): void => {
      if (message && message.event === name) listener(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('clerkdesk', api);
