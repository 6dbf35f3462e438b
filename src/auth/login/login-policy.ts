/**
 * Where the sign-in window may go, as pure decisions both login-surface adapters apply (Electron's window
 * handlers and the test Chromium's request interception), so the policy is tested once and enforced twice.
 *
 * Origins are compared as `new URL(url).origin` against an exact list — never prefixes or substrings, so
 * `https://labs.google.evil.test`, `https://evil-labs.google.test`, `https://labs.google@evil.test` and
 * `https://labs.google:8443` are all different origins. Only `https:` is ever allowed.
 */
import type { UserAgentStrategy } from './user-agent-strategy.ts';

/**
 * The origins a real Google sign-in for this app navigates through, and nothing else:
 * - `https://flow.google.com`: where a sign-in starts (`/?pli=1`) and, for an account Google moved to Flow,
 *   ends (the project grid, after `accounts/SetOSID`); FLOW-NOTES §1;
 * - `https://labs.google`: the next-auth sign-in start, its OAuth callback and the landing page (accounts
 *   still on classic ImageFX; flow.google.com sends those to `labs.google/fx/tools/flow`);
 * - `https://accounts.google.com`: Google's OAuth authorize endpoint, the sign-in pages and `CheckCookie`;
 * - `https://accounts.youtube.com`: after a second step Google hands the session to its other domains
 *   with a self-submitting form to `accounts.youtube.com/accounts/SetSID` — a top-level navigation (seen
 *   in pwa-builder/PWABuilder#3926 and tinyhumansai/openhuman#1222, where blocking it broke sign-in).
 * Deliberately absent: `flow-content.google` (Flow's signed pictures: images in the editor, never a page
 * the sign-in window goes to), `www.google.com` (reCAPTCHA: editor pages only), `ssl.gstatic.com`, `fonts.gstatic.com`, `www.gstatic.com` (subresources only, not
 * navigations); `myaccount.google.com`, `support.google.com`, `policies.google.com` (help and account pages
 * linked from the form: they open in the system browser). Google may also hop through
 * `accounts.google.<ccTLD>/accounts/SetSID` for some regions; those are not listed, so such a hop is
 * refused rather than trusting a pattern — add the exact origin here if users report it.
 */
export const GOOGLE_SIGN_IN_ORIGINS: readonly string[] = [
  'https://flow.google.com',
  'https://labs.google',
  'https://accounts.google.com',
  'https://accounts.youtube.com',
];

/** Where a labs.google sign-in starts; with valid Google account cookies it ends signed in with no form. */
export const LABS_SIGN_IN_URL = 'https://labs.google/fx/api/auth/signin/google';

/**
 * Where a Flow sign-in starts (FLOW-NOTES §1, UNCONFIRMED beyond one source): signed out it goes to Google's
 * form and comes back to the project grid; an account still on classic ImageFX is sent to labs.google.
 */
export const FLOW_SIGN_IN_URL = 'https://flow.google.com/?pli=1';

/** What a login surface enforces. */
export interface LoginPolicy {
  /** Exact `https:` origins the surface may navigate to (main frame, sub-frames, redirects). */
  readonly allowedOrigins: readonly string[];
  readonly userAgent: UserAgentStrategy;
}

/** Builds a policy, normalising each origin; throws for anything but a bare `https:` origin. */
export function createLoginPolicy(allowedOrigins: readonly string[], userAgent: UserAgentStrategy): LoginPolicy {
  const normalised = allowedOrigins.map((origin) => {
    const parsed = parseUrl(origin);
    const bare = parsed !== null && parsed.protocol === 'https:' && parsed.origin === origin.replace(/\/$/, '');
    // A wildcard parses as a host name but would read as a pattern: patterns are exactly what this list avoids.
    if (!bare || !/^[a-z0-9.-]+$/.test(parsed.hostname)) {
      throw new Error(`login policy origins must be bare https: origins, got "${origin}"`);
    }
    return parsed.origin;
  });
  return { allowedOrigins: Object.freeze([...new Set(normalised)]), userAgent };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is `https:`, has no credentials, and its origin is on the list. */
export function isAllowedUrl(policy: LoginPolicy, url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return policy.allowedOrigins.includes(parsed.origin);
}

/** Why {@link isAllowedUrl} said no, in words safe to log (no query string, no credentials). */
export function describeRefusal(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return 'not a URL';
  if (parsed.protocol !== 'https:') return `scheme ${parsed.protocol} is not allowed`;
  if (parsed.username !== '' || parsed.password !== '') return 'URLs with credentials are not allowed';
  return `origin ${parsed.origin} is not on the sign-in allow-list`;
}

/** Names that only ever mean this machine or the local network (RFC 6761, 6762, 8375; common intranet suffixes). */
const LOCAL_NAME_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.intranet', '.lan', '.home', '.corp', '.home.arpa'];

/**
 * True for a host the system browser may be sent to from a Google page: a public DNS name. IP literals
 * (loopback, private, link-local — and public ones too: Google's pages link by name), `localhost`, local
 * suffixes and single-label intranet names are refused, so a page cannot aim the user's browser at a
 * service on this machine or network.
 */
export function isPublicWebHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || host.startsWith('[') || /^[\d.]+$/.test(host) || /^0x/i.test(host)) return false;
  if (!host.includes('.') || host === 'localhost') return false;
  return !LOCAL_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/**
 * The URL to hand to the system browser, or null. Only plain `https:` links without credentials to a
 * public host qualify: `http:`, `file:`, `javascript:`, `data:`, custom schemes (which the OS would hand to
 * other apps), and loopback or local-network hosts never do. (Whether the user started the navigation is
 * the window adapter's check.)
 */
export function externalBrowserUrl(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
  return isPublicWebHost(parsed.hostname) ? parsed.href : null;
}

const EMPTY_FRAME_URLS = ['about:blank', 'about:srcdoc'];

/** How the navigation started: a frame of the page navigating, or the server redirecting one. */
export type NavigationKind = 'main-frame' | 'sub-frame' | 'redirect';

export interface NavigationDecision {
  readonly allow: boolean;
  /** Set when the refused navigation is a main-frame link to an ordinary https page: open it outside. */
  readonly openExternally: string | null;
}

/**
 * Decides a navigation. Sub-frames may also be `about:blank` / `about:srcdoc`. A refused main-frame navigation to an `https:` page (Google's "Help", "Privacy",
 * "Terms" links) opens in the system browser; refused redirects and sub-frames are simply dropped, since
 * nobody clicked them.
 */
export function decideNavigation(policy: LoginPolicy, url: string, kind: NavigationKind): NavigationDecision {
  if (isAllowedUrl(policy, url)) return { allow: true, openExternally: null };
  // An empty frame (Google's pages make some) loads nothing and takes its parent's origin.
  if (kind === 'sub-frame' && EMPTY_FRAME_URLS.includes(url)) return { allow: true, openExternally: null };
  return { allow: false, openExternally: kind === 'main-frame' ? externalBrowserUrl(url) : null };
}

/**
 * Decides `window.open` / `target=_blank`: never a new window inside the app. An `https:` page outside the
 * allow-list opens in the system browser; one inside it (a popup of the sign-in flow itself) is dropped.
 */
export function decideWindowOpen(policy: LoginPolicy, url: string): { readonly openExternally: string | null } {
  if (isAllowedUrl(policy, url)) return { openExternally: null };
  return { openExternally: externalBrowserUrl(url) };
}
