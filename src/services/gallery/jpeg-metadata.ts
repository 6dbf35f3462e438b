/**
 * Embeds gallery metadata in a JPEG as XMP, and reads it back. Google's bytes are kept exactly as they came:
 * the only change is one inserted APP1 segment (`http://ns.adobe.com/xap/1.0/\0` + the packet of
 * xmp-packet.ts), placed after SOI and the leading APP0 (JFIF/JFXX) and APP1 (Exif, someone else's XMP)
 * segments, where the JFIF, Exif and XMP specifications expect application data, and before anything else.
 * A packet too large for one segment (a prompt of tens of thousands of characters) keeps the short fields in
 * that segment and moves the prompt and the JSON to "extended XMP" segments, as XMP part 3 §1.1.3.1 says:
 * `http://ns.adobe.com/xmp/extension/\0`, the packet's MD5 as a GUID, its length, the chunk's offset.
 *
 * Only the marker segments before the image data (SOS) are walked, every length field checked against the
 * bytes present; the compressed image data is never read.
 */
import { createHash } from 'node:crypto';
import type { EmbeddedImageMetadata, GalleryImageContents, MetadataTextFields } from './image-metadata.ts';
import { metadataFromJson, metadataTextFields } from './image-metadata.ts';
import type { XmpProperties } from './xmp-packet.ts';
import { EXTENDED_FIELDS, extendedXmpPacket, parseGalleryXmp, standardXmpPacket } from './xmp-packet.ts';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const TEM = 0x01;
/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): the frame headers that carry the picture's size. */
const FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const XMP_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const EXTENSION_HEADER = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
/** A segment's length field counts itself (2 bytes) and the payload, at most 65,535. */
const MAX_PAYLOAD = 0xffff - 2;
/** GUID (32) + full length (4) + offset (4) after the extension header. */
const EXTENSION_PREFIX = 40;
/** Data bytes per extended segment: the specification's suggested 65,400, below the 65,458 that would fit. */
const EXTENSION_CHUNK = 65_400;

/** One marker segment: `start` is its first FF (fill bytes included), `end` is just past its payload. */
interface JpegSegment {
  readonly marker: number;
  readonly start: number;
  readonly end: number;
  readonly payload: Buffer;
}

interface JpegHeader {
  readonly segments: readonly JpegSegment[];
  /** Offset of the SOS marker, where the image data begins. */
  readonly imageDataStart: number;
  readonly width: number;
  readonly height: number;
}

/** A copy of `jpeg` carrying `metadata` and the favourite flag (our earlier XMP, if any, replaced). Throws on a malformed JPEG. */
export function embedJpegMetadata(jpeg: Uint8Array, metadata: EmbeddedImageMetadata, favourite: boolean): Buffer {
  return Buffer.concat(embedJpegMetadataParts(jpeg, metadata, favourite));
}

/** {@link embedJpegMetadata} as the pieces of the file, in order: views into `jpeg` around the new segments. */
export function embedJpegMetadataParts(jpeg: Uint8Array, metadata: EmbeddedImageMetadata, favourite: boolean): Buffer[] {
  const bytes = asBuffer(jpeg);
  const header = completeHeader(bytes);
  const ours = ourSegments(header);
  const firstOther = header.segments.find((segment) => !ours.has(segment) && segment.marker !== APP0 && segment.marker !== APP1);
  const insertAt = firstOther?.start ?? header.imageDataStart;
  const cuts = header.segments.filter((segment) => ours.has(segment));
  return splice(bytes, cuts, insertAt, xmpSegments(metadataTextFields(metadata, favourite)));
}

/** A copy of a gallery JPEG with its favourite flag set; only our XMP segment changes. Throws when it has none. */
export function jpegWithFavourite(jpeg: Uint8Array, favourite: boolean): Buffer {
  const contents = readJpegMetadata(jpeg);
  if (!contents) throw new Error('The JPEG carries no gallery metadata');
  return embedJpegMetadata(jpeg, contents.metadata, favourite);
}

/** Pixel size from the frame header. Throws on a JPEG that is not well formed up to its image data. */
export function jpegDimensions(jpeg: Uint8Array): { width: number; height: number } {
  const { width, height } = completeHeader(asBuffer(jpeg));
  return { width, height };
}

/** The gallery metadata of a JPEG, or `null` when it is not a gallery image (or not a readable JPEG). Never throws. */
export function readJpegMetadata(jpeg: Uint8Array): GalleryImageContents | null {
  const bytes = asBuffer(jpeg);
  const contents = readJpegMetadataFromStart(bytes, bytes.length);
  return contents === 'incomplete' ? null : contents;
}

/**
 * Like {@link readJpegMetadata}, from the first bytes of a file (`start`) and its size, so that a rebuild
 * reads only the segments before the image data. `'incomplete'` when `start` ends before them.
 */
export function readJpegMetadataFromStart(start: Buffer, fileSize: number): GalleryImageContents | null | 'incomplete' {
  let header: JpegHeader | 'incomplete';
  try {
    header = walkHeader(start, fileSize);
  } catch {
    return null;
  }
  if (header === 'incomplete') return header;
  const standard = header.segments.map(standardXmp).find((parsed) => parsed !== null);
  if (!standard) return null;
  let properties: XmpProperties = standard.properties;
  if (standard.extendedGuid !== null) {
    const extended = assembleExtension(header, standard.extendedGuid);
    const parsed = extended === null ? null : parseGalleryXmp(extended);
    if (!parsed) return null;
    properties = { ...properties, ...parsed.properties };
  }
  const metadata = properties.metadata === undefined ? null : metadataFromJson(properties.metadata);
  if (!metadata) return null;
  return { metadata, favourite: properties.favourite === 'true', width: header.width, height: header.height };
}

/** The APP1 segments for `texts`: one standard XMP segment, plus extended ones when it would not fit alone. */
function xmpSegments(texts: MetadataTextFields): Buffer[] {
  const whole = Buffer.from(standardXmpPacket(texts), 'utf8');
  if (whole.length <= MAX_PAYLOAD - XMP_HEADER.length) return [segment(APP1, XMP_HEADER, whole)];
  const moved: XmpProperties = {};
  const kept: XmpProperties = {};
  for (const [name, text] of Object.entries(texts) as [keyof MetadataTextFields, string][]) (EXTENDED_FIELDS.has(name) ? moved : kept)[name] = text;
  const extended = Buffer.from(extendedXmpPacket(moved), 'utf8');
  const guid = createHash('md5').update(extended).digest('hex').toUpperCase();
  const segments = [segment(APP1, XMP_HEADER, Buffer.from(standardXmpPacket(kept, guid), 'utf8'))];
  for (let offset = 0; offset < extended.length; offset += EXTENSION_CHUNK) {
    const prefix = Buffer.alloc(EXTENSION_PREFIX);
    prefix.write(guid, 0, 'latin1');
    prefix.writeUInt32BE(extended.length, 32);
    prefix.writeUInt32BE(offset, 36);
    segments.push(segment(APP1, EXTENSION_HEADER, prefix, extended.subarray(offset, offset + EXTENSION_CHUNK)));
  }
  return segments;
}

function segment(marker: number, ...parts: Buffer[]): Buffer {
  const length = parts.reduce((sum, part) => sum + part.length, 2);
  if (length > 0xffff) throw new Error('The metadata does not fit in a JPEG segment');
  const head = Buffer.from([0xff, marker, length >> 8, length & 0xff]);
  return Buffer.concat([head, ...parts]);
}

/** Our standard XMP segment and the extended segments it names: what a re-embed replaces. */
function ourSegments(header: JpegHeader): Set<JpegSegment> {
  const ours = new Set<JpegSegment>();
  for (const candidate of header.segments) {
    const parsed = standardXmp(candidate);
    if (!parsed) continue;
    ours.add(candidate);
    if (parsed.extendedGuid === null) continue;
    for (const part of header.segments) if (extensionGuid(part) === parsed.extendedGuid) ours.add(part);
  }
  return ours;
}

function standardXmp(candidate: JpegSegment): ReturnType<typeof parseGalleryXmp> {
  if (candidate.marker !== APP1 || !startsWith(candidate.payload, XMP_HEADER)) return null;
  return parseGalleryXmp(candidate.payload.toString('utf8', XMP_HEADER.length));
}

function extensionGuid(candidate: JpegSegment): string | null {
  if (candidate.marker !== APP1 || !startsWith(candidate.payload, EXTENSION_HEADER)) return null;
  if (candidate.payload.length < EXTENSION_HEADER.length + EXTENSION_PREFIX) return null;
  return candidate.payload.toString('latin1', EXTENSION_HEADER.length, EXTENSION_HEADER.length + 32);
}

/** The extended packet named `guid`, put together from its chunks; `null` when parts are missing or its MD5 differs. */
function assembleExtension(header: JpegHeader, guid: string): string | null {
  let whole: Buffer | null = null;
  let covered = 0;
  for (const part of header.segments) {
    if (extensionGuid(part) !== guid) continue;
    const base = EXTENSION_HEADER.length;
    const length = part.payload.readUInt32BE(base + 32);
    const offset = part.payload.readUInt32BE(base + 36);
    const data = part.payload.subarray(base + EXTENSION_PREFIX);
    whole ??= Buffer.alloc(length);
    if (length !== whole.length || offset + data.length > length) return null;
    data.copy(whole, offset);
    covered += data.length;
  }
  if (!whole || covered !== whole.length) return null;
  return createHash('md5').update(whole).digest('hex').toUpperCase() === guid ? whole.toString('utf8') : null;
}

function completeHeader(bytes: Buffer): JpegHeader {
  const header = walkHeader(bytes, bytes.length);
  if (header === 'incomplete') throw new Error('The JPEG is truncated');
  return header;
}

/**
 * The segments between SOI and SOS of a file of `fileSize` bytes whose first bytes are `bytes`. Throws when
 * the file is malformed (no SOI, a length past the end, no frame header, EOI before the image data);
 * `'incomplete'` when `bytes` ends before SOS is reached.
 */
function walkHeader(bytes: Buffer, fileSize: number): JpegHeader | 'incomplete' {
  if (bytes.length < 2) {
    if (bytes.length < fileSize) return 'incomplete';
    throw new Error('Not a JPEG');
  }
  if (bytes[0] !== 0xff || bytes[1] !== SOI) throw new Error('Not a JPEG');
  const segments: JpegSegment[] = [];
  let size: { width: number; height: number } | null = null;
  let offset = 2;
  for (;;) {
    let markerAt = offset;
    // A marker may be preceded by any number of FF fill bytes.
    while (markerAt < bytes.length && bytes[markerAt] === 0xff) markerAt += 1;
    if (markerAt === offset && offset < bytes.length) throw new Error('A JPEG marker was expected');
    if (markerAt + 3 > fileSize) throw new Error('The JPEG ends before its image data');
    if (markerAt + 3 > bytes.length) return 'incomplete';
    const marker = bytes[markerAt]!;
    if (marker === SOS) {
      if (!size) throw new Error('The JPEG has no frame header');
      return { segments, imageDataStart: offset, ...size };
    }
    if (marker === TEM) {
      offset = markerAt + 1;
      continue;
    }
    if (marker === 0x00 || marker === SOI || marker === EOI || (marker >= 0xd0 && marker <= 0xd7)) throw new Error('Unexpected JPEG marker');
    const length = bytes.readUInt16BE(markerAt + 1);
    const end = markerAt + 1 + length;
    if (length < 2 || end > fileSize) throw new Error('The JPEG is truncated or malformed');
    if (end > bytes.length) return 'incomplete';
    const payload = bytes.subarray(markerAt + 3, end);
    segments.push({ marker, start: offset, end, payload });
    if (FRAME_MARKERS.has(marker)) {
      if (size || payload.length < 5) throw new Error('The JPEG frame header is malformed');
      size = { height: payload.readUInt16BE(1), width: payload.readUInt16BE(3) };
      if (size.width === 0 || size.height === 0) throw new Error('The JPEG gives no picture size');
    }
    offset = end;
  }
}

/** `bytes` without the `cuts` and with `insertion` at `insertAt` (which no cut contains); the rest copied as slices. */
function splice(bytes: Buffer, cuts: readonly JpegSegment[], insertAt: number, insertion: readonly Buffer[]): Buffer[] {
  const parts: Buffer[] = [];
  let cursor = 0;
  let inserted = false;
  const insert = (): void => {
    parts.push(bytes.subarray(cursor, insertAt), ...insertion);
    cursor = insertAt;
    inserted = true;
  };
  for (const cut of [...cuts].sort((a, b) => a.start - b.start)) {
    if (!inserted && insertAt <= cut.start) insert();
    parts.push(bytes.subarray(cursor, cut.start));
    cursor = cut.end;
  }
  if (!inserted) insert();
  parts.push(bytes.subarray(cursor));
  return parts;
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
