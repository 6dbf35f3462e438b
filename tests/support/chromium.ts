/**
 * Launches the system Chromium through playwright-core with the network sealed off: the Google hosts go to
 * the labs.google emulator (trusted by the pin of its leaf key, not by ignoring certificate errors), every
 * other host name fails to resolve, so no test can reach the internet.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { hostResolverRules } from '../../src/app/demo/emulator-routing.ts';
import type { EmulatorRoute } from '../../src/app/demo/emulator-routing.ts';

/** Where Debian's `chromium` package puts the browser. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The message a test fails with when no Chromium is available. */
export const CHROMIUM_INSTALL_HINT =
  'Chromium is required by this test but was not found. Install it with `apt-get install -y chromium` ' +
  '(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/** The emulator details Chromium needs (an `Emulator` from tests/support/emulator fits). */
export interface ChromiumEmulatorTarget {
  readonly route: Pick<EmulatorRoute, 'address' | 'port'>;
  /** base64 sha256 of the emulator leaf certificate's SubjectPublicKeyInfo. */
  readonly spkiHash: string;
}

/**
 * True for requests Chromium makes on its own, whatever the page does: favicons, and its Google account
 * probe, `POST accounts.google.com/ListAccounts?gpsia=1&source=ChromiumBrowser…` (body " ", no cookies,
 * `Sec-Fetch-Site: none`), which the browser sends at start-up and after a page of accounts.google.com
 * loads, at a moment no test controls. Filter them out of the emulator's log before asserting what a page
 * or the app sent.
 */
export function isChromiumOwnRequest(entry: { readonly host: string; readonly path: string; readonly search: string }): boolean {
  if (entry.path === '/favicon.ico') return true;
  return entry.host === 'accounts.google.com' && entry.path === '/ListAccounts' && new URLSearchParams(entry.search).get('source') === 'ChromiumBrowser';
}

/** Options for {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Route the Google hosts to this emulator; without it every non-loopback host is unreachable. */
  readonly emulator?: ChromiumEmulatorTarget;
  /** Extra switches, appended last. */
  readonly extraArgs?: readonly string[];
  /** Default true; set false to watch a test locally. */
  readonly headless?: boolean;
  /** Environment used to find the executable (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** The browser process's environment (default: this process's, as Playwright does). */
  readonly browserEnv?: NodeJS.ProcessEnv;
}

/**
 * The Chromium executable: `CHROMIUM_PATH` if it exists, else {@link DEFAULT_CHROMIUM_PATH}; throws with
 * {@link CHROMIUM_INSTALL_HINT} when neither exists.
 */
export function resolveChromiumPath(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
): string {
  const candidates = [env.CHROMIUM_PATH, DEFAULT_CHROMIUM_PATH].filter((file): file is string => Boolean(file));
  const found = candidates.find((file) => exists(file));
  if (!found) throw new Error(`${CHROMIUM_INSTALL_HINT} (looked for: ${candidates.join(', ')})`);
  return found;
}

/** The command-line switches {@link launchChromium} adds to Playwright's defaults. */
export function chromiumArgs(options: Pick<LaunchChromiumOptions, 'emulator' | 'extraArgs' | 'headless'> = {}): string[] {
  const rules = options.emulator
    ? hostResolverRules(options.emulator.route)
    : 'MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1';
  return [
    ...(options.headless === false ? [] : ['--headless']),
    '--no-sandbox', // tests run as root in containers, where Chromium's sandbox cannot start
    '--disable-gpu',
    '--disable-quic', // the emulator speaks HTTP/1.1 over TCP only
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--host-resolver-rules=${rules}`,
    // Trust exactly the emulator's key: other certificate errors still fail.
    ...(options.emulator ? [`--ignore-certificate-errors-spki-list=${options.emulator.spkiHash}`] : []),
    ...(options.extraArgs ?? []),
  ];
}

/** Launches Chromium (see the module comment). Close the returned browser in `afterAll`. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const executablePath = resolveChromiumPath(options.env);
  return chromium.launch({
    executablePath,
    headless: options.headless ?? true,
    args: chromiumArgs(options),
    ...(options.browserEnv ? { env: options.browserEnv } : {}),
  });
}
