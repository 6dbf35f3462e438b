/**
 * {@link ImageFXBackend} on the unmodified `@rohitaryal/imagefx-api`, pinned at exactly 3.0.3.
 *
 * Why not plain `new ImageFX(cookie).generateImage(prompt)`: in 3.0.3 every call first runs
 * `account.refreshSession()`, i.e. one more GET /fx/api/auth/session per generation, whose answer it trusts
 * even when it carries `error: "ACCESS_TOKEN_REFRESH_NEEDED"` (it ignores `error`), and whose re-issued
 * session cookie (next-auth rotation) it drops. Our session layer already holds a token it keeps fresh
 * (safety margin, single-flight refresh, cookie rotation captured), so the library's fetch is pure cost.
 *
 * So: we still call the library's public methods (`generateImage`, `generateCaptionsFromImage`)
 * and let it build the request and parse the answer, but hand it an `Account` subclass
 * whose public `refreshSession()` is a no-op because the token was seeded from the session layer. The one
 * step outside the typed API is putting that account into `ImageFX`'s `private readonly account` field
 * (TypeScript `private` is compile-time only). It is checked here at run time, and
 * tests/services/imagefx/imagefx-library-contract.test.ts fails with an explanation if a future version
 * moves it. The library stays pinned exactly; its blind retry is always off (`retries = 0`). The same
 * account subclass also restores the Origin/Referer/content-type headers 3.0.3 drops (see below), and its
 * backwards `isTokenExpired` buffer never matters: nothing here calls it, the session layer decides.
 */
import { Account, AspectRatio, ImageFX, Model, Prompt, type Image } from '@rohitaryal/imagefx-api';
import { AppError } from '../../shared/app-error.ts';
import type { GeneratedImage } from '../../shared/generation-schemas.ts';
import type { GenerationSettings } from '../../shared/generation-schemas.ts';
import type { CaptionImageFile, ImageFXBackend } from './imagefx-backend.ts';
import { classifyLibraryError } from './library-error-classifier.ts';
import type { LabsCredentials } from './request-recovery.ts';

/**
 * The headers a browser on labs.google sends. 3.0.3 means to send them but builds its headers with
 * `{...DefaultHeader}`, and spreading a `Headers` object yields nothing, so Origin, Referer and
 * content-type are silently dropped (the JSON body goes out as text/plain).
 */
export const LABS_REQUEST_HEADERS: Readonly<Record<string, string>> = {
  origin: 'https://labs.google',
  referer: 'https://labs.google/fx/tools/image-fx',
  'content-type': 'application/json',
};

/**
 * An `Account` whose token comes from the session layer instead of the library's own session fetch, and
 * whose request headers are the ones the library meant to send. Both are overrides of public methods.
 */
export class ManagedTokenAccount extends Account {
  readonly #cookieHeader: string;
  readonly #accessToken: string;

  constructor(cookieHeader: string, accessToken: string) {
    super(cookieHeader);
    this.#cookieHeader = cookieHeader;
    this.#accessToken = accessToken;
    this.token = accessToken;
  }

  /** Deliberately does nothing: the token is already fresh (see the file comment). */
  override async refreshSession(): Promise<void> {}

  /** The library's auth headers plus the defaults its spread loses. */
  override getAuthHeaders(): Headers {
    return new Headers({ ...LABS_REQUEST_HEADERS, cookie: this.#cookieHeader, authorization: `Bearer ${this.#accessToken}` });
  }
}

/** The library field we replace; named once so the contract test and the check below agree. */
export const LIBRARY_ACCOUNT_FIELD = 'account';

/** Thrown when the pinned library no longer has the shape this adapter relies on. */
export class LibraryInternalsChangedError extends AppError {
  constructor(detail: string) {
    super('INTERNAL', `@rohitaryal/imagefx-api internals changed (${detail}); keep it pinned at 3.0.3 or update imagefx-library-backend.ts.`);
    this.name = 'LibraryInternalsChangedError';
  }
}

/** A library client for one call, with the session layer's credentials seeded in. */
export function createSeededClient(credentials: LabsCredentials): ImageFX {
  const client = new ImageFX(credentials.cookieHeader);
  if (!(Reflect.get(client, LIBRARY_ACCOUNT_FIELD) instanceof Account)) {
    throw new LibraryInternalsChangedError(`ImageFX.${LIBRARY_ACCOUNT_FIELD} is no longer an Account`);
  }
  const account = new ManagedTokenAccount(credentials.cookieHeader, credentials.accessToken);
  if (!Reflect.set(client, LIBRARY_ACCOUNT_FIELD, account) || Reflect.get(client, LIBRARY_ACCOUNT_FIELD) !== account) {
    throw new LibraryInternalsChangedError(`ImageFX.${LIBRARY_ACCOUNT_FIELD} can no longer be replaced`);
  }
  return client;
}

function stringField(image: Image, field: string): string | null {
  // workflowId is `private` in Image.d.ts but a plain field at run time.
  const value: unknown = Reflect.get(image, field);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Copies a library `Image` into our plain result, filling gaps from what was asked for. */
export function toGeneratedImage(image: Image, fallback: Partial<GenerationSettings> = {}): GeneratedImage {
  return {
    mediaId: stringField(image, 'mediaId'),
    workflowId: stringField(image, 'workflowId'),
    prompt: stringField(image, 'prompt') ?? fallback.prompt ?? '',
    seed: typeof image.seed === 'number' && Number.isFinite(image.seed) ? image.seed : null,
    model: stringField(image, 'model') ?? fallback.model ?? '',
    aspectRatio: stringField(image, 'aspectRatio') ?? fallback.aspectRatio ?? '',
    encodedImage: image.encodedImage,
    mimeType: 'image/png',
  };
}

/** The library's own name for `value`; INVALID_INPUT for a model or aspect ratio runImageFx does not know. */
function libraryValue<T extends string>(values: Readonly<Record<string, T>>, value: string, what: string): T {
  const known = Object.values(values).find((candidate) => candidate === value);
  if (known === undefined) throw new AppError('INVALID_INPUT', `ImageFX (classic) does not offer the ${what} ${value}.`);
  return known;
}

/** The production backend. Holds no state: each call builds a client from the credentials it is given. */
export class ImageFXLibraryBackend implements ImageFXBackend {
  async generate(credentials: LabsCredentials, settings: GenerationSettings): Promise<GeneratedImage[]> {
    const prompt = new Prompt({
      prompt: settings.prompt,
      numberOfImages: settings.count,
      aspectRatio: libraryValue(AspectRatio, settings.aspectRatio, 'aspect ratio'),
      seed: settings.seed,
      generationModel: libraryValue(Model, settings.model, 'model'),
    });
    try {
      // retries = 0: the library's retry repeats even a safety refusal; ours knows better.
      const images = await createSeededClient(credentials).generateImage(prompt, 0);
      return images.map((image) => toGeneratedImage(image, settings));
    } catch (error) {
      throw error instanceof AppError ? error : classifyLibraryError(error, 'generate');
    }
  }

  async caption(credentials: LabsCredentials, image: CaptionImageFile, count: number): Promise<string[]> {
    try {
      const captions = await createSeededClient(credentials).generateCaptionsFromImage(image.path, image.imageType, count);
      return captions.filter((caption): caption is string => typeof caption === 'string' && caption.trim() !== '');
    } catch (error) {
      throw error instanceof AppError ? error : classifyLibraryError(error, 'caption');
    }
  }
}
