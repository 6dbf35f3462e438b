/**
 * Google's image tools for the rest of the app: generate, caption, what the current backend offers, and
 * reference pictures. Inputs and outputs are plain data and every failure is an `AppError` with a stable
 * code (an `ImageServiceError` when the request itself failed), so the whole surface can be exposed over
 * IPC as is.
 *
 * The service resolves the backend for the job's account (Flow or classic ImageFX), refuses what that
 * backend cannot serve before anything is sent, fixes the request's seed and reference pictures, and
 * leaves the wire and its recovery policy to the backend. Requests arrive parsed (the IPC registry).
 */
import { AppError } from '../../shared/app-error.ts';
import type { BackendCapabilities, ReferenceUpload, StagedReference } from '../../shared/backend-schemas.ts';
import type { CaptionRequest, CaptionResult, GeneratedImage, GenerateRequest, GenerationSettings } from '../../shared/generation-schemas.ts';
import { assertBackendServes } from './backend-request-check.ts';
import type { GenerationResult } from './generated-image.ts';
import { resolveGenerationSettings } from './generation-settings.ts';
import type { BackendResolver } from './image-backend.ts';
import type { ReferenceImageStore } from './reference-image-store.ts';
import type { RecoveryOptions } from './request-recovery.ts';

/** What a generation queue needs from the service. */
export interface ImageGenerator {
  generate(request: GenerateRequest, options?: RecoveryOptions): Promise<GenerationResult>;
}

export interface ImageFXServiceOptions {
  /** The backend for the account whose job runs now. */
  readonly backends: BackendResolver;
  readonly references: Pick<ReferenceImageStore, 'add' | 'resolve'>;
  /** Uniform in [0, 1): random seeds. */
  readonly random: () => number;
}

/**
 * Settings as they were used: a backend that picks its own seeds (Flow) reports one per image, so the
 * first image's seed stands for the request instead of the one drawn here and never sent.
 */
function withUsedSeed(settings: GenerationSettings, images: readonly GeneratedImage[], backendTakesSeed: boolean): GenerationSettings {
  const reported = images.find((image) => image.seed !== null)?.seed;
  return backendTakesSeed || reported === undefined || reported === null ? settings : { ...settings, seed: reported };
}

export class ImageFXService implements ImageGenerator {
  readonly #backends: BackendResolver;
  readonly #references: Pick<ReferenceImageStore, 'add' | 'resolve'>;
  readonly #random: () => number;

  constructor(options: ImageFXServiceOptions) {
    this.#backends = options.backends;
    this.#references = options.references;
    this.#random = options.random;
  }

  /**
   * Generates images for one prompt. A `null` seed is drawn from the injected randomness (or, for a backend
   * that picks its own, reported by it); the result records the seed used. Google may return fewer images.
   */
  async generate(request: GenerateRequest, options: RecoveryOptions = {}): Promise<GenerationResult> {
    const backend = await this.#backends.current();
    assertBackendServes(backend.capabilities, request);
    const references = this.#references.resolve(request.referenceIds ?? []);
    const settings = resolveGenerationSettings(request, this.#random);
    const images = await backend.generate({ settings, references }, options);
    return { settings: withUsedSeed(settings, images, backend.capabilities.seed), images };
  }

  /** Describes an image the user dropped, pasted or picked; INVALID_INPUT when the backend does not caption. */
  async caption(request: CaptionRequest, options: RecoveryOptions = {}): Promise<CaptionResult> {
    const backend = await this.#backends.current();
    if (!backend.caption) throw new AppError('INVALID_INPUT', `${backend.capabilities.label} does not describe images.`);
    return backend.caption(request, options);
  }

  /** What the current account's backend offers. */
  async capabilities(): Promise<BackendCapabilities> {
    return (await this.#backends.current()).capabilities;
  }

  /** Stages a reference picture; requests name it by the returned id. */
  addReference(upload: ReferenceUpload): StagedReference {
    return this.#references.add(upload);
  }
}
