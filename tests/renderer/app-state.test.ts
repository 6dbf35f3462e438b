/**
 * The window's state applies the main process's events: auth snapshots, job updates, and gallery changes
 * to the pictures of this run (added once, updated in place, removed when deleted), notifying only the
 * views that draw what changed.
 */
import { describe, expect, it } from 'vitest';
import { AppState } from '../../src/renderer/app-state.ts';
import type { GalleryItem } from '../../src/shared/gallery-schemas.ts';
import type { JobStatus } from '../../src/shared/generation-schemas.ts';
import { jobFixture } from '../support/job-fixtures.ts';

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

  it('keeps the queue’s order, remembers each run’s duration once, and merges the gallery’s newest pictures', () => {
    const state = new AppState(true);
    const job = (id: string, status: JobStatus, startedAt: number | null, finishedAt: number | null) => jobFixture(id, status, { startedAt, finishedAt });
    const done = job('job-2', 'completed', 1_000, 4_000);
    state.setQueue({ jobs: [job('job-3', 'queued', null, null), done], holdReason: null });
    state.upsertJob(done);
    state.upsertJob(job('job-1', 'queued', null, null));
    expect([...state.jobs.keys()]).toEqual(['job-3', 'job-2', 'job-1']);
    expect(state.durations).toEqual([3_000]);
    state.apply({ type: 'gallery', change: { type: 'added', item: { ...item('new'), createdAt: 9 } } });
    state.addSavedResults([{ ...item('new'), createdAt: 9 }, { ...item('old'), createdAt: 5 }]);
    expect(state.results.map((entry) => entry.id)).toEqual(['new', 'old']);
  });

  it('follows bulk changes, and the index’s and the export’s progress, keeping events over a stale first answer', () => {
    const state = new AppState(true);
    for (const id of ['a', 'b', 'c']) state.apply({ type: 'gallery', change: { type: 'added', item: item(id) } });
    state.apply({ type: 'gallery', change: { type: 'favourite-many', ids: ['a', 'c'], favourite: true } });
    expect(state.results.map((entry) => [entry.id, entry.favourite])).toEqual([['c', true], ['b', false], ['a', true]]);
    state.apply({ type: 'gallery', change: { type: 'deleted-many', ids: ['a', 'b'] } });
    expect(state.results.map((entry) => entry.id)).toEqual(['c']);

    const heard: string[] = [];
    state.subscribe('gallery-index', () => heard.push(state.indexProgress.phase));
    state.subscribe('gallery-export', () => heard.push(state.exportProgress?.state ?? 'none'));
    state.apply({ type: 'gallery-index', progress: { phase: 'indexing', done: 5, total: 10 } });
    state.apply({ type: 'gallery-export', progress: { state: 'copying', done: 1, total: 3 } });
    // The answer asked for at start was made before those events: it does not undo them.
    state.seedGalleryWork({ phase: 'listing', done: 0, total: 0 }, null);
    expect([state.indexProgress.phase, state.exportProgress?.state]).toEqual(['indexing', 'copying']);
    const fresh = new AppState(true);
    fresh.seedGalleryWork({ phase: 'listing', done: 0, total: 4 }, { state: 'preparing', done: 0, total: 0 });
    expect([fresh.indexProgress.phase, fresh.exportProgress?.state]).toEqual(['listing', 'preparing']);
    expect(heard).toEqual(['indexing', 'copying']);
  });
});
