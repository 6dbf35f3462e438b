/**
 * The generation metadata of a gallery image: what the image service hands over (`GeneratedImageInput`),
 * and what is embedded in the file (`EmbeddedImageMetadata`, versioned JSON, plus one human-readable text per
 * field: iTXt chunks in a PNG, XMP properties in a JPEG). Fields are copied one by one, never spread, so
 * nothing else that travels with a generation (the account, tokens) can end up in a file.
 */
import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { GALLERY_ID_PATTERN } from './gallery-id.ts';
import type { ImageFormat } from './image-format.ts';
import { sniffImageFormat, UnreadableImageError } from './image-format.ts';

/** The settings the user asked for; one request yields `count` images (sometimes fewer). */
export interface GenerationRequestSettings {
  readonly count: number;
  /** The seed the user fixed, or `null` for "random". */
  readonly seed: number | null;
  readonly model: string;
  readonly aspectRatio: string;
}

/** One image as Google returned it, plus the request that produced it. */
export interface GeneratedImageInput {
  /**
   * The picture file exactly as Google sent it, PNG or JPEG: its bytes (Flow's JPEGs), or base64 text of
   * them (classic ImageFX's `generatedImages[].encodedImage`). The format is read from the bytes themselves.
   */
  readonly encodedImage: Uint8Array | string;
  readonly seed: number;
  readonly prompt: string;
  readonly model: string;
  readonly aspectRatio: string;
  /** Google's `mediaGenerationId`. */
  readonly mediaId: string;
  readonly workflowId: string;
  readonly request: GenerationRequestSettings;
}

/** What a gallery image carries about itself. `createdAt` is epoch milliseconds. */
export interface EmbeddedImageMetadata {
  readonly id: string;
  readonly prompt: string;
  readonly seed: number;
  readonly model: string;
  readonly aspectRatio: string;
  readonly mediaId: string;
  readonly workflowId: string;
  readonly createdAt: number;
  readonly request: GenerationRequestSettings;
}

/** Identifies our JSON among other programs' text chunks. */
export const METADATA_FORMAT = 'imagefx-desktop/gallery-image';
/** Bumped when the JSON changes shape; readers accept older versions and ignore unknown fields. */
export const METADATA_VERSION = 1;

/** Decoded images larger than this are refused (ImageFX images are 1–3 MB). */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

const label = z.string().min(1).max(200);
const seed = z.number().int().min(-(2 ** 53) + 1).max(2 ** 53 - 1);
const requestSchema = z.object({
  count: z.number().int().min(1).max(64),
  seed: seed.nullable(),
  model: label,
  aspectRatio: label,
});

const inputSchema = z.object({
  encodedImage: z.union([z.string().min(1), z.instanceof(Uint8Array)]),
  seed,
  prompt: z.string().max(20_000),
  model: label,
  aspectRatio: label,
  mediaId: z.string().max(4096),
  workflowId: z.string().max(4096),
  request: requestSchema,
});

const embeddedSchema = z.object({
  format: z.literal(METADATA_FORMAT),
  version: z.number().int().min(1),
  id: z.string().regex(GALLERY_ID_PATTERN),
  prompt: z.string(),
  seed,
  model: label,
  aspectRatio: label,
  mediaId: z.string(),
  workflowId: z.string(),
  createdAt: z.iso.datetime(),
  request: requestSchema,
});

/** A data-URL prefix some senders put before base64; what it claims is ignored (the bytes decide). */
const DATA_URL_PREFIX = /^data:[a-z]+\/[a-z0-9.+-]+;base64,/i;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** A checked input from the image service, its picture's bytes and their sniffed format. */
export interface ParsedGeneratedImage {
  readonly input: GeneratedImageInput;
  readonly bytes: Buffer;
  readonly format: ImageFormat;
}

/**
 * Checks an input from the image service and gets its picture's bytes. Throws `INVALID_INPUT` for a
 * malformed input (missing fields, not base64, too large) and {@link UnreadableImageError} when the bytes
 * are neither PNG nor JPEG, whatever the sender said they were. Base64 is decoded into a buffer from `take`
 * (at least the size asked for; see decode-buffers.ts), of which the picture is the start.
 */
export function parseGeneratedImage(input: unknown, take: (size: number) => Buffer = Buffer.allocUnsafe): ParsedGeneratedImage {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `Not a generated image: ${z.prettifyError(parsed.error)}`);
  const bytes = pictureBytes(parsed.data.encodedImage, take);
  const format = sniffImageFormat(bytes);
  if (!format) throw new UnreadableImageError('The image Google sent is neither a PNG nor a JPEG.');
  return { input: parsed.data, bytes, format };
}

function pictureBytes(encoded: Uint8Array | string, take: (size: number) => Buffer): Buffer {
  if (typeof encoded !== 'string') {
    if (encoded.byteLength > MAX_IMAGE_BYTES) throw new AppError('INVALID_INPUT', 'The image is too large.');
    return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  }
  const base64 = encoded.replace(DATA_URL_PREFIX, '');
  if ((base64.length * 3) / 4 > MAX_IMAGE_BYTES) throw new AppError('INVALID_INPUT', 'The image is too large.');
  // Never more bytes than 3 per 4 letters (line breaks and padding only make it fewer).
  const target = take(Math.ceil((base64.length * 3) / 4));
  const bytes = target.subarray(0, target.write(base64, 'base64'));
  // The decoder skips whatever is not base64, so text of base64 letters alone decodes to exactly
  // `decodedLength` bytes. Only text that does not is matched against BASE64 (which allows line breaks): that
  // match reads all ~4 MB of an image's text and takes several times longer than decoding it. A stray
  // character that leaves the count whole is skipped, as by any base64 decoder; the picture's own checks
  // (format, structure) then decide, as for any other bytes.
  if (bytes.byteLength !== decodedLength(base64) && !BASE64.test(base64)) throw new AppError('INVALID_INPUT', 'The image is not base64.');
  return bytes;
}

/** Bytes that `base64` stands for when it holds base64 letters only, with or without `=` padding. */
function decodedLength(base64: string): number {
  let letters = base64.length;
  while (letters > 0 && base64.charCodeAt(letters - 1) === 0x3d) letters -= 1;
  return Math.floor((letters * 3) / 4);
}

/** The metadata for a new image, field by field. */
export function metadataFor(id: string, createdAt: number, input: GeneratedImageInput): EmbeddedImageMetadata {
  return {
    id,
    prompt: input.prompt,
    seed: input.seed,
    model: input.model,
    aspectRatio: input.aspectRatio,
    mediaId: input.mediaId,
    workflowId: input.workflowId,
    createdAt,
    request: {
      count: input.request.count,
      seed: input.request.seed,
      model: input.request.model,
      aspectRatio: input.request.aspectRatio,
    },
  };
}

/** The JSON text embedded in the file. */
export function metadataToJson(metadata: EmbeddedImageMetadata): string {
  return JSON.stringify({
    format: METADATA_FORMAT,
    version: METADATA_VERSION,
    id: metadata.id,
    prompt: metadata.prompt,
    seed: metadata.seed,
    model: metadata.model,
    aspectRatio: metadata.aspectRatio,
    mediaId: metadata.mediaId,
    workflowId: metadata.workflowId,
    createdAt: new Date(metadata.createdAt).toISOString(),
    request: metadata.request,
  });
}

/** Parses embedded JSON; `null` when it is not ours or is damaged (such files are left alone). */
export function metadataFromJson(text: string): EmbeddedImageMetadata | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = embeddedSchema.safeParse(value);
  if (!parsed.success) return null;
  const data = parsed.data;
  return {
    id: data.id,
    prompt: data.prompt,
    seed: data.seed,
    model: data.model,
    aspectRatio: data.aspectRatio,
    mediaId: data.mediaId,
    workflowId: data.workflowId,
    createdAt: Date.parse(data.createdAt),
    request: data.request,
  };
}

/** What a gallery image file says about itself (read back from its embedded metadata and header). */
export interface GalleryImageContents {
  readonly metadata: EmbeddedImageMetadata;
  readonly favourite: boolean;
  readonly width: number;
  readonly height: number;
}

/**
 * The texts embedded in a file, one per field: human-readable copies for other tools, the versioned JSON
 * (`metadata`) the gallery reads back, and the favourite flag (user state, so kept apart from the JSON).
 */
export interface MetadataTextFields {
  readonly prompt: string;
  readonly seed: string;
  readonly model: string;
  readonly aspectRatio: string;
  readonly mediaId: string;
  readonly workflowId: string;
  readonly createdAt: string;
  readonly metadata: string;
  readonly favourite: string;
}

/** The field names in the order they are written. */
export const METADATA_TEXT_FIELD_NAMES: readonly (keyof MetadataTextFields)[] = [
  'prompt',
  'seed',
  'model',
  'aspectRatio',
  'mediaId',
  'workflowId',
  'createdAt',
  'metadata',
  'favourite',
];

/** The texts for `metadata` and the favourite flag; PNG and JPEG embed exactly these. */
export function metadataTextFields(metadata: EmbeddedImageMetadata, favourite: boolean): MetadataTextFields {
  return {
    prompt: metadata.prompt,
    seed: String(metadata.seed),
    model: metadata.model,
    aspectRatio: metadata.aspectRatio,
    mediaId: metadata.mediaId,
    workflowId: metadata.workflowId,
    createdAt: new Date(metadata.createdAt).toISOString(),
    metadata: metadataToJson(metadata),
    favourite: String(favourite),
  };
}
