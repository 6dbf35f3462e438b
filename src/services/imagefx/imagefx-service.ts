/**
 * ImageFX for the rest of the app: generate, caption, fetch by id. Inputs and outputs are plain data and
 * every failure is an `AppError` with a stable code (an `ImageServiceError` when the request itself
 * failed), so the whole surface can be exposed over IPC as is.
 *
 * The service owns the policy (validation, credentials per attempt, one refresh on an auth failure,
 * bounded retries on the injected clock, cancellation); the backend owns the wire.
 */
import type { Clock } from '../../core/clock.ts';
import { AppError } from '../../shared/app-error.ts';
import { validateCaptionCount, type CaptionImageStager, type CaptionRequest } from './caption-input.ts';
import type { CaptionResult, GeneratedImage, GenerationResult } from './generated-image.ts';
import { resolveGenerationSettings, type GenerateRequest } from './generation-settings.ts';
import type { ImageFXBackend } from './imagefx-backend.ts';
import { runWithRecovery, type ImageSessionPort, type RecoveryContext, type RecoveryOptions } from './request-recovery.ts';
import { createRetryPolicy, type RetryPolicyOptions } from './retry-policy.ts';

/** Per-call options: cancellation and retry notices. */
export type ImageOperationOptions = RecoveryOptions;

/** What a generation queue needs from the service. */
export interface ImageGenerator {
  generate(request: GenerateRequest, options?: ImageOperationOptions): Promise<GenerationResult>;
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

/** Media ids are base64-ish tokens; anything else is refused before it reaches a URL. */
const MEDIA_ID = /^[A-Za-z0-9_\-+/=.]{1,1024}$/;

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
  async generate(request: GenerateRequest, options: ImageOperationOptions = {}): Promise<GenerationResult> {
    const settings = resolveGenerationSettings(request, this.#random);
    const images = await runWithRecovery((credentials) => this.#backend.generate(credentials, settings), this.#recovery, options);
    return { settings, images };
  }

  /** Describes an image (a file picked in the main process, or bytes with their MIME type). */
  async caption(request: CaptionRequest, options: ImageOperationOptions = {}): Promise<CaptionResult> {
    const count = validateCaptionCount(request.count);
    const staged = await this.#captionImages.stage(request);
    try {
      const captions = await runWithRecovery((credentials) => this.#backend.caption(credentials, staged, count), this.#recovery, options);
      return { captions };
    } finally {
      await staged.release().catch(() => undefined);
    }
  }

  /** Fetches a previously generated image of this account by its media id. */
  async fetchById(mediaId: string, options: ImageOperationOptions = {}): Promise<GeneratedImage> {
    const id = typeof mediaId === 'string' ? mediaId.trim() : '';
    if (!MEDIA_ID.test(id)) throw new AppError('INVALID_INPUT', 'That is not an ImageFX media id.');
    return runWithRecovery((credentials) => this.#backend.fetchMedia(credentials, id), this.#recovery, options);
  }
}
