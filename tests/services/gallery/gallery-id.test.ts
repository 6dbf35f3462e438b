import { describe, expect, it } from 'vitest';
import { createGalleryId, GALLERY_ID_PATTERN, isGalleryId } from '../../../src/services/gallery/gallery-id.ts';
import { decodePageCursor, encodePageCursor } from '../../../src/services/gallery/page-cursor.ts';
import { seededRandomBytes } from '../../support/gallery-fixtures.ts';

describe('gallery ids', () => {
  it('are 26 URL-safe characters that sort by creation time', () => {
    const random = seededRandomBytes('ids');
    const earlier = createGalleryId(Date.UTC(2026, 0, 1), random);
    const later = createGalleryId(Date.UTC(2026, 0, 1) + 1, random);
    expect(earlier).toMatch(GALLERY_ID_PATTERN);
    expect(encodeURIComponent(earlier)).toBe(earlier);
    expect(earlier < later).toBe(true);
    // 1767225600000 ms in base32, computed independently (Python).
    expect(earlier.slice(0, 10)).toBe('01KDVDNA00');
  });

  it('differ for the same millisecond when the random bytes differ', () => {
    const random = seededRandomBytes('same-ms');
    const ids = new Set(Array.from({ length: 500 }, () => createGalleryId(1_700_000_000_000, random)));
    expect(ids.size).toBe(500);
  });

  it('use all 80 random bits: all-ones bytes give the last alphabet letter throughout', () => {
    const id = createGalleryId(0, (size) => new Uint8Array(size).fill(0xff));
    expect(id).toBe(`0000000000${'Z'.repeat(16)}`);
  });

  it('reject anything that could be a path or another shape', () => {
    for (const value of ['', '../../etc/passwd', '01KDWAFC00abcdefghjkmnpqrs', '01KDWAFC00ABCDEFGHJKMNPQRSU', '01KDWAFC00ABCDEFGHJKMNPQR/', 42, null]) {
      expect(isGalleryId(value)).toBe(false);
    }
    expect(() => createGalleryId(-1, seededRandomBytes('x'))).toThrow(RangeError);
  });
});

describe('page cursors', () => {
  it('round-trip a position', () => {
    const position = { createdAt: Date.UTC(2026, 4, 2, 3, 4, 5, 6), id: createGalleryId(5, seededRandomBytes('c')) };
    expect(decodePageCursor(encodePageCursor(position))).toEqual(position);
  });

  it('reject tampered cursors with INVALID_INPUT', () => {
    for (const cursor of ['', 'abc', 'zzzzzzzzzzzz_0000000000000000000000000', "1_' OR 1=1 --", `1_${'A'.repeat(26)}x`]) {
      expect(() => decodePageCursor(cursor)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
