/**
 * What the image service returns: plain, serialisable data. Results carry the generation metadata and the
 * picture, never a cookie or a token.
 */
import type { GenerationSettings } from './generation-settings.ts';

/** One picture ImageFX made, with what Google reports about it. */
export interface GeneratedImage {
  /** Google's `mediaGenerationId`: fetches the image again later. `null` if Google left it out. */
  readonly mediaId: string | null;
  /** Google's `workflowId` (shared by the images of one request), when reported. */
  readonly workflowId: string | null;
  readonly prompt: string;
  /** The seed that reproduces this picture (Google gives each candidate its own); `null` if not reported. */
  readonly seed: number | null;
  /** Model name as Google reports it (may be newer than the app's list). */
  readonly model: string;
  readonly aspectRatio: string;
  /** The PNG, base64-encoded as Google sends it. */
  readonly encodedImage: string;
  readonly mimeType: 'image/png';
}

/** The answer to one generation request. Google sometimes returns fewer images than `settings.count`. */
export interface GenerationResult {
  /** What was sent, with the seed that was actually used. */
  readonly settings: GenerationSettings;
  readonly images: readonly GeneratedImage[];
}

/** Captions ImageFX wrote for an image (possibly fewer than asked for). */
export interface CaptionResult {
  readonly captions: readonly string[];
}

/** Where generated images go the moment they arrive (implemented by the gallery). */
export interface GeneratedImageSink {
  /** Stores one image durably before resolving; a rejection fails the job that produced it. */
  add(image: GeneratedImage, settings: GenerationSettings): Promise<void>;
}

/** The image without its picture: what progress events carry. */
export type GeneratedImageMetadata = Omit<GeneratedImage, 'encodedImage'>;

/** Drops the picture, keeping the metadata. */
export function imageMetadata(image: GeneratedImage): GeneratedImageMetadata {
  const { encodedImage: _picture, ...metadata } = image;
  return metadata;
}
