/**
 * The bytes the renderer loads for one grid page: the page JSON (what the `gallery:page` IPC reply
 * carries) plus each of its thumbnails fetched through the gallery protocol handler, exactly as
 * `<img src="imagefx-gallery://thumb/<id>">` would load them.
 */
import type { Gallery } from '../src/services/gallery/gallery.ts';
import { createGalleryProtocolHandler } from '../src/services/gallery/gallery-protocol-handler.ts';
import { galleryThumbnailUrl } from '../src/shared/gallery-urls.ts';
import { PAGE_SIZE } from './bench-options.ts';

export interface PageBytes {
  readonly total: number;
  readonly pageJson: number;
  readonly thumbnails: number;
  readonly thumbnailCount: number;
  readonly largestThumbnail: number;
}

/** Loads the newest page and its thumbnails; throws when any thumbnail is not served. */
export async function measurePageBytes(gallery: Gallery): Promise<PageBytes> {
  const page = await gallery.page({ limit: PAGE_SIZE });
  const pageJson = Buffer.byteLength(JSON.stringify(page), 'utf8');
  const handler = createGalleryProtocolHandler(gallery);
  let thumbnails = 0;
  let largestThumbnail = 0;
  for (const item of page.items) {
    const response = await handler({ url: galleryThumbnailUrl(item.id), method: 'GET' });
    if (response.status !== 200) throw new Error(`thumbnail of ${item.id} answered ${response.status}`);
    const size = (await response.arrayBuffer()).byteLength;
    thumbnails += size;
    largestThumbnail = Math.max(largestThumbnail, size);
  }
  return { total: pageJson + thumbnails, pageJson, thumbnails, thumbnailCount: page.items.length, largestThumbnail };
}
