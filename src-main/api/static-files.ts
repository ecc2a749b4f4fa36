import fs from 'node:fs';
import path from 'node:path';

/**
 * Serving the built renderer (out/renderer) is shared by the two hosts: the browser host over
 * HTTP and the Electron window over the app:// protocol. Both send the same headers.
 */

/** antd writes inline styles, hence 'unsafe-inline' for styles only; scripts come from our own files. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // Scan previews (归档): the checked bytes shown from a blob URL, PDFs in the browser's own viewer.
  'frame-src blob:',
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticFile {
  filePath: string;
  contentType: string;
  headers: Record<string, string>;
}

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every static response carries; index.html is never cached so a new build shows at once. */
export function staticHeaders(filePath: string): Record<string, string> {
  const isHtml = path.extname(filePath).toLowerCase() === '.html';
  return {
    'Content-Type': contentTypeFor(filePath),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cache-Control': isHtml ? 'no-store' : 'no-cache',
  };
}

/**
 * Maps a URL path (still percent-encoded, without query or hash) to a file under `root`.
 * Returns null when nothing may be served: traversal (`..`, encoded or not), backslashes, NUL,
 * dot-files, or a missing file with an extension. A missing extension-less path is a client-side
 * route of the single-page app and gets index.html.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment.startsWith('.') || segment.includes(':'))) return null;

  const rootDir = path.resolve(root);
  const indexFile = path.join(rootDir, 'index.html');
  const candidate = segments.length === 0 ? indexFile : path.resolve(rootDir, ...segments);
  const relative = path.relative(rootDir, candidate);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;

  if (isFile(candidate)) {
    // A symlink inside the folder must not lead out of it either.
    if (!isInside(rootDir, candidate)) return null;
    return { filePath: candidate, contentType: contentTypeFor(candidate), headers: staticHeaders(candidate) };
  }
  const last = segments[segments.length - 1] ?? '';
  if (path.extname(last) !== '' || !isFile(indexFile)) return null;
  return { filePath: indexFile, contentType: contentTypeFor(indexFile), headers: staticHeaders(indexFile) };
}

function isInside(rootDir: string, filePath: string): boolean {
  try {
    const relative = path.relative(fs.realpathSync(rootDir), fs.realpathSync(filePath));
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  } catch {
    return false;
  }
}

function isFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isFile();
  } catch {
    return false;
  }
}
