/**
 * Vitest hooks for an end-to-end test file: the emulator (on a fake clock the app shares), the renderer
 * built for the e2e page, a Chromium for the login surfaces, another for the app's window, and the app's
 * main-process stack — started before the file's tests, closed after them.
 *
 *   const e2e = withE2eApp();
 *   it('…', async () => { const app = await e2e.openApp(); await app.page.goto(E2E_ENTRY_URL); … });
 *
 * Two browsers because the login surfaces intercept every request of their browser (see
 * chromium-login-surface.ts) and the app page must not be subject to the sign-in window's allow-list.
 */
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.ts';
import { ChromiumLoginSurfaceProvider, type ChromiumLoginSurface } from './chromium-login-surface.ts';
import { openE2eAppPage, type E2eAppPage } from './e2e-app-page.ts';
import { startE2eAppStack, type E2eAppStack } from './e2e-app-stack.ts';
import { buildE2eRenderer } from './e2e-renderer-build.ts';
import type { Emulator } from './emulator/index.ts';
import { FakeClock } from './fake-clock.ts';
import { withEmulator } from './network.ts';

/** The emulator's generation endpoint, for request counts. */
export const RUN_IMAGEFX = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' } as const;

export interface E2eApp {
  readonly clock: FakeClock;
  readonly emu: Emulator;
  readonly surfaces: ChromiumLoginSurfaceProvider;
  readonly stack: E2eAppStack;
  /** A new window of the app (its own browser context). */
  openApp(options?: { colorScheme?: 'light' | 'dark' }): Promise<E2eAppPage>;
  /**
   * The next sign-in window the app shows. Hidden silent re-sign-in surfaces may finish opening after
   * the UI already reacted to their outcome, so they are skipped rather than assumed to come first.
   */
  nextVisibleSurface(): Promise<ChromiumLoginSurface>;
  /** Runs after the file's tests, before the stack closes (e.g. give the network back). */
  onCleanup(cleanup: () => Promise<void>): void;
}

export function withE2eApp(options: { start?: number } = {}): E2eApp {
  const clock = new FakeClock(options.start ?? Date.UTC(2026, 10, 20, 9, 30));
  const env = withEmulator({ clock, resetBeforeEach: false });
  const cleanups: (() => Promise<void>)[] = [];
  let rendererDir: string | undefined;
  let surfaces: ChromiumLoginSurfaceProvider | undefined;
  let appBrowser: Browser | undefined;
  let stack: E2eAppStack | undefined;

  beforeAll(async () => {
    rendererDir = await buildE2eRenderer();
    surfaces = await ChromiumLoginSurfaceProvider.launch({ emulator: env.emu });
    appBrowser = await launchChromium();
    stack = await startE2eAppStack({ clock, surfaces });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await stack?.close();
    await appBrowser?.close();
    await surfaces?.close();
    if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`withE2eApp(): ${what} is only available inside tests and hooks`);
    return value;
  };
  return {
    clock,
    get emu() {
      return env.emu;
    },
    get surfaces() {
      return started(surfaces, 'the login Chromium');
    },
    get stack() {
      return started(stack, 'the app stack');
    },
    openApp(pageOptions = {}) {
      const app = started(stack, 'the app stack');
      return openE2eAppPage({
        browser: started(appBrowser, 'the app Chromium'),
        rendererDir: started(rendererDir, 'the renderer build'),
        bridge: app.bridge,
        galleryProtocol: app.galleryProtocol,
        ...pageOptions,
      });
    },
    async nextVisibleSurface() {
      for (;;) {
        const surface = await started(surfaces, 'the login Chromium').nextSurface();
        if (surface.visible) return surface;
      }
    },
    onCleanup(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
