/**
 * services/gallery — every result kept: image files with their metadata embedded (the source of truth),
 * a node:sqlite index for paging and full-text search, thumbnails, export, and the handler behind the
 * `imagefx-gallery:` protocol. Owns its input path: `GalleryImageSink` saves each generated image.
 */
export { Gallery, type GalleryExportOptions } from './gallery.ts';
export { GalleryExportRunner, type ExportingGallery } from './gallery-export-runner.ts';
export { GalleryImageSink } from './gallery-image-sink.ts';
export { createGalleryProtocolHandler, type GalleryAssetSource, type GalleryProtocolOptions } from './gallery-protocol-handler.ts';
