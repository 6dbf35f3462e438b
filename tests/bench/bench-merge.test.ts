/**
 * `npm run bench -- --only renderer` writes the renderer's keys into the last full run's results and keeps
 * everything else that run measured; a failed section writes nulls and its error, never the old figures.
 */
import { describe, expect, it } from 'vitest';
import { mergeSectionRun } from '../../bench/bench-merge.ts';
import { RENDERER_KEYS, RESULT_KEYS, type BenchResults } from '../../bench/bench-results.ts';

function results(value: number | null, extra: Partial<BenchResults> = {}): BenchResults {
  const figures = Object.fromEntries(RESULT_KEYS.map((key) => [key, value]));
  return { ...figures, meta: { date: 'then', node: 'v24', loadAverageBefore: [1], loadAverageAfter: [2], durationSeconds: 500 }, details: { gallery: { a: 1 } }, errors: {}, ...extra } as BenchResults;
}

describe('merging a standalone section into the results file', () => {
  it('replaces the section’s keys and details, keeps the rest, and records when it ran', () => {
    const full = results(1, { errors: { renderer: 'old failure', harvest: 'no chromium' } });
    const run = results(null, { meta: { date: 'now', node: 'v24', loadAverageBefore: [7], loadAverageAfter: [9], durationSeconds: 29 }, details: { renderer: { frames: 500 } } });
    for (const key of RENDERER_KEYS) (run as unknown as Record<string, number>)[key] = 42;
    const merged = mergeSectionRun(full, run, ['renderer']);
    for (const key of RESULT_KEYS) expect(merged[key], key).toBe((RENDERER_KEYS as readonly string[]).includes(key) ? 42 : 1);
    expect(merged.details).toEqual({ gallery: { a: 1 }, renderer: { frames: 500 } });
    expect(merged.errors).toEqual({ harvest: 'no chromium' });
    expect(merged.meta).toMatchObject({ date: 'then', sectionRuns: { renderer: { date: 'now', loadAverageBefore: [7], loadAverageAfter: [9], durationSeconds: 29 } } });
  });

  it('writes nulls and the error of a section that failed, and starts a file when there was none', () => {
    const failed = results(null, { errors: { renderer: 'Chromium would not start' } });
    const merged = mergeSectionRun(results(1), failed, ['renderer']);
    for (const key of RENDERER_KEYS) expect(merged[key]).toBeNull();
    expect(merged.errors).toEqual({ renderer: 'Chromium would not start' });
    expect(mergeSectionRun(null, failed, ['renderer']).errors).toEqual({ renderer: 'Chromium would not start' });
  });
});
