/**
 * The generation backend port: one way of making images for one account (Google Flow driven through its
 * own page, or classic ImageFX through the library), with what it can do stated as data. The service picks
 * the backend for the job's account through a {@link BackendResolver}, checks the request against the
 * backend's capabilities, and hands it a concrete task. Each backend owns its own recovery policy (the
 * classic one refreshes a token and backs off; Flow's never retries what Google's anti-abuse checks refuse).
 */
import type { BackendCapabilities } from '../../shared/backend-schemas.ts';
import type { CaptionRequest, CaptionResult, GeneratedImage, GenerationSettings } from '../../shared/generation-schemas.ts';
import type { ReferenceImage } from './reference-image-store.ts';
import type { RecoveryOptions } from './request-recovery.ts';

/** One generation, made concrete: settings with the seed fixed, and the reference pictures it names. */
export interface GenerationTask {
  readonly settings: GenerationSettings;
  /** In the order the request named them; empty when it named none. */
  readonly references: readonly ReferenceImage[];
}

/** A way of making images for one account. Every method throws an `AppError` (usually an `ImageServiceError`). */
export interface ImageBackend {
  readonly capabilities: BackendCapabilities;
  /**
   * Makes the images of `task`. Google may return fewer than asked for. `options.signal` cancels (CANCELLED);
   * `options.onRetry` hears about each wait before a retry.
   */
  generate(task: GenerationTask, options?: RecoveryOptions): Promise<GeneratedImage[]>;
  /** Describes a picture; present only when `capabilities.captions` is true. */
  caption?(request: CaptionRequest, options?: RecoveryOptions): Promise<CaptionResult>;
}

/**
 * Finds the backend for the account whose job runs now (the active account). Resolved per job, so a
 * switch of account or backend applies from the next job on.
 */
export interface BackendResolver {
  current(): Promise<ImageBackend>;
}

/** A resolver that always answers `backend` (one account, one backend; tests). */
export function fixedBackend(backend: ImageBackend): BackendResolver {
  return { current: () => Promise.resolve(backend) };
}
