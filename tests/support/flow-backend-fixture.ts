/**
 * Everything a Flow backend test in real Chromium needs: the emulator (fetch routed to it), one Chromium
 * for the file with a fresh context per test that is signed in to Google and Flow as the migrated account
 * (`emu.control.createFlowSession` cookies, as the app's partition would hold them), and the app's own
 * `FlowImageBackend` on that context through {@link ChromiumFlowPageProvider}, with an in-memory project
 * store and a diagnostics sink that keeps what it is given.
 *
 *   const flow = withFlowBackend();
 *   it('…', async () => { const { backend } = flow.create(); await backend.generate(task); });
 */
import type { BrowserContext } from 'playwright-core';
import { systemClock } from '../../src/core/clock.ts';
import { FlowImageBackend, type DiagnosticsSink } from '../../src/services/imagefx/flow/flow-image-backend.ts';
import type { FlowTimeouts } from '../../src/services/imagefx/flow/flow-page-driver.ts';
import { KeyValueFlowProjectStore } from '../../src/services/imagefx/flow/flow-project-store.ts';
import type { GenerationTask } from '../../src/services/imagefx/image-backend.ts';
import type { GenerationSettings } from '../../src/shared/generation-schemas.ts';
import { withChromiumPerTest, type ChromiumPerTest } from './chromium-fixture.ts';
import type { Emulator, IssuedCookie } from './emulator/index.ts';
import { ChromiumFlowPageProvider } from './flow-cdp-port.ts';
import { MemoryKeyValueStore } from './memory-key-value-store.ts';
import { withEmulator } from './network.ts';

/** The account id the tests give the migrated account. */
export const FLOW_ACCOUNT_ID = 'account-lin';

/** A diagnostics sink that keeps every capture in memory. */
export class MemoryDiagnostics implements DiagnosticsSink {
  readonly captures: { kind: string; capture: unknown }[] = [];

  async record(kind: string, capture: unknown): Promise<void> {
    this.captures.push({ kind, capture: structuredClone(capture) });
  }
}

export interface FlowBackendUnderTest {
  readonly backend: FlowImageBackend;
  readonly pages: ChromiumFlowPageProvider;
  readonly projects: KeyValueFlowProjectStore;
  readonly diagnostics: MemoryDiagnostics;
}

export interface FlowBackendEnvironment {
  readonly emu: Emulator;
  readonly chrome: ChromiumPerTest;
  /** The cookies this test's context was signed in with. */
  readonly cookies: readonly IssuedCookie[];
  /** A backend on this test's context (call once per test, or again to model an app restart). */
  create(options?: { timeouts?: Partial<FlowTimeouts>; overloadCooldownMs?: number; temporaryDirectory?: string; onSignedOut?: () => void }): FlowBackendUnderTest;
}

/** A generation task (settings as the service makes them; no references unless given). */
export function flowTask(settings: Partial<GenerationSettings> = {}, references: GenerationTask['references'] = []): GenerationTask {
  return {
    settings: { prompt: 'a lighthouse at dusk', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 1, model: 'NARWHAL', ...settings },
    references,
  };
}

/** Registers the hooks (see the module comment). */
export function withFlowBackend(): FlowBackendEnvironment {
  const env = withEmulator();
  let cookies: readonly IssuedCookie[] = [];
  const signedIn = async (context: BrowserContext): Promise<void> => {
    cookies = env.emu.control.createFlowSession().cookies;
    await context.addCookies(
      cookies.map((cookie) =>
        cookie.hostOnly
          ? { name: cookie.name, value: cookie.value, url: 'https://flow.google.com/', secure: true, httpOnly: true, sameSite: 'None' as const }
          : { name: cookie.name, value: cookie.value, domain: cookie.domain, path: '/', secure: true },
      ),
    );
  };
  const chrome = withChromiumPerTest(() => env.emu, signedIn);
  return {
    get emu() {
      return env.emu;
    },
    chrome,
    get cookies() {
      return cookies;
    },
    create(options = {}) {
      const pages = new ChromiumFlowPageProvider(chrome.context);
      const projects = new KeyValueFlowProjectStore(new MemoryKeyValueStore());
      const diagnostics = new MemoryDiagnostics();
      const backend = new FlowImageBackend({
        accountId: FLOW_ACCOUNT_ID,
        pages,
        projects,
        diagnostics,
        fetch: (input, init) => globalThis.fetch(input, init),
        clock: systemClock,
        ...(options.timeouts ? { timeouts: options.timeouts } : {}),
        ...(options.overloadCooldownMs !== undefined ? { overloadCooldownMs: options.overloadCooldownMs } : {}),
        ...(options.temporaryDirectory ? { temporaryDirectory: options.temporaryDirectory } : {}),
        ...(options.onSignedOut ? { onSignedOut: options.onSignedOut } : {}),
      });
      return { backend, pages, projects, diagnostics };
    },
  };
}
