import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEJAVU_SANS, FONTS_INSTALL_HINT, STABLE_FONTS_CONF, launchStableChromium, stableRenderingEnv } from './chromium-stable-rendering.ts';

describe('stableRenderingEnv', () => {
  it('points fontconfig at the project’s file and keeps the rest of the environment', () => {
    const env = stableRenderingEnv({ PATH: '/bin', FONTCONFIG_FILE: '/etc/fonts/fonts.conf' }, 'linux', () => true);
    expect(env).toEqual({ PATH: '/bin', FONTCONFIG_FILE: STABLE_FONTS_CONF });
  });

  it('fails with how to install the fonts when they are missing on Linux', () => {
    expect(() => stableRenderingEnv({}, 'linux', (file) => file !== DEJAVU_SANS)).toThrow(FONTS_INSTALL_HINT);
    expect(FONTS_INSTALL_HINT).toContain('apt-get install -y fonts-dejavu-core');
    // Chromium on macOS and Windows does not use fontconfig: nothing to check there.
    expect(stableRenderingEnv({}, 'darwin', () => false).FONTCONFIG_FILE).toBe(STABLE_FONTS_CONF);
  });
});

describe('the app window’s Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchStableChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every family the stylesheets name, known or not, with DejaVu', async () => {
    const page = await browser.newPage();
    try {
      const widths = await page.evaluate(() => {
        const context = document.createElement('canvas').getContext('2d')!;
        const width = (family: string): number => {
          context.font = `16px ${family}`;
          return context.measureText('Sphinx of black quartz, judge my vow 0123456789').width;
        };
        const families = ['system-ui', 'sans-serif', '"Segoe UI"', 'Roboto', '"Helvetica Neue"', 'Arial', 'monospace', 'Menlo', 'Consolas'];
        return {
          dejavuSans: width('"DejaVu Sans"'),
          dejavuMono: width('"DejaVu Sans Mono"'),
          ...Object.fromEntries(families.map((family) => [family, width(family)])),
        };
      });
      const { dejavuSans, dejavuMono, ...named } = widths;
      expect(dejavuMono).not.toBe(dejavuSans); // the two are told apart…
      expect(named).toEqual({
        'system-ui': dejavuSans, 'sans-serif': dejavuSans, '"Segoe UI"': dejavuSans, 'Roboto': dejavuSans,
        '"Helvetica Neue"': dejavuSans, 'Arial': dejavuSans, 'Menlo': dejavuSans, 'Consolas': dejavuSans,
        'monospace': dejavuMono, // …and only the generic monospace family maps to the mono face
      });
    } finally {
      await page.close();
    }
  });
});
