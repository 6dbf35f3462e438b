/**
 * vitest hooks for browser tests against the emulator: one Chromium for the file (tests/support/chromium.ts),
 * and a fresh context (cookie jar) with one page for every test, closed after it.
 *
 *   const chrome = withChromiumPerTest(() => env.emu);
 *   it('…', async () => { await chrome.page.goto(FLOW_URL); });
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from './chromium.ts';
import type { ChromiumEmulatorTarget } from './chromium.ts';

/** The browser, and this test's context and page (read inside tests and hooks). */
export interface ChromiumPerTest {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
}

/** Registers the hooks; `prepare` runs on each new context before its page opens (e.g. to add cookies). */
export function withChromiumPerTest(
  emulator: () => ChromiumEmulatorTarget,
  prepare?: (context: BrowserContext) => Promise<void>,
): ChromiumPerTest {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchChromium({ emulator: emulator() });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await browser!.newContext();
    await prepare?.(context);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });
  const need = <T>(value: T | undefined): T => {
    if (!value) throw new Error('withChromiumPerTest(): only available inside tests and hooks');
    return value;
  };
  return {
    get browser() {
      return need(browser);
    },
    get context() {
      return need(context);
    },
    get page() {
      return need(page);
    },
  };
}
