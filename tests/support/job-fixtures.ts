/**
 * Generation jobs as the queue reports them, for tests of what draws or counts jobs: a plain job in a
 * status (paused ones by the user), with any field overridden.
 */
import type { GenerateRequest, GenerationJob, JobStatus } from '../../src/shared/generation-schemas.ts';

/** A job `id` in `status`: four square images of `prompt <id>`, random seed, never run. */
export function jobFixture(id: string, status: JobStatus, overrides: Partial<GenerationJob> = {}): GenerationJob {
  const request: GenerateRequest = { prompt: `prompt ${id}`, count: 4, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' };
  return {
    id,
    batchId: null,
    accountId: 'account-1',
    request,
    status,
    pauseReason: status === 'paused' ? 'USER' : null,
    wait: null,
    failure: null,
    settings: null,
    images: [],
    createdAt: 0,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** What Google reported about one picture of `prompt` with `mediaId`. */
export function imageInfoFixture(mediaId: string, prompt = 'p'): GenerationJob['images'][number] {
  return { mediaId, workflowId: null, prompt, seed: 1, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', mimeType: 'image/png' };
}
