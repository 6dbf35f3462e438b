/**
 * The Chromium that plays the app's window renders the same pixels on every machine and every run, so the
 * README's screenshots change only when the UI does: fonts from one Debian package through a private
 * fontconfig file (whatever else is installed is ignored), greyscale text without hinting or subpixel
 * positioning, sRGB, one device pixel per CSS pixel. (Playwright's own screenshot tests use the same
 * switches.) The viewport, locale, time zone and colour scheme are fixed per window in e2e-app-page.ts;
 * animations and the caret are stopped per screenshot in e2e-screens.ts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';

/** The fontconfig file that limits the window to DejaVu (see the file). */
export const STABLE_FONTS_CONF = fileURLToPath(new URL('./chromium-fonts.conf', import.meta.url));

/** A font the configuration needs: Debian's fonts-dejavu-core puts it there. */
export const DEJAVU_SANS = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** The message the e2e tests fail with when the fonts are missing. */
export const FONTS_INSTALL_HINT =
  `The end-to-end tests render the app with the DejaVu fonts, but ${DEJAVU_SANS} was not found. ` +
  'Install them with `apt-get install -y fonts-dejavu-core` (Debian/Ubuntu).';

/** Switches that take machine and run differences out of rasterisation. */
export const STABLE_RENDERING_ARGS: readonly string[] = [
  '--font-render-hinting=none',
  '--disable-font-subpixel-positioning',
  '--disable-lcd-text',
  '--force-color-profile=srgb',
  '--force-device-scale-factor=1',
  '--disable-skia-runtime-opts',
  // Re-rasterising only the changed part of a tile leaves the anti-aliasing of a rounded corner that
  // crosses the part's edge a shade off, depending on what changed before (seen on the form's controls).
  '--disable-partial-raster',
];

/**
 * The browser's environment: this process's, with FONTCONFIG_FILE pointing at {@link STABLE_FONTS_CONF}.
 * On Linux, throws {@link FONTS_INSTALL_HINT} when the fonts are missing (elsewhere Chromium does not use
 * fontconfig, and the file is ignored).
 */
export function stableRenderingEnv(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = existsSync,
): NodeJS.ProcessEnv {
  if (platform === 'linux' && !exists(DEJAVU_SANS)) throw new Error(FONTS_INSTALL_HINT);
  return { ...env, FONTCONFIG_FILE: STABLE_FONTS_CONF };
}

/** Launches the Chromium for the app's window (no emulator route: the page is served by `page.route`). */
export function launchStableChromium(): Promise<Browser> {
  return launchChromium({ extraArgs: STABLE_RENDERING_ARGS, browserEnv: stableRenderingEnv() });
}
