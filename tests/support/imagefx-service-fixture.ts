/**
 * Everything an ImageFX service test against the emulator needs: the emulator on a fake clock with fetch
 * routed to it, a signed-in `SecureSessionManager`, and an `ImageFXService` on the real library backend.
 *
 *   const env = withImageFXService();
 *   it('…', async () => { const { service } = await env.signedIn(); … });
 */
import type { CaptionImageStager } from '../../src/services/imagefx/caption-input.ts';
import { ImageFXLibraryBackend } from '../../src/services/imagefx/imagefx-library-backend.ts';
import type { ImageFXService } from '../../src/services/imagefx/imagefx-service.ts';
import type { RetryNotice } from '../../src/services/imagefx/request-recovery.ts';
import type { RetryPolicyOptions } from '../../src/services/imagefx/retry-policy.ts';
import type { Emulator } from './emulator/index.ts';
import { FakeClock } from './fake-clock.ts';
import { classicImageService } from './classic-image-service.ts';
import { createImageSessionFixture, type ImageSessionFixture, type SignedInSession } from './imagefx-session-fixture.ts';
import { withEmulator } from './network.ts';

export interface SignedInService {
  readonly service: ImageFXService;
  /** The service's backend (its `reachable` probe is what the app's reachability monitor uses). */
  readonly backend: ImageFXLibraryBackend;
  readonly session: ImageSessionFixture;
  readonly secrets: SignedInSession;
}

export interface SignedInOptions {
  readonly random?: () => number;
  readonly retry?: RetryPolicyOptions;
  /** Where caption uploads are staged (default: the OS temp directory). */
  readonly captionImages?: CaptionImageStager;
}

export interface ImageFXServiceEnvironment {
  readonly emu: Emulator;
  readonly clock: FakeClock;
  /** A fresh session manager, signed in, and a service on it (after an emptied request log). */
  signedIn(options?: SignedInOptions): Promise<SignedInService>;
}

/** Registers the emulator hooks (see `withEmulator`) with a shared fake clock. */
export function withImageFXService(): ImageFXServiceEnvironment {
  const clock = new FakeClock();
  const env = withEmulator({ clock });
  return {
    get emu() {
      return env.emu;
    },
    clock,
    async signedIn(options = {}) {
      const session = createImageSessionFixture(env.emu, clock);
      const secrets = await session.signIn();
      env.emu.resetLog();
      const backend = new ImageFXLibraryBackend({ clock });
      const service = classicImageService({
        session: session.manager,
        wire: backend,
        clock,
        random: options.random ?? (() => 0.5),
        ...(options.captionImages ? { captionImages: options.captionImages } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
      });
      return { service, backend, session, secrets };
    },
  };
}

/** Resolves with the next retry notice a service call reports (pass `notices.onRetry` to the call). */
export function retryNotices(): { onRetry: (notice: RetryNotice) => void; next(): Promise<RetryNotice> } {
  const waiting: ((notice: RetryNotice) => void)[] = [];
  const pending: RetryNotice[] = [];
  return {
    onRetry(notice) {
      const resolve = waiting.shift();
      if (resolve) resolve(notice);
      else pending.push(notice);
    },
    next() {
      const ready = pending.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}
