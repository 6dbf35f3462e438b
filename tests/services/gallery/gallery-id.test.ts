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

  it('follow the id made before within one millisecond, whatever the random source gives (monotonic)', () => {
    const random = seededRandomBytes('monotonic');
    const ms = Date.UTC(2026, 10, 20, 9, 30);
    let previous: string | null = null;
    const ids: string[] = [];
    for (let index = 0; index < 50; index += 1) {
      random(6); // something else drew from the same source in between (a temporary file name)
      previous = createGalleryId(ms, random, previous);
      ids.push(previous);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);

    const time = ids[0]!.slice(0, 10);
    const none = (): Uint8Array => new Uint8Array(10); // all zero bits, if it is asked at all
    expect(createGalleryId(ms, none, `${time}${'0'.repeat(15)}A`)).toBe(`${time}${'0'.repeat(15)}B`);
    expect(createGalleryId(ms, none, `${time}${'0'.repeat(14)}ZZ`)).toBe(`${time}${'0'.repeat(13)}100`);
    // At the very top of its millisecond, and in a new millisecond, the id is drawn afresh.
    expect(createGalleryId(ms, none, `${time}${'Z'.repeat(16)}`)).toBe(`${time}${'0'.repeat(16)}`);
    expect(createGalleryId(ms + 1, none, `${time}${'0'.repeat(15)}A`)).toBe(`${createGalleryId(ms + 1, none).slice(0, 10)}${'0'.repeat(16)}`);
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
