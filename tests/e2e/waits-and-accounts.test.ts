/**
 * Every wait visible, end to end, in Chromium through the real IPC handlers and services (see
 * app-scenario.test.ts for what runs for real): a retry counting down ("Retrying in 12 s — Google is
 * busy"), labs.google unreachable while the computer is online ("Waiting for Google", its banner,
 * Generate still queueing, both jobs finishing by themselves once Google answers), the computer offline
 * ("Waiting for the network"), and the account rules: signing out with unfinished work asks keep or
 * discard, kept work waits for its account while another one is signed in ("Waiting for sign-in" with
 * "Sign in"), and that button opens Google's sign-in, after which the work runs on its own account.
 *
 * Each state is also a README screenshot (`npm run screenshots` writes them; `npm test` writes nothing);
 * the assertions are on the page itself.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeGoogleSignIn } from '../support/accounts-user.ts';
import { E2E_ENTRY_URL } from '../support/e2e-app-page.ts';
import { RUN_IMAGEFX, withE2eApp } from '../support/e2e-fixture.ts';
import { goOffline } from '../support/e2e-offline.ts';
import { captureScreen } from '../support/e2e-screens.ts';
import { ANY_PATH, DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT } from '../support/emulator/index.ts';

const e2e = withE2eApp({ start: Date.UTC(2026, 10, 24, 10, 0) });
/** A picture of the window as it is, notices included (written only by `npm run screenshots`). */
const capture = (page: Page, name: string): Promise<string | null> => captureScreen(page, name, { keepToasts: true });

describe('waits and accounts, end to end', () => {
  it('retry countdown, Google unreachable, offline, sign-out keep/discard, and "Sign in" on a job waiting for its account', async () => {
    const { emu, stack, clock } = e2e;
    const app = await e2e.openApp();
    const { page } = app;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The window and the main process share one clock in the app; here the page's follows the fake one.
    const syncPageClock = (): Promise<void> => page.clock.setFixedTime(clock.now());
    await syncPageClock();
    await page.goto(E2E_ENTRY_URL);
    await pasteCookie(page, emu.control.createSession(DEFAULT_ACCOUNT.email).cookieHeader);
    const prompt = page.getByLabel('Prompt', { exact: true });
    const generate = page.getByRole('button', { name: /Generate/ });
    const card = (text: string) => page.locator('.job', { has: page.getByText(text, { exact: true }) });
    const jobOf = (text: string) => stack.queue.listJobs().findLast((job) => job.request.prompt === text)!;

    // 1. Google is busy: a 503 with Retry-After: 12. The card counts down, then the job completes.
    emu.control.queueFault({ kind: 'server-error', status: 503, retryAfterSeconds: 12 });
    await prompt.fill(BUSY);
    await generate.click();
    const busy = card(BUSY);
    await busy.getByText('Retrying in 12 s — Google is busy').waitFor();
    expect(await busy.getAttribute('data-wait')).toBe('retry');
    expect(await busy.locator('.status-chip').textContent()).toBe('Retrying');
    await capture(page, 'waiting-retry');
    await page.clock.setFixedTime(clock.now() + 5_000); // five seconds later, the same card says so
    await busy.getByText('Retrying in 7 s — Google is busy').waitFor();
    await clock.advance(12_000);
    await syncPageClock();
    await busy.getByText('Done').waitFor();

    // 2. labs.google unreachable while the computer is online: retries, then a wait that ends by itself.
    emu.control.queueFault({ kind: 'drop-connection' }, { on: { host: RUN_IMAGEFX.host, path: ANY_PATH }, times: 1_000 });
    await prompt.fill(UNREACHABLE);
    await generate.click();
    await stack.runUntil(() => jobOf(UNREACHABLE)?.wait?.reason === 'google-unreachable', 'waited for labs.google');
    await syncPageClock();
    await card(UNREACHABLE).getByText(/^Waiting for Google/).waitFor();
    await page.locator('[data-banner="unreachable"]').getByText('Google is not answering').waitFor();
    expect(await page.locator('[data-banner="offline"]').count()).toBe(0); // not "You are offline"
    expect(await generate.isEnabled()).toBe(true);
    await prompt.fill(QUEUED_MEANWHILE);
    await generate.click();
    await card(QUEUED_MEANWHILE).getByText(/^Waiting for Google/).waitFor();
    await capture(page, 'waiting-google');
    emu.control.clearFaults(); // Google answers again: both finish without anyone pressing anything
    await stack.runUntil(() => [UNREACHABLE, QUEUED_MEANWHILE].every((text) => jobOf(text).status === 'completed'), 'finished after Google came back');
    await card(QUEUED_MEANWHILE).getByText('Done').waitFor();
    await page.locator('[data-banner="unreachable"]').waitFor({ state: 'detached' });

    // 3. The computer offline: Generate still queues; the job waits for the network, and runs when it is back.
    const online = await goOffline([app.context]);
    await prompt.fill(OFFLINE);
    await generate.click();
    await card(OFFLINE).getByText(/^Waiting for the network/).waitFor();
    await page.locator('[data-banner="offline"]').getByText('You are offline').waitFor();
    await capture(page, 'waiting-network');
    await online();
    stack.reachability.recheck(); // the app's "online" wake signal
    await stack.runUntil(() => jobOf(OFFLINE).status === 'completed', 'ran once online');
    await card(OFFLINE).getByText('Done').waitFor();

    // 4. Signing out with unfinished work asks; "Keep for this account" keeps it, waiting for that account.
    const offlineAgain = await goOffline([app.context]);
    await prompt.fill(KEPT);
    await generate.click();
    await card(KEPT).getByText(/^Waiting for the network/).waitFor();
    await signOut(page);
    const ask = page.getByRole('dialog', { name: 'Sign out?' });
    await ask.getByText(`1 generation of ${DEFAULT_ACCOUNT.email} has not finished.`, { exact: false }).waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(stack.world.manager.snapshot().activeAccount?.email).toBe(DEFAULT_ACCOUNT.email); // cancelling changes nothing
    await signOut(page);
    await ask.getByRole('button', { name: 'Keep for this account' }).click();
    await page.getByRole('button', { name: 'Sign in with Google' }).waitFor();
    await offlineAgain();
    stack.reachability.recheck();
    const adaJob = jobOf(KEPT);
    expect(adaJob).toMatchObject({ status: 'queued', wait: { reason: 'sign-in' } });

    // Another account signs in: the kept job does not run on her session; it waits, and offers "Sign in".
    const runsBefore = emu.requests.count(RUN_IMAGEFX);
    await pasteCookie(page, emu.control.createSession(SECOND_STEP_ACCOUNT.email).cookieHeader);
    const kept = card(KEPT);
    await kept.getByText('Waiting for sign-in — this account is not signed in').waitFor();
    await stack.runUntil(() => true, 'settled');
    await clock.advance(10_000);
    expect(emu.requests.count(RUN_IMAGEFX)).toBe(runsBefore);
    await capture(page, 'waiting-sign-in');

    // "Sign in" on the card opens Google's sign-in; once Ada is back, her job runs on her own session.
    const window = e2e.nextVisibleSurface();
    await kept.getByRole('button', { name: 'Sign in' }).click();
    await completeGoogleSignIn((await window).page, DEFAULT_ACCOUNT);
    await page.locator('#account-button').getByText(DEFAULT_ACCOUNT.email).waitFor();
    await stack.runUntil(() => jobOf(KEPT).status === 'completed', 'ran as Ada');
    await kept.getByText('Done').waitFor();
    const adaToken = emu.requests.last(RUN_IMAGEFX)!.bearerToken;
    expect(stack.world.sessions.getMetadata().account?.email).toBe(DEFAULT_ACCOUNT.email);
    expect(await stack.world.sessions.getToken()).toBe(adaToken);

    // 5. "Discard them" cancels the account's unfinished work.
    const offlineOnceMore = await goOffline([app.context]);
    await prompt.fill(DISCARDED);
    await generate.click();
    await card(DISCARDED).getByText(/^Waiting for the network/).waitFor();
    await signOut(page);
    await ask.getByRole('button', { name: 'Discard them' }).click();
    await page.getByRole('button', { name: 'Sign in with Google' }).waitFor();
    await offlineOnceMore();
    expect(jobOf(DISCARDED)).toMatchObject({ status: 'cancelled', wait: null });

    expect(pageErrors).toEqual([]);
    expect(app.cspRefusals).toEqual([]);
    expect(stack.untrusted).toEqual([]);
    await app.close();
  });
});

/** Signs in through the cookie-paste dialog of the sign-in screen. */
async function pasteCookie(page: Page, cookieHeader: string): Promise<void> {
  await page.getByRole('button', { name: /Paste a session cookie/ }).click();
  await page.getByLabel('Cookie header').fill(cookieHeader);
  await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#account-button').waitFor();
}

/** Opens the account menu and chooses "Sign out". */
async function signOut(page: Page): Promise<void> {
  await page.locator('#account-button').click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Sign out' }).click();
}

const BUSY = 'A tram in the rain, warm windows, evening';
const UNREACHABLE = 'A lighthouse keeper’s kitchen, morning light';
const QUEUED_MEANWHILE = 'Snow on a red postbox, close-up';
const OFFLINE = 'An allotment at dawn, dew on the cabbages';
const KEPT = 'A night ferry crossing, deck lamps';
const DISCARDED = 'A chalk drawing of a whale on a pavement';
