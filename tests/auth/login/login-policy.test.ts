/**
 * The login policy as pure decisions: exact origins only, https only, external links only for plain https
 * pages outside the list. Both adapters apply exactly these functions.
 */
import { describe, expect, it } from 'vitest';
import {
  FLOW_SIGN_IN_URL, GOOGLE_SIGN_IN_ORIGINS, LABS_SIGN_IN_URL, createLoginPolicy, decideNavigation, decideWindowOpen, describeRefusal,
  externalBrowserUrl, isAllowedUrl,
} from '../../../src/auth/login/login-policy.ts';
import { HOSTILE_URLS } from '../../support/accounts-hostile-urls.ts';

const policy = createLoginPolicy(GOOGLE_SIGN_IN_ORIGINS, 'electron');

describe('allowed navigations', () => {
  it.each([
    FLOW_SIGN_IN_URL,
    'https://flow.google.com/',
    'https://flow.google.com/accounts/SetOSID?osidt=x&continue=https://flow.google.com/?pli%3D1',
    'https://flow.google.com/about',
    LABS_SIGN_IN_URL,
    'https://labs.google/fx/tools/image-fx',
    'https://LABS.GOOGLE:443/fx/api/auth/callback/google?code=x',
    'https://accounts.google.com/o/oauth2/v2/auth?client_id=x',
    'https://accounts.google.com/v3/signin/identifier?flow=1#step',
    'https://accounts.youtube.com/accounts/SetSID',
  ])('allows %s in every kind of navigation', (url) => {
    expect(isAllowedUrl(policy, url)).toBe(true);
    for (const kind of ['main-frame', 'sub-frame', 'redirect'] as const) {
      expect(decideNavigation(policy, url, kind)).toEqual({ allow: true, openExternally: null });
    }
    expect(decideWindowOpen(policy, url)).toEqual({ openExternally: null });
  });

  it('lets sub-frames (only) be empty documents', () => {
    for (const url of ['about:blank', 'about:srcdoc']) {
      expect(decideNavigation(policy, url, 'sub-frame').allow).toBe(true);
      expect(decideNavigation(policy, url, 'main-frame').allow).toBe(false);
      expect(decideNavigation(policy, url, 'redirect').allow).toBe(false);
    }
  });
});

describe(`${HOSTILE_URLS.length} hostile targets`, () => {
  it.each(HOSTILE_URLS)('refuses $name ($url) everywhere', ({ url, external }) => {
    expect(isAllowedUrl(policy, url)).toBe(false);
    expect(decideNavigation(policy, url, 'main-frame')).toEqual({ allow: false, openExternally: external });
    expect(decideNavigation(policy, url, 'sub-frame')).toEqual({ allow: false, openExternally: null });
    expect(decideNavigation(policy, url, 'redirect')).toEqual({ allow: false, openExternally: null });
    expect(decideWindowOpen(policy, url)).toEqual({ openExternally: external });
    expect(describeRefusal(url)).not.toContain('?');
  });

  it('has at least 20 cases', () => {
    expect(HOSTILE_URLS.length).toBeGreaterThanOrEqual(20);
  });
});

describe('policy construction and external links', () => {
  it('rejects anything but bare https origins in the list', () => {
    for (const origin of ['http://labs.google', 'https://labs.google/fx', 'labs.google', 'https://*.google.com', 'https://Labs.Google']) {
      expect(() => createLoginPolicy([origin], 'electron')).toThrow(/bare https: origins/);
    }
    expect(createLoginPolicy(['https://labs.google/', 'https://labs.google'], 'chrome').allowedOrigins).toEqual(['https://labs.google']);
  });

  it('hands only plain https URLs to the system browser', () => {
    expect(externalBrowserUrl('https://support.google.com/accounts?hl=en')).toBe('https://support.google.com/accounts?hl=en');
    for (const url of ['http://example.test/', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.test', 'https://u:p@example.test/', 'https://:443/']) {
      expect(externalBrowserUrl(url)).toBeNull();
    }
  });

  it('explains a refusal without the query string', () => {
    expect(describeRefusal('https://evil.test/path?code=SECRET')).toBe('origin https://evil.test is not on the sign-in allow-list');
    expect(describeRefusal('http://labs.google/?code=SECRET')).toBe('scheme http: is not allowed');
    expect(describeRefusal('https://a:SECRET@labs.google/')).toBe('URLs with credentials are not allowed');
  });
});
