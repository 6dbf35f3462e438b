/**
 * Batch files: text lines with their own trailing settings, CSV with a header, `{a|b}` wildcards, the
 * "one image per prompt" default, the 500-job cap, and problems that name their line — by example and,
 * with fast-check, for any file built from random lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWildcardCombinations, expandWildcards } from '../../src/shared/batch-wildcards.ts';
import { readCsvRecords } from '../../src/shared/csv-records.ts';
import { ASPECT_RATIO_NOTATION, MAX_BATCH_PROMPTS, MAX_PROMPT_LENGTH, MAX_SEED } from '../../src/shared/generation-options.ts';
import type { BatchSettings } from '../../src/shared/generation-schemas.ts';
import { generateRequestSchema } from '../../src/shared/generation-schemas.ts';
import { batchFormatOf, planBatch } from '../../src/shared/prompt-batch-syntax.ts';

const DEFAULTS: BatchSettings = { count: 4, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' };
const plan = (text: string, extra: { onePerPrompt?: boolean; format?: 'text' | 'csv' } = {}) => planBatch(text, { defaults: DEFAULTS, ...extra });

describe('text files', () => {
  it('skips blank lines and # comments, trims, accepts any line ending and a BOM; settings at the end of a line are its own', () => {
    const result = plan('\uFEFF# harbour series\r\n  a quiet harbour  \r\n\nfoxes in snow --count 2 --aspect 16:9\rowls --seed 5 --model imagen-3.5 --aspect=9:16\n');
    expect(result.problems).toEqual([]);
    expect(result.requests).toEqual([
      { ...DEFAULTS, prompt: 'a quiet harbour' },
      { ...DEFAULTS, prompt: 'foxes in snow', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE' },
      { ...DEFAULTS, prompt: 'owls', seed: 5, aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT' },
    ]);
    expect(result).toMatchObject({ format: 'text', jobCount: 3, imageCount: 4 + 2 + 4 });
  });

  it('leaves other --words, a --setting without a value and settings mid-line in the prompt', () => {
    const result = plan('a sign saying --stop here\na cat --count\n--count 2 is what the poster says, in red');
    expect(result.requests.map((request) => request.prompt)).toEqual(['a sign saying --stop here', 'a cat --count', '--count 2 is what the poster says, in red']);
  });

  it('names the line of every problem and queues nothing of a file with problems', () => {
    const result = plan(`ok\nbad count --count 12\n# fine\nbad seed --seed 1.5\n--aspect 3:2\ntwice --count 1 --count 2\n${'y'.repeat(MAX_PROMPT_LENGTH + 1)}\nnot a model --model dall-e`);
    expect(result.problems).toEqual([
      { line: 2, message: '--count must be a whole number from 1 to 8 (not “12”).' },
      { line: 4, message: `--seed must be a whole number from 0 to ${MAX_SEED}, or random (not “1.5”).` },
      { line: 5, message: '--aspect must be one of 1:1, 9:16, 16:9, 4:3 (not “3:2”).' },
      { line: 5, message: 'This line has settings but no prompt.' },
      { line: 6, message: '--count is given twice.' },
      { line: 7, message: `The prompt is 2,001 characters long; the limit is 2,000.` },
      { line: 8, message: '--model must be one of IMAGEN_3_5, GEM_PIX_2, NARWHAL, HARBOR_SEAL (not “dall-e”).' },
    ]);
    expect(plan(`${' '.repeat(3)}${'y'.repeat(MAX_PROMPT_LENGTH)}  `).problems).toEqual([]);
  });

  it('says when there is nothing to queue, or the text is binary', () => {
    for (const text of ['', '\n\n', '# a\n  # b\n', '\uFEFF']) {
      expect(plan(text).problems).toEqual([{ line: null, message: 'There are no prompts: every line is blank or a # comment.' }]);
    }
    expect(plan('a\u0000b').problems).toEqual([{ line: null, message: 'This is not a text file.' }]);
  });

  it('"one image per prompt" makes the default count 1; a line’s own --count still wins; --seed random is no fixed seed', () => {
    const result = plan('a\nb --count 3 --seed random', { onePerPrompt: true });
    expect(result.requests.map((request) => [request.count, request.seed])).toEqual([[1, null], [3, null]]);
    expect(planBatch('c', { defaults: { ...DEFAULTS, seed: 9 } }).requests[0]!.seed).toBe(9);
  });
});

describe('wildcards', () => {
  it('make one job per combination, first group slowest; braces without | stay text', () => {
    const result = plan('a {red|blue} {car|boat} --count 1\nkeep {this} and {unclosed|');
    expect(result.requests.map((request) => request.prompt)).toEqual(['a red car', 'a red boat', 'a blue car', 'a blue boat', 'keep {this} and {unclosed|']);
    expect(result.requests.every((request, index) => request.count === (index < 4 ? 1 : 4))).toBe(true);
    expect(result).toMatchObject({ jobCount: 5, imageCount: 4 + 4 });
  });

  it('count the jobs of a file over the cap without expanding it, and refuse it', () => {
    const huge = `${'{a|b}'.repeat(40)}`; // 2^40 combinations
    const result = plan(`first\n${huge}`);
    expect(result.jobCount).toBe(1 + 2 ** 40);
    expect(result.requests.length).toBeLessThanOrEqual(MAX_BATCH_PROMPTS);
    expect(result.problems).toEqual([{ line: null, message: `This batch makes ${(1 + 2 ** 40).toLocaleString('en')} jobs; one batch queues at most 500. Split it into smaller files.` }]);
    const exactly = plan(Array.from({ length: 250 }, (_, index) => `item ${index} {x|y}`).join('\n'));
    expect(exactly).toMatchObject({ jobCount: 500, problems: [] });
    expect(exactly.requests).toHaveLength(500);
    expect(plan(`${exactly.requests.map((request) => request.prompt).join('\n')}\none more`).problems).toHaveLength(1);
  });

  it('reports an empty combination', () => {
    expect(plan('{ |x}').problems).toEqual([{ line: 1, message: 'A combination of this line’s {…|…} options is empty.' }]);
  });

  it('expand to exactly the product of the group sizes, every combination once (property)', () => {
    const option = fc.stringMatching(/^[a-z ]{0,4}$/);
    const group = fc.array(option, { minLength: 2, maxLength: 3 });
    const literal = fc.stringMatching(/^[a-z .]{0,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(literal, group), { maxLength: 4 }), literal, (pieces, tail) => {
        const prompt = pieces.map(([text, options]) => `${text}{${options.join('|')}}`).join('') + tail;
        const expected = pieces.reduce((total, [, options]) => total * options.length, 1);
        const expanded = expandWildcards(prompt);
        expect(countWildcardCombinations(prompt)).toBe(expected);
        expect(expanded).toHaveLength(expected);
        expect(expanded.every((result) => !result.includes('|'))).toBe(true);
        const combinations = pieces.reduce<string[][]>((all, [, options]) => all.flatMap((start) => options.map((_, index) => [...start, String(index)])), [[]]);
        expect(new Set(combinations.map((combination) => combination.join(','))).size).toBe(expected);
      }),
    );
  });
});

describe('CSV files', () => {
  it('reads the header’s columns in any order; empty cells take the defaults; quoted cells keep commas, quotes and line breaks', () => {
    const csv = 'Seed, prompt ,count,aspect\r\n5,"a harbour, at dawn",2,16:9\n,"she said ""hello""\nand left",,\n\n,plain,,IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE\n';
    const result = plan(csv, { format: 'csv' });
    expect(result.problems).toEqual([]);
    expect(result.requests).toEqual([
      { ...DEFAULTS, prompt: 'a harbour, at dawn', seed: 5, count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE' },
      { ...DEFAULTS, prompt: 'she said "hello"\nand left' },
      { ...DEFAULTS, prompt: 'plain', aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE' },
    ]);
  });

  it('names the row (by its first line) of bad cells, rows without a prompt, extra cells; refuses unknown or missing columns', () => {
    const result = plan('prompt,count\nok,1\n"two\nlines",9\n,3\na,1,extra\n', { format: 'csv' });
    expect(result.problems).toEqual([
      { line: 3, message: 'The count cell must be a whole number from 1 to 8 (not “9”).' },
      { line: 5, message: 'This row has no prompt.' },
      { line: 6, message: 'This row has more cells than the header has columns (2).' },
    ]);
    expect(plan('prompt,colour\na,red', { format: 'csv' }).problems).toEqual([
      { line: 1, message: 'Unknown column “colour”: a batch CSV’s header names the columns prompt, count, aspect, seed and model.' },
    ]);
    expect(plan('count,seed\n1,2', { format: 'csv' }).problems[0]!.message).toMatch(/^There is no prompt column/);
    expect(plan('prompt,prompt\n1,2', { format: 'csv' }).problems[0]!.message).toMatch(/^The column “prompt” appears twice/);
  });

  it('is chosen by the file name, or for pasted text by a first line that is a prompt header', () => {
    expect(batchFormatOf('list.CSV', 'anything')).toBe('csv');
    expect(batchFormatOf('list.txt', 'prompt,count\na,1')).toBe('text');
    expect(batchFormatOf(null, '\n  prompt,count\na,1')).toBe('csv');
    expect(batchFormatOf(null, '"prompt"\na')).toBe('csv');
    expect(batchFormatOf(null, 'prompts for today\na')).toBe('text');
    expect(plan('prompt,count\na {b|c},2').requests.map((request) => request.prompt)).toEqual(['a b', 'a c']);
  });

  it('reads back what a CSV writer wrote, any text in any cell (property)', () => {
    const cell = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') });
    const quote = (value: string): string => `"${value.replaceAll('"', '""')}"`;
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text = rows.map((row) => row.map(quote).join(',')).join(eol);
        expect(readCsvRecords(text).map((record) => record.fields)).toEqual(rows);
      }),
    );
  });
});

describe('any file (property)', () => {
  const prompt = fc.stringMatching(/^[A-Za-z][A-Za-z ,.'{}|]{0,30}$/);
  const setting = fc.oneof(
    fc.integer({ min: 1, max: 8 }).map((count) => ({ text: `--count ${count}`, field: { count } })),
    fc.constantFrom(...Object.entries(ASPECT_RATIO_NOTATION)).map(([aspectRatio, ratio]) => ({ text: `--aspect ${ratio}`, field: { aspectRatio } })),
    fc.integer({ min: 0, max: MAX_SEED }).map((seed) => ({ text: `--seed ${seed}`, field: { seed } })),
  );
  const line = fc.tuple(prompt, fc.uniqueArray(setting, { maxLength: 3, selector: (entry) => Object.keys(entry.field)[0] }));

  it('turns each line into its own settings over the defaults, each request valid at the IPC boundary, never throwing', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        const text = lines.map(([words, settings]) => [words, ...settings.map((entry) => entry.text)].join(' ')).join('\n');
        const result = plan(text, { format: 'text' });
        const expected = lines.flatMap(([words, settings]) => {
          const request = Object.assign({ ...DEFAULTS }, ...settings.map((entry) => entry.field));
          return expandWildcards(words).map((expanded) => ({ ...request, prompt: expanded.trim() }));
        });
        const valid = expected.every((request) => request.prompt !== '');
        if (!valid) return;
        expect(result.problems).toEqual([]);
        expect(result.requests).toEqual(expected);
        for (const request of result.requests) expect(generateRequestSchema.safeParse(request).success).toBe(true);
      }),
    );
  });

  it('never throws and never queues more than the cap, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (text, csv) => {
        const result = plan(text, { format: csv ? 'csv' : 'text' });
        expect(result.requests.length).toBeLessThanOrEqual(MAX_BATCH_PROMPTS);
        if (result.problems.length === 0) expect(result.requests.length).toBe(result.jobCount);
      }),
    );
  });
});
