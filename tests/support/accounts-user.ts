/**
 * Plays the user in a Chromium login surface: the emulator's Google sign-in form and second step
 * (ids from tests/support/emulator/sign-in-pages.ts). Playwright waits for each element; no sleeps.
 */
import type { Page } from 'playwright-core';
import { SECOND_STEP_FORM, SIGN_IN_FORM, type EmulatorAccount } from './emulator/index.ts';

/** Types the email and password and submits; with a second step, also the code. */
export async function completeGoogleSignIn(page: Page, account: Pick<EmulatorAccount, 'email' | 'password' | 'secondStepCode'>): Promise<void> {
  await page.fill(`#${SIGN_IN_FORM.emailId}`, account.email);
  await page.fill(`#${SIGN_IN_FORM.passwordId}`, account.password);
  await page.click(`#${SIGN_IN_FORM.submitId}`);
  if (account.secondStepCode) {
    await page.fill(`#${SECOND_STEP_FORM.codeId}`, account.secondStepCode);
    await page.click(`#${SECOND_STEP_FORM.submitId}`);
  }
}

/** Submits a wrong password: the form page loads again (a navigation, i.e. progress). */
export async function submitWrongPassword(page: Page, email: string): Promise<void> {
  await page.fill(`#${SIGN_IN_FORM.emailId}`, email);
  await page.fill(`#${SIGN_IN_FORM.passwordId}`, 'not-the-password');
  await Promise.all([page.waitForEvent('framenavigated'), page.click(`#${SIGN_IN_FORM.submitId}`)]);
  await page.waitForSelector(`#${SIGN_IN_FORM.errorId}`);
}
