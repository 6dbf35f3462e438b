/**
 * A request made concrete: the trimmed prompt and a seed drawn when none was fixed. The request itself was
 * parsed at the boundary that received it (the IPC registry), so nothing here checks its shape again.
 */
import { MAX_SEED } from '../../shared/generation-options.ts';
import type { GenerateRequest, GenerationSettings } from '../../shared/generation-schemas.ts';

/** Fixes the request's seed (drawing one from `random` when it is `null`) and trims its prompt. */
export function resolveGenerationSettings(request: GenerateRequest, random: () => number): GenerationSettings {
  const { prompt, count, aspectRatio, seed, model, referenceIds } = request;
  const settings = { prompt: prompt.trim(), count, aspectRatio, model, seed: seed ?? randomSeed(random) };
  // Only present when used, so settings without references look as they always did.
  return referenceIds?.length ? { ...settings, referenceIds: [...referenceIds] } : settings;
}

/** A seed in 0…{@link MAX_SEED} from a `random()` in [0, 1). */
export function randomSeed(random: () => number): number {
  const value = Math.floor(random() * (MAX_SEED + 1));
  return Math.min(MAX_SEED, Math.max(0, value));
}
