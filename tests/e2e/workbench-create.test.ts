/**
 * The Create page and its edges, in Chromium through the real handlers, queue and emulator (harness:
 * app-scenario.test.ts): focus after closing the Google window and after signing in; Generate in view at
 * 900×600; the form's checks (a stale "Write a prompt first." clears, a paste over the limit says so and
 * is not cut, a locked seed out of range or not whole is refused with a message); a double click makes one
 * job; Arabic prompts laid out right to left; job progress never takes focus; cancel hands focus to the
 * job; "Google sent 0 of 4 images" fails the job, says so and is not a green Done; recent prompts and
 * captions fill the prompt in one click; the feed has its pictures again after a reload; no page scrolls
 * sideways at 200 % zoom.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NO_PACING } from '../support/generation-queue-fixture.ts';
import { completeGoogleSignIn } from '../support/accounts-user.ts';
import { RUN_IMAGEFX, withE2eApp } from '../support/e2e-fixture.ts';
import { waitForPictures } from '../support/e2e-screens.ts';
import { focused, openWatchedApp, scrollsSideways } from '../support/e2e-workbench.ts';
import { DEFAULT_ACCOUNT } from '../support/emulator/index.ts';
import { renderGeneratedImage } from '../support/emulator/png-encoder.ts';

// About the Create page, not the pause between generations (tests/e2e/waits-and-accounts.test.ts shows that).
const e2e = withE2eApp({ pacing: NO_PACING });
const LATENCY_MS = 4_000;
const ARABIC = 'منارة على جرف عند الغروب، لوحة زيتية';
const HARBOUR = 'A quiet harbour at dawn, watercolour';

/** The page at 200 % zoom of a 1280 × 800 window: the same layout viewport, half the CSS pixels. */
const ZOOMED = { width: 640, height: 400 };

async function jobCount(page: Page): Promise<number> {
  return page.locator('#job-feed .job').count();
}

describe('the Create page', () => {
  it('keeps focus sensible, checks what it sends, makes one job per click, and keeps its pictures', async () => {
    const { app, page, expectClean } = await openWatchedApp(e2e);
    const { emu, stack, clock } = e2e;

    // Closing the Google window: focus returns to "Sign in with Google".
    const signIn = page.getByRole('button', { name: 'Sign in with Google' });
    const closed = e2e.nextVisibleSurface();
    await signIn.click();
    await (await closed).page.close();
    await signIn.waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'sign-in-button' });

    // Signing in: focus lands in the prompt, the next thing to do.
    const window = e2e.nextVisibleSurface();
    await page.keyboard.press('Enter');
    await completeGoogleSignIn((await window).page, DEFAULT_ACCOUNT);
    await page.locator('#account-button').waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'prompt' });

    // 900 × 600: Generate is in view without scrolling, and nothing scrolls sideways.
    await page.setViewportSize({ width: 900, height: 600 });
    const generate = page.locator('#generate-button');
    const box = (await generate.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    expect(await page.locator('.sidebar').evaluate((sidebar) => sidebar.scrollTop)).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);

    // An empty prompt is named; the message goes as soon as there is text.
    const prompt = page.getByLabel('Prompt', { exact: true });
    const promptError = page.locator('#prompt-error');
    await generate.click();
    await promptError.getByText('Write a prompt first.').waitFor();
    await prompt.pressSequentially('A');
    await promptError.waitFor({ state: 'hidden' });

    // A paste over the limit says so, keeps every character, and is not sent.
    await prompt.fill('x'.repeat(2500));
    await promptError.getByText('The prompt is 2,500 characters long; the limit is 2,000. Shorten it by 500.').waitFor();
    expect((await prompt.inputValue()).length).toBe(2500);
    await generate.click();
    expect(stack.queue.listJobs()).toEqual([]);

    // A locked seed out of range or not whole is refused with a message, never dropped or rounded.
    await prompt.fill(ARABIC);
    await promptError.waitFor({ state: 'hidden' });
    await page.locator('label.switch').click();
    const seed = page.getByRole('textbox', { name: 'Seed' });
    const seedError = page.locator('#seed-error');
    for (const [value, message] of [
      ['99999999999', 'A seed is from 0 to 2147483647.'],
      ['-5', 'A seed is from 0 to 2147483647.'],
      ['1.5', 'A seed is a whole number, like 12345.'],
      ['', 'Enter a seed, or unlock it to get a random one.'],
    ]) {
      await seed.fill(value!);
      await generate.click();
      await seedError.getByText(message!).waitFor();
      expect(await focused(page)).toMatchObject({ id: 'seed' });
    }
    expect(stack.queue.listJobs()).toEqual([]);
    await seed.fill('42');
    await seedError.waitFor({ state: 'hidden' });

    // A double click on Generate makes one job; the Arabic prompt is laid out right to left.
    emu.control.setLatency(LATENCY_MS, RUN_IMAGEFX.host);
    await generate.dblclick();
    await expect.poll(() => jobCount(page)).toBe(1);
    await expect.poll(() => emu.requests.count(RUN_IMAGEFX)).toBe(1);
    expect(stack.queue.listJobs().map((job) => [job.request.prompt, job.request.seed])).toEqual([[ARABIC, 42]]);
    expect(await prompt.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    const arabicCard = page.locator('.job', { hasText: ARABIC });
    expect(await arabicCard.locator('.job-prompt').evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    await clock.advance(LATENCY_MS);
    await waitForPictures(arabicCard, 4);

    // Job progress never takes focus: a focused picture keeps it (not even a blur) while another job runs.
    const picture = arabicCard.locator('.thumb').first();
    await picture.focus();
    await picture.evaluate((element) => {
      (window as unknown as { blurs: number }).blurs = 0;
      element.addEventListener('blur', () => ((window as unknown as { blurs: number }).blurs += 1));
    });
    const harbour = stack.queue.enqueue({ prompt: HARBOUR, count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: null, model: 'IMAGEN_3_5' });
    await page.locator('.job-running', { hasText: HARBOUR }).waitFor();
    await clock.advance(LATENCY_MS);
    await waitForPictures(page.locator('.job', { hasText: HARBOUR }), 2);
    expect(await picture.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { blurs: number }).blurs)).toBe(0);
    expect(stack.queue.getJob(harbour.id)?.status).toBe('completed');

    // Cancel from the keyboard: the job's card takes focus once its Cancel button is gone.
    await prompt.fill('A kite festival on the beach');
    await prompt.press('Control+Enter');
    const kite = page.locator('.job', { hasText: 'A kite festival on the beach' });
    await page.locator('.job-running', { hasText: 'A kite festival on the beach' }).waitFor();
    await kite.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await kite.getByText('Cancelled').waitFor();
    const kiteId = await kite.getAttribute('data-job-id');
    expect(await focused(page)).toMatchObject({ jobId: kiteId, tag: 'article' });
    emu.control.clearLatency();

    // Google sent no picture: the job fails and says so (not "ImageFX had a problem"), and is not a green "Done".
    const asked = emu.requests.count(RUN_IMAGEFX);
    emu.control.queueFault({ kind: 'fewer-images', count: 0 });
    await prompt.fill('A lantern in the fog');
    await generate.click();
    const empty = page.locator('.job', { hasText: 'A lantern in the fog' });
    await empty.locator('.status-chip').getByText('No images').waitFor();
    expect(await empty.locator('.status-chip').getAttribute('class')).toContain('status-failed');
    expect(await empty.locator('.job-message').textContent()).toBe('Google sent 0 of 4 images, so nothing was saved. Retry it from the Queue.');
    expect(await empty.getByText('Done', { exact: true }).count()).toBe(0);
    const emptyId = (await empty.getAttribute('data-job-id'))!;
    expect(stack.queue.getJob(emptyId)).toMatchObject({ status: 'failed', images: [], failure: { code: 'SERVICE_ERROR', reason: 'EMPTY_RESPONSE' } });
    expect(emu.requests.count(RUN_IMAGEFX) - asked).toBe(1); // an empty answer is not asked again by itself

    // Recent prompts: one click puts one back into the prompt.
    const recent = page.locator('#recent-prompts');
    expect(await recent.getByRole('button', { name: `Use again: ${HARBOUR}` }).count()).toBe(0); // queued from elsewhere, not sent from the form
    await recent.getByRole('button', { name: `Use again: ${ARABIC}` }).click();
    expect(await prompt.inputValue()).toBe(ARABIC);
    expect(await focused(page)).toMatchObject({ id: 'prompt' });

    // Describe an image: pick a picture, the captions come back, one click makes one the prompt.
    await page.locator('#open-describe').click();
    const describeDialog = page.getByRole('dialog', { name: 'Describe an image' });
    const png = renderGeneratedImage('an uploaded study', 3, 'IMAGE_ASPECT_RATIO_SQUARE');
    await describeDialog.locator('#describe-file').setInputFiles({ name: 'study.png', mimeType: 'image/png', buffer: png });
    const captions = describeDialog.locator('#caption-list li');
    await expect.poll(() => captions.count()).toBe(4);
    const caption = (await captions.first().locator('.caption-text').textContent())!;
    expect(caption).toMatch(/^A \d+×\d+ picture with a smooth diagonal colour gradient$/);
    expect(await focused(page)).toMatchObject({ label: `Use as prompt: ${caption}` });
    await page.keyboard.press('Enter');
    await describeDialog.waitFor({ state: 'detached' });
    expect(await prompt.inputValue()).toBe(caption);
    expect(await focused(page)).toMatchObject({ id: 'prompt' });
    await describeDialog.waitFor({ state: 'detached' });

    // A reload asks the queue and the gallery again: the feed has its pictures back.
    await page.reload();
    await waitForPictures(page.locator('.job', { hasText: ARABIC }), 4);
    await waitForPictures(page.locator('.job', { hasText: HARBOUR }), 2);

    // 200 % zoom: no page scrolls sideways, nor the viewer.
    await page.setViewportSize(ZOOMED);
    for (const tab of ['Create', 'Queue', 'Gallery', 'Settings']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tab', { name: tab, selected: true }).waitFor();
      expect(await scrollsSideways(page), `${tab} at 200 %`).toBe(false);
    }
    await page.getByRole('tab', { name: 'Gallery' }).click();
    await page.locator('#gallery-grid .thumb').first().click();
    await page.locator('dialog.viewer').waitFor();
    expect(await scrollsSideways(page), 'viewer at 200 %').toBe(false);
    await page.keyboard.press('Escape');

    expectClean();
    await app.close();
  });
});
