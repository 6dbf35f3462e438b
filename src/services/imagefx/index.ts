/**
 * services/imagefx — making images: `ImageFXService` (the recovery policy: fresh credentials per attempt,
 * one refresh on an auth failure, bounded retries, cancellation) over a backend port whose implementation
 * owns the wire (`ImageFXLibraryBackend` on @rohitaryal/imagefx-api), and `GenerationQueue` (one
 * generation in flight, paced; each job its account's and its waits visible; pause/resume/cancel, account-wide
 * holds), which hands each image to a sink, and `ReachabilityMonitor` (offline vs. Google unreachable).
 */
export { FileCaptionImageStager } from './file-caption-image-stager.ts';
export type { GeneratedImageSink } from './generated-image.ts';
export { GenerationQueue } from './generation-queue.ts';
export { ImageFXLibraryBackend } from './imagefx-library-backend.ts';
export { ImageFXService } from './imagefx-service.ts';
export type { GenerationAccounts } from './queue-gates.ts';
export { ReachabilityMonitor, type Connectivity, type NetworkStatus } from './reachability.ts';
export type { ImageSessionPort } from './request-recovery.ts';
