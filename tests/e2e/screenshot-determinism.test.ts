/**
 * `npm run screenshots` changes no pixel when run again: one screen rendered by two separate runs of the
 * whole app (each with its own emulator, Chromiums, main-process stack and fake clock, as two screenshot
 * runs have) into a temporary folder, then compared pixel by pixel and byte by byte.
 *
 * The screen is the gallery after a batch of prompts (queued through the batch dialog), where the README's tiles used to change places from
 * run to run (pictures of one millisecond are ordered by ids drawn in the order they are saved). It is
 * rendered with the screenshot scenarios' stack settings and captureScreen, in the app window's Chromium
 * with its pinned fonts and switches, once every thumbnail is made (a tile shows the picture itself until
 * then, so which of the two a tile shows depends on how fast the machine was).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { NO_PACING } from '../support/generation-queue-fixture.ts';
import { E2E_ENTRY_URL } from '../support/e2e-app-page.ts';
import { startE2eApp } from '../support/e2e-fixture.ts';
import { captureScreen, gridPrompts, waitForPictures } from '../support/e2e-screens.ts';
import { queueBatchFile } from '../support/e2e-workbench.ts';
import { DEFAULT_ACCOUNT } from '../support/emulator/index.ts';

const PROMPTS = ['A quiet harbour at dawn, fishing boats, watercolour', 'Terraced tea fields in morning mist', 'A red fox curled up in fresh snow'];
const IMAGES_PER_PROMPT = 4;

/** One run: start the app, sign in, generate the batch, open the gallery, capture it into `directory`. */
async function renderGalleryAfterBatch(directory: string): Promise<{ file: string; prompts: string[] }> {
  const app = await startE2eApp({ pacing: NO_PACING });
  try {
    const window = await app.openApp();
    const { page } = window;
    await page.goto(E2E_ENTRY_URL);
    await page.getByRole('button', { name: /Paste a session cookie/ }).click();
    await page.getByLabel('Cookie header').fill(app.emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader);
    await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#account-button').waitFor();

    await queueBatchFile(page, 'batch.txt', PROMPTS.join('\n'), `This file makes ${PROMPTS.length} jobs (${PROMPTS.length * IMAGES_PER_PROMPT} images).`);
    await page.getByText(`Queued ${PROMPTS.length} jobs`).waitFor();
    await waitForPictures(page.locator('#job-feed'), PROMPTS.length * IMAGES_PER_PROMPT);
    // Until its thumbnail is made (in the background, on real time) a tile is served the picture itself, and
    // the window keeps whichever it loaded first: so the gallery is captured once every thumbnail exists,
    // in a freshly loaded window, as after reopening the app.
    await app.stack.gallery.whenThumbnailsMade();
    await page.reload();
    await page.locator('#account-button').waitFor();
    await page.getByRole('tab', { name: 'Gallery' }).click();
    const gallery = page.locator('#gallery-grid');
    await waitForPictures(gallery, PROMPTS.length * IMAGES_PER_PROMPT);
    const file = await captureScreen(page, 'gallery-after-batch', { hover: gallery.locator('.thumb').first(), directory });
    const prompts = await gridPrompts(gallery);
    await window.close();
    if (!file) throw new Error('captureScreen wrote nothing although a folder was given');
    return { file, prompts };
  } finally {
    await app.close();
  }
}

/** How many pixels of two same-sized RGBA images differ in any channel. */
function differingPixels(a: PNG, b: PNG): number {
  let count = 0;
  for (let offset = 0; offset < a.data.length; offset += 4) {
    if (a.data.readUInt32BE(offset) !== b.data.readUInt32BE(offset)) count += 1;
  }
  return count;
}

it('renders the gallery after a batch of prompts with the same pixels in two separate runs', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'imagefx-screenshot-determinism-'));
  try {
    const first = await renderGalleryAfterBatch(path.join(folder, 'first'));
    const second = await renderGalleryAfterBatch(path.join(folder, 'second'));

    expect(first.prompts).toHaveLength(PROMPTS.length * IMAGES_PER_PROMPT);
    expect(second.prompts).toEqual(first.prompts); // the same tiles in the same order…
    const [a, b] = [first.file, second.file].map((file) => PNG.sync.read(readFileSync(file)));
    expect([a!.width, a!.height]).toEqual([1280, 800]); // the window's fixed viewport at scale 1
    expect([b!.width, b!.height]).toEqual([a!.width, a!.height]);
    expect(differingPixels(a!, b!)).toBe(0); // …drawn identically…
    expect(readFileSync(second.file).equals(readFileSync(first.file))).toBe(true); // …into the same file
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
