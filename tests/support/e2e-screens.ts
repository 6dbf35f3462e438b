/**
 * Small helpers for driving and recording the app page in the end-to-end tests: screenshots (only when
 * asked for), waiting for pictures to be decoded, reading the grid.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

/** Where the README's screenshots live; `npm run screenshots` writes them there. */
export const README_SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots', import.meta.url));

/**
 * The folder screenshots go to, set by scripts/screenshots.mjs (`npm run screenshots`). Unset in `npm test`,
 * so the suite never writes into the work tree.
 */
export const SCREENSHOT_DIR_ENV = 'IMAGEFX_SCREENSHOT_DIR';

/** The main states the README shows, in order. */
export const SCREENSHOTS = [
  'sign-in', 'generating', 'results', 'gallery', 'viewer', 'reauth-banner', 'offline', 'storage-banner', 'gallery-dark', 'queue', 'batch-preview', 'settings', 'multi-select',
  'waiting-retry', 'waiting-google', 'waiting-network', 'waiting-sign-in',
] as const;
export type ScreenshotName = (typeof SCREENSHOTS)[number];

/**
 * Prepares the window for a picture of `name`, as a user would: notices in the corner dismissed unless
 * `keepToasts`, then the pointer on `hover`. Then, if a folder is given (`directory`, else the
 * {@link SCREENSHOT_DIR_ENV} folder), writes `<folder>/<name>.png` of the whole window with animations
 * stopped and the caret hidden, and returns its path; without a folder it writes nothing and returns null.
 * The preparation runs either way, so a screenshot run drives the app exactly as `npm test` does.
 */
export async function captureScreen(
  page: Page,
  name: string,
  options: { keepToasts?: boolean; hover?: Locator; directory?: string } = {},
): Promise<string | null> {
  if (!options.keepToasts) {
    const dismiss = page.locator('.toast').getByRole('button', { name: 'Dismiss' });
    // A notice may time out while being dismissed: that is fine, it is gone either way.
    while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2_000 }).catch(() => undefined);
  }
  if (options.hover) await options.hover.hover();
  const directory = options.directory ?? process.env[SCREENSHOT_DIR_ENV];
  if (!directory) return null;
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide', scale: 'css' });
  return file;
}

/**
 * Waits until `scope` holds exactly `count` pictures and every one of them in view has loaded (none
 * broken). Pictures further down are `loading="lazy"`: they load when scrolled near, as in the app.
 */
export async function waitForPictures(scope: Locator, count: number, timeoutMs = 30_000): Promise<void> {
  const images = scope.locator('img');
  await images.nth(count - 1).waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await images.evaluateAll((all) => {
      const pictures = all as HTMLImageElement[];
      const inView = pictures.filter((image) => {
        const box = image.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
      });
      return {
        count: pictures.length,
        broken: pictures.filter((image) => image.complete && image.currentSrc !== '' && image.naturalWidth === 0).length,
        pending: inView.filter((image) => !image.complete || image.naturalWidth === 0).length,
      };
    });
    if (state.count === count && state.broken === 0 && state.pending === 0) return;
    if (state.broken > 0) throw new Error(`${state.broken} picture(s) failed to load`);
    if (Date.now() > deadline) throw new Error(`waitForPictures: wanted ${count} loaded pictures, have ${JSON.stringify(state)}`);
    await scope.page().waitForTimeout(50);
  }
}

/**
 * Waits until every tile of the virtualized gallery grid that is in the window shows its loaded picture
 * (none still a placeholder, none broken). Tiles out of view are not in the page at all.
 */
export async function waitForTilesInView(grid: Locator, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await grid.evaluate((element) => {
      const cells = Array.from(element.querySelectorAll<HTMLElement>('.grid-cell:not([hidden])')).filter((cell) => {
        const box = cell.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
      });
      const images = cells.map((cell) => cell.querySelector('img'));
      return {
        tiles: cells.length,
        waiting: images.filter((image) => image === null || !image.complete).length,
        broken: images.filter((image) => image !== null && image.complete && image.naturalWidth === 0).length,
      };
    });
    if (state.broken > 0) throw new Error(`${state.broken} picture(s) failed to load`);
    if (state.tiles > 0 && state.waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`waitForTilesInView: ${JSON.stringify(state)}`);
    await grid.page().waitForTimeout(50);
  }
}

/** The prompts of the thumbnails in a grid, in order. */
export async function gridPrompts(grid: Locator): Promise<string[]> {
  return grid.locator('img').evaluateAll((images) => images.map((image) => (image as HTMLImageElement).alt));
}
