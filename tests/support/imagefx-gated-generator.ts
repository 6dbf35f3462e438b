/**
 * Test doubles for the generation queue's ports: an `ImageGenerator` whose calls stay open until the test
 * settles them (so "how many are in flight" is observable at every step), and a sink that records images.
 */
import { AppError } from '../../src/shared/app-error.ts';
import type { GeneratedImage } from '../../src/shared/generation-schemas.ts';
import type { GeneratedImageSink, GenerationResult } from '../../src/services/imagefx/generated-image.ts';
import type { GenerateRequest, GenerationSettings } from '../../src/shared/generation-schemas.ts';
import { cancelledError } from '../../src/services/imagefx/image-service-error.ts';
import type { ImageGenerator } from '../../src/services/imagefx/imagefx-service.ts';
import type { RecoveryOptions } from '../../src/services/imagefx/request-recovery.ts';

/** One open `generate` call. */
export interface GatedCall {
  readonly request: GenerateRequest;
  readonly options: RecoveryOptions;
  /** Answers with `count` images (default: as many as requested). */
  succeed(count?: number): void;
  fail(error: unknown): void;
}

/** Images as the real service would return them for `settings`. */
export function fakeImages(settings: GenerationSettings, count = settings.count): GeneratedImage[] {
  return Array.from({ length: count }, (_, index) => ({
    mediaId: `media-${settings.prompt}-${index}`,
    workflowId: `workflow-${settings.prompt}`,
    prompt: settings.prompt,
    seed: settings.seed + index,
    model: settings.model,
    aspectRatio: settings.aspectRatio,
    encodedImage: Buffer.from(`png:${settings.prompt}:${index}`).toString('base64'),
    mimeType: 'image/png',
  }));
}

export class GatedGenerator implements ImageGenerator {
  readonly calls: GatedCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly #waiters: ((call: GatedCall) => void)[] = [];
  #delivered = 0;

  generate(request: GenerateRequest, options: RecoveryOptions = {}): Promise<GenerationResult> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<GenerationResult>((resolve, reject) => {
      let open = true;
      const close = (): boolean => {
        if (!open) return false;
        open = false;
        this.inFlight -= 1;
        options.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (close()) reject(cancelledError());
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const settings: GenerationSettings = { ...request, prompt: request.prompt.trim(), seed: request.seed ?? 7 };
      const call: GatedCall = {
        request,
        options,
        succeed: (count) => {
          if (close()) resolve({ settings, images: fakeImages(settings, count) });
        },
        fail: (error) => {
          if (close()) reject(error);
        },
      };
      this.calls.push(call);
      const waiter = this.#waiters.shift();
      if (waiter) waiter(call);
    });
  }

  /** The next call not yet handed out by `next()`, waiting for it if needed. */
  next(): Promise<GatedCall> {
    const index = this.#delivered++;
    const ready = this.calls[index];
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The call for `prompt` (throws when it was never made). */
  callFor(prompt: string): GatedCall {
    const call = this.calls.find((candidate) => candidate.request.prompt === prompt);
    if (!call) throw new Error(`no generate call for "${prompt}"`);
    return call;
  }

  /** Prompts of every call made, in order. */
  get prompts(): string[] {
    return this.calls.map((call) => call.request.prompt);
  }
}

/** A sink that keeps what it was given, optionally failing. */
export class RecordingSink implements GeneratedImageSink {
  readonly images: { image: GeneratedImage; settings: GenerationSettings }[] = [];
  failWith: AppError | null = null;

  async add(image: GeneratedImage, settings: GenerationSettings): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.images.push({ image, settings });
  }

  /** Media ids received, in order. */
  get mediaIds(): (string | null)[] {
    return this.images.map((entry) => entry.image.mediaId);
  }
}
