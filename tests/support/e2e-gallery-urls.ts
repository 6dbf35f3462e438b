/**
 * Stand-in for src/renderer/gallery-urls.ts in the end-to-end build. A plain Chromium cannot load the
 * app's `imagefx-gallery:` scheme (requests for unknown schemes never reach the network layer, so
 * Playwright cannot route them), so the e2e bundle asks for pictures on its own origin instead, under
 * {@link E2E_GALLERY_PATH}; the harness answers those with the app's real gallery protocol handler.
 * Same shape as the real module; the rest of the bundle is unchanged.
 */
export const E2E_GALLERY_PATH = '/__gallery';

export const pictureUrls = {
  image: (id: string): string => `${E2E_GALLERY_PATH}/image/${encodeURIComponent(id)}`,
  thumbnail: (id: string): string => `${E2E_GALLERY_PATH}/thumb/${encodeURIComponent(id)}`,
};
