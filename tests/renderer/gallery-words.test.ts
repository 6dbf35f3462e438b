/**
 * The gallery's progress lines: an export and the index's background work in words, counts grouped by
 * thousands, and nothing at all while the index is idle.
 */
import { describe, expect, it } from 'vitest';
import { exportWords, indexWords } from '../../src/renderer/gallery-words.ts';

describe('gallery progress in words', () => {
  it('says where an export is', () => {
    expect(exportWords({ state: 'preparing', done: 0, total: 0 })).toBe('Preparing the export…');
    expect(exportWords({ state: 'copying', done: 412, total: 1_000 })).toBe('Exporting 412 of 1,000 images…');
    expect(exportWords({ state: 'finishing', done: 1, total: 1 })).toBe('Writing the details of 1 image…');
  });

  it('says what the index does, and nothing when it is idle', () => {
    expect(indexWords({ phase: 'idle', done: 0, total: 0 })).toBe('');
    expect(indexWords({ phase: 'indexing', done: 12_345, total: 100_000 })).toBe('Indexing 12,345 of 100,000 images…');
    expect(indexWords({ phase: 'listing', done: 3, total: 1_024 })).toBe('Looking for images in the gallery folder…');
    expect(indexWords({ phase: 'reconciling', done: 512, total: 1_024 })).toBe('Checking the gallery folders: 512 of 1,024…');
    expect(indexWords({ phase: 'ordering', done: 10, total: 20 })).toBe('Sorting the index: 10 of 20 images…');
    expect(indexWords({ phase: 'checking', done: 0, total: 1_024 })).toBe('Checking the gallery index…');
  });
});
