/**
 * The file behind a Flow media item: an upload's bytes as they came, or a generated image rendered once (on
 * first download or upscale) and kept, so every download of one id returns identical bytes.
 */
import { renderFlowJpeg } from './flow-image-renderer.ts';
import type { FlowMedia } from './flow-store.ts';

/** The bytes of `media`, rendering a generated image the first time. */
export async function flowMediaBytes(media: FlowMedia): Promise<Buffer> {
  if (media.bytes) return media.bytes;
  if (media.origin.kind !== 'generated') throw new Error(`media ${media.id} has no bytes`);
  const { prompt, seed, model } = media.origin;
  media.bytes = await renderFlowJpeg({ prompt, seed, model, width: media.width, height: media.height });
  return media.bytes;
}
