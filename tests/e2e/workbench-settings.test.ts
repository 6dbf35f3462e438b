/**
 * The Settings page, in Chromium through the real handlers, account manager, vault and emulator (harness:
 * app-scenario.test.ts): add an account (a Google sign-in), switch, remove after a confirmation, with
 * focus on the account concerned; the sign-in window's user agent, kept by the main process; the theme,
 * kept by the window; how generation is paced and which backend is used. Every control on the new screens
 * has an accessible name. And a keychain that changed under a saved session: the banner explains it in
 * the app's words, never with the vault's command-line flag.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { completeGoogleSignIn } from '../support/accounts-user.ts';
import { unnamedControls } from '../support/e2e-accessibility.ts';
import { withE2eApp } from '../support/e2e-fixture.ts';
import { captureScreen } from '../support/e2e-screens.ts';
import { focused, openWatchedApp, signInWithCookieIfNeeded } from '../support/e2e-workbench.ts';
import { __shim } from '../support/electron-shim.ts';
import { DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT } from '../support/emulator/index.ts';

const e2e = withE2eApp();

const accountIds = (page: Page): Promise<string[]> =>
  page.locator('#settings-accounts li').evaluateAll((items) => items.map((item) => (item as HTMLElement).getAttribute('aria-label') ?? ''));

describe('the Settings page', () => {
  it('adds, switches and removes accounts with focus on the one concerned; keeps the user agent and the theme; names every control', async () => {
    const { app, page, expectClean } = await openWatchedApp(e2e);
    const { emu, stack } = e2e;
    await signInWithCookieIfNeeded(page, emu);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const accounts = page.locator('#settings-accounts');
    await accounts.getByText(DEFAULT_ACCOUNT.email).waitFor();
    expect(await accountIds(page)).toEqual([`${DEFAULT_ACCOUNT.name}, ${DEFAULT_ACCOUNT.email}, active`]);

    // Add an account: Google's window; the new account is active and has focus.
    const window = e2e.nextVisibleSurface();
    await page.locator('#settings-add-account').click();
    await completeGoogleSignIn((await window).page, SECOND_STEP_ACCOUNT);
    await accounts.getByText(SECOND_STEP_ACCOUNT.email).waitFor();
    const grace = stack.world.manager.snapshot().accounts.find((account) => account.email === SECOND_STEP_ACCOUNT.email)!;
    const ada = stack.world.manager.snapshot().accounts.find((account) => account.email === DEFAULT_ACCOUNT.email)!;
    await expect.poll(() => focused(page)).toMatchObject({ label: `${SECOND_STEP_ACCOUNT.name}, ${SECOND_STEP_ACCOUNT.email}, active` });
    await captureScreen(page, 'settings');

    // Switch back: focus follows to the account switched to.
    await page.getByRole('button', { name: `Switch to ${DEFAULT_ACCOUNT.email}` }).click();
    await expect.poll(() => stack.world.manager.snapshot().activeAccount?.id).toBe(ada.id);
    await expect.poll(() => focused(page)).toMatchObject({ label: `${DEFAULT_ACCOUNT.name}, ${DEFAULT_ACCOUNT.email}, active` });

    // Remove asks first; Cancel keeps the account, Remove removes it and focus goes to the one left.
    const remove = page.getByRole('button', { name: `Remove ${SECOND_STEP_ACCOUNT.email}` });
    await remove.click();
    const confirm = page.getByRole('dialog', { name: `Remove ${SECOND_STEP_ACCOUNT.email}?` });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(stack.world.manager.snapshot().accounts.map((account) => account.id)).toContain(grace.id);
    await remove.click();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => stack.world.manager.snapshot().accounts.map((account) => account.id)).toEqual([ada.id]);
    await expect.poll(() => focused(page)).toMatchObject({ label: `${DEFAULT_ACCOUNT.name}, ${DEFAULT_ACCOUNT.email}, active` });

    // The sign-in window's user agent is the main process's setting: chosen here, still chosen after a reload.
    await page.getByLabel('Chrome', { exact: true }).check();
    await expect.poll(() => stack.world.login.userAgentStrategy).toBe('chrome');

    // The theme is the window's: dark now and after a reload; "Same as the system" follows the OS again.
    await page.getByLabel('Dark', { exact: true }).check();
    const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(14, 16, 20)');
    await page.reload();
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByLabel('Dark', { exact: true }).isChecked()).toBe(true);
    await expect.poll(() => page.getByLabel('Chrome', { exact: true }).isChecked()).toBe(true);
    expect(await background()).toBe('rgb(14, 16, 20)');
    await page.getByLabel('Same as the system', { exact: true }).check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
    expect(await background()).toBe('rgb(245, 246, 250)');

    // Generation pacing is explained, not a setting; the backend has its labelled place.
    await page.getByText(/One generation at a time per account, paced like a person/).waitFor();
    // A pasted labs.google cookie is a classic account: Flow has no partition to open for it.
    expect(await page.locator('#settings-backend').textContent()).toBe('ImageFX (classic)');
    expect(await page.getByRole('radio', { name: 'ImageFX (classic)' }).isChecked()).toBe(true);
    await page.locator('#settings-storage').getByText('Your session is stored encrypted').waitFor();

    // Every control of the new screens has an accessible name.
    expect(await unnamedControls(page)).toEqual([]);
    for (const tab of ['Queue', 'Create']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await unnamedControls(page), tab).toEqual([]);
    }
    for (const [opener, title] of [['#open-batch', 'Queue a batch'], ['#open-describe', 'Describe an image']] as const) {
      await page.locator(opener).click();
      await page.getByRole('dialog', { name: title }).waitFor();
      expect(await unnamedControls(page), title).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: title }).waitFor({ state: 'detached' });
      expect(await focused(page), `focus back after ${title}`).toMatchObject({ id: opener.slice(1) });
    }

    // The keychain changed under the saved session: the vault's log detail names a command-line flag,
    // the window never does.
    __shim.safeStorage.setBackend('kwallet5');
    await stack.restartAccounts();
    await page.reload();
    await signInWithCookieIfNeeded(page, emu);
    const banner = page.locator('[data-banner="storage"]');
    await banner.getByText('Your session is kept in memory only').waitFor();
    expect(stack.world.manager.snapshot().storage.detail).toContain('--password-store');
    expect(await banner.textContent()).not.toContain('--');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.locator('#settings-storage').getByText(/keychain is not the one the session was saved with/).waitFor();
    expect(await page.locator('#settings-storage').textContent()).not.toContain('--');

    expectClean();
    await app.close();
  });
});
