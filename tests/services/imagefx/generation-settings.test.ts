/**
 * A parsed request made concrete: trimmed prompt, resolved seed.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SEED } from '../../../src/shared/generation-options.ts';
import { randomSeed, resolveGenerationSettings } from '../../../src/services/imagefx/generation-settings.ts';

const REQUEST = { prompt: ' a cat ', count: 4, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 0, model: 'IMAGEN_3_5' } as const;

describe('resolveGenerationSettings', () => {
  it('trims the prompt and keeps a given seed, including 0 and the maximum', () => {
    expect(resolveGenerationSettings(REQUEST, () => 0.9)).toEqual({ ...REQUEST, prompt: 'a cat' });
    expect(resolveGenerationSettings({ ...REQUEST, seed: MAX_SEED }, () => 0.9).seed).toBe(MAX_SEED);
  });

  it('draws a null seed from the injected randomness, within range at both ends', () => {
    expect(resolveGenerationSettings({ ...REQUEST, seed: null }, () => 0).seed).toBe(0);
    expect(randomSeed(() => 0.999_999_999_999)).toBe(MAX_SEED);
    expect(randomSeed(() => 1)).toBe(MAX_SEED);
    expect(randomSeed(() => 0.5)).toBe(2 ** 30);
  });
});
