/**
 * Row 10 of issue 15: DevTools were reachable in packaged builds (no menu set, `devTools` never off). Now
 * a packaged build turns DevTools off in every window it makes (`webPreferences.devTools: false`) and sets
 * a minimal application menu with no View menu and no Toggle DevTools; a development build keeps both.
 * src/main.ts runs on the Electron shim, once as a packaged app and once as a development one.
 */
import { describe, expect, it, vi } from 'vitest';
import { withEmulator } from '../support/network.ts';

type Shim = typeof import('../support/electron-shim.ts');

withEmulator();

/** Every item of a menu template, submenus included. */
function menuItems(template: readonly unknown[]): Record<string, unknown>[] {
  return template.flatMap((item) => {
    const entry = item as Record<string, unknown>;
    const submenu = Array.isArray(entry['submenu']) ? menuItems(entry['submenu'] as unknown[]) : [];
    return [entry, ...submenu];
  });
}

/**
 * Starts src/main.ts afresh (new module instances of it and of the shim it imports as `electron`);
 * `packaged` is what `app.isPackaged` says.
 */
async function startMain(packaged: boolean): Promise<Shim> {
  vi.resetModules();
  const shim = await import('../support/electron-shim.ts');
  shim.__shim.reset();
  shim.__shim.app.isPackaged = packaged;
  const main = await import('../../src/main.ts');
  shim.__shim.makeReady();
  await main.startup;
  return shim;
}

/** Opens the sign-in window through IPC, returns its options, and cancels it. */
async function signInWindowOptions({ __shim }: Shim): Promise<Electron.BrowserWindowConstructorOptions> {
  const page = __shim.windows[0]!.webContents;
  const before = __shim.windows.length;
  const signIn = __shim.invoke('auth:sign-in', { sender: page });
  await vi.waitFor(() => expect(__shim.windows.length).toBeGreaterThan(before));
  // The first window it makes (the account's hidden Flow page, which never has DevTools, may follow).
  const options = __shim.windows[before]!.options;
  await __shim.invoke('auth:cancel-sign-in', { sender: page });
  await signIn;
  return options;
}

describe('row 10: DevTools and the application menu', () => {
  it('a packaged build: DevTools off in the main and the sign-in window, a minimal menu without View or DevTools', async () => {
    const shim = await startMain(true);
    const { FakeMenu } = shim;
    expect(shim.__shim.windows[0]!.options.webPreferences).toMatchObject({ devTools: false });
    expect((await signInWindowOptions(shim)).webPreferences).toMatchObject({ devTools: false });

    expect(FakeMenu.applicationMenuSet).toBe(true);
    const items = menuItems(FakeMenu.applicationMenu?.template ?? []);
    expect(items.length).toBeGreaterThan(0);
    const roles = items.map((item) => String(item['role'] ?? '').toLowerCase());
    expect(roles).not.toContain('toggledevtools');
    expect(roles).not.toContain('viewmenu');
    expect(roles).not.toContain('forcereload');
    expect(items.map((item) => String(item['label'] ?? ''))).not.toContain('View');
    // Still usable: copy and paste in text fields, quit.
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
    shim.__shim.reset();
  });

  it('a development build keeps DevTools and Electron’s default menu', async () => {
    const shim = await startMain(false);
    expect(shim.__shim.windows[0]!.options.webPreferences?.devTools).not.toBe(false);
    expect((await signInWindowOptions(shim)).webPreferences?.devTools).not.toBe(false);
    expect(shim.FakeMenu.applicationMenuSet).toBe(false);
    shim.__shim.reset();
  });
});
