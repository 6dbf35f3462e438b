/**
 * What a generation may ask for, as plain constants: the renderer draws its controls from them, the
 * schemas in `generation-schemas.ts` validate with them. No zod here, so the renderer bundle stays small
 * and never evaluates a schema library under its CSP (the one type from a schema file is erased).
 */
import type { BackendCapabilities } from './backend-schemas.ts';

/** The aspect ratios the app knows; a backend may support only some of them. */
export const ASPECT_RATIOS = [
  'IMAGE_ASPECT_RATIO_SQUARE',
  'IMAGE_ASPECT_RATIO_PORTRAIT',
  'IMAGE_ASPECT_RATIO_LANDSCAPE',
  'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE',
  'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR',
  'IMAGE_ASPECT_RATIO_UNSPECIFIED',
] as const;

export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** How people write each ratio people can pick: the form's labels, `--aspect 16:9` and a CSV's `aspect` column. */
export const ASPECT_RATIO_NOTATION = {
  IMAGE_ASPECT_RATIO_SQUARE: '1:1',
  IMAGE_ASPECT_RATIO_PORTRAIT: '9:16',
  IMAGE_ASPECT_RATIO_LANDSCAPE: '16:9',
  IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE: '4:3',
} as const satisfies Partial<Record<AspectRatio, string>>;

/**
 * The models the app knows, by their wire names: classic ImageFX's `IMAGEN_3_5` and Flow's Nano Banana
 * family (Google rejects the friendly names). Each backend says which it serves (its capabilities).
 */
export const IMAGE_MODELS = ['IMAGEN_3_5', 'GEM_PIX_2', 'NARWHAL', 'HARBOR_SEAL'] as const;

export type ImageModel = (typeof IMAGE_MODELS)[number];

/** What people call each model. */
export const IMAGE_MODEL_NAMES: { readonly [M in ImageModel]: string } = {
  IMAGEN_3_5: 'Imagen 3.5',
  GEM_PIX_2: 'Nano Banana Pro',
  NARWHAL: 'Nano Banana 2',
  HARBOR_SEAL: 'Nano Banana 2 Lite',
};

/** The ways the app can make images: Google Flow (flow.google.com) or classic ImageFX (labs.google). */
export const IMAGE_BACKENDS = ['flow', 'classic'] as const;

export type ImageBackendId = (typeof IMAGE_BACKENDS)[number];

/** What people call each backend (Settings, the capabilities' label). */
export const IMAGE_BACKEND_NAMES: { readonly [B in ImageBackendId]: string } = {
  flow: 'Google Flow',
  classic: 'ImageFX (classic)',
};

/**
 * What classic ImageFX (runImageFx) accepts: the classic backend's capabilities, and what the generate form
 * offers until the backend in use has said.
 */
export const CLASSIC_CAPABILITIES: BackendCapabilities = {
  backend: 'classic',
  label: IMAGE_BACKEND_NAMES.classic,
  models: [{ id: 'IMAGEN_3_5', name: IMAGE_MODEL_NAMES.IMAGEN_3_5 }],
  aspectRatios: [
    { id: 'IMAGE_ASPECT_RATIO_SQUARE', label: '1:1' },
    { id: 'IMAGE_ASPECT_RATIO_PORTRAIT', label: '9:16' },
    { id: 'IMAGE_ASPECT_RATIO_LANDSCAPE', label: '16:9' },
    { id: 'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE', label: '4:3' },
    { id: 'IMAGE_ASPECT_RATIO_UNSPECIFIED', label: 'Unspecified' },
  ],
  maxImages: 8,
  seed: true,
  maxReferenceImages: 0,
  captions: true,
};

/** The most images any backend returns per request (runImageFx: 8; Flow: 4, see its capabilities). */
export const MAX_IMAGES_PER_REQUEST = 8;

/**
 * Google documents no prompt limit; ours keeps a mis-split file (a whole document on one line) from being
 * sent as one prompt, and tells the user which line is the problem.
 */
export const MAX_PROMPT_LENGTH = 2000;

/**
 * A prompt's raw text (before trimming) may be at most this long: whitespace around a prompt is dropped, but
 * 20 MB of it is not a prompt, and trimming it would already cost the main process.
 */
export const MAX_RAW_PROMPT_LENGTH = 4 * MAX_PROMPT_LENGTH;

/** The most unfinished (queued, paused, running) jobs the queue holds; more is refused with INVALID_INPUT. */
export const MAX_QUEUED_JOBS = 1000;

/** The most jobs one `generation:list-jobs` reply carries; the renderer pages through the rest. */
export const MAX_JOB_PAGE = 200;

/** Google's seed is a 32-bit signed integer; we use its non-negative half. */
export const MAX_SEED = 2_147_483_647;

/** The most prompts one batch or prompt file may queue. */
export const MAX_BATCH_PROMPTS = 500;

/** Where a waiting job can move in the line: to the front, or one place up or down. */
export const JOB_MOVES = ['top', 'up', 'down'] as const;
export type JobMove = (typeof JOB_MOVES)[number];

/** Prompt files larger than this are not prompt files (500 prompts of 2000 characters, plus comments). */
export const MAX_PROMPT_FILE_LENGTH = 2 * 1024 * 1024;

/** The largest image a caption request may carry. */
export const MAX_CAPTION_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * Reference pictures one request may carry. Flow's own limit is not documented (FLOW-NOTES); three keeps
 * each generation to a few uploads, as a person would add them.
 */
export const MAX_REFERENCE_IMAGES = 3;

/** The largest reference picture the app accepts (its type is sniffed from the bytes). */
export const MAX_REFERENCE_IMAGE_BYTES = 10 * 1024 * 1024;

/** The MIME types a caption request may declare (the service checks the bytes match). */
export const CAPTION_MIME_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'image/gif'] as const;

/**
 * Why a job that will run by itself is not running right now (only `sign-in` needs the user):
 * - `pacing`: the short pause between two generations, as a person would take;
 * - `retry`: the last attempt failed in a way that heals (Google busy, a dropped connection, a hang);
 * - `rate-limited`: Google asked to slow down (Retry-After / RetryInfo);
 * - `offline`: the computer has no network;
 * - `google-unreachable`: the computer is online but Google does not answer;
 * - `sign-in`: the job's account is not the active, signed-in one.
 */
export const WAIT_REASONS = ['pacing', 'retry', 'rate-limited', 'offline', 'google-unreachable', 'sign-in'] as const;

export type WaitReason = (typeof WAIT_REASONS)[number];
