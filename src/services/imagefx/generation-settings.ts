/**
 * What a generation asks for, and the one place that checks it. Everything here is plain data so it can
 * cross the IPC boundary unchanged; validation failures are `INVALID_INPUT` with a message a person can act on.
 */
import { AppError } from '../../shared/app-error.ts';

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
export interface GenerationSettings {
  readonly prompt: string;
  readonly count: number;
  readonly aspectRatio: AspectRatio;
  readonly seed: number;
  readonly model: ImageModel;
}

/** The request fields shared by every prompt of a batch. */
export type BatchSettings = Omit<GenerateRequest, 'prompt'>;

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

/** Checks and trims a prompt; `where` names its place in a file ("line 4") for the message. */
export function validatePrompt(prompt: unknown, where?: string): string {
  const at = where ? ` (${where})` : '';
  if (typeof prompt !== 'string' || prompt.trim() === '') throw invalid(`The prompt is empty${at}.`);
  const trimmed = prompt.trim();
  if (trimmed.length > MAX_PROMPT_LENGTH) {
    throw invalid(`The prompt is ${trimmed.length} characters long${at}; the limit is ${MAX_PROMPT_LENGTH}.`);
  }
  return trimmed;
}

/** Checks the fields every prompt of a batch shares. */
export function validateBatchSettings(settings: BatchSettings): BatchSettings {
  const { count, aspectRatio, seed, model } = settings;
  if (!Number.isInteger(count) || count < 1 || count > MAX_IMAGES_PER_REQUEST) {
    throw invalid(`The number of images must be a whole number from 1 to ${MAX_IMAGES_PER_REQUEST}.`);
  }
  if (!(ASPECT_RATIOS as readonly unknown[]).includes(aspectRatio)) throw invalid('Unknown aspect ratio.');
  if (!(IMAGE_MODELS as readonly unknown[]).includes(model)) throw invalid('Unknown model.');
  if (seed !== null && (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)) {
    throw invalid(`The seed must be a whole number from 0 to ${MAX_SEED}, or empty for a random one.`);
  }
  return { count, aspectRatio, seed, model };
}

/** Validates a request and fixes its seed (drawing one from `random` when it is `null`). */
export function resolveGenerationSettings(request: GenerateRequest, random: () => number): GenerationSettings {
  const prompt = validatePrompt(request.prompt);
  const { count, aspectRatio, seed, model } = validateBatchSettings(request);
  return { prompt, count, aspectRatio, model, seed: seed ?? randomSeed(random) };
}

/** A seed in 0…{@link MAX_SEED} from a `random()` in [0, 1). */
export function randomSeed(random: () => number): number {
  const value = Math.floor(random() * (MAX_SEED + 1));
  return Math.min(MAX_SEED, Math.max(0, value));
}
