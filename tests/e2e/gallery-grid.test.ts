/**
 * The gallery grid at scale, in Chromium through the real handlers, gallery and export runner (harness:
 * app-scenario.test.ts), over 1,000 images saved with `Gallery.add`: the true total at once and a bounded
 * page wherever the grid is; keyboard movement; the order and whole-picture tiles; the index's progress;
 * a batch saving while the user is scrolled down leaves the view exactly where it was and announces
 * "12 new images", which appear when clicked; multi-select with Ctrl, Shift and "Select all", then an
 * export of all 1,012 with progress, one export at a time (a second is refused with a sentence saying so)
 * and cancel; favourite and delete from the tiles and the selection bar with focus landing somewhere
 * sensible after each; and 200 % zoom without sideways scrolling. Long gallery work is held at a known
 * step where a test needs to see it mid-way (tests/support/turn-gate.ts), so nothing here is a race.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleryExportProgress, GalleryItem } from '../../src/shared/gallery-schemas.ts';
import { RUN_IMAGEFX, withE2eApp } from '../support/e2e-fixture.ts';
import { captureScreen, waitForTilesInView } from '../support/e2e-screens.ts';
import { focused, openWatchedApp, queueBatchFile, scrollsSideways, signInWithCookieIfNeeded } from '../support/e2e-workbench.ts';
import { __shim } from '../support/electron-shim.ts';
import { generatedImage } from '../support/gallery-fixtures.ts';
import { NO_PACING } from '../support/generation-queue-fixture.ts';

// About the gallery, not the pause between generations.
const e2e = withE2eApp({ pacing: NO_PACING });
const SUBJECTS = ['harbour at dawn', 'pine forest in fog', 'city street at night', 'desert dunes at noon', 'koi pond in autumn'];
const SEEDED = 1_000;
const BATCH = ['A lighthouse in a storm', 'A red fox in fresh snow', 'Lanterns on a river'];
const LATENCY_MS = 4_000;
let seeded: GalleryItem[] = [];

beforeAll(async () => {
  for (let index = 0; index < SEEDED; index += 1) {
    const prompt = `Plate ${index + 1}: ${SUBJECTS[index % SUBJECTS.length]}`;
    seeded.push(await e2e.stack.gallery.add(generatedImage({ prompt, seed: index, mediaId: `plate-${index}` }, index)));
    await e2e.clock.advance(60_000);
  }
  seeded = seeded.reverse(); // newest first, as the grid shows them
}, 300_000);

/** What the grid shows now: the first tile below the header, every tile's image, the scroll position, the page's size. */
function gridState(page: Page): Promise<{ scrollTop: number; firstVisible: string | null; shown: string[]; cells: number; elements: number; columns: number }> {
  return page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('.gallery')!;
    const headerBottom = document.querySelector('.gallery-header')!.getBoundingClientRect().bottom;
    const cells = Array.from(document.querySelectorAll<HTMLElement>('#gallery-grid .grid-cell:not([hidden])'));
    const inView = cells.filter((cell) => {
      const box = cell.getBoundingClientRect();
      return box.bottom > headerBottom + 1 && box.top < window.innerHeight;
    });
    inView.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top || a.getBoundingClientRect().left - b.getBoundingClientRect().left);
    return {
      scrollTop: scroller.scrollTop,
      firstVisible: inView[0]?.dataset.id ?? null,
      shown: inView.map((cell) => cell.dataset.id ?? ''),
      cells: cells.length,
      elements: document.querySelectorAll('#gallery-grid *').length,
      columns: Number(getComputedStyle(document.querySelector('#gallery-grid')!).getPropertyValue('--columns')),
    };
  });
}

/** Waits until every tile in view shows its loaded picture. */
const gridSettled = (page: Page): Promise<void> => waitForTilesInView(page.locator('#gallery-grid'));

async function openGallery(): Promise<{ page: Page; expectClean: () => void; close: () => Promise<void> }> {
  const { app, page, expectClean } = await openWatchedApp(e2e);
  await signInWithCookieIfNeeded(page, e2e.emu);
  await page.getByRole('tab', { name: 'Gallery' }).click();
  await gridSettled(page);
  return { page, expectClean, close: () => app.close() };
}

const tile = (page: Page, position: number) => page.locator('#gallery-grid .grid-cell:not([hidden])').nth(position);

describe('the gallery grid', () => {
  it('says the true total at once, keeps the page small anywhere in 1,000 images, moves by keyboard, sorts and shows whole pictures', async () => {
    const { page, expectClean, close } = await openGallery();
    await page.locator('#gallery-status').getByText('1,000 images', { exact: true }).waitFor();
    const top = await gridState(page);
    expect(top.shown.slice(0, top.columns)).toEqual(seeded.slice(0, top.columns).map((item) => item.id));
    // A bounded page: a few rows of tiles, not a thousand.
    expect(top.cells).toBeLessThanOrEqual(top.columns * 10);
    expect(top.elements).toBeLessThan(600);

    // Keyboard: one tile in the Tab order; arrows, PageDown, End and Home move focus and keep it in view.
    await tile(page, 0).locator('.thumb').focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ pictureId: seeded[1]!.id });
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ pictureId: seeded[1 + top.columns]!.id });
    await page.keyboard.press('PageDown');
    expect((await focused(page)).pictureId).not.toBe(seeded[1 + top.columns]!.id);
    await page.keyboard.press('End');
    await expect.poll(() => focused(page)).toMatchObject({ pictureId: seeded.at(-1)!.id, label: `Open image: ${seeded.at(-1)!.prompt}` });
    await gridSettled(page);
    const end = await gridState(page);
    expect(end.shown.at(-1)).toBe(seeded.at(-1)!.id);
    expect(end.cells).toBeLessThanOrEqual(top.columns * 10);
    expect(await inViewBetweenBars(page)).toBe(true);
    expect(await page.locator('#gallery-grid .thumb[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Home');
    await expect.poll(() => focused(page)).toMatchObject({ pictureId: seeded[0]!.id });
    expect((await gridState(page)).scrollTop).toBe(0);

    // Oldest first, then whole pictures instead of square crops.
    await page.locator('#gallery-sort').selectOption('oldest');
    await expect.poll(async () => (await gridState(page)).firstVisible).toBe(seeded.at(-1)!.id);
    await page.locator('#gallery-full-aspect').click();
    expect(await page.locator('#gallery-grid').evaluate((grid) => getComputedStyle(grid.querySelector('.thumb-image')!).objectFit)).toBe('contain');
    await page.locator('#gallery-full-aspect').click();
    await page.locator('#gallery-sort').selectOption('newest');
    await expect.poll(async () => (await gridState(page)).firstVisible).toBe(seeded[0]!.id);

    // The index's background work, as the main process reports it, is shown while it runs.
    e2e.stack.registry.publish({ type: 'gallery-index', progress: { phase: 'indexing', done: 12_345, total: 100_000 } });
    await page.locator('#gallery-indexing').getByText('Indexing 12,345 of 100,000 images…').waitFor();
    e2e.stack.registry.publish({ type: 'gallery-index', progress: { phase: 'idle', done: 0, total: 0 } });
    await page.locator('#gallery-indexing').waitFor({ state: 'hidden' });

    expectClean();
    await close();
  });

  it('stays exactly where the user is while a batch saves, says how many are new, and shows them when asked', async () => {
    const { page, expectClean, close } = await openGallery();
    const { emu, stack } = e2e;
    // The user scrolls well down and reads…
    await page.locator('.gallery').evaluate((gallery) => (gallery.scrollTop = 2_400));
    await gridSettled(page);
    const before = await gridState(page);
    expect(before.scrollTop).toBe(2_400);
    // …queues a batch of three prompts whose generations wait (the emulator answers after a while on the app's
    // clock), and comes back to the same place.
    emu.control.setLatency(LATENCY_MS, RUN_IMAGEFX.host);
    await page.getByRole('tab', { name: 'Create' }).click();
    await queueBatchFile(page, 'three.txt', `${BATCH.join('\n')}\n`, 'This file makes 3 jobs (12 images).');
    await page.getByRole('tab', { name: 'Gallery' }).click();
    await gridSettled(page);
    const back = await gridState(page);
    expect([back.scrollTop, back.firstVisible, back.shown]).toEqual([before.scrollTop, before.firstVisible, before.shown]);

    // The batch saves all twelve pictures: the first generation's answer arrives, the others follow at once.
    emu.control.clearLatency();
    await e2e.clock.advance(LATENCY_MS);
    await expect
      .poll(() => stack.queue.listJobs().filter((job) => BATCH.includes(job.request.prompt)).map((job) => job.status), { timeout: 30_000 })
      .toEqual(['completed', 'completed', 'completed']);
    await page.locator('#gallery-new-images').getByText('12 new images').waitFor();
    await gridSettled(page);
    const after = await gridState(page);
    expect(after.scrollTop).toBe(before.scrollTop);
    expect(after.firstVisible).toBe(before.firstVisible);
    expect(after.shown).toEqual(before.shown);
    expect(await page.locator('#gallery-status').textContent()).toBe('1,000 images');

    // The pill: to the top, the new pictures first, focus on the newest.
    await page.locator('#gallery-new-images').click();
    await page.locator('#gallery-status').getByText('1,012 images', { exact: true }).waitFor();
    await page.locator('#gallery-new-images').waitFor({ state: 'hidden' });
    await gridSettled(page);
    const shown = await gridState(page);
    expect(shown.scrollTop).toBe(0);
    const newest = (await stack.gallery.page({ limit: 12 })).items;
    expect(newest.map((item) => item.prompt).sort()).toEqual(BATCH.flatMap((prompt) => Array(4).fill(prompt)).sort());
    expect(shown.shown.slice(0, 12)).toEqual(newest.map((item) => item.id));
    expect(await focused(page)).toMatchObject({ pictureId: newest[0]!.id });

    expectClean();
    await close();
  });

  it('selects with Ctrl, Shift and Select all, exports all 1,012 with progress, one export at a time, and cancels', async () => {
    const { page, expectClean, close } = await openGallery();
    const { stack } = e2e;
    const ids = (await stack.gallery.page({ limit: 10 })).items.map((item) => item.id);

    // Ctrl+click two, Shift+click to extend from the last one: five selected, ticked, counted.
    await tile(page, 1).locator('.thumb').click({ modifiers: ['Control'] });
    await tile(page, 3).locator('.thumb').click({ modifiers: ['Control'] });
    await tile(page, 6).locator('.thumb').click({ modifiers: ['Shift'] });
    const dock = page.locator('#gallery-selection');
    await dock.getByText('5 selected').waitFor();
    expect(await page.locator('#gallery-grid .grid-cell[aria-selected="true"]').evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).dataset.id))).toEqual(
      [1, 3, 4, 5, 6].map((index) => ids[index]),
    );
    expect(await page.locator('dialog').count()).toBe(0); // a modified click selects, it does not open the viewer
    await captureScreen(page, 'multi-select', { hover: tile(page, 4).locator('.thumb') });
    // Escape clears; focus stays on the picture it was on (the screenshot's preparation may have closed a notice).
    await tile(page, 6).locator('.thumb').focus();
    await page.keyboard.press('Escape');
    await dock.waitFor({ state: 'hidden' });
    expect(await focused(page)).toMatchObject({ pictureId: ids[6] });

    // Select all: everything matching, 1,012 images, named by no id.
    await page.locator('#gallery-select-all').click();
    await dock.getByText('All 1,012 images selected').waitFor();

    // Export them, held after 50 images: the progress is on screen, a second export is refused, Cancel stops it.
    const steps: GalleryExportProgress[] = [];
    const unsubscribe = stack.exports.onDidChangeProgress.on((step) => steps.push(step));
    await recordExportText(page);
    stack.galleryTurns.hold();
    stack.galleryTurns.allow(3); // two turns reading "all matching" (500 rows each), one after the first 25 copies
    await page.locator('#selection-export').click();
    await expect.poll(() => stack.exports.status()).toEqual({ state: 'copying', done: 50, total: 1_012 });
    const progress = page.locator('#gallery-export-progress');
    await progress.getByText('Exporting 50 of 1,012 images…').waitFor();
    expect(await progress.locator('progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([50, 1_012]);
    const dialogsBefore = __shim.dialog.calls.filter((call) => call.method === 'showOpenDialog').length;
    await page.locator('#gallery-export-all').click();
    await page.locator('.toast-error').getByText('An export is already running (50 of 1,012 images copied). Wait for it to finish, or cancel it, before starting another.').waitFor();
    expect(__shim.dialog.calls.filter((call) => call.method === 'showOpenDialog').length).toBe(dialogsBefore);
    await page.locator('#gallery-export-cancel').click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'gallery-export-all' });
    stack.galleryTurns.release();
    await page.locator('.toast').getByText('Export cancelled', { exact: true }).waitFor();
    await progress.waitFor({ state: 'hidden' });
    const cancelled = await readdir(stack.exportDirectory);
    expect(cancelled.filter((file) => file.endsWith('.png'))).toHaveLength(50);
    expect(cancelled.filter((file) => file.startsWith('metadata'))).toEqual([]);
    await Promise.all(cancelled.map((file) => rm(path.join(stack.exportDirectory, file))));

    // Again, to the end: every image, named after its prompt, with the details files; progress all the way.
    await page.locator('#selection-export').click();
    await page.locator('.toast').getByText('Exported 1,012 images').waitFor();
    expect(await focused(page)).toMatchObject({ id: 'selection-export' });
    const written = await readdir(stack.exportDirectory);
    expect(written.filter((file) => file.endsWith('.png'))).toHaveLength(1_012);
    expect(written).toEqual(expect.arrayContaining(['metadata.json', 'metadata.csv', `plate-1-harbour-at-dawn-${seeded.at(-1)!.id.slice(-8)}.png`]));
    expect(steps.filter((step) => step.state === 'copying').map((step) => step.done)).toEqual(expect.arrayContaining([0, 500, 1_000]));
    expect(steps.at(-1)).toEqual({ state: 'done', done: 1_012, total: 1_012 });
    expect(await exportTexts(page)).toEqual(expect.arrayContaining(['Preparing the export…', 'Exporting 1,000 of 1,012 images…', 'Writing the details of 1,012 images…']));
    unsubscribe();
    await Promise.all(written.map((file) => rm(path.join(stack.exportDirectory, file))));

    // Clearing the selection from its bar: focus goes back to the grid.
    await page.locator('#selection-clear').click();
    await dock.waitFor({ state: 'hidden' });
    expect((await focused(page)).pictureId).not.toBeNull();

    expectClean();
    await close();
  });

  it('favourites and deletes from the selection bar and from each tile, with focus somewhere sensible after each', async () => {
    const { page, expectClean, close } = await openGallery();
    const { stack } = e2e;
    const ids = async (): Promise<string[]> => (await stack.gallery.page({ limit: 10 })).items.map((item) => item.id);
    const [first, , third, fourth] = await ids();
    const total = (await stack.gallery.count({})).total;
    const images = (count: number): string => `${count.toLocaleString('en-US')} images`;

    // Two selected, favourited from the bar: focus stays on the button, the tiles get their hearts.
    await tile(page, 0).locator('.thumb').click({ modifiers: ['Control'] });
    await tile(page, 1).locator('.thumb').click({ modifiers: ['Control'] });
    await page.locator('#selection-favourite').click();
    await page.locator('.toast').getByText('2 images added to favourites').waitFor();
    expect(await focused(page)).toMatchObject({ id: 'selection-favourite' });
    await expect.poll(() => page.locator('#gallery-grid .thumb-favourite:not([hidden])').count()).toBe(2);
    expect((await stack.gallery.get(first!)).favourite).toBe(true);

    // Deleted from the bar after confirming: the grid closes up, focus lands on the picture now first.
    await page.locator('#selection-delete').click();
    await page.getByRole('dialog', { name: 'Delete 2 images?' }).getByRole('button', { name: 'Delete' }).click();
    await page.locator('.toast').getByText('2 images deleted').waitFor();
    await page.locator('#gallery-status').getByText(images(total - 2), { exact: true }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ pictureId: third });

    // A tile's own actions: favourite keeps focus on its button; delete hands focus to the next picture.
    await tile(page, 0).hover();
    const favourite = tile(page, 0).getByRole('button', { name: 'Add to favourites' });
    await favourite.click();
    await tile(page, 0).getByRole('button', { name: 'Remove from favourites', pressed: true }).waitFor();
    expect(await focused(page)).toMatchObject({ pictureId: third, label: 'Remove from favourites' });
    await tile(page, 0).getByRole('button', { name: 'Export image' }).click();
    await page.locator('.toast').getByText('Image exported').waitFor();
    expect(await readdir(stack.exportDirectory)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`-${third!.slice(-8)}\\.png$`))]));
    await tile(page, 0).getByRole('button', { name: 'Delete image' }).click();
    await page.getByRole('dialog', { name: 'Delete this image?' }).getByRole('button', { name: 'Delete' }).click();
    await page.locator('#gallery-status').getByText(images(total - 3), { exact: true }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ pictureId: fourth });

    // Reuse settings from a tile: the Create page with the prompt.
    await tile(page, 0).hover();
    await tile(page, 0).getByRole('button', { name: 'Reuse settings' }).click();
    await page.getByRole('tab', { name: 'Create', selected: true }).waitFor();
    expect(await page.getByLabel('Prompt', { exact: true }).inputValue()).toBe((await stack.gallery.get(fourth!)).prompt);

    expectClean();
    await close();
  });

  it('fits 200 % zoom without scrolling sideways, with a selection bar too', async () => {
    const { page, expectClean, close } = await openGallery();
    await page.setViewportSize({ width: 640, height: 400 });
    await gridSettled(page);
    const sideways = (): Promise<boolean[]> =>
      page.evaluate(() => ['.gallery', '.gallery-header', '.gallery-dock'].map((selector) => {
        const element = document.querySelector<HTMLElement>(selector)!;
        return element.scrollWidth > element.clientWidth;
      }));
    expect(await scrollsSideways(page)).toBe(false);
    expect(await sideways()).toEqual([false, false, false]);
    expect((await gridState(page)).columns).toBeLessThanOrEqual(3);
    await tile(page, 0).locator('.thumb').click({ modifiers: ['Control'] });
    await page.locator('#gallery-selection').getByText('1 selected').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await sideways()).toEqual([false, false, false]);
    // The keyboard still brings every tile fully into view, clear of the header and the selection bar.
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowUp']) {
      await page.keyboard.press(key);
      expect(await inViewBetweenBars(page), key).toBe(true);
    }
    expectClean();
    await close();
  });
});

/** True when the focused tile is fully between the sticky header and the dock. */
function inViewBetweenBars(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const header = document.querySelector('.gallery-header')!.getBoundingClientRect();
    const top = Math.max(header.bottom, document.querySelector('.gallery')!.getBoundingClientRect().top);
    const dock = document.querySelector<HTMLElement>('.gallery-dock')!;
    const bottom = dock.hidden ? window.innerHeight : dock.getBoundingClientRect().top;
    const box = document.activeElement!.closest('.grid-cell')!.getBoundingClientRect();
    return box.top >= top - 1 && box.bottom <= bottom + 1;
  });
}

/** Records every text the export's progress line shows from now on. */
async function recordExportText(page: Page): Promise<void> {
  await page.evaluate(() => {
    const texts: string[] = [];
    (window as unknown as { exportTexts: string[] }).exportTexts = texts;
    const line = document.querySelector('#gallery-export-text')!;
    new MutationObserver(() => texts.push(line.textContent ?? '')).observe(line, { childList: true, characterData: true, subtree: true });
  });
}

function exportTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { exportTexts: string[] }).exportTexts);
}
