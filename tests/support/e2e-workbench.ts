/**
 * Steps the end-to-end tests take through the app as a user would — queue a batch from a file (checking
 * the preview first), sign in with a pasted cookie — and what they read back: where focus is, whether
 * the page scrolls sideways.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { E2E_ENTRY_URL, type E2eAppPage } from './e2e-app-page.ts';
import type { E2eApp } from './e2e-fixture.ts';
import { DEFAULT_ACCOUNT, type Emulator } from './emulator/index.ts';

/** Opens "Batch…", picks `name` with `text`, waits for the preview to say `preview`, and queues it. */
export async function queueBatchFile(page: Page, name: string, text: string, preview: string | RegExp): Promise<void> {
  await page.locator('#open-batch').click();
  const dialog = page.getByRole('dialog', { name: 'Queue a batch' });
  await dialog.locator('#batch-file').setInputFiles({ name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'text/plain', buffer: Buffer.from(text) });
  await dialog.locator('#batch-summary').getByText(preview).waitFor();
  await dialog.locator('#batch-queue').click();
  await dialog.waitFor({ state: 'detached' });
}

/** Signs in through the cookie-paste dialog with a session the emulator issues, unless already signed in. */
export async function signInWithCookieIfNeeded(page: Page, emu: Pick<Emulator, 'control'>, email = DEFAULT_ACCOUNT.email): Promise<void> {
  const signIn = page.getByRole('button', { name: 'Sign in with Google' });
  const account = page.locator('#account-button');
  await Promise.race([signIn.waitFor(), account.waitFor()]);
  if (await account.isVisible()) return;
  await page.getByRole('button', { name: /Paste a session cookie/ }).click();
  await page.getByLabel('Cookie header').fill(emu.control.createSession(email).cookieHeader);
  await page.getByRole('dialog').getByRole('button', { name: 'Sign in' }).click();
  await account.waitFor();
}

/** The id of the element that has focus (`''` for none), and the job or picture it belongs to. */
export async function focused(page: Page): Promise<{ id: string; tag: string; jobId: string | null; pictureId: string | null; label: string | null }> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return {
      id: active?.id ?? '',
      tag: active?.tagName.toLowerCase() ?? '',
      jobId: active?.closest<HTMLElement>('[data-job-id]')?.dataset.jobId ?? null,
      pictureId: active?.closest<HTMLElement>('[data-id]')?.dataset.id ?? null,
      label: active?.getAttribute('aria-label') ?? null,
    };
  });
}

/** True when the page scrolls sideways (its content is wider than the window). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/**
 * A new app window on the entry page, recording the page's uncaught errors; `expectClean()` then checks
 * there were none, that the UI never needed anything its Content-Security-Policy forbids, and that the
 * registry refused no call as from an untrusted sender.
 */
export async function openWatchedApp(e2e: E2eApp): Promise<{ app: E2eAppPage; page: Page; expectClean(): void }> {
  const app = await e2e.openApp();
  const pageErrors: string[] = [];
  app.page.on('pageerror', (error) => pageErrors.push(error.message));
  await app.page.goto(E2E_ENTRY_URL);
  return {
    app,
    page: app.page,
    expectClean() {
      expect(pageErrors).toEqual([]);
      expect(app.cspRefusals).toEqual([]);
      expect(e2e.stack.untrusted).toEqual([]);
    },
  };
}
