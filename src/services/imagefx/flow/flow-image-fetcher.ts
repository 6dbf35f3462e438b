/**
 * Downloads the pictures Flow made from their signed `flow-content.google` URLs, from the main process: the
 * URLs need no cookies (GF-spike0905), so none are sent. Only https URLs on Flow's content host are fetched
 * (a reply cannot point the app anywhere else), each within a deadline on the injected clock and a size
 * cap, and the bytes are kept exactly as they came — the JPEG is never re-encoded.
 */
import type { Clock } from '../../../core/index.ts';
import type { GeneratedImage, GenerationSettings } from '../../../shared/generation-schemas.ts';
import { cancelledError, ImageServiceError } from '../image-service-error.ts';
import { sniffPictureType } from '../image-signature.ts';
import { isFlowImageUrl } from './site/flow-site.ts';
import type { FlowMediaRecord } from './site/flow-wire.ts';

export interface FlowImageFetcherOptions {
  /** `fetch` (Node's, in the main process: no browser cookie jar). */
  readonly fetch: typeof fetch;
  readonly clock: Pick<Clock, 'setTimer'>;
  /** Per picture. Default 60 s. */
  readonly timeoutMs?: number;
  /** Per picture. Default 40 MB (Flow's 2K JPEGs are a few MB). */
  readonly maxBytes?: number;
}

function unavailable(detail: string, httpStatus: number | null = null): ImageServiceError {
  return new ImageServiceError('SERVICE_ERROR', `Flow made the images, but they could not be downloaded (${detail}). They are in your Flow project.`, {
    reason: 'FLOW_IMAGE_UNAVAILABLE',
    httpStatus,
  });
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw unavailable('the picture is too large');
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw unavailable('the picture is too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export class FlowImageFetcher {
  readonly #fetch: typeof fetch;
  readonly #clock: Pick<Clock, 'setTimer'>;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;

  constructor(options: FlowImageFetcherOptions) {
    this.#fetch = options.fetch;
    this.#clock = options.clock;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
  }

  /** The bytes behind one signed URL (a JPEG, or a PNG), exactly as served. */
  async fetchPicture(url: string, signal: AbortSignal | undefined): Promise<{ bytes: Uint8Array; mimeType: 'image/jpeg' | 'image/png' }> {
    if (!isFlowImageUrl(url)) throw unavailable('the reply named a picture outside flow-content.google');
    const timeout = new AbortController();
    const cancelTimer = this.#clock.setTimer(() => timeout.abort(), this.#timeoutMs);
    try {
      const response = await this.#fetch(url, {
        signal: AbortSignal.any([timeout.signal, ...(signal ? [signal] : [])]),
        credentials: 'omit',
        redirect: 'error',
        headers: { accept: 'image/jpeg,image/*' },
      });
      if (!response.ok) throw unavailable(`HTTP ${response.status}`, response.status);
      const bytes = await readCapped(response, this.#maxBytes);
      const type = sniffPictureType(bytes);
      if (type !== 'jpeg' && type !== 'png') throw unavailable('the download is not a picture');
      return { bytes, mimeType: type === 'jpeg' ? 'image/jpeg' : 'image/png' };
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      if (error instanceof ImageServiceError) throw error;
      throw timeout.signal.aborted
        ? new ImageServiceError('NETWORK', 'Downloading the images from Flow took too long. Check the internet connection.', { reason: 'FLOW_IMAGE_TIMEOUT' })
        : new ImageServiceError('NETWORK', 'Could not download the images from Flow. Check the internet connection.', { reason: 'FLOW_IMAGE_UNREACHABLE' });
    } finally {
      cancelTimer();
    }
  }

  /** Every record's picture, in order, as `GeneratedImage`s carrying the record's id, seed and model. */
  async fetchAll(records: readonly FlowMediaRecord[], settings: GenerationSettings, signal: AbortSignal | undefined): Promise<GeneratedImage[]> {
    const images: GeneratedImage[] = [];
    for (const record of records) {
      const { bytes, mimeType } = await this.fetchPicture(record.url, signal);
      images.push({
        mediaId: record.mediaId || null,
        workflowId: record.workflowId,
        prompt: record.prompt ?? settings.prompt,
        seed: record.seed,
        model: record.model ?? settings.model,
        aspectRatio: settings.aspectRatio,
        mimeType,
        encodedImage: bytes,
      });
    }
    return images;
  }
}
