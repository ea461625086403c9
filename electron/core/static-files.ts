import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { START_PAGE } from '../../shared/contract/windows';

/**
 * Serving the built renderer (out/renderer) — used by the Electron app:// protocol and by the browser host, so
 * both apply the same path rules and the same headers.
 */

/**
 * Content-Security-Policy for every renderer document. Everything is bundled (the counter network has no
 * internet), so nothing outside the app's own origin is needed; `extraConnect` lets the browser host add its
 * WebSocket origin.
 */
export function contentSecurityPolicy(extraConnect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ['connect-src', "'self'", ...extraConnect].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/**
 * Maps a URL path to a file under `root`, or null. Rejects anything that would leave root after decoding
 * (`..`, encoded slashes, NUL) and anything without a known type, so only the built renderer is ever served.
 */
export function resolveStaticPath(root: string, urlPath: string): { file: string; type: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Refuse dot segments before normalising: normalize() would quietly fold them away.
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  const relative = path.posix.normalize(decoded === '/' ? `/${START_PAGE}` : decoded).replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  const rootWithSep = path.resolve(root) + path.sep;
  if (!file.startsWith(rootWithSep)) return null;
  const type = TYPES[path.extname(file).toLowerCase()];
  return type ? { file, type } : null;
}

export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Reads the file for `urlPath` and adds the security headers every renderer response carries. */
export async function serveStatic(root: string, urlPath: string, csp: string): Promise<StaticResponse> {
  const common = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
  const resolved = resolveStaticPath(root, urlPath);
  if (!resolved) return { status: 404, headers: { ...common, 'content-type': 'text/plain' }, body: 'not found' };
  try {
    const body = await readFile(resolved.file);
    return { status: 200, headers: { ...common, 'content-type': resolved.type }, body };
  } catch {
    return { status: 404, headers: { ...common, 'content-type': 'text/plain' }, body: 'not found' };
  }
}
