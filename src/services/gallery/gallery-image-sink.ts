/**
 * Where generated images go: the gallery, the moment each one arrives (the generation queue's sink), with
 * every saved item reported so the window can show it at once.
 */
import type { Gallery } from './gallery.ts';
import type { GeneratedImageInput } from './image-metadata.ts';
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GeneratedImage, GenerationSettings } from '../../shared/generation-schemas.ts';

export interface GalleryImageSinkOptions {
  readonly gallery: Pick<Gallery, 'add'>;
  readonly onDidAdd: (item: GalleryItem) => void;
}

/**
 * The gallery's input for `image`: fields copied one by one (nothing else a result carries can reach a
 * file), gaps filled from what was sent (Google may leave out the seed or the ids).
 */
export function toGalleryInput(image: GeneratedImage, settings: GenerationSettings): GeneratedImageInput {
  return {
    // The gallery reads base64 PNG today; Flow's JPEG bytes are accepted once it sniffs formats (gallery branch).
    encodedImage: typeof image.encodedImage === 'string' ? image.encodedImage : Buffer.from(image.encodedImage).toString('base64'),
    seed: image.seed ?? settings.seed,
    prompt: image.prompt || settings.prompt,
    model: image.model || settings.model,
    aspectRatio: image.aspectRatio || settings.aspectRatio,
    mediaId: image.mediaId ?? '',
    workflowId: image.workflowId ?? '',
    request: { count: settings.count, seed: settings.seed, model: settings.model, aspectRatio: settings.aspectRatio },
  };
}

export class GalleryImageSink {
  readonly #gallery: Pick<Gallery, 'add'>;
  readonly #onDidAdd: (item: GalleryItem) => void;

  constructor(options: GalleryImageSinkOptions) {
    this.#gallery = options.gallery;
    this.#onDidAdd = options.onDidAdd;
  }

  /** Stores the image durably (the queue waits for this before reporting it), then tells the listener. */
  async add(image: GeneratedImage, settings: GenerationSettings): Promise<void> {
    const item = await this.#gallery.add(toGalleryInput(image, settings));
    try {
      this.#onDidAdd(item);
    } catch {
      // The image is saved; a failing listener must not fail the job that produced it.
    }
  }
}
