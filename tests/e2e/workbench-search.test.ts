/**
 * Gallery search as people type it, in Chromium through the real handlers and gallery (harness:
 * app-scenario.test.ts): a word prefix, a "quoted phrase", -exclusion, OR, a Japanese word inside a run,
 * a name with symbols (C++, said to be left out), text with nothing searchable ("Type a word to search",
 * not the whole gallery) and a search that finds nothing ("No images match"). The search box shows the
 * syntax in its placeholder and title.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withE2eApp } from '../support/e2e-fixture.ts';
import { gridPrompts, waitForPictures } from '../support/e2e-screens.ts';
import { openWatchedApp, signInWithCookieIfNeeded } from '../support/e2e-workbench.ts';
import { renderGeneratedImage } from '../support/emulator/png-encoder.ts';
import { generatedImage } from '../support/gallery-fixtures.ts';

const e2e = withE2eApp();

/** Oldest first; the grid shows them newest first. */
const PROMPTS = [
  'a red fox in the snow',
  'a fox as red as rust',
  'a teapot on a garden table',
  'an owl at night',
  '日本の庭園で眠る狐',
  'C++ code on an old screen',
  'a lighthouse at dusk',
  'a blue fox by a river',
];

beforeAll(async () => {
  for (const [index, prompt] of PROMPTS.entries()) {
    const encodedImage = renderGeneratedImage(prompt, index, 'IMAGE_ASPECT_RATIO_SQUARE').toString('base64');
    await e2e.stack.gallery.add(generatedImage({ prompt, seed: index, mediaId: `search-${index}`, encodedImage }));
    await e2e.clock.advance(60_000);
  }
});

/** The prompts the grid should show for a search: those of PROMPTS picked by `keep`, newest first. */
const newestFirst = (keep: (prompt: string) => boolean): string[] => PROMPTS.filter(keep).reverse();

async function searchFor(page: Page, text: string): Promise<void> {
  await page.getByLabel('Search prompts').fill(text);
  await page.getByLabel('Search prompts').press('Enter'); // no wait for the debounce
}

describe('searching the gallery', () => {
  it('understands words, "phrases", -exclusions, OR, CJK and symbols, and says when there is nothing to search for', async () => {
    const { app, page, expectClean } = await openWatchedApp(e2e);
    await signInWithCookieIfNeeded(page, e2e.emu);
    await page.getByRole('tab', { name: 'Gallery' }).click();
    const grid = page.locator('#gallery-grid');
    await waitForPictures(grid, PROMPTS.length);
    const box = page.getByLabel('Search prompts');
    expect(await box.getAttribute('placeholder')).toBe('Search prompts: words, "a phrase", -word, OR');
    expect(await box.getAttribute('title')).toContain('"red fox": these words together');
    const status = page.locator('#gallery-status');
    const note = page.locator('#search-note');
    const empty = page.locator('.empty-state');
    // Each query the grid runs starts with gallery:count (its true total); pages follow only where it found some.
    const searchesBefore = app.calls.filter((call) => call === 'gallery:count').length;

    // A word as it is being typed: a prefix.
    await searchFor(page, 'lig');
    await expect.poll(() => gridPrompts(grid)).toEqual(['a lighthouse at dusk']);
    await status.getByText('1 image match “lig”').waitFor();
    expect(await note.isHidden()).toBe(true);

    // A quoted phrase: these words, together, in this order.
    await searchFor(page, '"red fox"');
    await expect.poll(() => gridPrompts(grid)).toEqual(['a red fox in the snow']);

    // -word leaves out every prompt with it (and alone lists everything else).
    await searchFor(page, '-fox');
    await expect.poll(() => gridPrompts(grid)).toEqual(newestFirst((prompt) => !prompt.includes('fox')));
    await searchFor(page, 'red -"red fox"');
    await expect.poll(() => gridPrompts(grid)).toEqual(['a fox as red as rust']);

    // OR: either one.
    await searchFor(page, 'teapot OR owl');
    await expect.poll(() => gridPrompts(grid)).toEqual(['an owl at night', 'a teapot on a garden table']);

    // A Japanese word inside a run of characters (no spaces between Japanese words).
    await searchFor(page, '庭園');
    await expect.poll(() => gridPrompts(grid)).toEqual(['日本の庭園で眠る狐']);

    // Symbols are not searched, and the box says so: C++ looks for the word C, whole.
    await searchFor(page, 'C++');
    await expect.poll(() => gridPrompts(grid)).toEqual(['C++ code on an old screen']);
    await note.getByText('“++” is not searched: symbols and emoji are left out.').waitFor();

    // Only symbols or operators: nothing to search for, and nothing shown (not the whole gallery).
    for (const text of ['🦊', '*', '"', '-', 'OR']) {
      // From a search with a result each time, so the empty state seen is this text's own.
      await searchFor(page, 'owl');
      await expect.poll(() => gridPrompts(grid)).toEqual(['an owl at night']);
      await searchFor(page, text);
      await empty.getByRole('heading', { name: 'Type a word to search' }).waitFor();
      expect(await gridPrompts(grid), text).toEqual([]);
      await note.getByText(/^Nothing to search for: type a word\./).waitFor();
    }

    // A real search that finds nothing.
    await searchFor(page, 'zebra');
    await empty.getByRole('heading', { name: 'No images match' }).waitFor();
    expect(await note.isHidden()).toBe(true);

    // Clearing the box shows the whole gallery again.
    await searchFor(page, '');
    await waitForPictures(grid, PROMPTS.length);
    expect(app.calls.filter((call) => call === 'gallery:count').length - searchesBefore).toBeGreaterThanOrEqual(18);

    expectClean();
    await app.close();
  });
});
