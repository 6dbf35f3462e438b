/**
 * services/imagefx — making images: `ImageFXService` (resolves the backend for the job's account, refuses
 * what it cannot serve, stages reference pictures) over the backend port (`ImageBackend`) with two
 * implementations — `ClassicImageBackend` (labs.google through @rohitaryal/imagefx-api: credentials per
 * attempt, one refresh, bounded retries) and `FlowImageBackend` (drives flow.google.com's own page through a
 * DevTools port the app implements) — and `GenerationQueue` (one generation in flight, pause/resume/cancel,
 * account-wide holds), which hands each image to a sink.
 */
export { AccountBackendResolver } from './account-backend-resolver.ts';
export { ClassicImageBackend } from './classic-image-backend.ts';
export { FileCaptionImageStager } from './file-caption-image-stager.ts';
export { FlowImageBackend, type DiagnosticsSink } from './flow/flow-image-backend.ts';
export type { FlowPagePort, FlowPageProvider } from './flow/flow-page-port.ts';
export { KeyValueFlowProjectStore } from './flow/flow-project-store.ts';
export { FLOW_PAGE_HOSTS, flowGridUrl, locateFlowUrl } from './flow/site/flow-site.ts';
export type { GeneratedImageSink } from './generated-image.ts';
export { GenerationQueue } from './generation-queue.ts';
export { fixedBackend, type BackendResolver, type ImageBackend } from './image-backend.ts';
export { ImageFXLibraryBackend } from './imagefx-library-backend.ts';
export { ImageFXService } from './imagefx-service.ts';
export { ReferenceImageStore } from './reference-image-store.ts';
export type { ImageSessionPort } from './request-recovery.ts';
