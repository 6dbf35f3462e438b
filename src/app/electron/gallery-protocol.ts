/**
 * The Electron side of the `imagefx-gallery:` scheme: its privileges (registered before `app` is ready) and
 * the `protocol.handle` registration. All the logic lives in the Electron-free handler.
 *
 * `protocol.handle` on the default `protocol` object serves only the default session, where the app's own
 * window lives; the login window's separate in-memory partition (where Google's pages load) never gets it.
 */
import type { CustomScheme, Protocol } from 'electron';
import { createGalleryProtocolHandler, type GalleryAssetSource, type GalleryProtocolOptions } from '../../services/gallery/index.ts';
import { GALLERY_SCHEME } from '../../shared/gallery-urls.ts';

/**
 * Pass to `protocol.registerSchemesAsPrivileged` with the app's other schemes, before `app` is ready.
 * `standard` gives URLs a host (`image` / `thumb`) and normal parsing; `secure` avoids mixed-content
 * treatment from the `app:` page; `supportFetchAPI` lets the renderer `fetch()` a picture (copy, drag).
 * No `bypassCSP`: the app's CSP allows `img-src imagefx-gallery:` explicitly.
 */
export const GALLERY_PRIVILEGED_SCHEME: CustomScheme = {
  scheme: GALLERY_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Serves gallery pictures from `gallery` on the `imagefx-gallery:` scheme. Call after `app` is ready. */
export function registerGalleryProtocol(
  protocol: Pick<Protocol, 'handle'>,
  gallery: GalleryAssetSource,
  options: GalleryProtocolOptions = {},
): void {
  const handler = createGalleryProtocolHandler(gallery, options);
  protocol.handle(GALLERY_SCHEME, (request) => handler(request));
}
