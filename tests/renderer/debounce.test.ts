/**
 * Search as you type waits for a pause in typing: one call with the last value, or at once on Enter.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../src/renderer/debounce.ts';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls once with the last arguments after the pause; flush runs it now; cancel drops it', () => {
    const calls: string[] = [];
    const typed = debounce((value: string) => calls.push(value), 250);
    typed('f');
    typed('fo');
    vi.advanceTimersByTime(249);
    typed('fox');
    vi.advanceTimersByTime(249);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['fox']);
    typed('foxes');
    typed.flush();
    expect(calls).toEqual(['fox', 'foxes']);
    typed('gone');
    typed.cancel();
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual(['fox', 'foxes']);
  });
});
