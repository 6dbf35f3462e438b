/**
 * What a generation asks for, and the one place that checks it. Everything here is plain data so it can
 * cross the IPC boundary unchanged; validation failures are `INVALID_INPUT` with a message a person can act on.
 */
import { AppError } from '../../shared/app-error.ts';
import {
  ASPECT_RATIOS,
  IMAGE_MODELS,
  MAX_IMAGES_PER_REQUEST,
  MAX_PROMPT_LENGTH,
  MAX_SEED,
  type BatchSettings,
  type GenerateRequest,
  type ResolvedGenerationSettings,
} from '../../shared/generation-types.ts';

export { ASPECT_RATIOS, IMAGE_MODELS, MAX_IMAGES_PER_REQUEST, MAX_PROMPT_LENGTH, MAX_SEED } from '../../shared/generation-types.ts';
export type { AspectRatio, BatchSettings, GenerateRequest, ImageModel } from '../../shared/generation-types.ts';
/** The service's name for what reaches Google: the request after validation. */
export type GenerationSettings = ResolvedGenerationSettings;


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
