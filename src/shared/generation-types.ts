/**
 * The generation domain both processes share: what ImageFX accepts (aspect ratios, models, counts, seeds)
 * and the app's own limits. The one definition: the services validate with these, the IPC schemas parse
 * with them, the renderer draws its controls from them.
 */

/** The aspect ratios runImageFx accepts (the library's `AspectRatio` values; a contract test keeps them equal). */
export const ASPECT_RATIOS = [
  'IMAGE_ASPECT_RATIO_SQUARE',
  'IMAGE_ASPECT_RATIO_PORTRAIT',
  'IMAGE_ASPECT_RATIO_LANDSCAPE',
  'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE',
  'IMAGE_ASPECT_RATIO_UNSPECIFIED',
] as const;

export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** The models the library knows (its `Model` values). */
export const IMAGE_MODELS = ['IMAGEN_3_5'] as const;

export type ImageModel = (typeof IMAGE_MODELS)[number];

/** runImageFx returns at most this many candidates per request. */
export const MAX_IMAGES_PER_REQUEST = 8;

/**
 * Google documents no prompt limit; ours keeps a mis-split file (a whole document on one line) from being
 * sent as one prompt, and tells the user which line is the problem.
 */
export const MAX_PROMPT_LENGTH = 2000;

/** Google's seed is a 32-bit signed integer; we use its non-negative half. */
export const MAX_SEED = 2_147_483_647;

/** A generation request as a caller (or the renderer, over IPC) states it. */
export interface GenerateRequest {
  readonly prompt: string;
  /** Images to ask for, 1…{@link MAX_IMAGES_PER_REQUEST}. Google sometimes returns fewer. */
  readonly count: number;
  readonly aspectRatio: AspectRatio;
  /** A fixed seed reproduces a picture; `null` picks one from the injected randomness. */
  readonly seed: number | null;
  readonly model: ImageModel;
}

/** A request after validation: trimmed prompt, a concrete seed. What reaches Google, and what results record. */
export interface ResolvedGenerationSettings {
  readonly prompt: string;
  readonly count: number;
  readonly aspectRatio: AspectRatio;
  readonly seed: number;
  readonly model: ImageModel;
}

/** The request fields shared by every prompt of a batch. */
export type BatchSettings = Omit<GenerateRequest, 'prompt'>;

/** The most prompts one batch or prompt file may queue. */
export const MAX_BATCH_PROMPTS = 500;

/** The most generation jobs that may run at once. */
export const MAX_CONCURRENCY = 8;

/** The largest image a caption request may carry. */
export const MAX_CAPTION_IMAGE_BYTES = 10 * 1024 * 1024;
