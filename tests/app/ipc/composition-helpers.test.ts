/**
 * The small pieces main.ts composes the IPC layer from: the gallery sink, the settings service, the event
 * hub (which tells the queue when the account is restored), the live-secret watch and the Electron dialogs.
 */
import { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { AppSettingsService } from '../../../src/app/composition/app-settings.ts';
import { connectAppEvents } from '../../../src/app/ipc/app-events.ts';
import { GalleryImageSink, toGalleryInput } from '../../../src/services/gallery/gallery-image-sink.ts';
import { createElectronDialogs } from '../../../src/app/electron/main-process-dialogs.ts';
import { cookieHeaderValues, SessionSecretWatch } from '../../../src/app/ipc/session-secret-watch.ts';
import type { GeneratedImage } from '../../../src/shared/generation-schemas.ts';
import { generationAccounts } from '../../../src/app/composition/generation-accounts.ts';
import { AuthRequiredError } from '../../../src/shared/app-error.ts';
import type { AppEvent } from '../../../src/shared/ipc-contract.ts';
import { __shim } from '../../support/electron-shim.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { createTestQueue, NO_PACING } from '../../support/generation-queue-fixture.ts';
import { GatedGenerator, RecordingSink } from '../../support/imagefx-gated-generator.ts';
import { fakeGalleryItem } from '../../support/ipc-fake-services.ts';
import { ADA, CallLog, FakeAccountService, KNOWN_GALLERY_IDS, LeakBait } from '../../support/ipc-fakes.ts';

const SETTINGS = { prompt: 'a harbour', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 40, model: 'IMAGEN_3_5' } as const;

describe('GalleryImageSink', () => {
  const image: GeneratedImage = {
    mediaId: null,
    workflowId: null,
    prompt: '',
    seed: null,
    model: '',
    aspectRatio: '',
    encodedImage: 'iVBORw0KGgo=',
    mimeType: 'image/png',
  };

  it('fills what Google left out from what was sent, and copies nothing else', () => {
    expect(toGalleryInput({ ...image, ...{ token: 'x' } } as GeneratedImage, SETTINGS)).toEqual({
      encodedImage: 'iVBORw0KGgo=',
      seed: 40,
      prompt: 'a harbour',
      model: 'IMAGEN_3_5',
      aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
      mediaId: '',
      workflowId: '',
      request: { count: 2, seed: 40, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' },
    });
  });

  it('reports each saved item; a failing listener does not fail the save', async () => {
    const item = fakeGalleryItem(KNOWN_GALLERY_IDS[0]);
    const added: unknown[] = [];
    const sink = new GalleryImageSink({ gallery: { add: async () => item }, onDidAdd: (saved) => added.push(saved) });
    await sink.add(image, SETTINGS);
    expect(added).toEqual([item]);
    const throwing = new GalleryImageSink({ gallery: { add: async () => item }, onDidAdd: () => { throw new Error('window gone'); } });
    await expect(throwing.add(image, SETTINGS)).resolves.toBeUndefined();
  });
});

describe('AppSettingsService', () => {
  it('sets the user agent in the login settings; opts in through the accounts; reports the storage mode', async () => {
    const log = new CallLog();
    const accounts = new FakeAccountService({ log, bait: new LeakBait() });
    const login = { userAgentStrategy: 'electron' as 'electron' | 'chrome' | 'firefox-on-google-sign-in', setUserAgentStrategy(value: 'electron' | 'chrome' | 'firefox-on-google-sign-in') { this.userAgentStrategy = value; } };
    const service = new AppSettingsService({ login, accounts });
    expect(service.get()).toEqual({ userAgentStrategy: 'electron', storage: { mode: 'encrypted' } });
    expect(service.setUserAgentStrategy('chrome')).toMatchObject({ userAgentStrategy: 'chrome' });
    expect(login.userAgentStrategy).toBe('chrome');
    expect(await service.optInToWeakerStorage()).toMatchObject({ storage: { mode: 'encrypted' } });
    expect(log.calls).toContain('accounts.optInToWeakerStorage');
  });
});

describe('connectAppEvents', () => {
  it('forwards auth snapshots and job events; tells the queue when the account is signed in again', async () => {
    const generator = new GatedGenerator();
    const accounts = new FakeAccountService({ log: new CallLog(), bait: new LeakBait() });
    const { queue } = createTestQueue({ generator, sink: new RecordingSink(), clock: new FakeClock(), accounts: generationAccounts(accounts), pacing: NO_PACING });
    const events: AppEvent[] = [];
    const hub = connectAppEvents({ accounts, queue, publish: (event) => events.push(event) });

    const [first] = queue.enqueueBatch(['one', 'two'].map((prompt) => ({ ...SETTINGS, prompt })));
    (await generator.next()).fail(new AuthRequiredError());
    await queue.whenIdle();
    expect(queue.snapshot().holdReason).toBe('AUTH_REQUIRED');

    accounts.change({ state: 'refreshing' });
    expect(queue.listJobs().map((job) => job.status)).toEqual(['paused', 'paused']);
    accounts.change({ state: 'signed-in', activeAccount: ADA });
    expect(queue.getJob(first!.id)?.status).toBe('running');
    expect(queue.snapshot().holdReason).toBeNull();

    const types = events.map((event) => (event.type === 'job' ? `job:${event.event.type}` : event.type));
    expect(types).toContain('auth');
    expect(types).toContain('job:paused');
    hub.dispose();
    const count = events.length;
    accounts.change({ state: 'offline' });
    queue.cancelAll();
    expect(events).toHaveLength(count);
  });
});

describe('SessionSecretWatch', () => {
  it('remembers the cookie values and tokens handed out, plus the current cookies; bounded', async () => {
    let token = 'ya29.token-number-1';
    const watch = new SessionSecretWatch({ currentCookies: () => [{ value: 'current-cookie-value' }], limit: 3 });
    const port = watch.watch({ getCookieHeader: () => 'a=first-value; b=second=value; empty=', getToken: async () => token, renewToken: async () => 'ya29.token-renewed' });
    port.getCookieHeader();
    await port.getToken();
    expect(watch.secrets()).toEqual(['first-value', 'second=value', 'ya29.token-number-1', 'current-cookie-value']);
    token = 'ya29.token-number-2';
    await port.getToken();
    expect(watch.secrets()).toEqual(['second=value', 'ya29.token-number-1', 'ya29.token-number-2', 'current-cookie-value']);
    expect(await port.renewToken()).toBe('ya29.token-renewed');
    expect(watch.secrets()).toEqual(['ya29.token-number-1', 'ya29.token-number-2', 'ya29.token-renewed', 'current-cookie-value']);
    const signedOut = new SessionSecretWatch({ currentCookies: () => { throw new AuthRequiredError(); } });
    expect(signedOut.secrets()).toEqual([]);
    expect(cookieHeaderValues('__Secure-next-auth.session-token=abc; x=1')).toEqual(['abc', '1']);
  });
});

describe('createElectronDialogs', () => {
  it('asks over the main window, answers the chosen path or null', async () => {
    __shim.reset();
    __shim.makeReady();
    const parent = new BrowserWindow({ show: false });
    const dialogs = createElectronDialogs({ dialog: __shim.dialog as never, parent: () => parent });
    __shim.dialog.respondWith('showOpenDialog', { canceled: false, filePaths: ['/home/ada/export'] });
    expect(await dialogs.chooseExportDirectory()).toBe('/home/ada/export');
    expect(await dialogs.chooseExportDirectory()).toBeNull();
    expect(__shim.dialog.calls.map((call) => (call.options as { properties: string[] }).properties)).toEqual([
      ['openDirectory', 'createDirectory'],
      ['openDirectory', 'createDirectory'],
    ]);
  });
});
