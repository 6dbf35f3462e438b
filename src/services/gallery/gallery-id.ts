/**
 * Gallery image ids: 26 characters of Crockford base32, ULID-shaped (48 bits of milliseconds, then 80 random
 * bits). They are opaque to callers, safe in URLs and file names on every OS (no case-only collisions because
 * the alphabet is upper case only), and sort by creation time, which keeps a page's tie-breaker stable.
 * Within one millisecond they follow the order they were made in (ULID's monotonic mode), so pictures saved
 * together keep their order whatever the random bytes.
 */

const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10;
const RANDOM_BYTES = 10;
const MAX_TIME = 2 ** 48 - 1;

/** Exactly what {@link createGalleryId} produces. Anything else is rejected before it can reach a path. */
export const GALLERY_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A source of cryptographically strong random bytes (`crypto.randomBytes` in the app, a seeded fake in tests). */
export type RandomBytes = (size: number) => Uint8Array;

/** True when `value` is a well-formed gallery id. */
export function isGalleryId(value: unknown): value is string {
  return typeof value === 'string' && GALLERY_ID_PATTERN.test(value);
}

/**
 * A new id for an image created at `nowMs`. `previous` is the id the same gallery made last: an id of the
 * same millisecond is then `previous` plus one, so ids of one millisecond sort in the order they were made,
 * however many bytes anything else drew from `randomBytes` in between (temporary file names of thumbnails
 * made meanwhile, in the background). Only when `previous` is the largest of its millisecond (80 bits all
 * set, never in practice) is the id drawn afresh.
 */
export function createGalleryId(nowMs: number, randomBytes: RandomBytes, previous: string | null = null): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIME) {
    throw new RangeError(`Cannot make a gallery id for time ${nowMs}`);
  }
  let time = '';
  let remaining = nowMs;
  for (let index = 0; index < TIME_LENGTH; index += 1) {
    time = CROCKFORD_ALPHABET[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  if (previous !== null && previous.startsWith(time)) {
    const next = incremented(previous.slice(TIME_LENGTH));
    if (next !== null) return time + next;
  }
  const bytes = randomBytes(RANDOM_BYTES);
  if (bytes.length < RANDOM_BYTES) throw new RangeError('The random source returned too few bytes');
  // 80 bits → 16 characters of 5 bits each, most significant first.
  let random = '';
  let buffer = 0;
  let bits = 0;
  for (let index = 0; index < RANDOM_BYTES; index += 1) {
    buffer = (buffer << 8) | bytes[index]!;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      random += CROCKFORD_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return time + random;
}

/** `digits` (Crockford base32, most significant first) plus one, or `null` when every digit is the largest. */
function incremented(digits: string): string | null {
  const next = [...digits];
  for (let index = next.length - 1; index >= 0; index -= 1) {
    const value = CROCKFORD_ALPHABET.indexOf(next[index]!);
    if (value < CROCKFORD_ALPHABET.length - 1) {
      next[index] = CROCKFORD_ALPHABET[value + 1]!;
      return next.join('');
    }
    next[index] = CROCKFORD_ALPHABET[0]!;
  }
  return null;
}
