import { describe, expect, it } from 'vitest';
import { LoginSettings, USER_AGENT_SETTING } from '../../../src/auth/login/login-settings.ts';
import {
  GOOGLE_SIGN_IN_HOSTS, firefoxUserAgent, isGoogleSignInHostUrl, plainChromeUserAgent, userAgentPlan,
} from '../../../src/auth/login/user-agent-strategy.ts';
import { MemoryKeyValueStore } from '../../support/memory-key-value-store.ts';

const ELECTRON_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) imagefx-desktop/0.1.0 Chrome/140.0.7339.133 Electron/45.4.1 Safari/537.36';

describe('user-agent strategies', () => {
  it('electron leaves everything alone', () => {
    expect(userAgentPlan('electron', ELECTRON_UA, 'linux')).toEqual({ wholeWindow: null, googleSignInHosts: null });
  });

  it('chrome sends the same Chromium without the app and Electron tokens, version reduced', () => {
    const plan = userAgentPlan('chrome', ELECTRON_UA, 'linux');
    expect(plan).toEqual({
      wholeWindow: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
      googleSignInHosts: null,
    });
    expect(plainChromeUserAgent('something else')).toBe('something else');
  });

  it('firefox-on-google-sign-in changes only the header for the Google sign-in hosts, per OS', () => {
    expect(userAgentPlan('firefox-on-google-sign-in', ELECTRON_UA, 'darwin')).toEqual({
      wholeWindow: null,
      googleSignInHosts: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:140.0) Gecko/20100101 Firefox/140.0',
    });
    expect(firefoxUserAgent('win32')).toContain('Windows NT 10.0');
    expect(firefoxUserAgent('freebsd')).toBe(firefoxUserAgent('linux'));
    expect(GOOGLE_SIGN_IN_HOSTS).toEqual(['accounts.google.com', 'accounts.youtube.com']);
    expect(isGoogleSignInHostUrl('https://accounts.google.com/v3/signin')).toBe(true);
    for (const url of ['https://labs.google/', 'http://accounts.google.com/', 'https://accounts.google.com.evil.test/', 'nonsense']) {
      expect(isGoogleSignInHostUrl(url)).toBe(false);
    }
  });

  it('is a persisted setting; unknown stored values read as the default', () => {
    const store = new MemoryKeyValueStore();
    const settings = new LoginSettings(store);
    expect(settings.userAgentStrategy).toBe('electron');
    settings.setUserAgentStrategy('firefox-on-google-sign-in');
    expect(new LoginSettings(store).policy().userAgent).toBe('firefox-on-google-sign-in');
    store.set(USER_AGENT_SETTING, 'netscape');
    expect(new LoginSettings(store).userAgentStrategy).toBe('electron');
    expect(() => settings.setUserAgentStrategy('netscape' as never)).toThrow(TypeError);
    expect(() => new LoginSettings(store, ['http://labs.google'])).toThrow();
  });
});
