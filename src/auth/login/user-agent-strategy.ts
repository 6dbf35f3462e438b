/**
 * Which user agent the sign-in window presents. Google sometimes refuses embedded browsers ("This browser
 * or app may not be secure") and reports conflict on what helps: a plain Chrome UA for some
 * (samuelmaddock/electron-browser-shell#164), a Firefox UA for others (wexond/browser-base#424), and a
 * Firefox UA sent to accounts.google.com only, as a request header, where setting the page's UA alone did
 * not help (OrangeDrangon/android-messages-desktop#204). So it is a setting, Electron's own UA by default.
 */
import { USER_AGENT_STRATEGIES, type UserAgentStrategy } from '../../shared/auth-options.ts';

/**
 * The strategies (defined in src/shared, as the settings UI offers them):
 * - `electron`: Electron's default UA, untouched (the default).
 * - `chrome`: the same Chromium, minus the `Electron/…` and app tokens, for every request of the window.
 * - `firefox-on-google-sign-in`: a Firefox UA header on requests to Google's sign-in hosts only.
 */
export type { UserAgentStrategy };

export const DEFAULT_USER_AGENT_STRATEGY: UserAgentStrategy = 'electron';

/** The hosts whose requests get the Firefox UA under `firefox-on-google-sign-in`. */
export const GOOGLE_SIGN_IN_HOSTS: readonly string[] = ['accounts.google.com', 'accounts.youtube.com'];

export function isUserAgentStrategy(value: unknown): value is UserAgentStrategy {
  return typeof value === 'string' && (USER_AGENT_STRATEGIES as readonly string[]).includes(value);
}

/** What an adapter must apply for a strategy. */
export interface UserAgentPlan {
  /** The UA for the whole window (header and `navigator.userAgent`), or null to leave the default. */
  readonly wholeWindow: string | null;
  /** The UA header for requests to {@link GOOGLE_SIGN_IN_HOSTS}, or null to leave them alone. */
  readonly googleSignInHosts: string | null;
}

/** The plan for `strategy`, given the window's default UA and the OS (`process.platform` values). */
export function userAgentPlan(strategy: UserAgentStrategy, defaultUserAgent: string, platform: string): UserAgentPlan {
  switch (strategy) {
    case 'electron':
      return { wholeWindow: null, googleSignInHosts: null };
    case 'chrome':
      return { wholeWindow: plainChromeUserAgent(defaultUserAgent), googleSignInHosts: null };
    case 'firefox-on-google-sign-in':
      return { wholeWindow: null, googleSignInHosts: firefoxUserAgent(platform) };
  }
}

/** True when requests to `url` get the Google-sign-in-host UA (exact host match, https only). */
export function isGoogleSignInHostUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && GOOGLE_SIGN_IN_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}

// Chromium's own product token is `Chrome/…` (`HeadlessChrome/…` when headless).
const CHROMIUM_UA = /^(Mozilla\/5\.0 \([^)]*\) AppleWebKit\/[\d.]+ \(KHTML, like Gecko\)) .*?\b(?:Headless)?Chrome\/(\d+)[\d.]*\b.*?(Safari\/[\d.]+)/;

/**
 * Electron's UA as Chrome itself would send it: the app and `Electron/…` tokens dropped, the Chrome version
 * reduced to `<major>.0.0.0` as Chrome's UA reduction does. Anything unrecognised is returned unchanged.
 */
export function plainChromeUserAgent(electronUserAgent: string): string {
  const match = CHROMIUM_UA.exec(electronUserAgent);
  if (!match) return electronUserAgent;
  return `${match[1]} Chrome/${match[2]}.0.0.0 ${match[3]}`;
}

const FIREFOX_VERSION = '140.0';
const FIREFOX_PLATFORMS: Readonly<Record<string, string>> = {
  darwin: 'Macintosh; Intel Mac OS X 10.15',
  win32: 'Windows NT 10.0; Win64; x64',
  linux: 'X11; Linux x86_64',
};

/** A current Firefox ESR UA for the OS (Linux's for anything unlisted). */
export function firefoxUserAgent(platform: string): string {
  const os = FIREFOX_PLATFORMS[platform] ?? FIREFOX_PLATFORMS.linux;
  return `Mozilla/5.0 (${os}; rv:${FIREFOX_VERSION}) Gecko/20100101 Firefox/${FIREFOX_VERSION}`;
}
