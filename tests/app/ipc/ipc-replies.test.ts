/**
 * What replies and events look like, through the registered handlers: errors as `FailureInfo` (Google's
 * reason and the retry-after when known, else null), foreign errors as INTERNAL, replies and events parsed
 * down to the contract's fields, a reply of the wrong shape refused, the reply guard withholding
 * credentials, events for the main window's page only, and the main-process dialog behind export.
 */
import { describe, expect, it } from 'vitest';
import { connectAppEvents } from '../../../src/app/ipc/app-events.ts';
import { ReplyGuard } from '../../../src/app/ipc/reply-guard.ts';
import { ImageServiceError } from '../../../src/services/imagefx/image-service-error.ts';
import type { IpcServices } from '../../../src/app/ipc/ipc-ports.ts';
import { AppError } from '../../../src/shared/app-error.ts';
import type { AppEvent } from '../../../src/shared/ipc-contract.ts';
import { __shim } from '../../support/electron-shim.ts';
import { ADA, FAKE_ACCESS_TOKEN, FAKE_SECRETS, FAKE_SESSION_COOKIE_VALUE, KNOWN_GALLERY_IDS } from '../../support/ipc-fakes.ts';
import { createIpcHarness } from '../../support/ipc-harness.ts';

const REQUEST = { prompt: 'a harbour', count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 3, model: 'IMAGEN_3_5' } as const;

const CAPTION = { bytes: new Uint8Array([0x89, 0x50]), mimeType: 'image/png', count: 1 } as const;
const INTERNAL = { code: 'INTERNAL', message: 'Something went wrong inside the app.', reason: null, retryAfterMs: null };

/** The fake services, but with a caption that throws `error`. */
function throwing(error: unknown) {
  return (fakes: IpcServices) => ({
    images: {
      ...fakes.images,
      caption: async () => {
        throw error;
      },
    },
  });
}

describe('errors cross as FailureInfo', () => {
  it('an image-service failure keeps its code, Google’s reason and the retry-after', async () => {
    const error = new ImageServiceError('RATE_LIMITED', 'ImageFX is busy; try again in 30 s.', { reason: 'RESOURCE_EXHAUSTED', retryAfterMs: 30_000, httpStatus: 429, retryable: true });
    const harness = await createIpcHarness({ services: throwing(error) });
    expect(await harness.invoke('caption:describe', CAPTION)).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'ImageFX is busy; try again in 30 s.', reason: 'RESOURCE_EXHAUSTED', retryAfterMs: 30_000 },
    });
  });

  it('an AppError keeps code and message only; a reason that is not a machine constant is dropped', async () => {
    const error = Object.assign(new AppError('SERVICE_ERROR', 'ImageFX is not answering.'), { reason: `Bearer ${FAKE_ACCESS_TOKEN}`, cookie: FAKE_SESSION_COOKIE_VALUE });
    const harness = await createIpcHarness({ services: throwing(error) });
    expect(await harness.invoke('caption:describe', CAPTION)).toEqual({
      ok: false,
      error: { code: 'SERVICE_ERROR', message: 'ImageFX is not answering.', reason: null, retryAfterMs: null },
    });
  });

  it('anything else is INTERNAL with a fixed sentence, whatever its text holds', async () => {
    const error = new TypeError(`fetch failed: Cookie: __Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}`);
    const harness = await createIpcHarness({ services: throwing(error) });
    expect(await harness.invoke('caption:describe', CAPTION)).toEqual({ ok: false, error: INTERNAL });
  });
});

describe('replies carry the contract’s fields only', () => {
  it('auth replies and events are parsed, so fields an implementation adds never cross', async () => {
    const harness = await createIpcHarness();
    harness.bait.enabled = false;
    const idleQueue = { onDidChangeJob: () => () => undefined, accountRestored: () => undefined, accountChanged: () => undefined, reassignAccount: () => undefined };
    const hub = connectAppEvents({ accounts: harness.accounts, queue: idleQueue, publish: (event) => harness.registry.publish(event) });
    const replies = [await harness.invoke('auth:snapshot'), await harness.invoke('auth:sign-in')];
    harness.accounts.change({ state: 'refreshing' });
    hub.dispose();
    harness.accounts.change({ state: 'offline' });
    const text = JSON.stringify([replies, harness.events()]);
    for (const secret of FAKE_SECRETS) expect(text).not.toContain(secret);
    expect(replies[1]).toEqual({ ok: true, value: { id: ADA.id, email: 'ada@example.test', name: 'Ada Lovelace', avatarUrl: 'https://labs.google/a.png', backend: 'classic' } });
    expect(harness.events().map((event) => event.type === 'auth' && event.snapshot.state)).toEqual(['signed-in', 'refreshing']);
  });

  it('jobs and gallery pages: the contract’s fields, nothing an implementation adds', async () => {
    const harness = await createIpcHarness();
    harness.bait.enabled = false;
    const job = await harness.invoke('generation:enqueue', REQUEST);
    const page = await harness.invoke('gallery:page', { limit: 5 });
    if (!job.ok || !page.ok) throw new Error('a call failed');
    expect(Object.keys(job.value).sort()).toEqual(['accountId', 'batchId', 'createdAt', 'failure', 'finishedAt', 'id', 'images', 'pauseReason', 'request', 'settings', 'startedAt', 'status', 'wait']);
    expect(Object.keys(page.value.items[0]!).sort()).toEqual(['aspectRatio', 'createdAt', 'favourite', 'height', 'id', 'mediaId', 'model', 'prompt', 'seed', 'width']);
    for (const secret of FAKE_SECRETS) expect(JSON.stringify([job, page])).not.toContain(secret);
  });

  it('a reply that is not of the contract’s shape becomes INTERNAL (a bug, reported), never a half answer', async () => {
    const harness = await createIpcHarness({ services: (fakes) => ({ queue: { ...fakes.queue, clearFinished: () => 'three' as never } }) });
    expect(await harness.invoke('generation:clear-finished')).toEqual({ ok: false, error: INTERNAL });
  });
});

describe('the reply guard', () => {
  it('a credential-named field an implementation adds is dropped by the contract before the guard sees it', async () => {
    const harness = await createIpcHarness({
      services: (fakes) => ({ settings: { ...fakes.settings, get: () => ({ ...fakes.settings.get(), accessToken: FAKE_ACCESS_TOKEN }) as never } }),
    });
    expect(await harness.invoke('settings:get')).toEqual({ ok: true, value: { userAgentStrategy: 'electron', storage: { mode: 'encrypted' } } });
    expect(harness.withheld).toEqual([]);
  });

  it('withholds anything with a credential-named field, should the contract ever name one (INTERNAL), and says which rule', () => {
    const withheld: string[] = [];
    const guard = new ReplyGuard({ onWithheld: (where, rule) => withheld.push(`${where}:${rule}`) });
    expect(guard.allows('settings:get', { ok: true, value: { storage: { mode: 'encrypted' } } })).toBe(true);
    expect(guard.allows('settings:get', { ok: true, value: { storage: { 'Set-Cookie': 'x' } } })).toBe(false);
    expect(withheld).toEqual(['settings:get:credential-field']);
  });

  it('withholds a reply or event holding a live secret value, even JSON-escaped', async () => {
    const quoted = 'abc"def\\ghi-0123456789';
    const harness = await createIpcHarness({
      guardSecrets: () => [FAKE_ACCESS_TOKEN, quoted, 'short'],
      services: (fakes) => ({ queue: { ...fakes.queue, snapshot: () => ({ jobs: [{ ...fakes.queue.snapshot({ after: null, limit: 200 }).jobs[0]!, request: { ...REQUEST, prompt: `see ${quoted}` } }], holdReason: null, nextCursor: null }) } }),
    });
    expect(await harness.invoke('generation:list-jobs', { after: null, limit: 200 })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
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
    // Asked whether an export already runs, then the user; no export started.
    expect(cancelled.log.calls).toEqual(['exports.assertIdle', 'dialogs.chooseExportDirectory']);

    const chosen = await createIpcHarness({ exportDirectory: '/home/ada/Pictures/harbour' });
    chosen.bait.enabled = false;
    expect(await chosen.invoke('gallery:export', [...KNOWN_GALLERY_IDS])).toMatchObject({ ok: true, value: { directory: '/home/ada/Pictures/harbour' } });
    expect(chosen.log.calls).toEqual(['exports.assertIdle', 'dialogs.chooseExportDirectory', 'exports.run', 'exports.exportSelection']);
    expect(await chosen.invokeRaw('gallery:export', undefined, [...KNOWN_GALLERY_IDS], '/tmp/renderer-chosen')).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('a renderer cannot name a file to caption: only bytes are accepted', async () => {
    const harness = await createIpcHarness();
    expect(await harness.invokeRaw('caption:describe', undefined, { imagePath: '/etc/passwd', count: 1 })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(harness.log.calls).toEqual([]);
  });
});
