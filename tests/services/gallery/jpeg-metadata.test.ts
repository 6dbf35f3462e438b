import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EmbeddedImageMetadata } from '../../../src/services/gallery/image-metadata.ts';
import { embedJpegMetadata, jpegDimensions, jpegWithFavourite, readJpegMetadata, readJpegMetadataFromStart } from '../../../src/services/gallery/jpeg-metadata.ts';
import { makeJpeg } from '../../support/gallery-fixtures.ts';
import { GALLERY_XMP_NAMESPACE, readGalleryImageText } from '../../support/gallery-image-reader.ts';
import { jpegSize, listJpegSegments, readJpegXmpPackets, readJpegXmpProperties } from '../../support/jpeg-xmp-reader.ts';

const METADATA: EmbeddedImageMetadata = {
  id: '01KDVDNA00AAAAAAAAAAAAAAAA',
  prompt: 'a lighthouse in fog, 灯台, café <b>&amp;</b> "quoted"',
  seed: 42,
  model: 'NARWHAL',
  aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR',
  mediaId: 'media',
  workflowId: 'workflow',
  createdAt: Date.UTC(2026, 8, 1, 12, 30),
  request: { count: 4, seed: null, model: 'NARWHAL', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR' },
};
const FOREIGN_XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ' +
  'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"><Iptc4xmpExt:DigitalSourceType>trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>' +
  '</rdf:Description></rdf:RDF></x:xmpmeta>';

/** The one APP1 segment `embedded` has beyond `original`; checks that removing it gives back the original's bytes. */
function insertedSegment(original: Buffer, embedded: Buffer): { at: number; segment: Buffer } {
  const before = listJpegSegments(original);
  const after = listJpegSegments(embedded);
  expect(after).toHaveLength(before.length + 1);
  const index = after.findIndex((segment, position) => !before[position] || !segment.payload.equals(before[position]!.payload));
  const { offset, payload, marker } = after[index]!;
  expect(marker).toBe(0xe1);
  const segment = embedded.subarray(offset, offset + 4 + payload.length);
  expect(Buffer.concat([embedded.subarray(0, offset), embedded.subarray(offset + segment.length)]).equals(original)).toBe(true);
  return { at: offset, segment };
}

async function pixels(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).raw().toBuffer();
}

describe('JPEG metadata (XMP)', () => {
  it('inserts one XMP APP1 segment right after SOI and APP0/JFIF, keeping every byte of the JPEG as it came', async () => {
    const original = await makeJpeg(40, 30, 3);
    expect(listJpegSegments(original)[0]).toMatchObject({ marker: 0xe0 });
    const embedded = embedJpegMetadata(original, METADATA, false);

    const { at, segment } = insertedSegment(original, embedded);
    expect(at).toBe(4 + original.readUInt16BE(4));
    expect(segment.toString('latin1', 4, 33)).toBe('http://ns.adobe.com/xap/1.0/\0');
    expect(listJpegSegments(embedded).map(({ marker }) => marker).slice(0, 2)).toEqual([0xe0, 0xe1]);
    expect(await pixels(embedded)).toEqual(await pixels(original));
    expect(jpegDimensions(embedded)).toEqual({ width: 40, height: 30 });
    expect(jpegSize(embedded)).toEqual({ width: 40, height: 30 });
    expect(readJpegMetadata(embedded)).toEqual({ metadata: METADATA, favourite: false, width: 40, height: 30 });
  });

  it('writes the same fields as the PNG chunks, readable by an independent XMP parser', async () => {
    const embedded = embedJpegMetadata(await makeJpeg(16, 16), METADATA, true);
    const { format, fields, metadata } = readGalleryImageText(embedded);
    expect(format).toBe('jpeg');
    expect(Object.fromEntries(fields)).toEqual({
      prompt: METADATA.prompt,
      seed: '42',
      model: 'NARWHAL',
      aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR',
      mediaId: 'media',
      workflowId: 'workflow',
      createdAt: '2026-09-01T12:30:00.000Z',
      metadata: expect.any(String),
      favourite: 'true',
    });
    expect(metadata).toMatchObject({ format: 'imagefx-desktop/gallery-image', version: 1, id: METADATA.id, prompt: METADATA.prompt, request: METADATA.request });
  });

  it('keeps characters XML cannot carry in the JSON and replaces them only in the readable copy', async () => {
    const prompt = 'line one\r\nline two\ttab \u0001bell \uD800lone ]]> <!-- & -->';
    const embedded = embedJpegMetadata(await makeJpeg(8, 8), { ...METADATA, prompt }, false);
    expect(readJpegMetadata(embedded)?.metadata.prompt).toBe(prompt);
    const { fields, metadata } = readGalleryImageText(embedded);
    expect(metadata?.['prompt']).toBe(prompt);
    expect(fields.get('prompt')).toBe('line one\r\nline two\ttab \uFFFDbell \uFFFDlone ]]> <!-- & -->');
  });

  it('goes after Exif and another program\'s XMP, leaving both untouched and still first', async () => {
    const original = await makeJpeg(24, 24, 1, { exif: true, xmp: FOREIGN_XMP });
    const before = listJpegSegments(original);
    expect(before.slice(0, 2).map(({ marker }) => marker)).toEqual([0xe1, 0xe1]);
    const embedded = embedJpegMetadata(original, METADATA, false);

    const { at } = insertedSegment(original, embedded);
    expect(at).toBe(before[2]!.offset);
    const packets = readJpegXmpPackets(embedded);
    expect(packets).toHaveLength(2);
    expect(packets[0]!.standard).toContain('trainedAlgorithmicMedia');
    expect(readJpegXmpProperties(embedded, 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/').get('DigitalSourceType')).toBe('trainedAlgorithmicMedia');
    expect(readJpegXmpProperties(embedded, GALLERY_XMP_NAMESPACE).get('seed')).toBe('42');
    expect(readJpegMetadata(embedded)?.metadata).toEqual(METADATA);
  });

  it('replaces its own segment on a second embed and on a favourite toggle, and nothing else', async () => {
    const original = await makeJpeg(12, 12, 2, { exif: true });
    const once = embedJpegMetadata(original, METADATA, false);
    const twice = embedJpegMetadata(once, { ...METADATA, prompt: 'second' }, false);
    insertedSegment(original, twice);
    expect(readJpegMetadata(twice)).toMatchObject({ metadata: { prompt: 'second' }, favourite: false });

    const favourite = jpegWithFavourite(twice, true);
    insertedSegment(original, favourite);
    expect(readJpegMetadata(favourite)).toMatchObject({ metadata: { prompt: 'second' }, favourite: true });
    expect(readGalleryImageText(favourite).fields.get('favourite')).toBe('true');
    expect(() => jpegWithFavourite(original, true)).toThrow();
  });

  it('moves a prompt too long for one segment to extended XMP, which both parsers put back together', async () => {
    const prompt = `灯台 ${'🌊'.repeat(19_990)}`;
    const original = await makeJpeg(16, 16);
    const embedded = embedJpegMetadata(original, { ...METADATA, prompt }, false);
    const added = listJpegSegments(embedded).length - listJpegSegments(original).length;
    expect(added).toBeGreaterThanOrEqual(3);
    const [packet] = readJpegXmpPackets(embedded);
    expect(packet!.extended).not.toBeNull();
    expect(packet!.standard).not.toContain('🌊');
    expect(readGalleryImageText(embedded).fields.get('prompt')).toBe(prompt);
    expect(readJpegMetadata(embedded)?.metadata.prompt).toBe(prompt);
    expect(await pixels(embedded)).toEqual(await pixels(original));
    // From the first 64 KiB alone the rebuild cannot finish: it must read the whole file.
    expect(readJpegMetadataFromStart(embedded.subarray(0, 64 * 1024), embedded.length)).toBe('incomplete');
    // A damaged extended chunk fails its MD5 check: the metadata is treated as absent, not half read.
    const damaged = Buffer.from(embedded);
    const inWave = damaged.lastIndexOf(Buffer.from('🌊')) + 1;
    damaged[inWave] = damaged[inWave]! ^ 1;
    expect(readJpegMetadata(damaged)).toBeNull();
    // Embedding again replaces the standard segment and every extended one it named.
    const shortAgain = embedJpegMetadata(embedded, METADATA, false);
    insertedSegment(original, shortAgain);
    expect(readJpegMetadata(shortAgain)?.metadata).toEqual(METADATA);
  });

  it('reads from the first bytes alone and asks for more when they stop before the image data', async () => {
    const embedded = embedJpegMetadata(await makeJpeg(20, 10), METADATA, true);
    const sos = listJpegSegments(embedded).at(-1)!.offset;
    const expected = { metadata: METADATA, favourite: true, width: 20, height: 10 };
    expect(readJpegMetadataFromStart(embedded.subarray(0, sos + 4), embedded.length)).toEqual(expected);
    expect(readJpegMetadataFromStart(embedded.subarray(0, sos - 1), embedded.length)).toBe('incomplete');
    expect(readJpegMetadataFromStart(embedded.subarray(0, sos + 4), sos + 2)).toBeNull();
  });

  it('rejects what is not a well-formed JPEG up to its image data', async () => {
    const good = embedJpegMetadata(await makeJpeg(16, 16), METADATA, false);
    const sos = listJpegSegments(good).at(-1)!.offset;
    const notJpeg = Buffer.from(good);
    notJpeg[1] = 0xd9;
    const lyingLength = Buffer.from(good);
    lyingLength.writeUInt16BE(0xfff0, 4);
    const noMarker = Buffer.from(good);
    noMarker[2 + 2 + good.readUInt16BE(4)] = 0x00;
    const noFrame = Buffer.concat([good.subarray(0, 2), ...listJpegSegments(good).filter(({ marker }) => marker !== 0xc0 && marker !== 0xda).map(({ offset, payload }) => good.subarray(offset, offset + 4 + payload.length)), good.subarray(sos)]);
    const truncated = good.subarray(0, sos - 3);
    for (const [name, jpeg] of Object.entries({ notJpeg, lyingLength, noMarker, noFrame, truncated })) {
      expect(readJpegMetadata(jpeg), name).toBeNull();
      expect(() => embedJpegMetadata(jpeg, METADATA, false), name).toThrow();
    }
    expect(readJpegMetadata(await makeJpeg(8, 8))).toBeNull();
  });
});
