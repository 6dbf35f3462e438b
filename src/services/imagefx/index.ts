/**
 * services/imagefx — making images: `ImageFXService` (resolves the backend for the job's account, refuses
 * what it cannot serve, stages reference pictures) over the backend port (`ImageBackend`) with two
 * implementations — `ClassicImageBackend` (labs.google: credentials per attempt, one token renewal on an
 * auth failure, bounded retries honouring Retry-After, cancellation; the wire in `ImageFXLibraryBackend`)
 * and `FlowImageBackend` (drives flow.google.com's own page through a DevTools port the app implements; its
 * `FlowKeepAlive` reloads the active Flow account's page on a schedule) —
 * `GenerationQueue` (one generation in flight, paced; each job its account's and its waits visible;
 * pause/resume/cancel, account-wide holds), which hands each image to a sink, and `ReachabilityMonitor`
 * (offline vs. Google unreachable).
 */
export { AccountBackendResolver } from './account-backend-resolver.ts';
export { ClassicImageBackend } from './classic-image-backend.ts';
export { FileCaptionImageStager } from './file-caption-image-stager.ts';
export { FlowImageBackend, type DiagnosticsSink } from './flow/flow-image-backend.ts';
export { DEFAULT_KEEP_ALIVE_INTERVAL_MS, FlowKeepAlive } from './flow/flow-keep-alive.ts';
export type { FlowPagePort, FlowPageProvider } from './flow/flow-page-port.ts';
export { KeyValueFlowProjectStore, type FlowProjectStore } from './flow/flow-project-store.ts';
export { FLOW_PAGE_HOSTS, flowGridUrl, locateFlowUrl } from './flow/site/flow-site.ts';
export type { GeneratedImageSink } from './generated-image.ts';
export { GenerationQueue } from './generation-queue.ts';
export { fixedBackend, type BackendResolver, type ImageBackend } from './image-backend.ts';
export { ImageFXLibraryBackend } from './imagefx-library-backend.ts';
export { ImageFXService } from './imagefx-service.ts';
export type { GenerationAccounts } from './queue-gates.ts';
export { ReachabilityMonitor, type Connectivity, type NetworkStatus } from './reachability.ts';
export { ReferenceImageStore } from './reference-image-store.ts';
export type { ImageSessionPort } from './request-recovery.ts';
