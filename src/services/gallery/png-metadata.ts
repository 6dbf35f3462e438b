/**
 * Embeds gallery metadata in a PNG as text chunks, and reads it back. Google's image bytes are kept as they
 * are (no re-encoding): chunks are split and reassembled with png-chunks-extract/-encode, which also check and
 * write the CRCs, and the text chunks are iTXt (UTF-8, so prompts in any language survive) made with
 * png-chunk-itxt.
 *
 * Each field gets its own human-readable chunk (`imagefx:prompt`, `imagefx:seed`, …) for other tools, and
 * `imagefx:metadata` holds all of it as versioned JSON, which is what the gallery reads back. The favourite
 * flag is user state rather than generation metadata, so it lives in its own small chunk.
 */
import { decodeSync as decodeInternationalText, encodeSync as encodeInternationalText } from 'png-chunk-itxt';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';
import type { EmbeddedImageMetadata } from './image-metadata.ts';
import { metadataFromJson, metadataToJson } from './image-metadata.ts';

/** Keywords of the text chunks the gallery writes. */
export const PNG_TEXT_KEYWORDS = {
  prompt: 'imagefx:prompt',
  seed: 'imagefx:seed',
  model: 'imagefx:model',
  aspectRatio: 'imagefx:aspect-ratio',
  mediaId: 'imagefx:media-id',
  workflowId: 'imagefx:workflow-id',
  createdAt: 'imagefx:created-at',
  metadata: 'imagefx:metadata',
  favourite: 'imagefx:favourite',
} as const;

const OUR_KEYWORD_PREFIX = 'imagefx:';
/** "IEND" as a big-endian 32-bit number. */
const IEND_TYPE = 0x49454e44;
const TEXT_CHUNK_NAMES = new Set(['tEXt', 'zTXt', 'iTXt']);

interface PngChunk {
  name: string;
  data: Uint8Array;
}

/** What a gallery PNG says about itself. */
export interface GalleryPngContents {
  readonly metadata: EmbeddedImageMetadata;
  readonly favourite: boolean;
  readonly width: number;
  readonly height: number;
}

/** Pixel size from the IHDR chunk. Throws on a PNG the chunk library rejects (bad CRC, truncated). */
export function pngDimensions(png: Uint8Array): { width: number; height: number } {
  return dimensionsOf(extractCheckedChunks(png));
}

/** A copy of `png` carrying `metadata` and the favourite flag (any earlier gallery chunks are replaced). */
export function embedGalleryMetadata(png: Uint8Array, metadata: EmbeddedImageMetadata, favourite: boolean): Uint8Array {
  const chunks = withoutOurChunks(extractCheckedChunks(png));
  const ours = [
    textChunk(PNG_TEXT_KEYWORDS.prompt, metadata.prompt),
    textChunk(PNG_TEXT_KEYWORDS.seed, String(metadata.seed)),
    textChunk(PNG_TEXT_KEYWORDS.model, metadata.model),
    textChunk(PNG_TEXT_KEYWORDS.aspectRatio, metadata.aspectRatio),
    textChunk(PNG_TEXT_KEYWORDS.mediaId, metadata.mediaId),
    textChunk(PNG_TEXT_KEYWORDS.workflowId, metadata.workflowId),
    textChunk(PNG_TEXT_KEYWORDS.createdAt, new Date(metadata.createdAt).toISOString()),
    textChunk(PNG_TEXT_KEYWORDS.metadata, metadataToJson(metadata)),
    textChunk(PNG_TEXT_KEYWORDS.favourite, String(favourite)),
  ];
  return encodeChunks(insertBeforeImageData(chunks, ours));
}

/** A copy of a gallery PNG with its favourite flag set; everything else is kept byte for byte. */
export function withFavouriteFlag(png: Uint8Array, favourite: boolean): Uint8Array {
  const chunks = extractCheckedChunks(png).filter((chunk) => textKeyword(chunk) !== PNG_TEXT_KEYWORDS.favourite);
  return encodeChunks(insertBeforeImageData(chunks, [textChunk(PNG_TEXT_KEYWORDS.favourite, String(favourite))]));
}

/**
 * The gallery metadata of a PNG, or `null` when the file is not a gallery image (no or damaged metadata,
 * or not a valid PNG at all). Never throws: a stray file in the folder must not stop the gallery.
 */
export function readGalleryMetadata(png: Uint8Array): GalleryPngContents | null {
  let chunks: PngChunk[];
  try {
    chunks = extractCheckedChunks(png);
  } catch {
    return null;
  }
  let metadata: EmbeddedImageMetadata | null = null;
  let favourite = false;
  for (const chunk of chunks) {
    if (chunk.name !== 'iTXt') continue;
    const keyword = textKeyword(chunk);
    if (keyword !== PNG_TEXT_KEYWORDS.metadata && keyword !== PNG_TEXT_KEYWORDS.favourite) continue;
    const text = decodeTextSafely(chunk);
    if (text === null) continue;
    if (keyword === PNG_TEXT_KEYWORDS.metadata) metadata = metadataFromJson(text);
    else favourite = text === 'true';
  }
  if (!metadata) return null;
  try {
    return { metadata, favourite, ...dimensionsOf(chunks) };
  } catch {
    return null;
  }
}

/**
 * The chunk library trusts each chunk's length field and allocates that much up front; a damaged file could
 * claim gigabytes. So first walk the lengths and make sure every chunk fits in the bytes we actually have.
 */
function extractCheckedChunks(png: Uint8Array): PngChunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  let complete = false;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    if (offset + 12 + length > png.length) break;
    if (view.getUint32(offset + 4) === IEND_TYPE) {
      complete = true;
      break;
    }
    offset += 12 + length;
  }
  if (!complete) throw new Error('The PNG is truncated or malformed');
  return extractChunks(png);
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
  return Buffer.from(chunk.data.subarray(0, end)).toString('latin1');
}

function withoutOurChunks(chunks: PngChunk[]): PngChunk[] {
  return chunks.filter((chunk) => !textKeyword(chunk)?.startsWith(OUR_KEYWORD_PREFIX));
}

/** Text goes before the image data so that readers which stop at the first IDAT still see it. */
function insertBeforeImageData(chunks: PngChunk[], additions: PngChunk[]): PngChunk[] {
  const firstImageData = chunks.findIndex((chunk) => chunk.name === 'IDAT');
  const at = firstImageData === -1 ? chunks.length - 1 : firstImageData;
  return [...chunks.slice(0, at), ...additions, ...chunks.slice(at)];
}

function dimensionsOf(chunks: PngChunk[]): { width: number; height: number } {
  const header = chunks[0];
  if (!header || header.name !== 'IHDR' || header.data.length < 8) throw new Error('PNG has no IHDR chunk');
  const view = new DataView(header.data.buffer, header.data.byteOffset, header.data.byteLength);
  return { width: view.getUint32(0), height: view.getUint32(4) };
}
