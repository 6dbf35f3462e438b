/**
 * {@link ImageFXBackend} on the unmodified `@rohitaryal/imagefx-api`, pinned at exactly 3.0.3.
 *
 * Generation: the library builds the request body (`Prompt`) and reads the images (`Image`), but the
 * runImageFx call itself is made here, because 3.0.3 calls the global `fetch` and drops the response: no
 * status, no headers (so no `Retry-After`), no cancellation, no deadline (a hanging Google hung the job).
 * Our call has all four (google-request.ts), and checks that every picture is one (PNG or JPEG bytes).
 * Captions still go through the library's own method.
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
import { Account, AspectRatio, Image, ImageFX, Model, Prompt } from '@rohitaryal/imagefx-api';
import { isWebPage, parseRetryAfter, type Clock } from '../../core/index.ts';
import { AppError } from '../../shared/app-error.ts';
import type { GeneratedImage } from '../../shared/generation-schemas.ts';
import type { GenerationSettings } from '../../shared/generation-schemas.ts';
import { requestGoogle, type GoogleAnswer } from './google-request.ts';
import { ImageServiceError } from './image-service-error.ts';
import type { CaptionImageFile, ImageFXBackend } from './imagefx-backend.ts';
import { classifyHttpFailure, classifyLibraryError, webPageError } from './library-error-classifier.ts';
import type { LabsCredentials } from './request-recovery.ts';

/** Where images are made (ARCHITECTURE §2), and the host probed to tell "Google unreachable". */
export const RUN_IMAGE_FX_URL = 'https://aisandbox-pa.googleapis.com/v1:runImageFx';
export const IMAGE_HOST_PROBE_URL = 'https://aisandbox-pa.googleapis.com/';

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
 * Where a seeded client's requests go, which decides its credentials: the labs.google session cookie is
 * for labs.google alone (the caption and media endpoints); aisandbox-pa.googleapis.com (image generation)
 * authenticates with the Bearer token and never receives the cookie (issue 15, row 11).
 */
export type LibraryTarget = 'labs.google' | 'aisandbox-pa';

/**
 * An `Account` whose token comes from the session layer instead of the library's own session fetch, and
 * whose request headers are the ones the library meant to send. Both are overrides of public methods.
 */
export class ManagedTokenAccount extends Account {
  readonly #cookieHeader: string | null;
  readonly #accessToken: string;

  constructor(cookieHeader: string, accessToken: string, target: LibraryTarget = 'labs.google') {
    super(cookieHeader);
    this.#cookieHeader = target === 'labs.google' ? cookieHeader : null;
    this.#accessToken = accessToken;
    this.token = accessToken;
  }

  /** Deliberately does nothing: the token is already fresh (see the file comment). */
  override async refreshSession(): Promise<void> {}

  /** The library's auth headers (the cookie only for labs.google) plus the defaults its spread loses. */
  override getAuthHeaders(): Headers {
    const headers = new Headers({ ...LABS_REQUEST_HEADERS, authorization: `Bearer ${this.#accessToken}` });
    if (this.#cookieHeader !== null) headers.set('cookie', this.#cookieHeader);
    return headers;
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

/** A library client for one call to `target`, with the session layer's credentials seeded in. */
export function createSeededClient(credentials: LabsCredentials, target: LibraryTarget = 'labs.google'): ImageFX {
  const client = new ImageFX(credentials.cookieHeader);
  if (!(Reflect.get(client, LIBRARY_ACCOUNT_FIELD) instanceof Account)) {
    throw new LibraryInternalsChangedError(`ImageFX.${LIBRARY_ACCOUNT_FIELD} is no longer an Account`);
  }
  const account = new ManagedTokenAccount(credentials.cookieHeader, credentials.accessToken, target);
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

/** The picture type of base64 `encoded` by its first bytes (PNG or JPEG), or `null` for anything else. */
export function pictureType(encoded: string): GeneratedImage['mimeType'] | null {
  const bytes = Buffer.from(encoded.slice(0, 16), 'base64');
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  return null;
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
    mimeType: pictureType(image.encodedImage) ?? 'image/png',
  };
}

/** The library's own name for `value`; INVALID_INPUT for a model or aspect ratio runImageFx does not know. */
function libraryValue<T extends string>(values: Readonly<Record<string, T>>, value: string, what: string): T {
  const known = Object.values(values).find((candidate) => candidate === value);
  if (known === undefined) throw new AppError('INVALID_INPUT', `ImageFX (classic) does not offer the ${what} ${value}.`);
  return known;
}

export interface ImageFXLibraryBackendOptions {
  /** Deadlines run on this clock. */
  readonly clock: Pick<Clock, 'now' | 'setTimer'>;
  /** Default: the global `fetch` (which the app routes, e.g. to the emulator in demo mode). */
  readonly fetch?: typeof globalThis.fetch;
  /** How long one runImageFx call may take, answer read in full. Default 120 s (Google takes 5–30 s). */
  readonly generateTimeoutMs?: number;
  /** How long the reachability probe may take. Default 10 s. */
  readonly probeTimeoutMs?: number;
}

/** The production backend. Holds no session state: each call uses the credentials it is given. */
export class ImageFXLibraryBackend implements ImageFXBackend {
  readonly #clock: Pick<Clock, 'now' | 'setTimer'>;
  readonly #fetch: typeof globalThis.fetch;
  readonly #generateTimeoutMs: number;
  readonly #probeTimeoutMs: number;

  constructor(options: ImageFXLibraryBackendOptions) {
    this.#clock = options.clock;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#generateTimeoutMs = options.generateTimeoutMs ?? 120_000;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 10_000;
  }

  async generate(credentials: LabsCredentials, settings: GenerationSettings, signal?: AbortSignal): Promise<GeneratedImage[]> {
    const prompt = new Prompt({
      prompt: settings.prompt,
      numberOfImages: settings.count,
      aspectRatio: libraryValue(AspectRatio, settings.aspectRatio, 'aspect ratio'),
      seed: settings.seed,
      generationModel: libraryValue(Model, settings.model, 'model'),
    });
    // aisandbox-pa gets the Bearer token only: the labs.google cookie stays with labs.google (issue 15, row 11).
    const headers = new ManagedTokenAccount(credentials.cookieHeader, credentials.accessToken, 'aisandbox-pa').getAuthHeaders();
    const answer = await requestGoogle(RUN_IMAGE_FX_URL, { method: 'POST', headers, body: prompt.toString() }, {
      fetch: this.#fetch,
      clock: this.#clock,
      timeoutMs: this.#generateTimeoutMs,
      ...(signal ? { signal } : {}),
    });
    return this.#readImages(answer, settings);
  }

  /** True when Google's image host answers at all (any status): a cheap HEAD, no credentials sent. */
  async reachable(signal?: AbortSignal): Promise<boolean> {
    try {
      await requestGoogle(IMAGE_HOST_PROBE_URL, { method: 'HEAD' }, { fetch: this.#fetch, clock: this.#clock, timeoutMs: this.#probeTimeoutMs, ...(signal ? { signal } : {}) });
      return true;
    } catch {
      return false;
    }
  }

  #readImages(answer: GoogleAnswer, settings: GenerationSettings): GeneratedImage[] {
    if (answer.status < 200 || answer.status > 299) {
      throw classifyHttpFailure(answer.status, answer.body, 'generate', parseRetryAfter(answer.headers.get('retry-after'), this.#clock.now()));
    }
    if (isWebPage(answer.headers.get('content-type'), answer.body)) throw webPageError();
    let panels: unknown;
    try {
      panels = (JSON.parse(answer.body) as { imagePanels?: { generatedImages?: unknown }[] } | null)?.imagePanels?.[0]?.generatedImages;
    } catch {
      throw new ImageServiceError('SERVICE_ERROR', 'ImageFX sent a response the app could not read.', { reason: 'MALFORMED_RESPONSE' });
    }
    if (!Array.isArray(panels) || panels.length === 0) {
      throw new ImageServiceError('SERVICE_ERROR', 'ImageFX returned no images.', { reason: 'EMPTY_RESPONSE' });
    }
    let images: Image[];
    try {
      images = panels.map((data: unknown) => new Image(data as ConstructorParameters<typeof Image>[0]));
    } catch (error) {
      throw classifyLibraryError(error, 'generate');
    }
    // Keep every real picture; bytes that are none are Google's fault, never the prompt's.
    const pictures = images.filter((image) => pictureType(image.encodedImage) !== null);
    if (pictures.length === 0) {
      throw new ImageServiceError('UNREADABLE_IMAGE', 'Google sent something that is not an image.', { reason: 'UNREADABLE_IMAGE' });
    }
    return pictures.map((image) => toGeneratedImage(image, settings));
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
