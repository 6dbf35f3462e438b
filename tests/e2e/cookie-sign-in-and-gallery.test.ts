/**
 * The fallbacks and the gallery at scale, in Chromium through the real handlers (same harness as
 * app-scenario.test.ts, whose header explains what stands in for Electron): a machine with no OS keyring
 * (the memory-only banner and its opt-in), signing in with the cookie-paste fallback, the virtualized grid
 * over more pictures than a page (its true total at once, pages by keyset cursor as it scrolls), search as you type and filters, the keyboard path through
 * tabs, grid and viewer, and the dark theme the OS asks for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ASPECT_RATIOS } from '../../src/shared/generation-options.ts';
import type { GenerationJob } from '../../src/shared/generation-schemas.ts';
import { namedControlCount, unnamedControls } from '../support/e2e-accessibility.ts';
import { E2E_ENTRY_URL } from '../support/e2e-app-page.ts';
import { RUN_IMAGEFX, withE2eApp } from '../support/e2e-fixture.ts';
import { captureScreen, gridPrompts, waitForPictures, waitForTilesInView } from '../support/e2e-screens.ts';
import { __shim } from '../support/electron-shim.ts';
import { queueBatchFile, signInWithCookieIfNeeded } from '../support/e2e-workbench.ts';
import { DEFAULT_ACCOUNT } from '../support/emulator/index.ts';
import { renderGeneratedImage } from '../support/emulator/png-encoder.ts';
import { generatedImage } from '../support/gallery-fixtures.ts';
import { advanceUntil, requestInFlight } from '../support/generation-queue-fixture.ts';

const e2e = withE2eApp();
const SUBJECTS = ['harbour at dawn', 'pine forest in fog', 'city street at night', 'desert dunes at noon', 'koi pond in autumn'];
const ARCHIVE_SIZE = 150;
const PAGE_SIZE = 60; // GALLERY_PAGE_SIZE in src/renderer/views/gallery-view.ts
const LATENCY_MS = 4_000;

beforeAll(async () => {
  // A gallery from months of use: each picture a minute apart, every seventh a favourite.
  for (let index = 0; index < ARCHIVE_SIZE; index += 1) {
    const prompt = `Study ${index + 1}: ${SUBJECTS[index % SUBJECTS.length]}`;
    const aspectRatio = ASPECT_RATIOS[index % 4]!;
    const encodedImage = renderGeneratedImage(prompt, index, aspectRatio).toString('base64');
    const item = await e2e.stack.gallery.add(generatedImage({ prompt, aspectRatio, seed: index, mediaId: `archive-${index}`, encodedImage }));
    if (index % 7 === 0) await e2e.stack.gallery.setFavourite(item.id, true);
    await e2e.clock.advance(60_000);
  }
});

describe('no keyring, a pasted cookie, and a gallery of many pages', () => {
  it('explains memory-only storage and opts in; signs in with a pasted cookie; scrolls by cursor, searches, filters; keyboard and dark theme work', async () => {
    const { emu, stack } = e2e;
    // This machine has no OS keyring (Linux basic_text): the app restarts and keeps sessions in memory only.
    __shim.safeStorage.setBackend('basic_text');
    await stack.restartAccounts();
    const app = await e2e.openApp({ colorScheme: 'dark' });
    const { page } = app;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(E2E_ENTRY_URL);
    await page.getByText(/kept in memory only/).waitFor();

    // The fallback behind the secondary link: paste a labs.google Cookie header.
    await page.getByRole('button', { name: /Paste a session cookie/ }).click();
    const paste = page.getByRole('dialog', { name: 'Sign in with a session cookie' });
    await paste.getByRole('button', { name: 'Sign in' }).click();
    await paste.getByText('Paste the Cookie header first.').waitFor();
    await paste.getByLabel('Cookie header').fill('not-a-cookie=1');
    await paste.getByRole('button', { name: 'Sign in' }).click();
    await paste.getByRole('alert').getByText(/not a valid ImageFX session|Check your input/).waitFor();
    const issued = emu.control.createSession(DEFAULT_ACCOUNT.email);
    await paste.getByLabel('Cookie header').fill(issued.cookieHeader);
    await paste.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#account-button').getByText(DEFAULT_ACCOUNT.email).waitFor();

    // The storage banner says what memory-only means and offers the opt-in; the user confirms it in the
    // main process's dialog, and the session is stored — reported as weak, not encrypted.
    const storage = page.locator('[data-banner="storage"]');
    await storage.getByText('Your session is kept in memory only').waitFor();
    await storage.getByText(/sign in again every time the app starts/).waitFor();
    await captureScreen(page, 'storage-banner');
    expect(stack.world.vault.storageStatus().mode).toBe('memory-only');
    __shim.dialog.respondWith('showMessageBox', { response: 1, checkboxChecked: false });
    await storage.getByRole('button', { name: 'Allow weaker storage' }).click();
    await storage.getByText('Your session is stored with weaker protection').waitFor();
    expect(__shim.dialog.calls.filter((call) => call.method === 'showMessageBox')).toHaveLength(1);
    expect(stack.world.vault.storageStatus().mode).toBe('weak');
    // Written to disk now, encrypted: the file holds no trace of the pasted cookie.
    expect(stack.world.vault.listAccountIds()).toHaveLength(1);
    expect(stack.world.vaultFileText()).not.toContain(issued.sessionToken);
    expect(await page.getByLabel('Cookie header').count()).toBe(0); // the pasted text left the page with its dialog

    // Keyboard only: Right arrow moves through the tabs to the Gallery tab (roving focus), the search box has a label.
    await page.getByRole('tab', { name: 'Create' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Queue', selected: true }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Gallery', selected: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-gallery');

    // The true total at once, the newest first; scrolling to the end draws every picture on the way, loading
    // a page at a time by cursor, while the page itself holds only the rows in view.
    const grid = page.locator('#gallery-grid');
    await page.locator('#gallery-status').getByText(`${ARCHIVE_SIZE} images`, { exact: true }).waitFor();
    await waitForTilesInView(grid);
    expect((await gridPrompts(grid))[0]).toBe(`Study ${ARCHIVE_SIZE}: ${SUBJECTS[(ARCHIVE_SIZE - 1) % SUBJECTS.length]}`);
    await captureScreen(page, 'gallery-dark');
    const pagesBefore = app.calls.filter((call) => call === 'gallery:page').length;
    const seen = new Set(await gridPrompts(grid));
    const scroller = page.locator('.gallery');
    for (let atEnd = false; !atEnd; ) {
      atEnd = await scroller.evaluate((gallery) => {
        gallery.scrollTop += gallery.clientHeight / 2;
        return gallery.scrollTop + gallery.clientHeight >= gallery.scrollHeight - 1;
      });
      await waitForTilesInView(grid);
      for (const prompt of await gridPrompts(grid)) seen.add(prompt);
      expect(await grid.locator('.grid-cell').count()).toBeLessThan(ARCHIVE_SIZE / 2);
    }
    expect(seen.size).toBe(ARCHIVE_SIZE); // no picture missing on the way down
    expect(app.calls.filter((call) => call === 'gallery:page').length - pagesBefore).toBe(Math.ceil(ARCHIVE_SIZE / PAGE_SIZE) - 1);
    expect((await gridPrompts(grid)).at(-1)).toBe(`Study 1: ${SUBJECTS[0]}`);
    await scroller.evaluate((gallery) => (gallery.scrollTop = 0));

    // Search as you type (debounced: one search for the whole word), then a filter on top.
    const searchesBefore = app.calls.filter((call) => call === 'gallery:search').length;
    await page.getByLabel('Search prompts').pressSequentially('forest', { delay: 15 });
    await page.locator('#gallery-status').getByText(`${ARCHIVE_SIZE / SUBJECTS.length} images match “forest”`).waitFor();
    await waitForTilesInView(grid);
    expect(app.calls.filter((call) => call === 'gallery:search').length - searchesBefore).toBeLessThan('forest'.length);
    expect((await gridPrompts(grid)).every((prompt) => prompt.endsWith('pine forest in fog'))).toBe(true);
    await page.getByRole('button', { name: 'Favourites', exact: true }).click();
    const favouriteForests = Array.from({ length: ARCHIVE_SIZE }, (_, index) => index).filter((index) => index % 7 === 0 && index % 5 === 1);
    await expect.poll(() => gridPrompts(grid)).toEqual(favouriteForests.reverse().map((index) => `Study ${index + 1}: pine forest in fog`));
    await page.getByRole('button', { name: 'Favourites', exact: true }).click();
    await page.getByLabel('Aspect ratio').selectOption('IMAGE_ASPECT_RATIO_PORTRAIT');
    await expect.poll(() => gridPrompts(grid).then((found) => found.length)).toBe(
      Array.from({ length: ARCHIVE_SIZE }, (_, index) => index).filter((index) => index % 5 === 1 && index % 4 === 1).length,
    );

    // Enter opens the focused picture in the viewer; Escape closes it and focus returns to the picture.
    const first = grid.locator('.thumb').first();
    await first.focus();
    await page.keyboard.press('Enter');
    const viewer = page.locator('dialog.viewer');
    await viewer.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await first.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await first.evaluate((element) => element.matches(':focus-visible') && getComputedStyle(element).outlineStyle)).toBe('solid');

    // Dark theme from the OS setting: dark surfaces, light text.
    const colours = await page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color }));
    expect(colours).toEqual({ background: 'rgb(14, 16, 20)', text: 'rgb(232, 234, 240)' });

    // Every control on both pages and in the viewer has an accessible name.
    expect(await unnamedControls(page)).toEqual([]);
    await first.click();
    await viewer.waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Create' }).click();
    expect(await unnamedControls(page)).toEqual([]);
    expect(await namedControlCount(page)).toBeGreaterThan(10);

    expect(pageErrors).toEqual([]);
    expect(app.cspRefusals).toEqual([]); // the UI itself never needs anything the policy forbids
    expect(stack.untrusted).toEqual([]);
    await app.close();
  });

  it('pauses, resumes and cancels single jobs, holds the queue on a quota, says why a prompt was refused, and signs out', async () => {
    const app = await e2e.openApp();
    const { emu, stack, clock } = e2e;
    const { page } = app;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(E2E_ENTRY_URL);
    await signInWithCookieIfNeeded(page, emu);

    // Three prompts from a file: one generation in flight (the emulator holds it), the other two wait.
    emu.control.setLatency(LATENCY_MS, RUN_IMAGEFX.host);
    const requestsBefore = emu.requests.count(RUN_IMAGEFX);
    await queueBatchFile(page, 'three.txt', 'first lantern\nsecond lantern\nthird lantern\n', 'This file makes 3 jobs (12 images).');
    await expect.poll(() => emu.requests.count(RUN_IMAGEFX) - requestsBefore).toBe(1);
    const card = (prompt: string) => page.locator('.job', { has: page.getByText(prompt, { exact: true }) });
    await card('third lantern').getByText('Waiting').waitFor();
    await card('third lantern').getByRole('button', { name: 'Pause' }).click();
    await card('third lantern').getByText('Paused by you').waitFor();
    await card('third lantern').getByRole('button', { name: 'Resume' }).click();
    await card('third lantern').getByText('Waiting').waitFor();
    await card('third lantern').getByRole('button', { name: 'Cancel' }).click();
    await card('third lantern').getByText('Cancelled').waitFor();
    await card('second lantern').getByRole('button', { name: 'Cancel' }).click();
    await card('second lantern').getByText('Cancelled').waitFor();
    await clock.advance(LATENCY_MS);
    await card('first lantern').getByText('Done').waitFor();
    await waitForPictures(card('first lantern'), 4);
    expect(await card('second lantern').locator('img').count()).toBe(0);
    expect(stack.queue.listJobs().map((job) => [job.request.prompt, job.status])).toEqual([
      ['first lantern', 'completed'], ['second lantern', 'cancelled'], ['third lantern', 'cancelled'],
    ]);
    emu.control.clearLatency();

    // A quota error holds the queue: the job waits with the reason, "Resume all" continues it.
    emu.control.queueFault({ kind: 'quota-exhausted' });
    const prompt = page.getByLabel('Prompt', { exact: true });
    await prompt.fill('a lantern festival over the river');
    await prompt.press('Control+Enter');
    await untilJob('a lantern festival over the river', 'paused'); // after the short pause between generations
    await card('a lantern festival over the river').getByText('Waiting: the daily limit is reached').waitFor();
    await page.getByRole('button', { name: 'Resume all' }).click();
    await untilJob('a lantern festival over the river', 'completed');
    await card('a lantern festival over the river').getByText('Done').waitFor();

    // A refused prompt fails with one clear sentence (and is not retried).
    emu.control.queueFault({ kind: 'unsafe-generation' });
    const refusedBefore = emu.requests.count(RUN_IMAGEFX);
    await prompt.fill('something the filter refuses');
    await prompt.press('Control+Enter');
    await untilJob('something the filter refuses', 'failed');
    const refused = card('something the filter refuses');
    await refused.getByText('Failed').waitFor();
    expect(await refused.locator('.job-message').textContent()).toBe(
      'Prompt declined. ImageFX declined this prompt under its safety policy. Rephrase it and try again; retrying as is will not help.',
    );
    expect(emu.requests.count(RUN_IMAGEFX) - refusedBefore).toBe(1);

    // The account menu: who is signed in, and sign out back to the first-run screen.
    await page.locator('#account-button').click();
    const menu = page.getByRole('menu');
    await menu.getByText(DEFAULT_ACCOUNT.name).waitFor();
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with Google' }).waitFor();
    expect(stack.world.manager.snapshot()).toMatchObject({ state: 'signed-out', activeAccount: null });

    expect(pageErrors).toEqual([]);
    expect(app.cspRefusals).toEqual([]); // the UI itself never needs anything the policy forbids
    expect(stack.untrusted).toEqual([]);
    await app.close();
  });
});

/** Moves the app's clock (as time passes for a user) until the job for `prompt` has `status`. */
async function untilJob(prompt: string, status: GenerationJob['status']): Promise<void> {
  const { stack, clock } = e2e;
  const statusOf = (): string | undefined => stack.queue.listJobs().findLast((job) => job.request.prompt === prompt)?.status;
  await advanceUntil(clock, () => statusOf() === status, () => requestInFlight(stack.queue), () => `${prompt}: ${statusOf()}, not ${status}`);
}

