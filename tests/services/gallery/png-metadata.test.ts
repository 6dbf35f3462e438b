import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { EmbeddedImageMetadata } from '../../../src/services/gallery/image-metadata.ts';
import { embedPngMetadata, PNG_TEXT_KEYWORDS, pngDimensions, readPngMetadata, readPngMetadataFromStart, pngWithFavourite } from '../../../src/services/gallery/png-metadata.ts';
import { listPngChunks, readPngText } from '../../support/gallery-png-text-reader.ts';
import { makePng } from '../../support/gallery-fixtures.ts';

const METADATA: EmbeddedImageMetadata = {
  id: '01KDVDNA00AAAAAAAAAAAAAAAA',
  prompt: 'a lighthouse in fog, 灯台, café',
  seed: 42,
  model: 'IMAGEN_4',
  aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE',
  mediaId: 'media',
  workflowId: 'workflow',
  createdAt: Date.UTC(2026, 0, 1),
  request: { count: 4, seed: null, model: 'IMAGEN_4', aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE' },
};
/** Signature (8) + IHDR chunk (25). */
const AFTER_IHDR = 33;

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])));
  return Buffer.concat([header, data, crc]);
}

describe('PNG metadata chunks', () => {
  it('splices the text chunks in after IHDR and keeps every original byte after it', () => {
    const original = makePng(40, 30, 3);
    const embedded = Buffer.from(embedPngMetadata(original, METADATA, false));
    expect(embedded.subarray(0, AFTER_IHDR)).toEqual(original.subarray(0, AFTER_IHDR));
    expect(embedded.subarray(embedded.length - (original.length - AFTER_IHDR))).toEqual(original.subarray(AFTER_IHDR));
    expect(listPngChunks(embedded)[1]?.type).toBe('iTXt');
    expect(PNG.sync.read(embedded).data).toEqual(PNG.sync.read(original).data);
    expect(pngDimensions(embedded)).toEqual({ width: 40, height: 30 });
    expect(readPngMetadata(embedded)).toEqual({ metadata: METADATA, favourite: false, width: 40, height: 30 });
  });

  it('replaces earlier gallery chunks instead of adding a second set, and sets the favourite flag alone', () => {
    const once = embedPngMetadata(makePng(8, 8), METADATA, true);
    const twice = Buffer.from(embedPngMetadata(once, { ...METADATA, prompt: 'second' }, false));
    const keywords = readPngText(twice).map((entry) => entry.keyword);
    expect(keywords.filter((keyword) => keyword === PNG_TEXT_KEYWORDS.metadata)).toHaveLength(1);
    expect(keywords.filter((keyword) => keyword === PNG_TEXT_KEYWORDS.favourite)).toHaveLength(1);
    expect(readPngMetadata(twice)).toMatchObject({ metadata: { prompt: 'second' }, favourite: false });

    const favourite = Buffer.from(pngWithFavourite(twice, true));
    expect(readPngMetadata(favourite)).toMatchObject({ metadata: { prompt: 'second' }, favourite: true });
    expect(readPngText(favourite).filter((entry) => entry.keyword === PNG_TEXT_KEYWORDS.favourite)).toHaveLength(1);
    expect(favourite.length).toBe(twice.length - 'false'.length + 'true'.length);
  });

  it('keeps other programs\' text chunks and chunks of its own placed after the image data', () => {
    const original = makePng(8, 8);
    const iend = original.length - 12;
    const foreign = chunk('tEXt', Buffer.from('Software\0other tool', 'latin1'));
    // A gallery chunk placed after IDAT by some other writer: replaced too, wherever it is.
    const stray = chunk('tEXt', Buffer.from(`${PNG_TEXT_KEYWORDS.seed}\x007`, 'latin1'));
    const input = Buffer.concat([original.subarray(0, iend), foreign, stray, original.subarray(iend)]);
    const embedded = Buffer.from(embedPngMetadata(input, METADATA, false));
    const texts = readPngText(embedded);
    expect(texts.filter((entry) => entry.keyword === 'Software')).toHaveLength(1);
    expect(texts.filter((entry) => entry.keyword === PNG_TEXT_KEYWORDS.seed).map((entry) => entry.text)).toEqual(['42']);
  });

  it('rejects a bad signature, a damaged or misplaced IHDR, lying length fields and truncation', () => {
    const good = Buffer.from(embedPngMetadata(makePng(16, 16), METADATA, false));
    const badSignature = Buffer.from(good);
    badSignature[1] = 0x51;
    const badHeaderCrc = Buffer.from(good);
    badHeaderCrc.writeUInt32BE(badHeaderCrc.readUInt32BE(29) ^ 1, 29);
    const wrongHeaderLength = Buffer.from(good);
    wrongHeaderLength.writeUInt32BE(12, 8);
    const noHeader = Buffer.concat([good.subarray(0, 8), good.subarray(AFTER_IHDR)]);
    const lyingLength = Buffer.from(good);
    lyingLength.writeUInt32BE(0x7fff_ffff, AFTER_IHDR);
    const lyingMetadataCrc = Buffer.from(good);
    lyingMetadataCrc.writeUInt8(lyingMetadataCrc.readUInt8(AFTER_IHDR + 12) ^ 0xff, AFTER_IHDR + 12);
    const truncated = good.subarray(0, good.length - 20);
    for (const [name, png] of Object.entries({ badSignature, badHeaderCrc, wrongHeaderLength, noHeader, lyingLength, lyingMetadataCrc, truncated })) {
      expect(readPngMetadata(png), name).toBeNull();
      expect(() => embedPngMetadata(png, METADATA, false), name).toThrow();
    }
    expect(readPngMetadata(Buffer.alloc(0))).toBeNull();
  });

  it('reads the metadata from the start and the end of a file alone, asking for more when the start is too short', () => {
    const png = Buffer.from(embedPngMetadata(makePng(64, 64, 5), METADATA, true));
    const end = png.subarray(png.length - 12);
    const firstImageData = png.indexOf('IDAT', 0, 'latin1') - 4;
    const expected = { metadata: METADATA, favourite: true, width: 64, height: 64 };
    expect(readPngMetadataFromStart(png.subarray(0, firstImageData + 8), png.length, end)).toEqual(expected);
    expect(readPngMetadataFromStart(png.subarray(0, firstImageData - 1), png.length, end)).toBe('incomplete');
    expect(readPngMetadataFromStart(png.subarray(0, 20), png.length, end)).toBe('incomplete');
    // A size or an end that do not match a whole PNG: rejected without reading the rest.
    expect(readPngMetadataFromStart(png.subarray(0, firstImageData + 8), firstImageData + 8, end)).toBeNull();
    expect(readPngMetadataFromStart(png.subarray(0, firstImageData + 8), png.length, png.subarray(png.length - 13, png.length - 1))).toBeNull();
  });
});
