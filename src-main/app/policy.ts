/**
 * Electron-free security decisions of the app shell, so they are unit-tested in Node.
 * (Electron security checklist items referenced by number.)
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'callboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * CSP for every page the app serves (item 7). The renderer does no network at all: connect-src 'none'.
 * style-src needs no 'unsafe-inline': React style props go through CSSOM, which CSP does not block.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Is this frame URL our own page? Parsed, never prefix-matched (item 17). */
export function isAppUrl(raw: string, devServerUrl?: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
  if (devServerUrl) {
    try {
      return new URL(devServerUrl).origin === u.origin;
    } catch {
      return false;
    }
  }
  return false;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function mimeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// request URL to a file inside the renderer folder, or null for anything outside it
 * (path traversal, other hosts, encoded separators). Item 18: no file:// for our pages.
 */
export function resolveAppFile(requestUrl: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(rendererDir);
  const full = path.resolve(root, '.' + rel);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

/**
 * DevTools give whoever sits at the window a console inside the renderer (and so the IPC API): on in
 * development only. A packaged build ignores CALLBOARD_DEVTOOLS and ELECTRON_* switches alike (the
 * Electron security checklist; Signal ships production builds without DevTools for the same reason).
 */
export function devToolsEnabled(o: { packaged: boolean; devServerUrl: string | undefined; env: string | undefined }): boolean {
  if (o.packaged) return false;
  return o.devServerUrl !== undefined || o.env === '1';
}
