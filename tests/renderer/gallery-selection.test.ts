/**
 * What is selected in the gallery, and what a bulk action sends for it: ids one by one (with a cap), a
 * Shift range from the last one picked, or "all matching" minus the ones unticked since, as of the
 * grid's snapshot.
 */
import { describe, expect, it } from 'vitest';
import { GallerySelectionModel, SelectionTooLargeError } from '../../src/renderer/gallery-selection.ts';
import { MAX_EXPORT_IDS } from '../../src/shared/gallery-urls.ts';

const spec = { text: 'fox', filters: { favouritesOnly: true }, sort: 'oldest' as const };

describe('GallerySelectionModel', () => {
  it('picks ids one by one and by range, and sends them as ids', () => {
    const selection = new GallerySelectionModel();
    expect(selection.toSelection(spec, 'snap', 10)).toBeNull();
    selection.toggle('a', 1);
    selection.toggle('c', 3);
    expect(selection.anchor).toBe(3);
    selection.selectRange(['c', 'd', 'e']);
    expect([selection.count(10), selection.has('d'), selection.has('b')]).toEqual([4, true, false]);
    selection.toggle('a', 1);
    expect(selection.toSelection(spec, 'snap', 10)).toEqual({ kind: 'ids', ids: ['c', 'd', 'e'] });
    selection.forget(['d']);
    expect(selection.count(10)).toBe(2);
    selection.clear();
    expect([selection.isEmpty(10), selection.anchor]).toEqual([true, null]);
  });

  it('selects all matching without naming ids, minus the ones unticked, as of the snapshot', () => {
    const selection = new GallerySelectionModel();
    selection.selectAll();
    expect([selection.count(100_000), selection.allMatching, selection.has('anything')]).toEqual([100_000, true, true]);
    selection.toggle('x', 5);
    selection.selectRange(['x', 'y']); // a range re-ticks
    selection.toggle('z', 9);
    expect([selection.count(100_000), selection.allMatching, selection.has('z')]).toEqual([99_999, false, false]);
    expect(selection.toSelection(spec, 'snap', 100_000)).toEqual({
      kind: 'matching', query: 'fox', filters: { favouritesOnly: true }, sort: 'oldest', snapshot: 'snap', except: ['z'],
    });
  });

  it('refuses to pick more ids one by one than a request may name', () => {
    const selection = new GallerySelectionModel();
    selection.selectRange(Array.from({ length: MAX_EXPORT_IDS - 1 }, (_, index) => `id-${index}`));
    selection.toggle('last', 0);
    expect(() => selection.toggle('one-too-many', 1)).toThrow(SelectionTooLargeError);
    expect(() => selection.selectRange(['another'])).toThrow(SelectionTooLargeError);
    expect(selection.count(0)).toBe(MAX_EXPORT_IDS);
  });
});
