/**
 * Where `<img>` elements get gallery pictures: the `imagefx-gallery:` scheme the main process serves
 * (the page's CSP allows exactly it for images). Every picture URL in the renderer comes from here.
 *
 * The end-to-end harness builds the renderer with this one module swapped for a stand-in origin, because
 * a plain Chromium cannot load a custom scheme (tests/e2e/app-scenario.test.ts says how and why).
 */
import { galleryImageUrl, galleryThumbnailUrl } from '../shared/gallery-urls.ts';

export const pictureUrls = {
  /** The full-size PNG. */
  image: (id: string): string => galleryImageUrl(id),
  /** The thumbnail (WebP, made on first request). */
  thumbnail: (id: string): string => galleryThumbnailUrl(id),
};
