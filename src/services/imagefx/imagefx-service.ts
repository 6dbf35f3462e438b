/**
 * Google's image tools for the rest of the app: generate and caption. Inputs and outputs are plain data
 * and every failure is an `AppError` with a stable code (an `ImageServiceError` when the request itself
 * failed), so the whole surface can be exposed over IPC as is.
 *
 * The service owns the policy (credentials per attempt, one refresh on an auth failure, bounded retries on
 * the injected clock, cancellation); the backend owns the wire. Requests arrive parsed (the IPC registry).
 */
import type { Clock } from '../../core/index.ts';
import type { CaptionRequest, CaptionResult, GenerateRequest } from '../../shared/generation-schemas.ts';
import type { CaptionImageStager } from './caption-input.ts';
import type { GenerationResult } from './generated-image.ts';
import { resolveGenerationSettings } from './generation-settings.ts';
import type { ImageFXBackend } from './imagefx-backend.ts';
import { runWithRecovery, type ImageSessionPort, type RecoveryContext, type RecoveryOptions } from './request-recovery.ts';
import { createRetryPolicy, type RetryPolicyOptions } from './retry-policy.ts';

/** What a generation queue needs from the service. */
export interface ImageGenerator {
  generate(request: GenerateRequest, options?: RecoveryOptions): Promise<GenerationResult>;
}

export interface ImageFXServiceOptions {
  /** The active account's session (the `SecureSessionManager`). */
  readonly session: ImageSessionPort;
  readonly backend: ImageFXBackend;
  readonly captionImages: CaptionImageStager;
  readonly clock: Clock;
  /** Uniform in [0, 1): random seeds and backoff jitter. */
  readonly random: () => number;
  readonly retry?: RetryPolicyOptions;
}

export class ImageFXService implements ImageGenerator {
  readonly #backend: ImageFXBackend;
  readonly #captionImages: CaptionImageStager;
  readonly #random: () => number;
  readonly #recovery: RecoveryContext;

  constructor(options: ImageFXServiceOptions) {
    this.#backend = options.backend;
    this.#captionImages = options.captionImages;
    this.#random = options.random;
    this.#recovery = {
      session: options.session,
      clock: options.clock,
      random: options.random,
      policy: createRetryPolicy(options.retry),
    };
  }

  /**
   * Generates images for one prompt. A `null` seed is drawn from the injected randomness; the result
   * records the seed actually used. Google may return fewer images than asked for.
   */
  async generate(request: GenerateRequest, options: RecoveryOptions = {}): Promise<GenerationResult> {
    const settings = resolveGenerationSettings(request, this.#random);
    const images = await runWithRecovery((credentials, signal) => this.#backend.generate(credentials, settings, signal), this.#recovery, options);
    return { settings, images };
  }

  /** Describes an image the user dropped, pasted or picked. */
  async caption(request: CaptionRequest, options: RecoveryOptions = {}): Promise<CaptionResult> {
    const staged = await this.#captionImages.stage(request);
    try {
      const captions = await runWithRecovery((credentials) => this.#backend.caption(credentials, staged, request.count), this.#recovery, options);
      return { captions };
    } finally {
      await staged.release().catch(() => undefined);
    }
  }
}
