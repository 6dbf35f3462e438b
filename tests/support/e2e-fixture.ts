/**
 * The whole end-to-end app for a test: the emulator (on a fake clock the app shares), the renderer built for
 * the e2e page, a Chromium for the login surfaces, another for the app's window, and the app's main-process
 * stack. `withE2eApp()` starts it before a file's tests and closes it after them; `startE2eApp()` starts
 * one on its own (e.g. two separate runs in one test), to be closed by the caller.
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
import { launchStableChromium } from './chromium-stable-rendering.ts';
import { ChromiumLoginSurfaceProvider, type ChromiumLoginSurface } from './chromium-login-surface.ts';
import { openE2eAppPage, type E2eAppPage } from './e2e-app-page.ts';
import { startE2eAppStack, type E2eAppStack } from './e2e-app-stack.ts';
import { buildE2eRenderer } from './e2e-renderer-build.ts';
import type { Emulator } from './emulator/index.ts';
import { FakeClock } from './fake-clock.ts';
import type { PacingOptions } from '../../src/services/imagefx/generation-pacing.ts';
import { startRoutedEmulator, type RoutedEmulator } from './network.ts';

/** The emulator's generation endpoint, for request counts. */
export const RUN_IMAGEFX = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' } as const;

/** Options for {@link startE2eApp} and {@link withE2eApp}. */
export interface E2eAppOptions {
  /** The fake clock's start (default 20 Nov 2026, 09:30 UTC). */
  readonly start?: number;
  /**
   * The queue's pause between generations. Files about other things than pacing may pass `NO_PACING`, so
   * their clock moves only for what they test; tests/e2e/waits-and-accounts.test.ts shows the real pause.
   */
  readonly pacing?: PacingOptions;
  /** Flow as the app has it (see e2e-app-stack.ts). */
  readonly flow?: { readonly keepAliveIntervalMs?: number };
}

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
  /** Runs at close, before the stack closes (e.g. give the network back). */
  onCleanup(cleanup: () => Promise<void>): void;
  /**
   * Quits and starts the app again on the same machine: the stack closed (userData, vault and keychain
   * kept), the in-memory partitions gone, a new stack on the same files. Open a new window afterwards.
   */
  restart(): Promise<E2eAppStack>;
}

/** A started app; `close()` stops everything and removes its temporary folders. */
export interface StartedE2eApp extends E2eApp {
  close(): Promise<void>;
}

const DEFAULT_START = Date.UTC(2026, 10, 20, 9, 30);

/** Starts the whole app (see the module comment). If a part fails to start, the parts already started are closed. */
export async function startE2eApp(options: E2eAppOptions & { clock?: FakeClock } = {}): Promise<StartedE2eApp> {
  const clock = options.clock ?? new FakeClock(options.start ?? DEFAULT_START);
  const cleanups: (() => Promise<void>)[] = [];
  let network: RoutedEmulator | undefined;
  let rendererDir: string | undefined;
  let surfaces: ChromiumLoginSurfaceProvider | undefined;
  let appBrowser: Browser | undefined;
  let stack: E2eAppStack | undefined;
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await stack?.close();
    await appBrowser?.close();
    await surfaces?.close();
    await network?.close();
    if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
  };
  try {
    network = await startRoutedEmulator({ clock });
    rendererDir = await buildE2eRenderer();
    surfaces = await ChromiumLoginSurfaceProvider.launch({ emulator: network.emu });
    appBrowser = await launchStableChromium();
    stack = await startE2eAppStack({ clock, surfaces, ...(options.pacing ? { pacing: options.pacing } : {}), ...(options.flow ? { flow: options.flow } : {}) });
  } catch (error) {
    await close();
    throw error;
  }
  const [emu, browser, directory, provider] = [network.emu, appBrowser, rendererDir, surfaces];
  let started = stack;
  const stackOptions = { clock, surfaces: provider, ...(options.pacing ? { pacing: options.pacing } : {}), ...(options.flow ? { flow: options.flow } : {}) };
  return {
    clock,
    emu,
    surfaces: provider,
    get stack() {
      return started;
    },
    openApp: (pageOptions = {}) => openE2eAppPage({
      browser,
      rendererDir: directory,
      bridge: started.bridge,
      galleryProtocol: started.galleryProtocol,
      ...pageOptions,
    }),
    async restart() {
      await started.close();
      await provider.dropPartitions();
      started = await startE2eAppStack({ ...stackOptions, resume: true });
      stack = started;
      return started;
    },
    async nextVisibleSurface() {
      for (;;) {
        const surface = await provider.nextSurface();
        if (surface.visible) return surface;
      }
    },
    onCleanup: (cleanup) => void cleanups.push(cleanup),
    close,
  };
}

/** Vitest hooks around {@link startE2eApp}: started before the file's tests, closed after them. */
export function withE2eApp(options: E2eAppOptions = {}): E2eApp {
  // Made now so that tests may hold the clock at file level, before the app starts.
  const clock = new FakeClock(options.start ?? DEFAULT_START);
  let app: StartedE2eApp | undefined;
  beforeAll(async () => {
    app = await startE2eApp({ ...options, clock });
  });
  afterAll(async () => {
    await app?.close();
  });
  const started = (): StartedE2eApp => {
    if (!app) throw new Error('withE2eApp(): the app is only available inside tests and hooks');
    return app;
  };
  return {
    clock,
    get emu() {
      return started().emu;
    },
    get surfaces() {
      return started().surfaces;
    },
    get stack() {
      return started().stack;
    },
    openApp: (pageOptions) => started().openApp(pageOptions),
    nextVisibleSurface: () => started().nextVisibleSurface(),
    onCleanup: (cleanup) => started().onCleanup(cleanup),
    restart: () => started().restart(),
  };
}
