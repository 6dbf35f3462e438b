/**
 * `caption:*` and `media:*`: describe an image (bytes from the renderer, or a file the user picks in a
 * main-process dialog — never a path from the renderer) and fetch an earlier image by its media id.
 */
import type { GeneratedImageInfo } from '../../shared/ipc-contract.ts';
import type { DomainHandlers } from './ipc-handler-table.ts';
import type { ImageOperations, MainProcessDialogs } from './ipc-ports.ts';

/**
 * What the renderer learns about a generated image, copied field by field: image results come from the
 * code that holds the credentials, so nothing else they might carry is passed on.
 */
export function toImageInfo(image: GeneratedImageInfo): GeneratedImageInfo {
  return {
    mediaId: image.mediaId,
    workflowId: image.workflowId,
    prompt: image.prompt,
    seed: image.seed,
    model: image.model,
    aspectRatio: image.aspectRatio,
    mimeType: image.mimeType,
  };
}

export interface MediaHandlerDeps {
  readonly images: ImageOperations;
  readonly dialogs: MainProcessDialogs;
}

export function createMediaHandlers({ images, dialogs }: MediaHandlerDeps): DomainHandlers<'caption' | 'media'> {
  return {
    'caption:describe': async ({ bytes, mimeType, count }) => {
      const { captions } = await images.caption({ bytes, mimeType, count });
      return { captions: captions.map(String) };
    },
    'caption:describe-file': async (count) => {
      const imagePath = await dialogs.chooseCaptionImage();
      if (imagePath === null) return null;
      const { captions } = await images.caption({ imagePath, count });
      return { captions: captions.map(String) };
    },
    'media:fetch-by-id': async (mediaId) => {
      const image = await images.fetchById(mediaId);
      return { ...toImageInfo(image), encodedImage: image.encodedImage };
    },
  };
}
