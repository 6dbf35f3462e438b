/**
 * `generation:*`: one generation now (its images saved to the gallery as they are returned), and the
 * queue — single jobs, batches, prompt-file text, pause / resume / cancel per job and for all, the list.
 */
import type { SavedImage } from '../../shared/ipc-contract.ts';
import type { DomainHandlers } from './ipc-handler-table.ts';
import type { GalleryImageSaver, GenerationQueueControls, ImageOperations } from './ipc-ports.ts';
import { toImageInfo } from './media-handlers.ts';

export interface GenerationHandlerDeps {
  readonly images: ImageOperations;
  readonly queue: GenerationQueueControls;
  readonly gallerySaver: GalleryImageSaver;
}

export function createGenerationHandlers({ images, queue, gallerySaver }: GenerationHandlerDeps): DomainHandlers<'generation'> {
  return {
    'generation:generate': async (request) => {
      const result = await images.generate(request);
      const saved: SavedImage[] = [];
      for (const image of result.images) {
        const galleryItem = await gallerySaver.save(image, result.settings);
        saved.push({ ...toImageInfo(image), galleryItem });
      }
      const { prompt, count, aspectRatio, seed, model } = result.settings;
      return { settings: { prompt, count, aspectRatio, seed, model }, images: saved };
    },
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
    'generation:list-jobs': () => ({ jobs: queue.listJobs(), concurrency: queue.concurrency, holdReason: queue.holdReason }),
  };
}
