/**
 * The browser scripts and styles of the emulated Flow (flow-static/), served as separate files so the pages
 * need no inline script and a strict CSP applies. Read once per process.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

const STATIC_DIR = new URL('./flow-static/', import.meta.url);
const cache = new Map<string, Buffer>();

/** Static files by URL path on flow.google.com. */
export const FLOW_ASSETS: Readonly<Record<string, string>> = {
  '/_/static/flow-boot.js': 'flow-boot.js',
  '/_/static/flow-grid.js': 'flow-grid.js',
  '/_/static/flow-editor.js': 'flow-editor.js',
  '/_/static/flow.css': 'flow.css',
};

/** The reCAPTCHA stand-in served on www.google.com. */
export const RECAPTCHA_SCRIPT_FILE = 'recaptcha-enterprise.js';

/** Sends one file from flow-static/ (JavaScript or CSS by extension). */
export function sendStaticFile(res: ServerResponse, file: string): void {
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = readFileSync(new URL(file, STATIC_DIR));
    cache.set(file, bytes);
  }
  res.writeHead(200, {
    'content-type': file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
    'content-length': bytes.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(bytes);
}
