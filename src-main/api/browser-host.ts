import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppErrorShape, Result } from '../../src-shared/errors';
import { Session } from '../services/context';
import type { Dispatch } from './dispatcher';
import { resolveStaticFile } from './static-files';

/**
 * The browser door: the same dispatcher as the Electron window, over HTTP on 127.0.0.1.
 *
 * What keeps other local programs and web pages out:
 * - a random token per launch, sent in a header (never a cookie, so a foreign page cannot make
 *   the browser attach it), compared in constant time before anything else is looked at;
 * - the Host header must name our loopback address and port (DNS rebinding), and an Origin
 *   header, when sent, must be ours too;
 * - no CORS headers at all: a cross-origin page cannot even send the token header.
 */

export const TOKEN_HEADER = 'x-clerkdesk-token';
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * Methods that carry a whole file: imports.start sends the DMS export base64-encoded
 * (up to MAX_IMPORT_BASE64 characters plus the JSON around it); scans.upload a scan up to the
 * highest size setting (SCAN_MAX_MB_LIMIT, 100 MB: ~133.4 MB of base64). Every other method keeps 2 MB.
 */
export const METHOD_MAX_BODY_BYTES: Readonly<Record<string, number>> = {
  'imports.start': 96 * 1024 * 1024,
  'scans.upload': 140 * 1024 * 1024,
};

export interface BrowserHostOptions {
  dispatch: Dispatch;
  /** Who is at the counter for this launch; one per host process. */
  session?: Session;
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
  /** The built renderer, usually out/renderer. */
  staticDir: string;
  /** Fixed only in tests; otherwise random per launch. */
  token?: string;
  maxBodyBytes?: number;
  /** Per-method limits over `maxBodyBytes` (defaults to METHOD_MAX_BODY_BYTES). */
  methodMaxBodyBytes?: Readonly<Record<string, number>>;
  /** Unexpected failures while answering (not AppErrors: those are Results). */
  onError?: (error: unknown) => void;
}

export interface BrowserHost {
  /** `http://127.0.0.1:PORT/#token=TOKEN`: the page reads the token from the hash. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/';

/** HTTP status of a call refused before its body is read (others, e.g. a damaged archive, are Results). */
const REFUSAL_STATUS: Partial<Record<AppErrorShape['code'], number>> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNKNOWN_METHOD: 404,
};

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly shape: AppErrorShape,
  ) {
    super(shape.message);
  }
}

export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? createToken();
  const session = options.session ?? new Session();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const methodMaxBodyBytes = options.methodMaxBodyBytes ?? METHOD_MAX_BODY_BYTES;
  const expectedDigest = digest(token);
  let port = 0;

  const tokenMatches = (given: string | string[] | undefined): boolean =>
    typeof given === 'string' && timingSafeEqual(digest(given), expectedDigest);

  const hostAllowed = (req: http.IncomingMessage): boolean => {
    const host = req.headers.host;
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };

  const originAllowed = (req: http.IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> => {
    if (!tokenMatches(req.headers[TOKEN_HEADER])) {
      throw new HttpProblem(401, {
        code: 'UNAUTHORIZED',
        message: '缺少或错误的访问令牌。请使用 ClerkDesk 启动时打印的完整地址（含 #token=…）重新打开页面。',
      });
    }
    if (!hostAllowed(req) || !originAllowed(req)) {
      throw new HttpProblem(403, { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自本机的 ClerkDesk 页面。' });
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpProblem(405, { code: 'UNKNOWN_METHOD', message: '接口只接受 POST 请求。' });
    }
    const method = safeDecode(pathname.slice(API_PREFIX.length));
    const ctx = { door: 'http' as const, session };
    // Who may call it is decided from the URL alone: a refused call is answered before a byte of
    // its body is read or parsed (the large limit below is only for those allowed to send files).
    const refused = await options.dispatch.authorize(method, ctx);
    // Node discards an unread body once the answer is sent; nothing of it is kept.
    if (refused) throw new HttpProblem(REFUSAL_STATUS[refused.code] ?? 200, refused);
    const limit = Object.hasOwn(methodMaxBodyBytes, method) ? methodMaxBodyBytes[method]! : maxBodyBytes;
    const input = parseJson(await readBody(req, limit));
    const result = await options.dispatch(method, input, ctx);
    sendJson(res, 200, result);
  };

  const handleStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void => {
    if (!hostAllowed(req)) {
      sendText(res, 403, '403 拒绝访问：请用 ClerkDesk 打印的 127.0.0.1 地址打开。');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, '405 不支持的请求方式。');
      return;
    }
    const file = resolveStaticFile(options.staticDir, pathname);
    const size = file ? fileSize(file.filePath) : null;
    if (!file || size === null) {
      sendText(res, 404, '404 找不到这个文件。');
      return;
    }
    res.writeHead(200, { ...file.headers, 'Content-Length': String(size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file.filePath);
    stream.on('error', (error) => {
      options.onError?.(error);
      res.destroy();
    });
    stream.pipe(res);
  };

  const server = http.createServer((req, res) => {
    const rawUrl = req.url ?? '/';
    // Only origin-form targets ("/path?query"); absolute-form is for proxies.
    const pathname = rawUrl.startsWith('/') ? (rawUrl.split(/[?#]/, 1)[0] ?? '/') : '';
    const isApi = pathname === '/api' || pathname.startsWith(API_PREFIX);
    const work = isApi
      ? handleApi(req, res, pathname)
      : Promise.resolve().then(() => {
          if (pathname === '') sendText(res, 400, '400 请求地址无效。');
          else handleStatic(req, res, pathname);
        });
    work.catch((error: unknown) => {
      if (error instanceof HttpProblem) {
        sendJson(res, error.status, { ok: false, error: error.shape });
        return;
      }
      options.onError?.(error);
      sendJson(res, 500, {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: '操作没有完成，档案未被修改。请重试；如反复出现，请联系管理员并提供日志。',
        },
      });
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function fileSize(filePath: string): number | null {
  try {
    return fs.statSync(filePath).size;
  } catch {
    return null;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = new HttpProblem(413, {
    code: 'VALIDATION',
    message: `请求内容过大（上限 ${Math.round(limit / 1024 / 1024)} MB）。请分批提交。`,
  });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    // Node drains the unread body once the answer is sent, so the client still reads the 413.
    return Promise.reject(tooLarge);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      received += chunk.length;
      if (received > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
  });
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  // No body means "no input": the contract's defaults apply.
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(400, { code: 'VALIDATION', message: '请求内容不是有效的 JSON，无法处理。' });
  }
}

function sendJson(res: http.ServerResponse, status: number, body: Result<unknown>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(text);
}
