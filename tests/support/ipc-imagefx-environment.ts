/**
 * The real generation stack behind the IPC registry: `ImageFXService` on the unmodified library against
 * the emulator (fake clock), a signed-in `SecureSessionManager`, the real `GenerationQueue`, the real
 * `Gallery` in a temporary folder with the `GalleryImageSink` feeding it, and the app's event wiring.
 * Only the account manager is the fake one (its `signIn()` signs the emulator session in again).
 *
 *   const env = withIpcImageFX();
 *   it('…', async () => { const stack = await env.start(); await stack.harness.invoke('generation:generate', …); });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { connectAppEvents, type AppEventHub } from '../../src/app/ipc/app-events.ts';
import { GalleryImageSink } from '../../src/services/gallery/gallery-image-sink.ts';
import { Gallery } from '../../src/services/gallery/gallery.ts';
import { generationAccounts } from '../../src/app/composition/generation-accounts.ts';
import type { GenerationQueue } from '../../src/services/imagefx/generation-queue.ts';
import type { RetryPolicyOptions } from '../../src/services/imagefx/retry-policy.ts';
import { createTestQueue, runUntilIdle, TestNetwork } from './generation-queue-fixture.ts';
import type { SignedInSession } from './imagefx-session-fixture.ts';
import { withImageFXService, type ImageFXServiceEnvironment, type SignedInService } from './imagefx-service-fixture.ts';
import { createIpcHarness, type IpcHarness } from './ipc-harness.ts';

export interface IpcImageFXStack {
  readonly harness: IpcHarness;
  readonly queue: GenerationQueue;
  readonly gallery: Gallery;
  readonly session: SignedInService['session'];
  /** The secrets of the current sign-in (updated by a re-sign-in through `auth:sign-in`). */
  secrets: SignedInSession;
  readonly hub: AppEventHub;
  /** The operating system's network state the queue sees. */
  readonly network: TestNetwork;
  /** Runs the queue until it is idle, moving the fake clock through its pauses and waits. */
  drain(): Promise<void>;
}

export interface IpcImageFXEnvironment extends ImageFXServiceEnvironment {
  start(options?: { retry?: RetryPolicyOptions }): Promise<IpcImageFXStack>;
}

/** Registers the emulator hooks and cleans the stacks it started up after each test. */
export function withIpcImageFX(): IpcImageFXEnvironment {
  const env = withImageFXService();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return {
    get emu() {
      return env.emu;
    },
    clock: env.clock,
    signedIn: (options) => env.signedIn(options),
    async start(options = {}) {
      const { service, backend, session, secrets } = await env.signedIn(options.retry ? { retry: options.retry } : {});
      const directory = mkdtempSync(path.join(tmpdir(), 'ipc-gallery-'));
      const gallery = await Gallery.open({ directory, clock: env.clock, randomBytes });
      cleanups.push(async () => {
        await gallery.close();
        rmSync(directory, { recursive: true, force: true });
        session.manager.dispose();
      });
      let hub: AppEventHub | null = null;
      const sink = new GalleryImageSink({ gallery, onDidAdd: (item) => hub?.publishGalleryChange({ type: 'added', item }) });
      const network = new TestNetwork();
      let accounts: Parameters<typeof generationAccounts>[0] | null = null;
      const { queue, probe } = createTestQueue({
        generator: service,
        sink,
        clock: env.clock,
        network,
        probe: (signal) => backend.reachable(signal),
        accounts: generationAccounts({ snapshot: () => accounts!.snapshot() }),
      });
      cleanups.push(async () => queue.dispose());
      const harness = await createIpcHarness({
        services: () => ({ images: service, queue, gallery, onGalleryChange: (change) => hub?.publishGalleryChange(change) }),
      });
      harness.bait.enabled = false;
      accounts = harness.accounts;
      hub = connectAppEvents({ accounts: harness.accounts, queue, publish: (event) => harness.registry.publish(event) });
      // The account manager reports the session layer's state, as the real one does.
      session.manager.onDidChangeState((metadata) => harness.accounts.change({ state: metadata.state, reason: metadata.reason }));
      const stack: IpcImageFXStack = { harness, queue, gallery, session, secrets, hub, network, drain: () => runUntilIdle(queue, env.clock, probe) };
      harness.accounts.onSignIn = async () => {
        stack.secrets = await session.signIn();
      };
      return stack;
    },
  };
}
