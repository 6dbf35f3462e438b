/**
 * Reference pictures staged in main: typed by their bytes (JPEG, PNG, WebP; nothing else), named by ids
 * that cannot be guessed from one another, kept as copies, and only the most recent few.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReferenceImageStore } from '../../../src/services/imagefx/reference-image-store.ts';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 3]);
const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);

describe('ReferenceImageStore', () => {
  it('sniffs the type from the bytes and refuses anything but JPEG, PNG and WebP', () => {
    const store = new ReferenceImageStore({ randomBytes });
    expect([JPEG, PNG, WEBP].map((bytes) => store.add({ bytes }).mimeType)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    for (const bytes of [new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]), new TextEncoder().encode('<svg/>'), new Uint8Array([0xff])]) {
      expect(() => store.add({ bytes })).toThrow('A reference image must be a JPEG, PNG or WebP picture.');
    }
  });

  it('gives random ids of the contract’s shape and keeps a copy of the bytes', () => {
    const store = new ReferenceImageStore({ randomBytes });
    const bytes = Uint8Array.from(JPEG);
    const { id } = store.add({ bytes });
    expect(id).toMatch(/^ref-[0-9a-f]{32}$/);
    expect(store.add({ bytes }).id).not.toBe(id);
    bytes.fill(0);
    expect([...store.resolve([id])[0]!.bytes]).toEqual([...JPEG]);
  });

  it('keeps the most recently used few, forgetting the oldest', () => {
    const store = new ReferenceImageStore({ randomBytes, capacity: 2 });
    const a = store.add({ bytes: JPEG }).id;
    const b = store.add({ bytes: PNG }).id;
    store.resolve([a]); // a is now the most recent
    const c = store.add({ bytes: WEBP }).id;
    expect(store.resolve([a, c]).map((image) => image.id)).toEqual([a, c]);
    expect(() => store.resolve([b])).toThrow('no longer available');
  });
});
