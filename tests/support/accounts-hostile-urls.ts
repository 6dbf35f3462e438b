/**
 * Navigation targets the sign-in window must never load, shared by the policy's unit tests and both login
 * surface adapters' tests. Each names what it tries.
 */

export interface HostileUrl {
  readonly name: string;
  readonly url: string;
  /** What the system browser should receive for a refused main-frame link or popup (null: nothing). */
  readonly external: string | null;
}

export const HOSTILE_URLS: readonly HostileUrl[] = [
  { name: 'another origin', url: 'https://evil.test/phish', external: 'https://evil.test/phish' },
  { name: 'look-alike with the allowed host as a prefix', url: 'https://labs.google.evil.test/', external: 'https://labs.google.evil.test/' },
  { name: 'look-alike with the allowed host as a suffix', url: 'https://evil-labs.google.test/', external: 'https://evil-labs.google.test/' },
  { name: 'accounts look-alike', url: 'https://accounts.google.com.evil.test/signin', external: 'https://accounts.google.com.evil.test/signin' },
  { name: 'hyphenated look-alike', url: 'https://accounts-google.com/', external: 'https://accounts-google.com/' },
  { name: 'unlisted subdomain of an allowed host', url: 'https://evil.accounts.google.com/', external: 'https://evil.accounts.google.com/' },
  { name: 'unlisted Google origin', url: 'https://myaccount.google.com/', external: 'https://myaccount.google.com/' },
  { name: 'Flow’s picture host (images only, never a page)', url: 'https://flow-content.google/image/m1?Expires=1', external: 'https://flow-content.google/image/m1?Expires=1' },
  { name: 'reCAPTCHA’s host (editor pages load its script; the window never goes there)', url: 'https://www.google.com/recaptcha/enterprise.js', external: 'https://www.google.com/recaptcha/enterprise.js' },
  { name: 'Flow look-alike', url: 'https://flow.google.com.evil.test/', external: 'https://flow.google.com.evil.test/' },
  { name: 'http downgrade of flow.google.com', url: 'http://flow.google.com/?pli=1', external: null },
  { name: 'homograph (Cyrillic o)', url: 'https://labs.g\u043E\u043Egle/', external: 'https://labs.xn--ggle-55da/' },
  { name: 'trailing-dot host', url: 'https://labs.google./', external: 'https://labs.google./' },
  { name: 'allowed host on another port', url: 'https://labs.google:8443/', external: 'https://labs.google:8443/' },
  { name: 'credentials trick pointing elsewhere', url: 'https://labs.google@evil.test/', external: null },
  { name: 'credentials on an allowed host', url: 'https://user:pass@labs.google/', external: null },
  { name: 'http downgrade of labs.google', url: 'http://labs.google/fx/api/auth/signin/google', external: null },
  { name: 'http downgrade of accounts.google.com', url: 'http://accounts.google.com/', external: null },
  { name: 'javascript: URL', url: 'javascript:alert(document.cookie)', external: null },
  { name: 'data: URL', url: 'data:text/html,<script>alert(1)</script>', external: null },
  { name: 'file: URL', url: 'file:///etc/passwd', external: null },
  { name: 'blob: URL of an allowed origin', url: 'blob:https://labs.google/5f1c1e4e-0000-4000-8000-000000000000', external: null },
  { name: 'view-source: of an allowed page', url: 'view-source:https://labs.google/', external: null },
  { name: 'secure WebSocket to an allowed host', url: 'wss://labs.google/', external: null },
  { name: 'custom scheme handed to another app', url: 'ms-settings:privacy', external: null },
  { name: 'browser-internal page', url: 'chrome://settings/', external: null },
  { name: 'loopback address', url: 'https://127.0.0.1/', external: null },
  { name: 'loopback name', url: 'https://localhost:8443/', external: null },
  { name: 'private network address', url: 'https://192.168.1.1/', external: null },
  { name: 'single-label intranet host', url: 'https://router/', external: null },
  { name: 'not a URL at all', url: 'labs.google', external: null },
];

/** Hostile targets a real Chromium page can try to navigate to (the emulator resolves only Google hosts). */
export const HOSTILE_PAGE_NAVIGATIONS: readonly string[] = [
  'https://evil.test/phish',
  'https://labs.google.evil.test/',
  'https://evil-labs.google.test/',
  'https://accounts.google.com.evil.test/signin',
  'http://labs.google/fx/api/auth/signin/google',
  'https://labs.google:8443/',
  'https://myaccount.google.com/',
];
