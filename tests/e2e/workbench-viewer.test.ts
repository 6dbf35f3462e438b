/**
 * The viewer across the whole gallery, in Chromium through the real handlers and gallery (harness:
 * app-scenario.test.ts): ←/→ and the on-screen buttons step past the 60 pictures of the first page,
 * asking for the next page as needed; the place is "n of 65" from the start (the gallery's true total);
 * the end is announced; zoom, copy image and show in folder work on the picture shown; focus stays on the
 * control used (favourite, previous, next) and, when the viewer closes, lands on the picture last shown —
 * after a delete, on its neighbour — clear of the gallery's sticky toolbar.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASPECT_RATIOS } from '../../src/shared/generation-options.ts';
import { withE2eApp } from '../support/e2e-fixture.ts';
import { waitForTilesInView } from '../support/e2e-screens.ts';
import { focused, openWatchedApp, signInWithCookieIfNeeded } from '../support/e2e-workbench.ts';
import { __shim } from '../support/electron-shim.ts';
import { renderGeneratedImage } from '../support/emulator/png-encoder.ts';
import { generatedImage } from '../support/gallery-fixtures.ts';

const e2e = withE2eApp();
const ARCHIVE_SIZE = 65;
const PAGE_SIZE = 60; // GALLERY_PAGE_SIZE in src/renderer/views/gallery-view.ts

beforeAll(async () => {
  for (let index = 0; index < ARCHIVE_SIZE; index += 1) {
    const prompt = `Plate ${index + 1}: a botanical study`;
    const aspectRatio = ASPECT_RATIOS[index % 4]!;
    const encodedImage = renderGeneratedImage(prompt, index, aspectRatio).toString('base64');
    await e2e.stack.gallery.add(generatedImage({ prompt, aspectRatio, seed: index, mediaId: `plate-${index}`, encodedImage }));
    await e2e.clock.advance(60_000);
  }
});

/** The gallery id of the picture the viewer shows (from its image URL). */
const shownId = (page: Page): Promise<string> => page.locator('dialog.viewer img.viewer-image').evaluate((image: HTMLImageElement) => decodeURIComponent(image.src.split('/').at(-1)!));

describe('the viewer across the whole result set', () => {
  it('pages past 60 with keys and buttons, says n of N and where it ends, zooms, copies, shows in folder, and keeps focus sensible', async () => {
    const { app, page, expectClean } = await openWatchedApp(e2e);
    const { emu, stack } = e2e;
    await signInWithCookieIfNeeded(page, emu);
    await page.getByRole('tab', { name: 'Gallery' }).click();
    const grid = page.locator('#gallery-grid');
    await waitForTilesInView(grid);
    const pagesBefore = app.calls.filter((call) => call === 'gallery:page').length;

    // Open the newest; step with → through the first page: the total is known from the start.
    await grid.locator('.thumb').first().click();
    const viewer = page.locator('dialog.viewer');
    const place = viewer.locator('#viewer-place');
    await place.getByText(`1 of ${ARCHIVE_SIZE}`).waitFor();
    for (let position = 2; position <= PAGE_SIZE; position += 1) {
      await page.keyboard.press('ArrowRight');
      await place.getByText(`${position} of ${ARCHIVE_SIZE}`, { exact: true }).waitFor();
    }
    expect(app.calls.filter((call) => call === 'gallery:page').length - pagesBefore).toBe(0);
    // Past the 60 loaded: the viewer asks for the next page.
    await page.keyboard.press('ArrowRight');
    await place.getByText(`61 of ${ARCHIVE_SIZE}`).waitFor();
    expect(app.calls.filter((call) => call === 'gallery:page').length - pagesBefore).toBe(1);
    expect(await viewer.locator('#viewer-prompt').textContent()).toBe('Plate 5: a botanical study');

    // The on-screen next button keeps focus while it steps; at the end the viewer says so.
    await viewer.getByRole('button', { name: 'Next image' }).focus();
    for (let position = 62; position <= ARCHIVE_SIZE; position += 1) {
      await page.keyboard.press('Enter');
      await place.getByText(`${position} of ${ARCHIVE_SIZE}`).waitFor();
      expect(await focused(page)).toMatchObject({ id: 'viewer-next' });
    }
    await page.keyboard.press('Enter');
    await viewer.locator('#viewer-status').getByText(`That was the last image (${ARCHIVE_SIZE} in all).`).waitFor();
    expect(await place.textContent()).toBe(`${ARCHIVE_SIZE} of ${ARCHIVE_SIZE}`);
    await page.keyboard.press('ArrowLeft'); // ←/→ work with focus on a button too
    await place.getByText(`64 of ${ARCHIVE_SIZE}`).waitFor();
    expect(await viewer.locator('#viewer-status').textContent()).toBe('');
    await viewer.getByRole('button', { name: 'Previous image' }).click();
    await place.getByText(`63 of ${ARCHIVE_SIZE}`).waitFor();
    expect(await focused(page)).toMatchObject({ id: 'viewer-previous' });

    // Favourite by keyboard: the button changes in place and keeps focus.
    await viewer.locator('#viewer-favourite').focus();
    await page.keyboard.press('Enter');
    await viewer.getByRole('button', { name: 'Favourite', pressed: true }).waitFor();
    expect(await focused(page)).toMatchObject({ id: 'viewer-favourite' });

    // Zoom: the picture at its own size in a scrolling stage, and back.
    const zoom = viewer.getByRole('button', { name: 'Zoom to actual size' });
    await zoom.click();
    await viewer.getByRole('button', { name: 'Fit to the window', pressed: true }).waitFor();
    const sizes = await viewer.locator('img.viewer-image').evaluate((image: HTMLImageElement) => [image.width, image.naturalWidth]);
    expect(sizes[0]).toBe(sizes[1]);
    await viewer.getByRole('button', { name: 'Fit to the window' }).click();

    // Copy image and show in folder act on the picture shown, through the main process.
    const id = await shownId(page);
    await viewer.getByRole('button', { name: 'Copy image' }).click();
    await page.getByText('Image copied').waitFor();
    const copied = __shim.clipboard.written.at(-1)!;
    expect(copied.map((entry) => entry.type)).toEqual(['image/png']);
    expect(Buffer.from(copied[0]!.bytes).equals(Buffer.from((await stack.gallery.readImage(id))!))).toBe(true);
    await viewer.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => __shim.shell.shownInFolder.at(-1)).toMatch(new RegExp(`${id}\\.png$`));
    expect(existsSync(__shim.shell.shownInFolder.at(-1)!)).toBe(true);

    // Closing lands on the picture last shown (not the one opened), clear of the sticky toolbar.
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ pictureId: id });
    const clearOfToolbar = (): Promise<boolean> =>
      page.evaluate(() => {
        const toolbar = document.querySelector('.gallery-toolbar')!.getBoundingClientRect();
        const thumb = document.activeElement!.getBoundingClientRect();
        return thumb.top >= toolbar.bottom - 1 && thumb.bottom <= window.innerHeight + 1;
      });
    expect(await clearOfToolbar()).toBe(true);
    // ← back up the grid, several rows: every focused picture is in view, never under the toolbar.
    for (let steps = 0; steps < 40; steps += 1) {
      await page.keyboard.press('ArrowLeft');
      expect(await clearOfToolbar(), `after ${steps + 1} ←`).toBe(true);
    }

    // Delete from the viewer: focus lands on the neighbour of the deleted picture.
    const target = await focused(page);
    const order = await grid.locator('.grid-cell').evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).dataset.id));
    const neighbour = order[order.indexOf(target.pictureId!) + 1];
    await page.keyboard.press('Enter');
    await viewer.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this image?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Image deleted').waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ pictureId: neighbour });
    await page.locator('#gallery-status').getByText(`${ARCHIVE_SIZE - 1} images`, { exact: true }).waitFor();

    expectClean();
    await app.close();
  });
});
