/**
 * Every channel answers only the app's own page: the main window's top frame on app://imagefx. The login
 * window, frames of other origins (look-alikes included), subframes, a frame that is gone (null
 * senderFrame) and a closed main window are refused on every channel, with valid arguments, before any
 * service is touched.
 */
import { BrowserWindow } from 'electron';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../../src/app/security/app-protocol.ts';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc-channels.ts';
import { __shim } from '../../support/electron-shim.ts';
import type { InvokeEventInit } from '../../support/electron-shim/fake-ipc.ts';
import type { FakeWebContents } from '../../support/electron-shim/fake-web-contents.ts';
import { VALID_ARGS } from '../../support/ipc-arbitraries.ts';
import { createIpcHarness, type IpcHarness } from '../../support/ipc-harness.ts';

let harness: IpcHarness;
let page: FakeWebContents;
let login: FakeWebContents;

beforeEach(async () => {
  harness = await createIpcHarness();
  page = __shim.windows[0]!.webContents;
  // The sign-in window as the account manager opens it: its own partition, Google's pages, no preload.
  const loginWindow = new BrowserWindow({ show: false, webPreferences: { partition: 'persist:imagefx-account-account-1', sandbox: true } });
  await loginWindow.loadURL('https://accounts.google.com/v3/signin/identifier');
  login = __shim.windows[1]!.webContents;
});

/** One valid argument list per channel, so a refusal can only be about the sender. */
const validArgs = (channel: (typeof INVOKE_CHANNELS)[number]): readonly unknown[] => fc.sample(VALID_ARGS[channel], { numRuns: 1, seed: 7 })[0]!;

const senders: { name: string; event: () => InvokeEventInit }[] = [
  { name: "the login window's frame", event: () => ({ sender: login }) },
  { name: 'the login window claiming the app URL', event: () => ({ sender: login, url: APP_ENTRY_URL }) },
  { name: 'a main-window frame on another origin', event: () => ({ sender: page, url: 'https://evil.test/index.html' }) },
  { name: 'a main-window frame on labs.google', event: () => ({ sender: page, url: 'https://labs.google/fx/tools/image-fx' }) },
  { name: 'a look-alike app host', event: () => ({ sender: page, url: 'app://imagefx.evil.test/index.html' }) },
  { name: 'another app: host', event: () => ({ sender: page, url: 'app://evil/index.html' }) },
  { name: 'a file: page', event: () => ({ sender: page, url: 'file:///tmp/index.html' }) },
  { name: 'an opaque origin on the app URL', event: () => ({ sender: page, url: APP_ENTRY_URL, origin: 'null' }) },
  { name: 'a subframe of the app page', event: () => ({ sender: page, url: APP_ENTRY_URL, routingId: 2, frameId: 2 }) },
  { name: 'a frame in another renderer process', event: () => ({ sender: page, url: APP_ENTRY_URL, processId: 4242 }) },
  { name: 'a frame that is gone (null senderFrame)', event: () => ({ sender: page, senderFrame: null }) },
];

describe('refused senders', () => {
  for (const { name, event } of senders) {
    it(`${name}: refused on every channel, no service reached`, async () => {
      for (const channel of INVOKE_CHANNELS) {
        await expect(harness.invokeRaw(channel, event(), ...validArgs(channel)), channel).rejects.toThrow(`IPC channel ${channel} refused an untrusted sender`);
      }
      expect(harness.log.calls).toEqual([]);
      expect(harness.untrusted).toHaveLength(INVOKE_CHANNELS.length);
    });
  }

  it('a closed main window: every channel refused', async () => {
    __shim.windows[0]!.destroy();
    for (const channel of INVOKE_CHANNELS) {
      await expect(harness.invokeRaw(channel, { sender: page, url: APP_ENTRY_URL }, ...validArgs(channel))).rejects.toThrow('untrusted sender');
    }
    expect(harness.log.calls).toEqual([]);
    expect(new Set(harness.untrusted.map((entry) => entry.reason))).toEqual(new Set(['no-main-window']));
  });

  it('names the rule that refused each sender, and nothing the sender sent', async () => {
    await harness.invokeRaw('auth:import-cookie-header', { sender: login }, 'secret-cookie=value').catch(() => undefined);
    await harness.invokeRaw('app:info', { sender: page, url: 'https://evil.test/' }).catch(() => undefined);
    await harness.invokeRaw('app:info', { sender: page, routingId: 9, frameId: 9 }).catch(() => undefined);
    await harness.invokeRaw('app:info', { sender: page, senderFrame: null }).catch(() => undefined);
    expect(harness.untrusted).toEqual([
      { channel: 'auth:import-cookie-header', reason: 'other-contents' },
      { channel: 'app:info', reason: 'foreign-origin' },
      { channel: 'app:info', reason: 'subframe' },
      { channel: 'app:info', reason: 'no-sender-frame' },
    ]);
  });
});

describe('the app page', () => {
  it('is answered on every channel with the same arguments, which reach the services', async () => {
    for (const channel of INVOKE_CHANNELS) {
      const before = harness.log.calls.length;
      await expect(harness.invokeRaw(channel, undefined, ...validArgs(channel))).resolves.toHaveProperty('ok');
      if (channel !== 'app:info') expect(harness.log.calls.length, channel).toBeGreaterThan(before);
    }
    expect(harness.untrusted).toEqual([]);
  });
});
