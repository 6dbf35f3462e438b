/**
 * Batch files, as creators keep them, turned into one generation request per job. Two forms:
 *
 * - **Text** (`.txt`, or pasted): one prompt a line; blank lines and lines starting with `#` are skipped.
 *   A line may end with its own settings: `--count 2`, `--aspect 16:9` (`1:1`, `9:16`, `16:9`, `4:3`),
 *   `--seed 5` (or `--seed random`), `--model IMAGEN_3_5`, in any order (`--count=2` works too).
 *   Only these four names are settings; any other `--word` stays part of the prompt.
 * - **CSV** (`.csv`, or pasted text whose first line is such a header): a header naming the columns,
 *   `prompt` required, `count`, `aspect`, `seed`, `model` optional, in any order; an empty cell takes
 *   the default. Quoted cells may hold commas and line breaks, as spreadsheets write them.
 *
 * In both, `{a|b|c}` wildcards make one job per combination (see batch-wildcards.ts). Settings a line does
 * not give come from the defaults (the form's); "one image per prompt" makes the default count 1.
 *
 * Nothing is thrown: every problem is reported with its line, so a preview can show them all, and the
 * caller queues only a batch without problems (all or nothing, as before). Pure and zod-free: the
 * renderer previews with it; the queue receives the resulting requests through `generation:enqueue-batch`,
 * whose schema checks each one again at the boundary.
 */
import { countWildcardCombinations, expandWildcards } from './batch-wildcards.ts';
import { readCsvRecords } from './csv-records.ts';
import { ASPECT_RATIO_NOTATION, ASPECT_RATIOS, IMAGE_MODELS, MAX_BATCH_PROMPTS, MAX_IMAGES_PER_REQUEST, MAX_PROMPT_LENGTH, MAX_SEED } from './generation-options.ts';
import type { BatchSettings, GenerateRequest } from './generation-schemas.ts';

export type BatchFormat = 'text' | 'csv';

/** The settings a line or row may give, by their names in the file. */
export const BATCH_SETTING_NAMES = ['count', 'aspect', 'seed', 'model'] as const;
type SettingName = (typeof BATCH_SETTING_NAMES)[number];
type LineSettings = Partial<BatchSettings>;

export interface BatchProblem {
  /** 1-based line of the file, or `null` for the file as a whole. */
  readonly line: number | null;
  readonly message: string;
}

export interface BatchPlan {
  readonly format: BatchFormat;
  /** One request per job, in file order (every combination of a line's wildcards, first group slowest). */
  readonly requests: GenerateRequest[];
  /** How many jobs the file makes, also when that is over the limit (then `requests` stops at the limit). */
  readonly jobCount: number;
  /** How many images those jobs ask for. */
  readonly imageCount: number;
  /** Empty when the batch may be queued. */
  readonly problems: BatchProblem[];
}

export interface BatchOptions {
  /** Settings for what a line does not say (the generate form's). */
  readonly defaults: BatchSettings;
  /** Forced format; otherwise {@link batchFormatOf} decides from the text alone. */
  readonly format?: BatchFormat;
  /** "One image per prompt": the default count becomes 1 (a line's own `--count` still wins). */
  readonly onePerPrompt?: boolean;
}

const CSV_HEADER = /^\s*"?prompt"?\s*(,|$)/i;

/** `csv` for a `.csv` file or text whose first non-blank line is a CSV header starting with `prompt`. */
export function batchFormatOf(fileName: string | null, text: string): BatchFormat {
  if (fileName !== null && /\.csv$/i.test(fileName)) return 'csv';
  if (fileName !== null && /\.txt$/i.test(fileName)) return 'text';
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  return CSV_HEADER.test(first) ? 'csv' : 'text';
}

/** Reads a batch file's text into requests and problems. */
export function planBatch(text: string, options: BatchOptions): BatchPlan {
  const format = options.format ?? batchFormatOf(null, text);
  const defaults = options.onePerPrompt ? { ...options.defaults, count: 1 } : options.defaults;
  const problems: BatchProblem[] = [];
  const clean = text.replace(/^\uFEFF/, '');
  const lines = clean.includes('\u0000')
    ? (problems.push({ line: null, message: 'This is not a text file.' }), [])
    : format === 'csv' ? csvLines(clean, problems) : textLines(clean, problems);
  const requests: GenerateRequest[] = [];
  let jobCount = 0;
  let imageCount = 0;
  for (const { line, prompt, settings } of lines) {
    const combinations = countWildcardCombinations(prompt);
    const request = { ...defaults, ...settings };
    jobCount += combinations;
    imageCount += combinations * request.count;
    if (jobCount > MAX_BATCH_PROMPTS) continue;
    for (const expanded of expandWildcards(prompt)) {
      const trimmed = expanded.trim();
      if (trimmed === '') problems.push({ line, message: 'A combination of this line’s {…|…} options is empty.' });
      else if (trimmed.length > MAX_PROMPT_LENGTH) problems.push({ line, message: `The prompt is ${trimmed.length.toLocaleString('en')} characters long; the limit is ${MAX_PROMPT_LENGTH.toLocaleString('en')}.` });
      else requests.push({ ...request, prompt: trimmed });
    }
  }
  if (lines.length === 0 && problems.length === 0) problems.push({ line: null, message: 'There are no prompts: every line is blank or a # comment.' });
  if (jobCount > MAX_BATCH_PROMPTS) {
    problems.push({ line: null, message: `This batch makes ${jobCount.toLocaleString('en')} jobs; one batch queues at most ${MAX_BATCH_PROMPTS}. Split it into smaller files.` });
  }
  return { format, requests, jobCount, imageCount, problems: dedupe(problems) };
}

interface BatchLine {
  readonly line: number;
  readonly prompt: string;
  readonly settings: LineSettings;
}

const TRAILING_SETTING = /(?:^|\s)--(count|aspect|seed|model)(?:=|\s+)(\S+)\s*$/i;

function textLines(text: string, problems: BatchProblem[]): BatchLine[] {
  const lines: BatchLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    let rest = raw.trim();
    if (rest === '' || rest.startsWith('#')) return;
    const settings: LineSettings = {};
    const seen = new Set<string>();
    let ok = true;
    for (let match = TRAILING_SETTING.exec(rest); match; match = TRAILING_SETTING.exec(rest)) {
      const name = match[1]!.toLowerCase() as SettingName;
      if (seen.has(name)) {
        problems.push({ line, message: `--${name} is given twice.` });
        ok = false;
      }
      seen.add(name);
      ok = readSetting(name, match[2]!, `--${name}`, settings, line, problems) && ok;
      rest = rest.slice(0, match.index).trimEnd();
    }
    if (rest === '') problems.push({ line, message: 'This line has settings but no prompt.' });
    else if (ok) lines.push({ line, prompt: rest, settings });
  });
  return lines;
}

function csvLines(text: string, problems: BatchProblem[]): BatchLine[] {
  const records = readCsvRecords(text).filter((record) => record.fields.some((field) => field.trim() !== ''));
  const header = records.shift();
  if (!header) return [];
  const columns = header.fields.map((field) => field.trim().toLowerCase());
  const known = ['prompt', ...BATCH_SETTING_NAMES];
  const unknown = columns.filter((column) => !known.includes(column));
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (unknown.length > 0 || repeated.length > 0 || !columns.includes('prompt')) {
    const what = unknown.length > 0 ? `Unknown column “${unknown[0]}”` : repeated.length > 0 ? `The column “${repeated[0]}” appears twice` : 'There is no prompt column';
    problems.push({ line: header.line, message: `${what}: a batch CSV’s header names the columns prompt, count, aspect, seed and model.` });
    return [];
  }
  const lines: BatchLine[] = [];
  for (const record of records) {
    const cell = (name: string): string => (record.fields[columns.indexOf(name)] ?? '').trim();
    if (record.fields.slice(columns.length).some((field) => field.trim() !== '')) {
      problems.push({ line: record.line, message: `This row has more cells than the header has columns (${columns.length}).` });
      continue;
    }
    const settings: LineSettings = {};
    let ok = true;
    for (const name of BATCH_SETTING_NAMES) {
      if (columns.includes(name) && cell(name) !== '') ok = readSetting(name, cell(name), `The ${name} cell`, settings, record.line, problems) && ok;
    }
    if (cell('prompt') === '') problems.push({ line: record.line, message: 'This row has no prompt.' });
    else if (ok) lines.push({ line: record.line, prompt: cell('prompt'), settings });
  }
  return lines;
}

const ASPECT_NAMES = (Object.keys(ASPECT_RATIO_NOTATION) as (keyof typeof ASPECT_RATIO_NOTATION)[]).map((value) => ({ value, ratio: ASPECT_RATIO_NOTATION[value] as string }));

/** Reads one setting into `settings`; reports a problem and returns false when the value is not valid. */
function readSetting(name: SettingName, value: string, label: string, settings: LineSettings, line: number, problems: BatchProblem[]): boolean {
  const fail = (expected: string): false => {
    problems.push({ line, message: `${label} must be ${expected} (not “${value}”).` });
    return false;
  };
  switch (name) {
    case 'count': {
      const count = wholeNumber(value);
      if (count === null || count < 1 || count > MAX_IMAGES_PER_REQUEST) return fail(`a whole number from 1 to ${MAX_IMAGES_PER_REQUEST}`);
      settings.count = count;
      return true;
    }
    case 'aspect': {
      const aspectRatio = ASPECT_NAMES.find((entry) => entry.ratio === value)?.value ?? ASPECT_RATIOS.find((ratio) => ratio === value.toUpperCase());
      if (!aspectRatio) return fail(`one of ${ASPECT_NAMES.map((entry) => entry.ratio).join(', ')}`);
      settings.aspectRatio = aspectRatio;
      return true;
    }
    case 'seed': {
      if (value.toLowerCase() === 'random') {
        settings.seed = null;
        return true;
      }
      const seed = wholeNumber(value);
      if (seed === null || seed > MAX_SEED) return fail(`a whole number from 0 to ${MAX_SEED}, or random`);
      settings.seed = seed;
      return true;
    }
    case 'model': {
      const model = IMAGE_MODELS.find((candidate) => candidate === value.toUpperCase().replace(/[-.]/g, '_'));
      if (!model) return fail(`one of ${IMAGE_MODELS.join(', ')}`);
      settings.model = model;
      return true;
    }
  }
}

function wholeNumber(value: string): number | null {
  return /^\d{1,12}$/.test(value) ? Number(value) : null;
}

/**
 * In line order, the whole file's last; one message per line (a line whose wildcards all overflow reports
 * once, not per combination).
 */
function dedupe(problems: BatchProblem[]): BatchProblem[] {
  const seen = new Set<string>();
  const order = (problem: BatchProblem): number => problem.line ?? Number.MAX_SAFE_INTEGER;
  return [...problems].sort((a, b) => order(a) - order(b)).filter((problem) => {
    const key = `${problem.line}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
