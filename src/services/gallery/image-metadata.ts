/**
 * The generation metadata of a gallery image: what the ImageFX service hands over (`GeneratedImageInput`),
 * and what is embedded in the PNG (`EmbeddedImageMetadata`, versioned JSON). Fields are copied one by one,
 * never spread, so nothing else that travels with a generation (the account, tokens) can end up in a file.
 */
import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { GALLERY_ID_PATTERN } from './gallery-id.ts';

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
  /** Base64 PNG, as in `generatedImages[].encodedImage`. */
  readonly encodedImage: string;
  readonly seed: number;
  readonly prompt: string;
  readonly model: string;
  readonly aspectRatio: string;
  /** Google's `mediaGenerationId`. */
  readonly mediaId: string;
  readonly workflowId: string;
  readonly request: GenerationRequestSettings;
}

/** What a gallery PNG carries about itself. `createdAt` is epoch milliseconds. */
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
  encodedImage: z.string().min(1),
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

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks an input from the image service and decodes its PNG. Throws `INVALID_INPUT` with the reason. */
export function parseGeneratedImage(input: unknown): { input: GeneratedImageInput; png: Buffer } {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `Not a generated image: ${z.prettifyError(parsed.error)}`);
  const base64 = parsed.data.encodedImage.replace(/^data:image\/png;base64,/, '');
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(base64)) throw new AppError('INVALID_INPUT', 'The image is not base64.');
  if ((base64.length * 3) / 4 > MAX_IMAGE_BYTES) throw new AppError('INVALID_INPUT', 'The image is too large.');
  const png = Buffer.from(base64, 'base64');
  if (png.length < PNG_SIGNATURE.length || !png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw new AppError('INVALID_INPUT', 'The image is not a PNG.');
  }
  return { input: parsed.data, png };
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

/** The JSON text embedded in the PNG. */
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
