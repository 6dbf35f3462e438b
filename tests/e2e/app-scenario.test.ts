/**
 * The desktop UI end to end, in a real Chromium, through the real IPC handlers and services.
 *
 * What runs for real: the built renderer (esbuild, as scripts/build.mjs builds it) under the app's
 * Content-Security-Policy; the IPC registry with its sender check and argument schemas; the preload's
 * bridge; PersistentAccountManager, SecureSessionManager and SessionVault (shim safeStorage, temporary
 * userData); Chromium login surfaces on the labs.google emulator, where the test types into Google's
 * sign-in form as a person would; ImageFXService on the unmodified library, the GenerationQueue and the
 * Gallery with its protocol handler. One clock (fake) is shared by the app and the emulator.
 *
 * What stands in, because a plain Chromium is not Electron (tests/support/e2e-app-page.ts has the detail):
 * the page is served on https://app.imagefx.test instead of app://imagefx, with the same headers;
 * `window.imagefx` is an init script forwarding to the preload's bridge over a Playwright binding; and
 * the renderer bundle asks for gallery pictures on its own origin (/__gallery/…) instead of the
 * imagefx-gallery: scheme, which Chromium cannot load — that one module is swapped at build time
 * (tests/support/e2e-renderer-build.ts) and the requests are answered by the app's gallery handler.
 * (tests/support/e2e-fixture.ts starts it all.)
 *
 * Under `npm run screenshots` the scenario also writes the README's screenshots (tests/support/e2e-screens.ts);
 * in `npm test` it writes nothing.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completeGoogleSignIn } from '../support/accounts-user.ts';
import { E2E_ENTRY_URL } from '../support/e2e-app-page.ts';
import { RUN_IMAGEFX, withE2eApp } from '../support/e2e-fixture.ts';
import { goOffline } from '../support/e2e-offline.ts';
import { captureScreen, gridPrompts, waitForPictures } from '../support/e2e-screens.ts';
import { queueBatchFile } from '../support/e2e-workbench.ts';
import { DEFAULT_ACCOUNT } from '../support/emulator/index.ts';
import { runUntilIdle } from '../support/generation-queue-fixture.ts';

const e2e = withE2eApp();
const { clock } = e2e;
/** How long the emulator holds each generation: on the fake clock, so the test decides when it ends. */
const GENERATION_LATENCY_MS = 4_000;
/** A user's pause between steps; short of every timeout the app keeps (silent sign-in 45 s, token refresh). */
const USER_PAUSE_MS = 20_000;

describe('the desktop UI, end to end', () => {
  it('first run → sign in → generate 4 → results, gallery, search → revoked → one-click re-sign-in → generate → offline gallery', async () => {
    const app = await e2e.openApp();
    const { emu, stack } = e2e;
    const { page } = app;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // First run: the sign-in screen explains what happens; the cookie fallback is a secondary link.
    await page.goto(E2E_ENTRY_URL);
    const signIn = page.getByRole('button', { name: 'Sign in with Google' });
    await signIn.waitFor();
    await expect.poll(() => page.getByText('A Google sign-in window opens.').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /Paste a session cookie/ }).isVisible()).toBe(true);
    await captureScreen(page, 'sign-in');

    // Sign in: the button opens the login surface (a Chromium window on the emulator); the user fills Google's form.
    const window = e2e.nextVisibleSurface();
    await signIn.click();
    await completeGoogleSignIn((await window).page, DEFAULT_ACCOUNT);
    const accountButton = page.locator('#account-button');
    await accountButton.waitFor();
    expect(await accountButton.textContent()).toContain(DEFAULT_ACCOUNT.name);
    expect(await accountButton.textContent()).toContain(DEFAULT_ACCOUNT.email);

    // Generate 4 images with Ctrl+Enter; the emulator holds the request so the running job can be seen.
    emu.control.setLatency(GENERATION_LATENCY_MS, RUN_IMAGEFX.host);
    const prompt = page.getByLabel('Prompt', { exact: true });
    await prompt.fill(LIGHTHOUSE);
    await page.getByLabel('Images', { exact: true }).selectOption('4');
    await page.locator('label[for="aspect-landscape"]').click();
    await prompt.press('Control+Enter');
    const running = page.locator('.job-running');
    await running.waitFor();
    await expect.poll(() => emu.requests.count(RUN_IMAGEFX)).toBe(1);
    await captureScreen(page, 'generating');
    await clock.advance(GENERATION_LATENCY_MS);
    emu.control.clearLatency();

    // The 4 images appear in the job's card as they are saved…
    const feed = page.locator('#job-feed');
    await waitForPictures(feed, 4);
    expect(await gridPrompts(feed)).toEqual(Array(4).fill(LIGHTHOUSE));
    await page.locator('.job-completed').getByText('Done').waitFor();
    await captureScreen(page, 'results');
    expect((await stack.gallery.page({ limit: 10 })).items.map((item) => item.prompt)).toEqual(Array(4).fill(LIGHTHOUSE));

    // Time passes between the user's steps (the app and the emulator share this clock).
    await clock.advance(USER_PAUSE_MS);

    // A batch from a text file: one job per prompt line (comments and blank lines skipped).
    await queueBatchFile(page, 'prompts.txt', BATCH_FILE, 'This file makes 3 jobs (12 images).');
    await page.getByText('Queued 3 jobs').waitFor();
    await runUntilIdle(stack.queue, clock); // one at a time, with a short pause between generations
    await waitForPictures(feed, 16);
    expect(stack.queue.listJobs().map((job) => job.status)).toEqual(Array(4).fill('completed'));

    // …and in the gallery, newest first.
    await page.getByRole('tab', { name: 'Gallery' }).click();
    const gallery = page.locator('#gallery-grid');
    await waitForPictures(gallery, 16);
    await page.locator('#gallery-status').getByText('16 images').waitFor();
    await captureScreen(page, 'gallery', { hover: gallery.locator('.thumb').first() }); // the prompt shows on hover

    // Search as you type finds them.
    const search = page.getByLabel('Search prompts');
    await search.pressSequentially('lighth', { delay: 30 });
    await expect.poll(() => gridPrompts(gallery)).toEqual(Array(4).fill(LIGHTHOUSE));
    await page.locator('#gallery-status').getByText('4 images match “lighth”').waitFor();

    // The viewer: full-size picture, prompt, settings; favourite, copy prompt, export.
    await gallery.locator('.thumb').first().click();
    const viewer = page.locator('dialog.viewer');
    await viewer.locator('img.viewer-image').evaluate((image: HTMLImageElement) => image.decode());
    expect(await viewer.locator('#viewer-prompt').textContent()).toBe(LIGHTHOUSE);
    await viewer.getByRole('button', { name: 'Add to favourites' }).click();
    await viewer.getByRole('button', { name: 'Favourite', pressed: true }).waitFor();
    await viewer.getByRole('button', { name: 'Copy prompt' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(LIGHTHOUSE);
    await captureScreen(page, 'viewer');
    await viewer.getByRole('button', { name: 'Export' }).click();
    await page.getByText('Image exported').waitFor();
    expect(readdirSync(stack.exportDirectory).filter((file) => file.endsWith('.png'))).toHaveLength(1);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect((await stack.gallery.page({ limit: 50, filters: { favouritesOnly: true } })).items).toHaveLength(1);

    // Delete asks first; cancelling keeps the image, confirming removes it from the grid and the gallery.
    await search.fill('fox');
    await expect.poll(() => gridPrompts(gallery)).toEqual(Array(4).fill(FOX));
    await gallery.locator('.thumb').first().click();
    await viewer.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this image?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await viewer.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Image deleted').waitFor();
    await expect.poll(() => gridPrompts(gallery)).toEqual(Array(3).fill(FOX));
    expect((await stack.gallery.search({ query: 'fox', limit: 10 })).items).toHaveLength(3);

    // Reuse settings: back on Create with the prompt and its seed locked.
    await gallery.locator('.thumb').first().click();
    const seed = (await viewer.locator('dd').first().textContent()) ?? '';
    await viewer.getByRole('button', { name: 'Reuse settings' }).click();
    await page.getByRole('tab', { name: 'Create', selected: true }).waitFor();
    expect(await prompt.inputValue()).toBe(FOX);
    expect(await page.getByRole('checkbox', { name: 'Lock' }).isChecked()).toBe(true);
    expect(await page.locator('#seed').inputValue()).toBe(seed);

    // The emulator ends the session (and the Google account cookies, so the silent re-sign-in needs the user).
    emu.control.revokeSessions(DEFAULT_ACCOUNT.email);
    emu.control.revokeAccountCookies(DEFAULT_ACCOUNT.email);
    await clock.advance(USER_PAUSE_MS);
    await prompt.fill(CRANE);
    await page.getByRole('button', { name: /Generate/ }).click();
    const banner = page.locator('[data-banner="reauth"]');
    await banner.getByText('Sign in again to keep generating').waitFor();
    await page.locator('.job-paused').getByText('Waiting for sign-in — the session ended').waitFor();
    await captureScreen(page, 'reauth-banner');

    // One click on the banner opens Google's window; after the form, the paused job completes.
    const again = e2e.nextVisibleSurface();
    await banner.getByRole('button', { name: 'Sign in again' }).click();
    await completeGoogleSignIn((await again).page, DEFAULT_ACCOUNT);
    await banner.waitFor({ state: 'detached' });
    await runUntilIdle(stack.queue, clock); // it follows the new sign-in, after the short pause between generations
    await waitForPictures(feed, 15 + 4); // the deleted fox left the feed too
    expect(await gridPrompts(feed.locator('.job').first())).toEqual(Array(4).fill(CRANE));

    // Generate again, now with the button.
    await page.locator('label.switch').click();
    expect(await page.getByRole('checkbox', { name: 'Lock' }).isChecked()).toBe(false);
    await clock.advance(USER_PAUSE_MS);
    await prompt.fill(AURORA);
    await page.getByRole('button', { name: /Generate/ }).click();
    await waitForPictures(feed, 15 + 8);
    const onlineRequests = emu.requests.all().length;

    // The network goes away: Node's fetch refuses every connection, the page's browser context is offline.
    e2e.onCleanup(await goOffline([app.context]));
    await expect(fetch('https://labs.google/fx/api/auth/session')).rejects.toThrow();
    expect(await stack.world.sessions.refresh()).toBe('offline'); // the session's next check, as its scheduler runs it
    await page.locator('[data-banner="offline"]').getByText('You are offline').waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    // Generate still queues: the job waits for the network, and says so.
    await prompt.fill(HARBOUR);
    await page.getByRole('button', { name: /Generate/ }).click();
    await feed.locator('.job').first().getByText('Waiting for the network').waitFor();
    expect(stack.queue.listJobs().at(-1)).toMatchObject({ status: 'queued', wait: { reason: 'offline' } });

    // The gallery is still browsable and searchable.
    await page.getByRole('tab', { name: 'Gallery' }).click();
    await search.fill('');
    await waitForPictures(gallery, 16 + 8 - 1);
    await search.pressSequentially('frozen lake', { delay: 30 });
    await expect.poll(() => gridPrompts(gallery)).toEqual(Array(4).fill(AURORA));
    await gallery.locator('.thumb').first().click();
    await viewer.locator('img.viewer-image').evaluate((image: HTMLImageElement) => image.decode());
    await page.keyboard.press('Escape');
    // Closing hands focus back to the picture; only then does the search box take it (else either may end with it).
    await viewer.waitFor({ state: 'detached' });
    await search.fill('');
    await waitForPictures(gallery, 16 + 8 - 1);
    expect((await gridPrompts(gallery)).slice(0, 4)).toEqual(Array(4).fill(AURORA)); // newest first
    await page.mouse.move(1, 1);
    await captureScreen(page, 'offline');
    // Nothing from the app reached Google while offline (the login Chromium may still fetch its own bits).
    const fromApp = emu.requests.all().slice(onlineRequests).filter((entry) => !entry.headers['user-agent']?.includes('Chrome'));
    expect(fromApp.map((entry) => `${entry.host}${entry.path}`)).toEqual([]);

    expect(pageErrors).toEqual([]);
    expect(app.cspRefusals).toEqual([]); // the UI itself never needs anything the policy forbids
    expect(stack.untrusted).toEqual([]);
    await app.close();
  });
});

const LIGHTHOUSE = 'A lighthouse on a cliff at dusk, warm light, oil painting';
const FOX = 'A red fox curled up in fresh snow';
const CRANE = 'A paper crane on a wooden desk, soft morning light';
const AURORA = 'Northern lights over a frozen lake, long exposure';
const HARBOUR = 'A harbour at night, lanterns on the water';
const BATCH_FILE = ['# harbour series', 'A quiet harbour at dawn, fishing boats, watercolour', '', 'Terraced tea fields in morning mist', FOX, ''].join('\n');
