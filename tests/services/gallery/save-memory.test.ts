/**
 * The pieces of a save that keep it off the main thread's back: files written from pieces without copying
 * them together (atomic-file.ts), and decode buffers reused from one save to the next (decode-buffers.ts),
 * never shared by two saves at once.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/services/gallery/atomic-file.ts';
import { DecodeBuffers } from '../../../src/services/gallery/decode-buffers.ts';
import { listPngChunks } from '../../support/gallery-png-text-reader.ts';
import { allItems, generatedImage, makePng, openTestGallery, temporaryFolder, useGalleryFolder } from '../../support/gallery-fixtures.ts';

const folder = useGalleryFolder();

function pixels(png: Uint8Array): Buffer {
  return Buffer.concat(listPngChunks(png).filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
}

describe('writing a file from pieces', () => {
  it('writes the pieces one after another, skipping empty ones, and leaves no temporary file', async () => {
    const scratch = await temporaryFolder('atomic-pieces-');
    try {
      const big = randomBytes(3 * 1024 * 1024 + 17);
      const pieces = [Buffer.from('head'), new Uint8Array(0), big.subarray(0, 1000), big.subarray(1000), Buffer.from('tail')];
      const target = path.join(scratch.path, 'deep', 'file.bin');
      await writeFileAtomic(target, pieces, randomBytes);
      expect((await readFile(target)).equals(Buffer.concat(pieces))).toBe(true);
      await writeFileAtomic(target, 'text é', randomBytes);
      expect(await readFile(target, 'utf8')).toBe('text é');
      await writeFileAtomic(target, new Uint8Array(0), randomBytes);
      expect((await readFile(target)).length).toBe(0);
      expect(await readdir(path.dirname(target))).toEqual(['file.bin']);
    } finally {
      await scratch.remove();
    }
  });
});

describe('decode buffers', () => {
  it('hands out a buffer at least as large as asked, the same one again once it is given back, never one that is out', () => {
    const buffers = new DecodeBuffers();
    const first = buffers.take(3_000_000);
    expect(first.length).toBeGreaterThanOrEqual(3_000_000);
    const second = buffers.take(10);
    expect(second).not.toBe(first);
    buffers.release(first);
    expect(buffers.take(2_000_000)).toBe(first);
    // A larger picture than any buffer kept gets a new one; the small one stays for later.
    buffers.release(second);
    const larger = buffers.take(second.length + 1);
    expect(larger).not.toBe(second);
    expect(buffers.take(5)).toBe(second);
  });

  it('keeps each picture intact when saves run side by side and when later saves reuse their memory', async () => {
    const { gallery } = await openTestGallery(folder.path);
    const sources = Array.from({ length: 6 }, (_unused, shade) => makePng(48 + shade, 40, shade));
    const input = (shade: number) => ({ ...generatedImage({ prompt: `side by side ${shade}` }, shade), encodedImage: sources[shade]!.toString('base64') });
    const together = await Promise.all(sources.map((_source, shade) => gallery.add(input(shade))));
    const oneByOne = [];
    for (const shade of [5, 0, 3]) oneByOne.push(await gallery.add(input(shade)));
    const expected = [...sources.map((_source, shade) => shade), 5, 0, 3];
    const saved = [...together, ...oneByOne];
    for (const [position, item] of saved.entries()) {
      const file = await readFile(folder.layout.imageFile(item.id, 'png'));
      expect(pixels(file).equals(pixels(sources[expected[position]!]!))).toBe(true);
      expect(item.width).toBe(48 + expected[position]!);
    }
    expect(await allItems(gallery)).toHaveLength(9);
    await gallery.close();
  });
});
