/**
 * `generation:*`: the queue — single jobs, batches, prompt-file text, pause / resume / cancel per job and
 * for all, the list — what the current backend offers, reference pictures staged in main (requests then
 * name them by id), and `caption:describe` (describe an image the renderer holds).
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
    'generation:enqueue-batch': (prompts, settings) => queue.enqueueBatch(prompts, settings),
    'generation:enqueue-prompt-file': (text, settings) => queue.enqueuePromptFile(text, settings),
    'generation:pause-job': (jobId) => queue.pause(jobId),
    'generation:resume-job': (jobId) => queue.resume(jobId),
    'generation:cancel-job': (jobId) => queue.cancel(jobId),
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
    'generation:list-jobs': () => queue.snapshot(),
    'generation:capabilities': () => images.capabilities(),
    'generation:add-reference': (upload) => images.addReference(upload),
    'caption:describe': (request) => images.caption(request),
  };
}
