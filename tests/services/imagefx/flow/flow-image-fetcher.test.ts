/**
 * Downloading Flow's pictures: only https URLs on flow-content.google are fetched, with no cookies and no
 * redirects; bytes come back exactly as served; a refusal, a non-picture, a picture over the cap, a
 * deadline on the injected clock and a cancellation each end as their own error.
 */
import { describe, expect, it } from 'vitest';
import { FlowImageFetcher } from '../../../../src/services/imagefx/flow/flow-image-fetcher.ts';
import { ImageServiceError } from '../../../../src/services/imagefx/image-service-error.ts';
import { FakeClock } from '../../../support/fake-clock.ts';

const URL_OK = 'https://flow-content.google/image/CAMa1?Expires=1&KeyName=k&Signature=s';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]);

function fetcherWith(answer: (url: string, init: RequestInit) => Promise<Response>, options: { maxBytes?: number } = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const clock = new FakeClock();
  const fetcher = new FlowImageFetcher({
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return answer(String(input), init ?? {});
    },
    clock,
    timeoutMs: 1000,
    ...options,
  });
  return { fetcher, calls, clock };
}

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => (error instanceof ImageServiceError ? [error.code, error.reason, error.httpStatus] : error),
  );
}

describe('FlowImageFetcher', () => {
  it('fetches the signed URL without cookies or redirects and keeps the bytes as served', async () => {
    const { fetcher, calls } = fetcherWith(async () => new Response(JPEG, { headers: { 'content-type': 'image/jpeg' } }));
    const picture = await fetcher.fetchPicture(URL_OK, undefined);
    expect(picture.mimeType).toBe('image/jpeg');
    expect([...picture.bytes]).toEqual([...JPEG]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init).toMatchObject({ credentials: 'omit', redirect: 'error' });
    expect(new Headers(calls[0]!.init.headers).has('cookie')).toBe(false);
  });

  it('never fetches a URL outside flow-content.google', async () => {
    const { fetcher, calls } = fetcherWith(async () => new Response(JPEG));
    for (const url of ['https://evil.test/image/x', 'http://flow-content.google/image/x', 'https://flow-content.google/other/x', 'file:///etc/passwd']) {
      expect(await outcome(fetcher.fetchPicture(url, undefined))).toEqual(['SERVICE_ERROR', 'FLOW_IMAGE_UNAVAILABLE', null]);
    }
    expect(calls).toEqual([]);
  });

  it('an expired signature (403), a non-picture and a picture over the cap are refused', async () => {
    expect(await outcome(fetcherWith(async () => new Response('denied', { status: 403 })).fetcher.fetchPicture(URL_OK, undefined))).toEqual([
      'SERVICE_ERROR',
      'FLOW_IMAGE_UNAVAILABLE',
      403,
    ]);
    expect(await outcome(fetcherWith(async () => new Response('<html>')).fetcher.fetchPicture(URL_OK, undefined))).toEqual(['SERVICE_ERROR', 'FLOW_IMAGE_UNAVAILABLE', null]);
    const big = new Uint8Array(64).fill(7);
    big.set(JPEG);
    const stream = async (): Promise<Response> => new Response(new ReadableStream({ start: (c) => (c.enqueue(big), c.enqueue(big), c.close()) }));
    expect(await outcome(fetcherWith(stream, { maxBytes: 100 }).fetcher.fetchPicture(URL_OK, undefined))).toEqual(['SERVICE_ERROR', 'FLOW_IMAGE_UNAVAILABLE', null]);
  });

  it('gives up at its deadline on the injected clock, and stops at once when cancelled', async () => {
    const hanging = (_url: string, init: RequestInit): Promise<Response> =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const timed = fetcherWith(hanging);
    const late = outcome(timed.fetcher.fetchPicture(URL_OK, undefined));
    await timed.clock.advance(1000);
    expect(await late).toEqual(['NETWORK', 'FLOW_IMAGE_TIMEOUT', null]);

    const cancelled = fetcherWith(hanging);
    const controller = new AbortController();
    const stopped = outcome(cancelled.fetcher.fetchPicture(URL_OK, controller.signal));
    controller.abort();
    expect(await stopped).toEqual(['CANCELLED', null, null]);
    expect(cancelled.clock.pendingTimers).toBe(0);
  });
});
