/**
 * The generate form's checks and the window's small stores: a seed is a whole number in Google's range or
 * a sentence saying why not; a prompt is sent whole or not at all; recent prompts are newest first, once
 * each, bounded, and survive damaged or refusing storage.
 */
import { describe, expect, it } from 'vitest';
import { promptProblem, readSeed } from '../../src/renderer/form-checks.ts';
import { PROMPT_HISTORY_KEY, PROMPT_HISTORY_LIMIT, PromptHistory } from '../../src/renderer/prompt-history.ts';
import type { WindowStorage } from '../../src/renderer/window-storage.ts';
import { MAX_PROMPT_LENGTH, MAX_SEED } from '../../src/shared/generation-options.ts';

class MemoryStorage implements WindowStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
  removeItem(key: string): void {
    this.values.delete(key);
  }
}

describe('readSeed', () => {
  it('accepts whole numbers from 0 to the maximum, and says why anything else is not a seed', () => {
    expect(readSeed(' 0 ')).toEqual({ seed: 0 });
    expect(readSeed(String(MAX_SEED))).toEqual({ seed: MAX_SEED });
    expect(readSeed('+7')).toEqual({ seed: 7 });
    const zero = readSeed('-0');
    expect('seed' in zero && Object.is(zero.seed, 0)).toBe(true);
    for (const text of [String(MAX_SEED + 1), '99999999999', '-5']) expect(readSeed(text), text).toEqual({ problem: `A seed is from 0 to ${MAX_SEED}.` });
    for (const text of ['1.5', '1e3', 'abc', '0x10', '١٢']) expect(readSeed(text), text).toEqual({ problem: 'A seed is a whole number, like 12345.' });
    expect(readSeed('  ')).toEqual({ problem: 'Enter a seed, or unlock it to get a random one.' });
  });
});

describe('promptProblem', () => {
  it('names an empty prompt and one over the limit (by how much), and passes the rest', () => {
    expect(promptProblem(' \n ')).toBe('Write a prompt first.');
    expect(promptProblem(` ${'x'.repeat(MAX_PROMPT_LENGTH)} `)).toBeNull();
    expect(promptProblem('x'.repeat(2500))).toBe('The prompt is 2,500 characters long; the limit is 2,000. Shorten it by 500.');
  });
});

describe('PromptHistory', () => {
  it('keeps prompts newest first, once each, trimmed, at most the limit', () => {
    const history = new PromptHistory(new MemoryStorage());
    for (let index = 0; index < PROMPT_HISTORY_LIMIT + 5; index += 1) history.add(`prompt ${index}`);
    history.add('  prompt 10 ');
    history.add('   ');
    const list = history.list();
    expect(list).toHaveLength(PROMPT_HISTORY_LIMIT);
    expect(list.slice(0, 2)).toEqual(['prompt 10', `prompt ${PROMPT_HISTORY_LIMIT + 4}`]);
    expect(list.filter((entry) => entry === 'prompt 10')).toHaveLength(1);
    history.clear();
    expect(history.list()).toEqual([]);
  });

  it('reads damaged or foreign data as empty, and goes on when storage refuses or is missing', () => {
    const storage = new MemoryStorage();
    storage.setItem(PROMPT_HISTORY_KEY, '{not json');
    expect(new PromptHistory(storage).list()).toEqual([]);
    storage.setItem(PROMPT_HISTORY_KEY, JSON.stringify(['ok', 3, null, '', { a: 1 }]));
    expect(new PromptHistory(storage).list()).toEqual(['ok']);
    const refusing: WindowStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => { throw new Error('SecurityError'); } };
    expect(() => new PromptHistory(refusing).add('x')).not.toThrow();
    expect(() => new PromptHistory(refusing).clear()).not.toThrow();
    expect(new PromptHistory(null).list()).toEqual([]);
  });
});
