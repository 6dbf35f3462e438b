/**
 * `generation:*`: the queue — single jobs, batches (one request per job), pause / resume / cancel per job
 * and for all, move / remove / retry per job, retry every failed job, the list — what the current backend
 * offers, reference pictures staged in main (requests then name them by id), and `caption:describe`
 * (describe an image the renderer holds).
 */
import type { DomainHandlers } from './ipc-handler-table.ts';
import type { GenerationQueueControls, ImageOperations } from './ipc-ports.ts';

export interface GenerationHandlerDeps {
  readonly images: ImageOperations;
  readonly queue: GenerationQueueControls;
}

export function createGenerationHandlers({ images, queue }: GenerationHandlerDeps): DomainHandlers<'generation' | 'caption'> {
  return {
    'generation:enqueue': (request) => queue.enqueue(request),
    'generation:enqueue-batch': (requests) => queue.enqueueBatch(requests),
    'generation:pause-job': (jobId) => queue.pause(jobId),
    'generation:resume-job': (jobId) => queue.resume(jobId),
    'generation:cancel-job': (jobId) => queue.cancel(jobId),
    'generation:move-job': (jobId, where) => queue.move(jobId, where),
    'generation:remove-job': (jobId) => queue.remove(jobId),
    'generation:retry-job': (jobId) => queue.retry(jobId),
    'generation:retry-failed': () => queue.retryFailed(),
    'generation:pause-all': () => {
      queue.pauseAll();
      return null;
    },
    'generation:resume-all': () => {
      queue.resumeAll();
      return null;
    },
    'generation:cancel-all': () => {
      queue.cancelAll();
      return null;
    },
    'generation:clear-finished': () => queue.clearFinished(),
    'generation:list-jobs': (request) => queue.snapshot(request),
    'generation:capabilities': () => images.capabilities(),
    'generation:add-reference': (upload) => images.addReference(upload),
    'caption:describe': (request) => images.caption(request),
  };
}
