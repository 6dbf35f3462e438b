/**
 * The app's own page is served from a privileged custom protocol, never `file://`, so that its origin is
 * stable (`app://imagefx`), IPC senders can be checked against it, and nothing else on disk is reachable.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'imagefx';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Maps an `app://imagefx/...` URL to a file inside `rootDir`, or `null` when the URL is not ours, names a
 * file type we do not serve, or would escape the folder (`..`, encoded separators, absolute paths).
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): { file: string; contentType: string } | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
  if (!file.startsWith(root + path.sep)) return null;
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return null;
  return { file, contentType };
}
