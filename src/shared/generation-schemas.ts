/**
 * The generation domain's shapes, one schema each with its type inferred: what a request may say, what a
 * job and its events report, how a failure travels. The IPC registry parses requests with these once, at
 * the boundary; services take the inferred types and trust them.
 */
import { z } from 'zod';
import { ERROR_CODES } from './app-error.ts';
import {
  ASPECT_RATIOS,
  CAPTION_MIME_TYPES,
  IMAGE_MODELS,
  JOB_MOVES,
  MAX_BATCH_PROMPTS,
  MAX_CAPTION_IMAGE_BYTES,
  MAX_IMAGES_PER_REQUEST,
  MAX_JOB_PAGE,
  MAX_PROMPT_LENGTH,
  MAX_RAW_PROMPT_LENGTH,
  MAX_REFERENCE_IMAGES,
  MAX_SEED,
  WAIT_REASONS,
} from './generation-options.ts';
import { failureInfoSchema } from './failure-info.ts';
import { plainObject, timestamp } from './schema-kit.ts';

/**
 * A prompt: trimmed, 1 to {@link MAX_PROMPT_LENGTH} characters, from raw text of at most
 * {@link MAX_RAW_PROMPT_LENGTH} (checked first, so a huge string is never trimmed).
 */
export const promptSchema = z.string().max(MAX_RAW_PROMPT_LENGTH, `A prompt must have 1 to ${MAX_PROMPT_LENGTH} characters.`).refine((value) => {
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= MAX_PROMPT_LENGTH;
}, `A prompt must have 1 to ${MAX_PROMPT_LENGTH} characters.`);

const countSchema = z.number().int().min(1).max(MAX_IMAGES_PER_REQUEST);
const seedSchema = z.number().int().min(0).max(MAX_SEED);

/** An opaque id for a reference picture staged in the main process (`generation:add-reference`). */
export const referenceIdSchema = z.string().regex(/^ref-[0-9a-f]{32}$/);

/** Reference pictures for a request, by id: jobs never carry picture bytes. */
const referenceIdsSchema = z.array(referenceIdSchema).max(MAX_REFERENCE_IMAGES);

const batchSettingsShape = {
  /** Images to ask for; Google sometimes returns fewer. */
  count: countSchema,
  aspectRatio: z.enum(ASPECT_RATIOS),
  /** A fixed seed reproduces a picture; `null` picks one from the injected randomness. */
  seed: seedSchema.nullable(),
  model: z.enum(IMAGE_MODELS),
  /** Pictures the backend should work from (Flow only); absent means none. */
  referenceIds: referenceIdsSchema.optional(),
};

/** A request without its prompt: the generate form's settings, and a batch file's defaults. */
export const batchSettingsSchema = plainObject(batchSettingsShape);
export type BatchSettings = z.infer<typeof batchSettingsSchema>;

/** A generation request as a caller (or the renderer, over IPC) states it. */
export const generateRequestSchema = plainObject({ ...batchSettingsShape, prompt: promptSchema });
export type GenerateRequest = z.infer<typeof generateRequestSchema>;

/** A request as sent: trimmed prompt, a concrete seed. What reaches Google, and what results record. */
export const generationSettingsSchema = z.object({
  prompt: z.string(),
  count: countSchema,
  aspectRatio: z.enum(ASPECT_RATIOS),
  seed: seedSchema,
  model: z.enum(IMAGE_MODELS),
  referenceIds: referenceIdsSchema.optional(),
});
export type GenerationSettings = z.infer<typeof generationSettingsSchema>;

/** What Google reported about one image (no picture: the gallery serves those by id). */
export const generatedImageInfoSchema = z.object({
  /** Google's media id: fetches the image again later. `null` if Google left it out. */
  mediaId: z.string().nullable(),
  /** Google's `workflowId` (shared by the images of one request), when reported. */
  workflowId: z.string().nullable(),
  prompt: z.string(),
  /** The seed that reproduces this picture (Google gives each candidate its own); `null` if not reported. */
  seed: z.number().int().nullable(),
  /** Model name as Google reports it (may be newer than the app's list). */
  model: z.string(),
  aspectRatio: z.string(),
  mimeType: z.enum(['image/png', 'image/jpeg']),
});
export type GeneratedImageInfo = z.infer<typeof generatedImageInfoSchema>;

export const jobStatusSchema = z.enum(['queued', 'running', 'paused', 'completed', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/**
 * Why a job waits: the user paused it, or an account-wide block that would fail every following job too
 * (signed out, quota used up, Google's unusual-activity lock). Such blocks pause rather than fail.
 */
export const pauseReasonSchema = z.enum(['USER', 'AUTH_REQUIRED', 'QUOTA_REACHED', 'UNUSUAL_ACTIVITY']);
export type PauseReason = z.infer<typeof pauseReasonSchema>;

/**
 * What a job waits for, while it waits (see `WAIT_REASONS`), and until when: the epoch ms the wait ends
 * (pacing, retry, rate-limited), or `null` when it ends with an event (the network, Google, a sign-in).
 */
export const jobWaitSchema = z.object({ reason: z.enum(WAIT_REASONS), until: timestamp.nullable() });
export type JobWait = z.infer<typeof jobWaitSchema>;

/** Queue job ids (`job-12`); anything else cannot name a job. */
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A job as the UI sees it. */
export const generationJobSchema = z.object({
  id: z.string(),
  /** Jobs queued together (one batch or prompt file) share this id; `null` for a single job. */
  batchId: z.string().nullable(),
  /** The account that queued it: the job runs only while that account is the active, signed-in one. */
  accountId: z.string(),
  request: generateRequestSchema,
  status: jobStatusSchema,
  pauseReason: pauseReasonSchema.nullable(),
  /** Set while a queued or running job waits for something that ends by itself (or a sign-in); else `null`. */
  wait: jobWaitSchema.nullable(),
  failure: failureInfoSchema.nullable(),
  /** What was sent for the last run (seed resolved), once the job has produced a result. */
  settings: generationSettingsSchema.nullable(),
  /** Images already saved. */
  images: z.array(generatedImageInfoSchema),
  createdAt: timestamp,
  /** When the current or last run began (`null` until the job first runs); with `finishedAt`, its duration. */
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});
export type GenerationJob = z.infer<typeof generationJobSchema>;

const jobEvent = <Type extends string>(type: Type) => ({ type: z.literal(type), job: generationJobSchema });

/** Progress of a job; every event carries the job's snapshot after the change. */
export const generationJobEventSchema = z.discriminatedUnion('type', [
  z.object(jobEvent('queued')),
  z.object(jobEvent('running')),
  z.object({ ...jobEvent('retrying'), attempt: z.number().int(), delayMs: z.number(), failure: failureInfoSchema }),
  /** The job's wait (or its account) changed; `job.wait` says what it waits for now. */
  z.object(jobEvent('waiting')),
  z.object({ ...jobEvent('image-received'), image: generatedImageInfoSchema }),
  z.object(jobEvent('completed')),
  z.object({ ...jobEvent('failed'), code: z.enum(ERROR_CODES), failure: failureInfoSchema }),
  z.object({ ...jobEvent('paused'), reason: pauseReasonSchema }),
  z.object(jobEvent('cancelled')),
]);
export type GenerationJobEvent = z.infer<typeof generationJobEventSchema>;

/** One page of the job list: the jobs queued after `after` (a job id, or `null` for the first page). */
export const jobPageRequestSchema = plainObject({
  after: jobIdSchema.nullable(),
  limit: z.number().int().min(1).max(MAX_JOB_PAGE),
});
export type JobPageRequest = z.infer<typeof jobPageRequestSchema>;

/** A page of jobs, in the order queued, and why the queue holds. */
export const queueSnapshotSchema = z.object({
  jobs: z.array(generationJobSchema).max(MAX_JOB_PAGE),
  /** Why the whole queue holds (new jobs wait too), or `null`. */
  holdReason: pauseReasonSchema.nullable(),
  /** Pass as `after` for the next page; `null` on the last page. */
  nextCursor: z.string().nullable(),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

/**
 * A batch: one request per job, each with its own settings (a batch file's lines, wildcards expanded;
 * see prompt-batch-syntax.ts). Queued together, all or nothing.
 */
export const batchRequestsSchema = z.array(generateRequestSchema).min(1).max(MAX_BATCH_PROMPTS);

/** Where a waiting job moves in the line. */
export const jobMoveSchema = z.enum(JOB_MOVES);

/** Caption an image the renderer holds (dropped, pasted or picked): its bytes and declared type. */
export const captionRequestSchema = plainObject({
  bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength >= 1 && bytes.byteLength <= MAX_CAPTION_IMAGE_BYTES, {
    message: `The image must have 1 byte to ${MAX_CAPTION_IMAGE_BYTES / (1024 * 1024)} MB.`,
  }),
  mimeType: z.enum(CAPTION_MIME_TYPES),
  count: countSchema,
});
export type CaptionRequest = z.infer<typeof captionRequestSchema>;

export const captionResultSchema = z.object({ captions: z.array(z.string()) });
export type CaptionResult = z.infer<typeof captionResultSchema>;

/**
 * One picture Google made: its metadata and the picture as it came — base64 text from classic ImageFX,
 * the bytes exactly as received from Flow (JPEG, never re-encoded). Main-process only (the image service
 * produces it, the gallery stores it); the renderer loads pictures by gallery id.
 */
export type GeneratedImage = GeneratedImageInfo & { readonly encodedImage: string | Uint8Array };
