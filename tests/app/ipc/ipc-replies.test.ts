/**
 * What replies and events look like, through the registered handlers: errors as `{ code, message }` (plus
 * Google's reason and the retry-after when known), foreign errors as INTERNAL, replies rebuilt from the
 * contract's fields, the reply guard withholding credentials, events for the main window's page only,
 * and the main-process dialogs behind export and caption-from-file.
 */
import { describe, expect, it } from 'vitest';
import { connectAppEvents } from '../../../src/app/ipc/app-events.ts';
import { ImageServiceError } from '../../../src/services/imagefx/image-service-error.ts';
import { AppError } from '../../../src/shared/app-error.ts';
import type { AppEvent } from '../../../src/shared/ipc-contract.ts';
import { __shim } from '../../support/electron-shim.ts';
import { FAKE_ACCESS_TOKEN, FAKE_SECRETS, FAKE_SESSION_COOKIE_VALUE, KNOWN_GALLERY_IDS } from '../../support/ipc-fakes.ts';
import { createIpcHarness } from '../../support/ipc-harness.ts';

const REQUEST = { prompt: 'a harbour', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 3, model: 'IMAGEN_3_5' } as const;

function throwing(error: unknown) {
  return () => ({
    generate: async () => {
      throw error;
    },
    caption: async () => {
      throw error;
    },
    fetchById: async () => {
      throw error;
    },
  });
}

describe('errors cross as { code, message }', () => {
  it('an image-service failure keeps its code, Google’s reason and the retry-after', async () => {
    const error = new ImageServiceError('RATE_LIMITED', 'ImageFX is busy; try again in 30 s.', { reason: 'RESOURCE_EXHAUSTED', retryAfterMs: 30_000, httpStatus: 429, retryable: true });
    const harness = await createIpcHarness({ services: () => ({ images: throwing(error)() }) });
    expect(await harness.invoke('generation:generate', REQUEST)).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'ImageFX is busy; try again in 30 s.', reason: 'RESOURCE_EXHAUSTED', retryAfterMs: 30_000 },
    });
  });

  it('an AppError keeps code and message only; a reason that is not a machine constant is dropped', async () => {
    const error = Object.assign(new AppError('SERVICE_ERROR', 'ImageFX is not answering.'), { reason: `Bearer ${FAKE_ACCESS_TOKEN}`, cookie: FAKE_SESSION_COOKIE_VALUE });
    const harness = await createIpcHarness({ services: () => ({ images: throwing(error)() }) });
    expect(await harness.invoke('media:fetch-by-id', 'CAMaJDk')).toEqual({ ok: false, error: { code: 'SERVICE_ERROR', message: 'ImageFX is not answering.' } });
  });

  it('anything else is INTERNAL with a fixed sentence, whatever its text holds', async () => {
    const error = new TypeError(`fetch failed: Cookie: __Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}`);
    const harness = await createIpcHarness({ services: () => ({ images: throwing(error)() }) });
    expect(await harness.invoke('caption:describe', { bytes: new Uint8Array([0x89, 0x50]), mimeType: 'image/png', count: 1 })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside the app.' },
    });
  });
});

describe('replies carry the contract’s fields only', () => {
  it('auth replies and events are rebuilt, so fields an implementation adds never cross', async () => {
    const harness = await createIpcHarness();
    harness.bait.enabled = false;
    const idleQueue = { onDidChangeJob: () => () => undefined, listJobs: () => [], resume: () => false };
    const hub = connectAppEvents({ accounts: harness.accounts, queue: idleQueue, publish: (event) => harness.registry.publish(event) });
    const replies = [await harness.invoke('auth:snapshot'), await harness.invoke('auth:sign-in'), await harness.invoke('auth:list-accounts')];
    harness.accounts.change({ state: 'refreshing' });
    hub.dispose();
    harness.accounts.change({ state: 'offline' });
    const text = JSON.stringify([replies, harness.events()]);
    for (const secret of FAKE_SECRETS) expect(text).not.toContain(secret);
    expect(replies[1]).toEqual({ ok: true, value: { id: 'account-1', email: 'ada@example.test', name: 'Ada Lovelace', avatarUrl: 'https://labs.google/a.png' } });
    expect(harness.events().map((event) => event.type === 'auth' && event.snapshot.state)).toEqual(['signed-in', 'refreshing']);
  });

  it('generation results: the image fields and the gallery item, not the picture or anything else', async () => {
    const harness = await createIpcHarness();
    harness.bait.enabled = false;
    const reply = await harness.invoke('generation:generate', REQUEST);
    if (!reply.ok) throw new Error('generate failed');
    expect(Object.keys(reply.value.images[0]!).sort()).toEqual(['aspectRatio', 'galleryItem', 'mediaId', 'mimeType', 'model', 'prompt', 'seed', 'workflowId']);
    expect(harness.log.calls).toEqual(['images.generate', 'gallerySaver.save']);
  });
});

describe('the reply guard', () => {
  it('withholds a reply with a credential-named field (INTERNAL), and says which rule', async () => {
    const harness = await createIpcHarness({
      services: (fakes) => ({ settings: { ...fakes.settings, get: () => ({ ...fakes.settings.get(), accessToken: 'x' }) as never } }),
    });
    expect(await harness.invoke('settings:get')).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the app.' } });
    expect(harness.withheld).toEqual([{ where: 'settings:get', rule: 'credential-field' }]);
  });

  it('withholds a reply or event holding a live secret value, even JSON-escaped', async () => {
    const quoted = 'abc"def\\ghi-0123456789';
    const harness = await createIpcHarness({
      guardSecrets: () => [FAKE_ACCESS_TOKEN, quoted, 'short'],
      services: (fakes) => ({ queue: { ...fakes.queue, clearFinished: () => 0, listJobs: () => [{ ...fakes.queue.listJobs()[0]!, request: { ...REQUEST, prompt: `see ${quoted}` } }] } }),
    });
    expect(await harness.invoke('generation:list-jobs')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    harness.registry.publish({ type: 'gallery', change: { type: 'deleted', id: FAKE_ACCESS_TOKEN } });
    harness.registry.publish({ type: 'gallery', change: { type: 'deleted', id: 'short' } });
    expect(harness.events()).toEqual([{ type: 'gallery', change: { type: 'deleted', id: 'short' } }]);
    expect(harness.withheld).toEqual([
      { where: 'generation:list-jobs', rule: 'secret-value' },
      { where: 'app:event', rule: 'secret-value' },
    ]);
  });
});

describe('events', () => {
  const event: AppEvent = { type: 'gallery', change: { type: 'deleted', id: KNOWN_GALLERY_IDS[0] } };

  it('go to the main window’s app page only: not after it navigated away, not once it is closed', async () => {
    const harness = await createIpcHarness();
    harness.registry.publish(event);
    expect(harness.events()).toEqual([event]);
    const page = __shim.windows[0]!.webContents;
    await page.loadURL('https://labs.google/fx');
    harness.registry.publish(event);
    expect(harness.events()).toHaveLength(1);
    await page.loadURL('app://imagefx/index.html');
    __shim.windows[0]!.destroy();
    expect(() => harness.registry.publish(event)).not.toThrow();
  });

  it('favourite and delete report the gallery change', async () => {
    const harness = await createIpcHarness();
    harness.bait.enabled = false;
    await harness.invoke('gallery:set-favourite', KNOWN_GALLERY_IDS[0], true);
    await harness.invoke('gallery:delete', KNOWN_GALLERY_IDS[1]);
    expect(harness.galleryChanges).toEqual([
      { type: 'updated', item: expect.objectContaining({ id: KNOWN_GALLERY_IDS[0], favourite: true }) },
      { type: 'deleted', id: KNOWN_GALLERY_IDS[1] },
    ]);
  });

  it('dispose removes every handler', async () => {
    const harness = await createIpcHarness();
    harness.registry.dispose();
    expect(__shim.ipcMain.handlers.size).toBe(0);
  });
});

describe('paths come from main-process dialogs, never from the renderer', () => {
  it('export: cancelled → null and nothing written; chosen → exported there', async () => {
    const cancelled = await createIpcHarness({ exportDirectory: null });
    expect(await cancelled.invoke('gallery:export', [...KNOWN_GALLERY_IDS])).toEqual({ ok: true, value: null });
    expect(cancelled.log.calls).toEqual(['dialogs.chooseExportDirectory']);

    const chosen = await createIpcHarness({ exportDirectory: '/home/ada/Pictures/harbour' });
    chosen.bait.enabled = false;
    expect(await chosen.invoke('gallery:export', [...KNOWN_GALLERY_IDS])).toMatchObject({ ok: true, value: { directory: '/home/ada/Pictures/harbour' } });
    expect(await chosen.invokeRaw('gallery:export', undefined, [...KNOWN_GALLERY_IDS], '/tmp/renderer-chosen')).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('caption from a file: the dialog’s path goes to the service; cancelled → null', async () => {
    const seen: unknown[] = [];
    const harness = await createIpcHarness({
      captionImage: '/home/ada/Pictures/harbour.png',
      services: () => ({ images: { generate: async () => { throw new Error('unused'); }, fetchById: async () => { throw new Error('unused'); }, caption: async (request) => (seen.push(request), { captions: ['a harbour'] }) } }),
    });
    expect(await harness.invoke('caption:describe-file', 2)).toEqual({ ok: true, value: { captions: ['a harbour'] } });
    expect(seen).toEqual([{ imagePath: '/home/ada/Pictures/harbour.png', count: 2 }]);
    const cancelled = await createIpcHarness({ captionImage: null });
    expect(await cancelled.invoke('caption:describe-file', 1)).toEqual({ ok: true, value: null });
    expect(await cancelled.invokeRaw('caption:describe', undefined, { imagePath: '/etc/passwd', count: 1 })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });
});
