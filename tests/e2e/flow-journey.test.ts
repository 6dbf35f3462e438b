/**
 * Issue 13's journey, end to end in Chromium against the emulator, through the real handlers and services
 * (tests/support/e2e-fixture.ts with Flow on, wired as main.ts wires it): sign in on the emulated
 * flow.google.com as the migrated account → the backend is detected as Flow → 4 images with Nano Banana 2
 * at 3:4 made by Flow's own page, driven over a DevTools session like `webContents.debugger` → 4 JPEGs in
 * the gallery whose metadata an independent parser reads back → a restart (a new app stack on the same
 * userData, vault and keychain; the in-memory partitions gone) → still signed in, no window → the
 * keep-alive's reload rotates Google's cookies and the rotated ones are sealed in the vault → Google signs
 * the account out → the re-sign-in banner, no reload loop → a job queued meanwhile completes after the
 * sign-in. Then a raw-byte scan of userData finds no cookie value, in any encoding, outside the vault file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionCookie } from '../../src/auth/session/session-record.ts';
import { completeGoogleSignIn } from '../support/accounts-user.ts';
import { __shim } from '../support/electron-shim.ts';
import { E2E_ENTRY_URL, type E2eAppPage } from '../support/e2e-app-page.ts';
import { withE2eApp } from '../support/e2e-fixture.ts';
import { MIGRATED_ACCOUNT } from '../support/emulator/index.ts';
import { advanceUntil, NO_PACING, requestInFlight } from '../support/generation-queue-fixture.ts';
import { jpegSize, readJpegXmpProperties } from '../support/jpeg-xmp-reader.ts';

const KEEP_ALIVE_MS = 30 * 60_000;
const e2e = withE2eApp({ flow: { keepAliveIntervalMs: KEEP_ALIVE_MS }, pacing: NO_PACING });
const { clock } = e2e;
/** The gallery's XMP namespace, as documented (the reader below shares no code with the gallery). */
const GALLERY_XMP = 'urn:imagefx-desktop:gallery:1.0#';
const PROMPT = 'a paper lantern festival over a river at dusk';
const LATER_PROMPT = 'a lighthouse keeper’s kitchen in the morning';
/** Every Google cookie value the account's partitions held at some point (for the scan at the end). */
const cookieValues = new Set<string>();

/** Moves the app's clock to the keep-alive's next visit (once the last one is over and the next is scheduled). */
async function untilNextVisit(): Promise<void> {
  const { keepAlive } = e2e.stack.flow!;
  await expect.poll(() => keepAlive.nextVisitAt, { timeout: 60_000 }).not.toBeNull();
  await clock.advance(keepAlive.nextVisitAt! - clock.now());
}

/** Moves the app's clock until `done()` (never under a generation in flight: Flow's page works on real time). */
async function runUntil(done: () => boolean, what: string): Promise<void> {
  const { queue } = e2e.stack;
  await advanceUntil(clock, done, () => requestInFlight(queue), () => `never ${what}: ${JSON.stringify(queue.listJobs().map((job) => [job.status, job.wait, job.failure]))}`, 500, 120_000);
}

async function partitionCookies(accountId: string): Promise<SessionCookie[]> {
  const cookies = (await e2e.stack.world.options.partitions!.read(accountId));
  for (const cookie of cookies) cookieValues.add(cookie.value);
  return cookies;
}

const valueOf = (cookies: readonly SessionCookie[] | null, name: string): string | undefined => cookies?.find((cookie) => cookie.name === name)?.value;

async function signInOnFlow(app: E2eAppPage, start: () => Promise<void>): Promise<void> {
  const window = e2e.nextVisibleSurface();
  await start();
  const surface = await window;
  await completeGoogleSignIn(surface.page, MIGRATED_ACCOUNT);
  await expect.poll(() => e2e.stack.world.manager.snapshot().state, { timeout: 60_000 }).toBe('signed-in');
  await app.page.locator('#account-button').waitFor();
  expect(surface.isClosed).toBe(true);
}

describe('Google Flow, end to end', () => {
  it('sign in on flow.google.com → Flow → 4 × Nano Banana 2 at 3:4 → JPEGs → restart → rotation sealed → signed out → banner → the queued job completes after sign-in', async () => {
    const { emu } = e2e;
    let app = await e2e.openApp();
    let page = app.page;
    await page.goto(E2E_ENTRY_URL);

    // Sign in: the window starts on flow.google.com, Google's form, back to the project grid.
    await signInOnFlow(app, () => page.getByRole('button', { name: 'Sign in with Google' }).click());
    // Minus what Chromium asks on its own (favicons, account probes).
    const firstRequests = emu.requests.all().filter((entry) => !['/favicon.ico', '/ListAccounts'].includes(entry.path));
    expect([firstRequests[0]!.host, firstRequests[0]!.path]).toEqual(['flow.google.com', '/']);
    const account = e2e.stack.world.manager.snapshot().activeAccount!;
    expect(account).toMatchObject({ email: MIGRATED_ACCOUNT.email, backend: 'flow' });
    // Detected as Flow without a labs.google session: none was asked for.
    expect(emu.requests.count({ host: 'labs.google', path: '/fx/api/auth/session' })).toBe(0);
    await partitionCookies(account.id);

    // The form offers Flow's choices: its models by name, 3:4, no seed to lock, reference pictures.
    const model = page.locator('#model');
    await expect.poll(() => model.locator('option').allTextContents()).toEqual(['Nano Banana 2', 'Nano Banana Pro', 'Nano Banana 2 Lite']);
    expect(await page.getByLabel('Images', { exact: true }).locator('option').allTextContents()).toEqual(['1', '2', '3', '4']);
    expect(await page.locator('#seed').isVisible()).toBe(false);
    expect(await page.locator('#add-reference').isVisible()).toBe(true);

    // Generate 4 with Nano Banana 2 at 3:4: Flow's own page does it (it mints its reCAPTCHA token on the click).
    await model.selectOption({ label: 'Nano Banana 2' });
    await page.getByLabel('Images', { exact: true }).selectOption('4');
    await page.locator('label[for="aspect-three-four"]').click();
    await page.getByLabel('Prompt', { exact: true }).fill(PROMPT);
    await page.locator('#generate-button').click();
    await runUntil(() => e2e.stack.queue.listJobs().some((job) => job.status === 'completed'), 'the Flow job completed');
    expect(emu.control.recaptchaMints().map((mint) => [mint.action, mint.minter])).toEqual([['IMAGE_GENERATION', 'page']]);
    expect(emu.requests.count({ host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' })).toBe(0);

    // Four JPEGs in the gallery, kept as Flow sent them, with their metadata embedded (read back independently).
    const items = (await e2e.stack.gallery.page({ limit: 10 })).items;
    expect(items).toHaveLength(4);
    for (const item of items) {
      const bytes = readFileSync((await e2e.stack.gallery.imageFile(item.id))!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(jpegSize(bytes)).toEqual({ width: 896, height: 1200 });
      const xmp = readJpegXmpProperties(bytes, GALLERY_XMP);
      expect(Object.fromEntries(['prompt', 'model', 'aspectRatio'].map((name) => [name, xmp.get(name)]))).toEqual({
        prompt: PROMPT,
        model: 'NARWHAL',
        aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR',
      });
      expect(xmp.get('seed')).toBe(String(item.seed));
      expect(xmp.get('mediaId')).toBe(item.mediaId);
      expect(item.mediaId).not.toBe('');
    }
    const sealedBefore = valueOf(await e2e.stack.world.vault.loadJar(account.id), '__Secure-1PSIDTS');
    expect(sealedBefore).toBeDefined();

    // Settings: the account's backend and its switch (classic is refused: labs.google has no session for
    // it), and the export of the diagnostic records (none kept: nothing went wrong).
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.locator('#settings-backend').textContent()).toBe('Google Flow');
    expect(await page.getByRole('radio', { name: 'Google Flow' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'ImageFX (classic)' }).click(); // refused: it goes back
    await page.locator('.toast').getByText(/needs a labs\.google session/).waitFor();
    await expect.poll(() => page.getByRole('radio', { name: 'Google Flow' }).isChecked()).toBe(true);
    expect(e2e.stack.world.manager.backendOf(account.id)).toBe('flow');
    const exportFile = path.join(e2e.stack.exportDirectory, 'diagnostics.json');
    __shim.dialog.respondWith('showSaveDialog', { canceled: false, filePath: exportFile });
    await page.getByRole('button', { name: 'Export diagnostics…' }).click();
    await page.locator('.toast').getByText('Exported 0 records').waitFor();
    expect(JSON.parse(readFileSync(exportFile, 'utf8'))).toMatchObject({ format: 'imagefx-desktop/diagnostics', captures: [] });

    // Restart: the app quits (partitions gone) and starts again on the same userData, vault and keychain.
    await app.close();
    const surfacesBefore = e2e.surfaces.created.length;
    emu.resetLog();
    const restarted = await e2e.restart();
    app = await e2e.openApp();
    page = app.page;
    await page.goto(E2E_ENTRY_URL);
    await page.locator('#account-button').waitFor();
    expect(restarted.world.manager.snapshot()).toMatchObject({ state: 'signed-in', activeAccount: { id: account.id, backend: 'flow' } });
    // Still signed in: the hidden page opened Flow's grid from the restored jar; no window of any kind.
    await expect.poll(() => emu.requests.all({ host: 'flow.google.com', path: '/' }).map((entry) => entry.status), { timeout: 60_000 }).toContain(200);
    expect(e2e.surfaces.created.slice(surfacesBefore)).toEqual([]);
    expect(restarted.flow!.pages.opened.map((opened) => opened.accountId)).toEqual([account.id]);

    // The keep-alive: one interval on, the hidden page loads Flow again, Google rotates __Secure-1PSIDTS and
    // SIDCC, and the jar seals the rotated cookies into the vault.
    const beforeVisit = valueOf(await partitionCookies(account.id), '__Secure-1PSIDTS');
    await untilNextVisit();
    await expect.poll(async () => valueOf(await partitionCookies(account.id), '__Secure-1PSIDTS'), { timeout: 60_000 }).not.toBe(beforeVisit);
    const rotated = await partitionCookies(account.id);
    await expect
      .poll(async () => {
        await clock.advance(1_000); // the jar's debounce
        const sealed = await restarted.world.vault.loadJar(account.id);
        return ['__Secure-1PSIDTS', 'SIDCC'].map((name) => valueOf(sealed, name));
      }, { timeout: 30_000 })
      .toEqual(['__Secure-1PSIDTS', 'SIDCC'].map((name) => valueOf(rotated, name)));
    expect(valueOf(rotated, '__Secure-1PSIDTS')).not.toBe(sealedBefore);
    expect(restarted.world.vaultFileText()).not.toContain(valueOf(rotated, '__Secure-1PSIDTS'));

    // Google wants the password again: the next visit lands signed out, and the banner asks for a sign-in.
    emu.control.forceConfirmIdentity(MIGRATED_ACCOUNT.email);
    await untilNextVisit();
    const banner = page.locator('[data-banner="reauth"]');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toContain('Google Flow signed you out');
    expect(restarted.world.manager.snapshot()).toMatchObject({ state: 'reauth-required', reason: 'flow-signed-out' });
    // Never a loop: signed out, the page is not loaded again, however long the app runs.
    emu.resetLog();
    await clock.advance(4 * KEEP_ALIVE_MS);
    expect(emu.requests.count({ host: 'flow.google.com' })).toBe(0);

    // A job queued meanwhile, with a reference picture (one of the first JPEGs), waits for the sign-in…
    await page.getByRole('tab', { name: 'Create' }).click();
    const referenceFile = (await restarted.gallery.imageFile(items[0]!.id))!;
    await page.locator('#reference-files').setInputFiles(referenceFile);
    await page.locator('.reference-chip').getByText(path.basename(referenceFile)).waitFor();
    await page.getByLabel('Images', { exact: true }).selectOption('1');
    await page.getByLabel('Prompt', { exact: true }).fill(LATER_PROMPT);
    await page.locator('#generate-button').click();
    await expect.poll(() => restarted.queue.listJobs().at(-1)?.wait?.reason).toBe('sign-in');
    expect(restarted.queue.listJobs().at(-1)?.request.referenceIds).toHaveLength(1);
    await clock.advance(60_000);
    expect(restarted.queue.listJobs().at(-1)?.status).not.toBe('completed');

    // …and completes after it (the same Google account, signed in again: a new id its job follows).
    await signInOnFlow(app, () => banner.getByRole('button', { name: 'Sign in again' }).click());
    const again = restarted.world.manager.snapshot().activeAccount!;
    expect(again).toMatchObject({ email: MIGRATED_ACCOUNT.email, backend: 'flow' });
    expect(again.id).not.toBe(account.id);
    await partitionCookies(again.id);
    await runUntil(() => restarted.queue.listJobs().at(-1)?.status === 'completed', 'the queued job completed after sign-in');
    const after = (await restarted.gallery.page({ limit: 10 })).items;
    expect(after.map((item) => item.prompt)).toEqual([LATER_PROMPT, ...Array(4).fill(PROMPT)]);
    // The reference went up through Flow's own file input (the page minted its upload token), then rode on the generation.
    expect(emu.control.recaptchaMints().map((mint) => [mint.action, mint.minter])).toEqual([['UPLOAD_IMAGE', 'page'], ['IMAGE_GENERATION', 'page']]);
    // It went into the account's own project, created once (carried to the new id).
    expect(emu.control.flowProjects(MIGRATED_ACCOUNT.email)).toHaveLength(1);
    const sealed = await restarted.world.vault.loadJar(again.id);
    for (const cookie of sealed ?? []) cookieValues.add(cookie.value);
    await app.close();
  }, 300_000);

  it('leaves no cookie value in userData, raw, base64, hex or URL-encoded, outside the sealed vault file', () => {
    const { userData } = e2e.stack.world;
    const needles = [...cookieValues].filter((value) => value.length >= 16);
    expect(needles.length).toBeGreaterThanOrEqual(10);
    const encodings = (value: string): string[] => {
      const bytes = Buffer.from(value, 'utf8');
      return [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase(), encodeURIComponent(value)];
    };
    const files: string[] = [];
    const walk = (directory: string): void => {
      for (const name of readdirSync(directory)) {
        const full = path.join(directory, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(userData);
    const vaultFile = path.join(userData, 'session-vault.json');
    expect(files).toContain(vaultFile);
    expect(files.some((file) => file.includes(`${path.sep}gallery${path.sep}`))).toBe(true);
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const value of needles) {
        for (const encoded of encodings(value)) {
          if (file !== vaultFile && text.includes(encoded)) found.push(`${path.relative(userData, file)}: a cookie value`);
        }
        // The vault holds them sealed: not even there in the clear.
        if (file === vaultFile && text.includes(value)) found.push('session-vault.json: a cookie value in the clear');
      }
    }
    expect(found).toEqual([]);
  });
});
