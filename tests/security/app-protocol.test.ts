/**
 * Electron security checklist item 18: the app's page comes from the privileged `app://imagefx` scheme,
 * never `file://`, and the scheme's resolver reaches the renderer folder and nothing else on disk.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, resolveAppAsset } from '../../src/app/security/app-protocol.ts';

const ROOT = path.resolve('/opt/imagefx/resources/app.asar/dist/renderer');

describe('app://imagefx', () => {
  it('serves files inside the renderer folder with their type', () => {
    expect(resolveAppAsset(ROOT, APP_ENTRY_URL)).toEqual({ file: path.join(ROOT, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(ROOT, 'app://imagefx/')).toEqual({ file: path.join(ROOT, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(ROOT, 'app://imagefx/views/main.js?v=1#x')?.file).toBe(path.join(ROOT, 'views', 'main.js'));
  });

  it.each([
    ['a parent folder', 'app://imagefx/../../main.js'],
    ['an encoded parent folder', 'app://imagefx/%2e%2e/%2e%2e/package.json'],
    ['an encoded separator', 'app://imagefx/..%2f..%2f..%2fpackage.json'],
    ['an absolute path', 'app://imagefx//etc/passwd.json'],
  ])('never leaves the renderer folder for %s', (_name, url) => {
    const asset = resolveAppAsset(ROOT, url);
    // The URL parser and the resolver both fold the dot segments: at worst a same-named file inside.
    expect(asset === null || asset.file.startsWith(ROOT + path.sep), `${url} → ${asset?.file}`).toBe(true);
  });

  it.each([
    ['a backslash', 'app://imagefx/..%5C..%5Cmain.js'],
    ['a NUL byte', 'app://imagefx/index.html%00.png'],
    ['broken percent-encoding', 'app://imagefx/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///opt/imagefx/resources/app.asar/dist/renderer/index.html'],
    ['a type the app does not serve', 'app://imagefx/preload.cjs'],
    ['a file without an extension', 'app://imagefx/LICENSE'],
  ])('refuses %s', (_name, url) => {
    expect(resolveAppAsset(ROOT, url)).toBeNull();
  });
});
