/**
 * What the image service hands on: a generation's result, and the sink that stores each image the moment
 * it arrives. The image shapes themselves are shared (src/shared/generation-schemas.ts).
 */
import type { GeneratedImage, GeneratedImageInfo, GenerationSettings } from '../../shared/generation-schemas.ts';

/** The answer to one generation request. Google sometimes returns fewer images than `settings.count`. */
export interface GenerationResult {
  /** What was sent, with the seed that was actually used. */
  readonly settings: GenerationSettings;
  readonly images: readonly GeneratedImage[];
}

/** Where generated images go the moment they arrive (implemented by the gallery). */
export interface GeneratedImageSink {
  /** Stores one image durably before resolving; a rejection fails the job that produced it. */
  add(image: GeneratedImage, settings: GenerationSettings): Promise<void>;
}

/** Drops the picture, keeping the metadata. */
export function imageInfo(image: GeneratedImage): GeneratedImageInfo {
  const { encodedImage: _picture, ...info } = image;
  return info;
}
