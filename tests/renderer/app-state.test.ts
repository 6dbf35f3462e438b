/**
 * The window's state applies the main process's events: auth snapshots, job updates, and gallery changes
 * to the pictures of this run (added once, updated in place, removed when deleted), notifying only the
 * views that draw what changed.
 */
import { describe, expect, it } from 'vitest';
import { AppState } from '../../src/renderer/app-state.ts';
import type { GalleryItem } from '../../src/shared/gallery-schemas.ts';

const item = (id: string, favourite = false): GalleryItem => ({
  id, prompt: 'p', seed: 1, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', mediaId: id, createdAt: 0, favourite, width: 1, height: 1,
});

describe('AppState', () => {
  it('keeps this run’s pictures newest first, once each, and follows updates and deletions', () => {
    const state = new AppState(true);
    const heard: string[] = [];
    state.subscribe('results', () => heard.push('results'));
    state.subscribe('auth', () => heard.push('auth'));
    state.apply({ type: 'gallery', change: { type: 'added', item: item('a') } });
    state.apply({ type: 'gallery', change: { type: 'added', item: item('b') } });
    state.apply({ type: 'gallery', change: { type: 'added', item: item('b') } });
    expect(state.results.map((entry) => entry.id)).toEqual(['b', 'a']);
    state.apply({ type: 'gallery', change: { type: 'updated', item: item('a', true) } });
    expect(state.results.find((entry) => entry.id === 'a')?.favourite).toBe(true);
    state.apply({ type: 'gallery', change: { type: 'deleted', id: 'b' } });
    expect(state.results.map((entry) => entry.id)).toEqual(['a']);
    expect(heard).toEqual(['results', 'results', 'results', 'results', 'results']);
  });

  it('notifies about the network only when it changes', () => {
    const state = new AppState(true);
    let calls = 0;
    state.subscribe('online', () => (calls += 1));
    state.setOnline(true);
    state.setOnline(false);
    state.setOnline(false);
    expect([state.online, calls]).toEqual([false, 1]);
  });
});
