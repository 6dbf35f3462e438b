import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_HINT, DEFAULT_CHROMIUM_PATH, chromiumArgs, launchChromium, resolveChromiumPath } from './chromium.ts';
import { createEmulatorCertificates } from './emulator/emulator-certificates.ts';
import { startEmulator } from './emulator/start-emulator.ts';
import type { Emulator } from './emulator/start-emulator.ts';

describe('resolveChromiumPath', () => {
  it('prefers CHROMIUM_PATH, falls back to /usr/bin/chromium', () => {
    expect(resolveChromiumPath({ CHROMIUM_PATH: '/opt/chrome' }, (file) => file === '/opt/chrome')).toBe('/opt/chrome');
    expect(resolveChromiumPath({ CHROMIUM_PATH: '/opt/missing' }, (file) => file === DEFAULT_CHROMIUM_PATH)).toBe(DEFAULT_CHROMIUM_PATH);
    expect(resolveChromiumPath({}, (file) => file === DEFAULT_CHROMIUM_PATH)).toBe(DEFAULT_CHROMIUM_PATH);
  });

  it('throws an error that says how to install Chromium when none exists', () => {
    expect(() => resolveChromiumPath({ CHROMIUM_PATH: '/opt/missing' }, () => false)).toThrow(CHROMIUM_INSTALL_HINT);
    expect(CHROMIUM_INSTALL_HINT).toContain('apt-get install -y chromium');
    expect(CHROMIUM_INSTALL_HINT).toContain('CHROMIUM_PATH');
  });
});

describe('chromiumArgs', () => {
  it('routes only the Google hosts to the emulator, pins its key, and blocks every other name', () => {
    const args = chromiumArgs({ emulator: { route: { address: '127.0.0.1', port: 9999 }, spkiHash: 'abc=' } });
    expect(args).toEqual(
      expect.arrayContaining(['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync']),
    );
    expect(args).toContain(
      '--host-resolver-rules=MAP labs.google 127.0.0.1:9999, MAP accounts.google.com 127.0.0.1:9999, ' +
        'MAP aisandbox-pa.googleapis.com 127.0.0.1:9999, MAP flow.google.com 127.0.0.1:9999, ' +
        'MAP flow-content.google 127.0.0.1:9999, MAP www.google.com 127.0.0.1:9999, ' +
        'MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    );
    expect(args).toContain('--ignore-certificate-errors-spki-list=abc=');
    expect(args.some((arg) => arg === '--ignore-certificate-errors')).toBe(false);
    expect(chromiumArgs()).toContain('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1');
  });
});

describe('launchChromium against the emulator', () => {
  let emu: Emulator;
  let browser: Browser;
  beforeAll(async () => {
    emu = await startEmulator();
    browser = await launchChromium({ emulator: emu });
  });
  afterAll(async () => {
    await browser?.close();
    await emu?.close();
  });

  it('reaches every Google host through the emulator over trusted HTTPS', async () => {
    const page = await browser.newPage();
    try {
      for (const host of ['labs.google', 'accounts.google.com', 'aisandbox-pa.googleapis.com']) {
        const response = await page.goto(`https://${host}/not-a-real-page`);
        expect(response?.status()).toBe(404);
        expect((await response?.securityDetails())?.subjectName).toBe('labs.google');
      }
      expect(emu.requests.count({ path: '/not-a-real-page' })).toBe(3);
    } finally {
      await page.close();
    }
  });

  it('cannot resolve any other host name', async () => {
    const page = await browser.newPage();
    try {
      for (const url of ['https://example.com/', 'http://example.com/', 'https://www.gstatic.com/']) {
        await expect(page.goto(url)).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
      }
    } finally {
      await page.close();
    }
  });

  it('still rejects a certificate whose key is not the pinned one', async () => {
    const stranger = await createEmulatorCertificates();
    const pinnedElsewhere = await launchChromium({ emulator: { route: emu.route, spkiHash: stranger.spkiHash } });
    try {
      const page = await pinnedElsewhere.newPage();
      await expect(page.goto('https://labs.google/fx/tools/image-fx')).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await pinnedElsewhere.close();
    }
  });
});
