/**
 * Classic ImageFX as a backend: the library wire (`ImageFXBackend`, on @rohitaryal/imagefx-api) under the
 * labs.google recovery policy — fresh credentials from the session layer per attempt, one refresh on an
 * auth failure, bounded retries on the injected clock, cancellation. For accounts where labs.google still
 * hands out a token; it takes no reference pictures and picks no seeds of its own.
 */
import type { Clock } from '../../core/index.ts';
import { CLASSIC_CAPABILITIES } from '../../shared/generation-options.ts';
import type { CaptionRequest, CaptionResult, GeneratedImage } from '../../shared/generation-schemas.ts';
import type { CaptionImageStager } from './caption-input.ts';
import type { GenerationTask, ImageBackend } from './image-backend.ts';
import type { ImageFXBackend } from './imagefx-backend.ts';
import { runWithRecovery, type ImageSessionPort, type RecoveryContext, type RecoveryOptions } from './request-recovery.ts';
import { createRetryPolicy, type RetryPolicyOptions } from './retry-policy.ts';

export interface ClassicImageBackendOptions {
  /** The account's labs.google session (the `SecureSessionManager`). */
  readonly session: ImageSessionPort;
  /** The wire: one library call per method, no retries. */
  readonly wire: ImageFXBackend;
  readonly captionImages: CaptionImageStager;
  readonly clock: Clock;
  /** Uniform in [0, 1): backoff jitter. */
  readonly random: () => number;
  readonly retry?: RetryPolicyOptions;
}

export class ClassicImageBackend implements ImageBackend {
  readonly capabilities = CLASSIC_CAPABILITIES;
  readonly #wire: ImageFXBackend;
  readonly #captionImages: CaptionImageStager;
  readonly #recovery: RecoveryContext;

  constructor(options: ClassicImageBackendOptions) {
    this.#wire = options.wire;
    this.#captionImages = options.captionImages;
    this.#recovery = { session: options.session, clock: options.clock, random: options.random, policy: createRetryPolicy(options.retry) };
  }

  generate(task: GenerationTask, options: RecoveryOptions = {}): Promise<GeneratedImage[]> {
    return runWithRecovery((credentials, signal) => this.#wire.generate(credentials, task.settings, signal), this.#recovery, options);
  }

  async caption(request: CaptionRequest, options: RecoveryOptions = {}): Promise<CaptionResult> {
    const staged = await this.#captionImages.stage(request);
    try {
      const captions = await runWithRecovery((credentials) => this.#wire.caption(credentials, staged, request.count), this.#recovery, options);
      return { captions };
    } finally {
      await staged.release().catch(() => undefined);
    }
  }
}
