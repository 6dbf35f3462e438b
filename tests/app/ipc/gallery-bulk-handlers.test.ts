/**
 * The grid's channels through the IPC registry on a real gallery, export runner and event hub (Electron's
 * dialog is the shim's): counts as of a snapshot, bulk favourite and delete reported to the window in
 * pieces, one export at a time — refused before any folder is asked for while one runs, cancelled by its
 * own channel, its progress on the event channel — and the index's progress as events, thinned out.
 */
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAppEvents, indexProgressFilter, INDEX_PROGRESS_STEPS } from '../../../src/app/ipc/app-events.ts';
import type { Gallery } from '../../../src/services/gallery/index.ts';
import { GalleryExportRunner } from '../../../src/services/gallery/index.ts';
import type { GalleryIndexProgress } from '../../../src/shared/gallery-schemas.ts';
import type { AppEvent } from '../../../src/shared/ipc-contract.ts';
import { generatedImage, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';
import { createIpcHarness, type IpcHarness } from '../../support/ipc-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(options: { held?: Promise<void> } = {}): Promise<{ harness: IpcHarness; gallery: Gallery; exportDirectory: string; ids: string[] }> {
  const folder = await temporaryFolder('gallery-bulk-ipc-');
  const exportFolder = await temporaryFolder('gallery-bulk-export-');
  const { gallery, clock } = await openTestGallery(folder.path, options.held ? { yieldToEventLoop: () => options.held! } : {});
  const exports = new GalleryExportRunner(gallery);
  const ids: string[] = [];
  for (let index = 0; index < 30; index += 1) {
    ids.push((await gallery.add(generatedImage({ prompt: `${index % 2 === 0 ? 'even' : 'odd'} tile ${index}` }, index))).id);
    await clock.advance(1000);
  }
  const harness: IpcHarness = await createIpcHarness({
    exportDirectory: exportFolder.path,
    services: () => ({ gallery, exports, imageFiles: gallery, onGalleryChange: (change) => hub.publishGalleryChange(change) }),
  });
  const hub = connectAppEvents({ accounts: harness.accounts, queue: idleQueue, gallery, exports, publish: (event) => harness.registry.publish(event) });
  cleanups.push(async () => {
    hub.dispose();
    exports.cancel();
    await gallery.close();
    await folder.remove();
    await exportFolder.remove();
  });
  return { harness, gallery, exportDirectory: exportFolder.path, ids };
}

const idleQueue = {
  onDidChangeJob: () => () => undefined,
  accountRestored: () => undefined,
  accountChanged: () => undefined,
  reassignAccount: () => undefined,
};

const galleryEvents = (events: AppEvent[]) => events.flatMap((event) => (event.type === 'gallery' ? [event.change] : []));
const exportEvents = (events: AppEvent[]) => events.flatMap((event) => (event.type === 'gallery-export' ? [event.progress] : []));

describe('the grid’s gallery channels', () => {
  it('counts as of a snapshot, marks and deletes a selection, and tells the window what changed', async () => {
    const { harness, ids } = await setup();
    const count = await harness.invoke('gallery:count', { query: 'even' });
    expect(count).toMatchObject({ ok: true, value: { total: 15, newer: 0 } });
    const snapshot = count.ok ? count.value.snapshot : null;

    expect(await harness.invoke('gallery:set-favourite-many', { kind: 'matching', query: 'even', snapshot, except: [ids[0]!] }, true)).toEqual({ ok: true, value: 14 });
    expect(galleryEvents(harness.events())).toEqual([{ type: 'favourite-many', ids: expect.any(Array), favourite: true }]);
    expect(await harness.invoke('gallery:page', { limit: 50, filters: { favouritesOnly: true }, sort: 'oldest' })).toMatchObject({
      ok: true,
      value: { items: ids.filter((_, index) => index % 2 === 0 && index > 0).map((id) => ({ id, favourite: true })) },
    });

    expect(await harness.invoke('gallery:delete-many', { kind: 'ids', ids: ids.slice(0, 3) })).toEqual({ ok: true, value: 3 });
    expect(galleryEvents(harness.events()).at(-1)).toEqual({ type: 'deleted-many', ids: ids.slice(0, 3) });
    expect(await harness.invoke('gallery:count', { snapshot })).toMatchObject({ ok: true, value: { total: 27, newer: 0 } });
    // Malformed selections never reach the gallery.
    for (const selection of [{ kind: 'ids', ids: [] }, { kind: 'matching', except: ['../x'] }, { kind: 'all' }, { kind: 'ids', ids: ['x'], extra: 1 }]) {
      expect(await harness.invoke('gallery:delete-many', selection as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('runs one export at a time: a second request is refused before any dialog, cancel stops the first, progress reaches the window', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { harness, exportDirectory, ids } = await setup({ held });
    const first = harness.invoke('gallery:export-selection', { kind: 'matching', sort: 'oldest' });
    await expect.poll(async () => (await harness.invoke('gallery:export-status'))).toEqual({ ok: true, value: { state: 'copying', done: 25, total: 30 } });
    const dialogsBefore = harness.log.calls.filter((call) => call === 'dialogs.chooseExportDirectory').length;
    expect(await harness.invoke('gallery:export', [ids[5]!])).toMatchObject({
      ok: false,
      error: { code: 'BUSY', message: 'An export is already running (25 of 30 images copied). Wait for it to finish, or cancel it, before starting another.' },
    });
    expect(harness.log.calls.filter((call) => call === 'dialogs.chooseExportDirectory').length).toBe(dialogsBefore);
    expect(await harness.invoke('gallery:cancel-export')).toEqual({ ok: true, value: true });
    release();
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(exportEvents(harness.events()).map((progress) => progress.state)).toEqual(['preparing', 'copying', 'copying', 'cancelled']);
    expect(await harness.invoke('gallery:export-status')).toEqual({ ok: true, value: null });
    expect(await harness.invoke('gallery:cancel-export')).toEqual({ ok: true, value: false });

    const done = await harness.invoke('gallery:export-selection', { kind: 'matching', query: 'odd', sort: 'oldest' });
    expect(done).toMatchObject({ ok: true, value: { directory: exportDirectory, imageFiles: expect.arrayContaining([expect.stringMatching(/^odd-tile-1-/)]) } });
    expect(exportEvents(harness.events()).at(-1)).toEqual({ state: 'done', done: 15, total: 15 });
    expect((await readdir(exportDirectory)).filter((file) => file.startsWith('odd-tile'))).toHaveLength(15);
  });

  it('sends the index’s progress when its phase changes, when a phase ends, and about a hundred times within one', () => {
    const keep = indexProgressFilter();
    const steps: GalleryIndexProgress[] = [
      { phase: 'listing', done: 0, total: 1024 },
      ...Array.from({ length: 1024 }, (_, index) => ({ phase: 'listing' as const, done: index + 1, total: 1024 })),
      { phase: 'indexing', done: 0, total: 100_000 },
      ...Array.from({ length: 400 }, (_, index) => ({ phase: 'indexing' as const, done: (index + 1) * 250, total: 100_000 })),
      { phase: 'idle', done: 0, total: 0 },
    ];
    const sent = steps.filter((step) => keep(step));
    expect(sent[0]).toEqual(steps[0]);
    expect(sent.at(-1)).toEqual({ phase: 'idle', done: 0, total: 0 });
    expect(sent).toContainEqual({ phase: 'listing', done: 1024, total: 1024 });
    expect(sent).toContainEqual({ phase: 'indexing', done: 100_000, total: 100_000 });
    expect(sent.filter((step) => step.phase === 'indexing').length).toBeLessThanOrEqual(INDEX_PROGRESS_STEPS + 2);
    expect(sent.filter((step) => step.phase === 'listing').length).toBeLessThanOrEqual(INDEX_PROGRESS_STEPS + 2);
    expect(sent.filter((step) => step.phase === 'indexing').length).toBeGreaterThan(50);
  });
});
