/**
 * Embeds gallery metadata in a PNG as text chunks, and reads it back. Google's image bytes are kept as they
 * are (no re-encoding): the new text chunks are made with png-chunk-itxt (iTXt: UTF-8, so prompts in any
 * language survive) and encoded with png-chunks-encode on their own, then spliced in right after IHDR as a
 * byte concatenation. The rest of the file is copied as `Buffer` slices (native memcpy), never chunk by chunk
 * through JavaScript loops. Chunk headers are walked by offset, checking every length field against the bytes
 * actually present; CRCs are checked natively with `zlib.crc32`.
 *
 * Each field gets its own human-readable chunk (`imagefx:prompt`, `imagefx:seed`, …) for other tools, and
 * `imagefx:metadata` holds all of it as versioned JSON, which is what the gallery reads back. The favourite
 * flag is user state rather than generation metadata, so it lives in its own small chunk.
 */
import { crc32 } from 'node:zlib';
import { decodeSync as decodeInternationalText, encodeSync as encodeInternationalText } from 'png-chunk-itxt';
import encodeChunks from 'png-chunks-encode';
import type { EmbeddedImageMetadata, GalleryImageContents, MetadataTextFields } from './image-metadata.ts';
import { METADATA_TEXT_FIELD_NAMES, metadataFromJson, metadataTextFields } from './image-metadata.ts';

/** Keywords of the text chunks the gallery writes, one per embedded field. */
export const PNG_TEXT_KEYWORDS: Readonly<Record<keyof MetadataTextFields, string>> = {
  prompt: 'imagefx:prompt',
  seed: 'imagefx:seed',
  model: 'imagefx:model',
  aspectRatio: 'imagefx:aspect-ratio',
  mediaId: 'imagefx:media-id',
  workflowId: 'imagefx:workflow-id',
  createdAt: 'imagefx:created-at',
  metadata: 'imagefx:metadata',
  favourite: 'imagefx:favourite',
};

const OUR_KEYWORD_PREFIX = 'imagefx:';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Chunk types as big-endian 32-bit numbers. */
const IHDR_TYPE = 0x49484452;
const IDAT_TYPE = 0x49444154;
const IEND_TYPE = 0x49454e44;
const TEXT_CHUNK_NAMES = new Set(['tEXt', 'zTXt', 'iTXt']);
const IHDR_LENGTH = 13;
/** The IEND chunk is always these 12 bytes: length 0, type, CRC. */
const IEND_CHUNK = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** Signature (8) + IHDR (4 length, 4 type, 13 data, 4 CRC). */
const AFTER_IHDR = 8 + 12 + IHDR_LENGTH;

interface PngChunk {
  name: string;
  data: Uint8Array;
}

/** One chunk located in the file: `start` is its length field, `end` is just past its CRC. */
interface ChunkSpan {
  readonly type: number;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly data: Buffer;
}

/** Pixel size from the IHDR chunk. Throws on a PNG that is not well formed (bad signature or IHDR, truncated). */
export function pngDimensions(png: Uint8Array): { width: number; height: number } {
  return dimensionsOf(checkedHeader(asBuffer(png)));
}

/** A copy of `png` carrying `metadata` and the favourite flag (any earlier gallery chunks are replaced). */
export function embedPngMetadata(png: Uint8Array, metadata: EmbeddedImageMetadata, favourite: boolean): Buffer {
  return Buffer.concat(embedPngMetadataParts(png, metadata, favourite));
}

/**
 * {@link embedPngMetadata} as the pieces of the file, in order: views into `png` around the new chunks, so
 * that a save writes them without copying the picture.
 */
export function embedPngMetadataParts(png: Uint8Array, metadata: EmbeddedImageMetadata, favourite: boolean): Buffer[] {
  const texts = metadataTextFields(metadata, favourite);
  const ours = METADATA_TEXT_FIELD_NAMES.map((field) => textChunk(PNG_TEXT_KEYWORDS[field], texts[field]));
  return spliceAfterHeader(asBuffer(png), ours, (keyword) => keyword.startsWith(OUR_KEYWORD_PREFIX));
}

/** A copy of a gallery PNG with its favourite flag set; everything else is kept byte for byte. */
export function pngWithFavourite(png: Uint8Array, favourite: boolean): Buffer {
  return Buffer.concat(spliceAfterHeader(asBuffer(png), [textChunk(PNG_TEXT_KEYWORDS.favourite, String(favourite))], (keyword) => keyword === PNG_TEXT_KEYWORDS.favourite));
}

/**
 * The gallery metadata of a PNG, or `null` when the file is not a gallery image (no or damaged metadata,
 * or not a valid PNG at all). Never throws: a stray file in the folder must not stop the gallery. Only the
 * chunks before the first IDAT are walked and decoded (the gallery's text chunks are there); the image data
 * is not read, only the file's last 12 bytes, which must be IEND (else the file is truncated).
 */
export function readPngMetadata(png: Uint8Array): GalleryImageContents | null {
  const bytes = asBuffer(png);
  const contents = readPngMetadataFromStart(bytes, bytes.length, bytes.subarray(Math.max(0, bytes.length - PNG_END_BYTES)));
  return contents === 'incomplete' ? null : contents;
}

/** How many of a PNG's last bytes {@link readPngMetadataFromStart} needs: the IEND chunk. */
export const PNG_END_BYTES = 12;

/**
 * Like {@link readPngMetadata}, from the first bytes of a file (`start`), its size and its last 12 bytes
 * (`end`), so that a rebuild does not read the image data at all. The chunks before the first IDAT are walked
 * and CRC-checked, their length fields checked against the file size; a file that does not end in IEND is
 * truncated. `'incomplete'` when `start` stops before the first IDAT (read more, or the whole file).
 */
export function readPngMetadataFromStart(start: Buffer, fileSize: number, end: Buffer): GalleryImageContents | null | 'incomplete' {
  if (!end.equals(IEND_CHUNK)) return null;
  let spans: ChunkSpan[] | 'incomplete';
  try {
    spans = walkToImageData(start, fileSize);
  } catch {
    return null;
  }
  if (spans === 'incomplete') return spans;
  let metadata: EmbeddedImageMetadata | null = null;
  let favourite = false;
  for (const span of spans) {
    if (span.name !== 'iTXt') continue;
    const chunk = { name: span.name, data: span.data };
    const keyword = textKeyword(chunk);
    if (keyword !== PNG_TEXT_KEYWORDS.metadata && keyword !== PNG_TEXT_KEYWORDS.favourite) continue;
    const text = decodeTextSafely(chunk);
    if (text === null) continue;
    if (keyword === PNG_TEXT_KEYWORDS.metadata) metadata = metadataFromJson(text);
    else favourite = text === 'true';
  }
  if (!metadata) return null;
  try {
    return { metadata, favourite, ...dimensionsOf(spans[0]) };
  } catch {
    return null;
  }
}

/**
 * The chunks before the first IDAT, from the first bytes of a file of `fileSize` bytes, CRCs checked; every
 * length field is checked against the file size. Throws when the file is malformed (no IDAT before IEND, a
 * second IHDR, a chunk past the end); `'incomplete'` when `start` ends before the first IDAT is reached.
 */
function walkToImageData(start: Buffer, fileSize: number): ChunkSpan[] | 'incomplete' {
  if (start.length < AFTER_IHDR && start.length < fileSize) return 'incomplete';
  const spans: ChunkSpan[] = [checkedHeader(start)];
  let offset = AFTER_IHDR;
  for (;;) {
    if (offset + 12 > fileSize) throw new Error('The PNG is truncated or malformed');
    if (offset + 8 > start.length) return 'incomplete';
    const length = start.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > fileSize) throw new Error('The PNG is truncated or malformed');
    const type = start.readUInt32BE(offset + 4);
    if (type === IDAT_TYPE) return spans;
    if (type === IHDR_TYPE || type === IEND_TYPE) throw new Error('The PNG has no image data where expected');
    if (end > start.length) return 'incomplete';
    const span: ChunkSpan = { type, name: start.toString('latin1', offset + 4, offset + 8), start: offset, end, data: start.subarray(offset + 8, end - 4) };
    checkCrc(start, span);
    spans.push(span);
    offset = end;
  }
}

function asBuffer(png: Uint8Array): Buffer {
  return Buffer.isBuffer(png) ? png : Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * `png` with `additions` inserted right after IHDR and the text chunks whose keyword matches `drop` left out.
 * Every other byte is Google's, copied as slices.
 */
function spliceAfterHeader(png: Buffer, additions: PngChunk[], drop: (keyword: string) => boolean): Buffer[] {
  const spans = walkChunks(png);
  // Only the small new chunks go through the chunk library; its output starts with a PNG signature.
  const encoded = Buffer.from(encodeChunks(additions).buffer).subarray(PNG_SIGNATURE.length);
  const parts: Buffer[] = [png.subarray(0, AFTER_IHDR), encoded];
  let keptFrom = AFTER_IHDR;
  for (const span of spans.slice(1)) {
    if (!TEXT_CHUNK_NAMES.has(span.name)) continue;
    const keyword = textKeyword(span);
    if (keyword === null || !drop(keyword)) continue;
    if (span.start > keptFrom) parts.push(png.subarray(keptFrom, span.start));
    keptFrom = span.end;
  }
  parts.push(png.subarray(keptFrom));
  return parts;
}

/** Checks the signature and IHDR (first, 13 bytes, CRC) and returns IHDR. */
function checkedHeader(png: Buffer): ChunkSpan {
  if (png.length < AFTER_IHDR || !png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) throw new Error('Not a PNG');
  const length = png.readUInt32BE(8);
  const type = png.readUInt32BE(12);
  if (type !== IHDR_TYPE || length !== IHDR_LENGTH) throw new Error('PNG has no valid IHDR chunk');
  const header: ChunkSpan = { type, name: 'IHDR', start: 8, end: AFTER_IHDR, data: png.subarray(16, 16 + IHDR_LENGTH) };
  checkCrc(png, header);
  return header;
}

/**
 * The chunks of `png`, located by walking the length fields from the signature to IEND; every length is
 * checked against the bytes actually present (a damaged file could claim gigabytes), and a file without
 * IEND is truncated. CRCs are checked (natively) for the chunks returned; with `stopAtImageData`, only the
 * chunks before the first IDAT are returned, and the image data itself is only walked, not read.
 */
function walkChunks(png: Buffer): ChunkSpan[] {
  const spans: ChunkSpan[] = [checkedHeader(png)];
  let offset = AFTER_IHDR;
  for (;;) {
    if (offset + 12 > png.length) throw new Error('The PNG is truncated or malformed');
    const length = png.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new Error('The PNG is truncated or malformed');
    const type = png.readUInt32BE(offset + 4);
    if (type === IHDR_TYPE) throw new Error('The PNG has a second IHDR chunk');
    const span: ChunkSpan = { type, name: png.toString('latin1', offset + 4, offset + 8), start: offset, end, data: png.subarray(offset + 8, end - 4) };
    checkCrc(png, span);
    spans.push(span);
    if (type === IEND_TYPE) return spans;
    offset = end;
  }
}

function checkCrc(png: Buffer, span: ChunkSpan): void {
  const stored = png.readUInt32BE(span.end - 4);
  if (crc32(png.subarray(span.start + 4, span.end - 4)) !== stored) throw new Error(`Bad CRC in the ${span.name} chunk`);
}

function textChunk(keyword: string, text: string): PngChunk {
  return {
    name: 'iTXt',
    data: encodeInternationalText({
      keyword,
      compressionFlag: false,
      compressionMethod: 0,
      languageTag: '',
      translatedKeyword: '',
      text,
    }),
  };
}

function decodeTextSafely(chunk: PngChunk): string | null {
  try {
    return decodeInternationalText(chunk.data).text;
  } catch {
    return null;
  }
}

/** The keyword of a text chunk (the Latin-1 bytes before the first NUL), or `null` for other chunks. */
function textKeyword(chunk: PngChunk): string | null {
  if (!TEXT_CHUNK_NAMES.has(chunk.name)) return null;
  const end = chunk.data.indexOf(0);
  if (end < 1) return null;
  return Buffer.from(chunk.data.buffer, chunk.data.byteOffset, end).toString('latin1');
}

function dimensionsOf(header: ChunkSpan | undefined): { width: number; height: number } {
  if (!header || header.type !== IHDR_TYPE || header.data.length < 8) throw new Error('PNG has no IHDR chunk');
  return { width: header.data.readUInt32BE(0), height: header.data.readUInt32BE(4) };
}
