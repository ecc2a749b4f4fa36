import type { Result } from '../../src-shared/errors';

/** How the renderer reaches main: the Electron preload (ipc) or the local browser host (http). Chosen once at start. */
export interface Transport {
  readonly kind: 'ipc' | 'http' | 'test';
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /** Events pushed by main; the browser host has none yet, so it returns a no-op unsubscribe. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** What the preload exposes as `window.clerkdesk`, and nothing more. */
interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export const TOKEN_STORAGE_KEY = 'clerkdesk.token';
export const TOKEN_HEADER = 'X-ClerkDesk-Token';

function preloadBridge(): PreloadBridge | undefined {
  const candidate = (window as unknown as { clerkdesk?: PreloadBridge }).clerkdesk;
  return candidate && typeof candidate.invoke === 'function' ? candidate : undefined;
}

export function createIpcTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'ipc',
    invoke: async (method, input) => {
      try {
        return await bridge.invoke(method, input);
      } catch {
        return transportFailure('与 ClerkDesk 主程序的连接中断，请关闭窗口后重新打开 ClerkDesk。');
      }
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

function transportFailure(message: string): Result<unknown> {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

function looksLikeResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: { message?: unknown } };
  return v.ok === true || (v.ok === false && typeof v.error?.message === 'string');
}

export function createHttpTransport(token: string, baseUrl = ''): Transport {
  return {
    kind: 'http',
    invoke: async (method, input) => {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return transportFailure('连接不上 ClerkDesk 本机服务。请确认 ClerkDesk 仍在运行，然后刷新页面重试。');
      }
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (looksLikeResult(body)) return body;
      if (response.status === 401 || response.status === 403)
        return {
          ok: false,
          error: {
            code: 'UNAUTHORIZED',
            message: '访问口令无效或已过期。请从启动 ClerkDesk 的窗口重新打开它给出的链接。',
          },
        };
      return transportFailure(
        `ClerkDesk 本机服务返回了无法识别的应答（HTTP ${response.status}），档案未被修改。请重试。`,
      );
    },
    on: () => () => {},
  };
}

/**
 * The page is opened as `http://127.0.0.1:PORT/#token=TOKEN`. Keep the token for this tab in
 * sessionStorage and take it out of the address bar so it is not copied along with a link.
 */
export function takeTokenFromLocation(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
  const match = /(?:^#|[#&?])token=([^&]+)/.exec(loc.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    try {
      storage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Private mode without storage: the token still works for this page view.
    }
    const rest = loc.hash
      .replace(/^#/, '')
      .replace(/(^|&)token=[^&]+/, '')
      .replace(/^&/, '');
    const cleanHash = rest.startsWith('/') ? `#${rest}` : '#/today';
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}${cleanHash}`);
    return token;
  }
  try {
    return storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export type TransportChoice = { transport: Transport } | { transport: null; reason: 'no-door' };

/** Electron's preload wins; otherwise the browser host with its token; otherwise nothing to talk to. */
export function chooseTransport(): TransportChoice {
  const bridge = preloadBridge();
  if (bridge) return { transport: createIpcTransport(bridge) };
  const token = takeTokenFromLocation();
  if (token) return { transport: createHttpTransport(token) };
  return { transport: null, reason: 'no-door' };
}
