/**
 * Signed image URLs on flow-content.google, in Google Cloud CDN's signed-URL format:
 * `https://flow-content.google/image/<mediaId>?Expires=<epoch s>&KeyName=labs-flow-prod-cdn-key&Signature=<b64url>`
 * where the signature is HMAC-SHA1 over everything before `&Signature=`. The key is random per emulator, so
 * a URL is only ever good against the emulator that signed it; expiry follows the emulator clock.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.ts';
import { FLOW_CDN_KEY_NAME } from './flow-catalog.ts';

/** Origin of the signed URLs. */
export const FLOW_CONTENT_ORIGIN = 'https://flow-content.google';
/** How long a signed URL works unless a test changes it (UNCONFIRMED: Flow's real lifetime is not recorded). */
export const DEFAULT_SIGNED_URL_LIFETIME_MS = 60 * 60 * 1000;

/** Why a signed URL was refused. */
export type SignedUrlProblem = 'malformed' | 'bad-signature' | 'expired';

/** Signs and checks flow-content.google URLs. */
export class FlowUrlSigner {
  readonly #clock: EmulatorClock;
  readonly #key = randomBytes(16);
  lifetimeMs = DEFAULT_SIGNED_URL_LIFETIME_MS;

  constructor(clock: EmulatorClock) {
    this.#clock = clock;
  }

  /** A URL for `mediaId`; `expired: true` makes one that lapsed a second ago (the `flow-expired-url` fault). */
  sign(mediaId: string, options: { expired?: boolean } = {}): string {
    const nowSeconds = Math.floor(this.#clock.now() / 1000);
    const expires = options.expired ? nowSeconds - 1 : nowSeconds + Math.ceil(this.lifetimeMs / 1000);
    const unsigned = `${FLOW_CONTENT_ORIGIN}/image/${encodeURIComponent(mediaId)}?Expires=${expires}&KeyName=${FLOW_CDN_KEY_NAME}`;
    return `${unsigned}&Signature=${this.#signature(unsigned)}`;
  }

  /** The media id a request URL is good for, or why not. */
  verify(url: URL): { mediaId: string } | { problem: SignedUrlProblem } {
    const match = /^\/image\/([^/]+)$/.exec(url.pathname);
    const expires = url.searchParams.get('Expires');
    const signature = url.searchParams.get('Signature');
    if (!match || !expires || !/^\d+$/.test(expires) || url.searchParams.get('KeyName') !== FLOW_CDN_KEY_NAME || !signature) {
      return { problem: 'malformed' };
    }
    const unsigned = `${FLOW_CONTENT_ORIGIN}${url.pathname}?Expires=${expires}&KeyName=${FLOW_CDN_KEY_NAME}`;
    const expected = Buffer.from(this.#signature(unsigned));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { problem: 'bad-signature' };
    if (Number(expires) * 1000 < this.#clock.now()) return { problem: 'expired' };
    return { mediaId: decodeURIComponent(match[1]!) };
  }

  #signature(unsigned: string): string {
    return createHmac('sha1', this.#key).update(unsigned).digest('base64url');
  }
}
