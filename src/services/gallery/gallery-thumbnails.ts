/**
 * Thumbnails on disk: written when an image is saved, and made on first request for images that have none
 * (older images, copies from another machine, a deleted thumbs folder). They are disposable: any failure
 * here only means the thumbnail is made later, never that an image is lost.
 */
import type { GalleryFiles } from './gallery-files.ts';
import type { GalleryLayout } from './gallery-layout.ts';
import type { KeyedSerialQueue } from './keyed-serial-queue.ts';
import type { ThumbnailMaker } from './thumbnail-maker.ts';

export class GalleryThumbnails {
  readonly #layout: GalleryLayout;
  readonly #files: GalleryFiles;
  readonly #make: ThumbnailMaker;
  readonly #queue: KeyedSerialQueue;

  /** `queue` is the gallery's per-image queue, so a thumbnail is never made while its image is being deleted. */
  constructor(layout: GalleryLayout, files: GalleryFiles, make: ThumbnailMaker, queue: KeyedSerialQueue) {
    this.#layout = layout;
    this.#files = files;
    this.#make = make;
    this.#queue = queue;
  }

  /** Makes and stores the thumbnail of `png`; returns it, or `null` when it could not be made. */
  async create(id: string, png: Uint8Array): Promise<Uint8Array | null> {
    let thumbnail: Uint8Array;
    try {
      thumbnail = await this.#make(png);
    } catch {
      return null;
    }
    // Serving it matters more than caching it: a failed write is retried on the next request.
    await this.#files.write(this.#layout.thumbnailFile(id), thumbnail).catch(() => undefined);
    return thumbnail;
  }

  /**
   * The stored thumbnail, or one made now from the image. Concurrent requests for a missing thumbnail
   * make it once: the later ones wait in the image's queue and then find the file.
   */
  async read(id: string, stillExists: () => boolean): Promise<Uint8Array | null> {
    const file = this.#layout.thumbnailFile(id);
    const existing = await this.#files.readRegularFile(file);
    if (existing) return existing;
    return this.#queue.run(id, async () => {
      const madeMeanwhile = await this.#files.readRegularFile(file);
      if (madeMeanwhile || !stillExists()) return madeMeanwhile;
      const png = await this.#files.readRegularFile(this.#layout.imageFile(id));
      return png ? this.create(id, png) : null;
    });
  }
}
