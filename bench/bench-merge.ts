/**
 * `npm run bench -- --only renderer`: a section that runs on its own writes its keys into the results
 * file of the last full run and leaves every other figure as that run measured it. What ran when is kept
 * in `meta.sectionRuns` (date, load, duration), so a reader can tell the figures of the two runs apart.
 */
import type { BenchSection } from './bench-options.ts';
import { RENDERER_KEYS, RESULT_KEYS, type BenchResults, type Figures, type ResultKey } from './bench-results.ts';

/** The result keys each standalone section writes. */
export const SECTION_KEYS: Partial<Record<BenchSection, readonly ResultKey[]>> = { renderer: RENDERER_KEYS };

/** `previous` (a full run, or nothing) with the keys, details and errors of `sections` taken from `run`. */
export function mergeSectionRun(previous: BenchResults | null, run: BenchResults, sections: readonly BenchSection[]): BenchResults {
  const base: BenchResults = previous ?? run;
  const measured = new Set(sections.flatMap((section) => SECTION_KEYS[section] ?? []));
  const figures = Object.fromEntries(RESULT_KEYS.map((key) => [key, (measured.has(key) ? run[key] : base[key]) ?? null])) as Figures;
  const errors = Object.fromEntries(Object.entries(base.errors).filter(([section]) => !(sections as readonly string[]).includes(section)));
  const details = { ...base.details };
  const previousRuns = (base.meta['sectionRuns'] as Record<string, unknown> | undefined) ?? {};
  const sectionRuns: Record<string, unknown> = { ...previousRuns };
  for (const section of sections) {
    details[section] = run.details[section] ?? null;
    if (run.errors[section] !== undefined) errors[section] = run.errors[section];
    const { date, node, loadAverageBefore, loadAverageAfter, durationSeconds } = run.meta;
    sectionRuns[section] = { date, node, loadAverageBefore, loadAverageAfter, durationSeconds };
  }
  return { ...figures, meta: { ...base.meta, sectionRuns }, details, errors };
}
