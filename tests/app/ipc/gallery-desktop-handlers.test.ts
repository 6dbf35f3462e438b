/**
 * `gallery:show-in-folder` and `gallery:copy-image` through the IPC registry, on a real gallery in a
 * temporary folder and Electron's `shell` and clipboard (the shim's recorders): the renderer names an
 * image by id only; the file shown is the gallery's own, the picture copied is its bytes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClipboardItem, clipboard, shell } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { createDesktopIntegration } from '../../../src/app/electron/desktop-integration.ts';
import type { Gallery } from '../../../src/services/gallery/index.ts';
import { __shim } from '../../support/electron-shim.ts';
import { generatedImage, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';
import { createIpcHarness, type IpcHarness } from '../../support/ipc-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(): Promise<{ harness: IpcHarness; gallery: Gallery; folder: string }> {
  const folder = await temporaryFolder('gallery-desktop-');
  const { gallery } = await openTestGallery(folder.path);
  cleanups.push(async () => {
    await gallery.close();
    await folder.remove();
  });
  const harness = await createIpcHarness({
    services: () => ({ gallery, imageFiles: gallery, desktop: createDesktopIntegration({ shell, clipboard, ClipboardItem }) }),
  });
  return { harness, gallery, folder: folder.path };
}

describe('show in folder and copy image', () => {
  it('shows the gallery’s own file of the image and copies its PNG to the clipboard', async () => {
    const { harness, gallery, folder } = await setup();
    const item = await gallery.add(generatedImage({ prompt: 'a lighthouse' }));

    expect(await harness.invoke('gallery:show-in-folder', item.id)).toEqual({ ok: true, value: null });
    const [shown] = __shim.shell.shownInFolder;
    expect(shown?.startsWith(path.join(folder, 'images') + path.sep)).toBe(true);
    const png = Buffer.from((await gallery.readImage(item.id))!);
    expect((await readFile(shown!)).equals(png)).toBe(true);

    expect(await harness.invoke('gallery:copy-image', item.id)).toEqual({ ok: true, value: null });
    expect(__shim.clipboard.written.map((entries) => entries.map((entry) => entry.type))).toEqual([['image/png']]);
    expect(Buffer.from(__shim.clipboard.written[0]![0]!.bytes).equals(png)).toBe(true);
  });

  it('answers NOT_FOUND for an image that is gone, and shows or copies nothing', async () => {
    const { harness, gallery } = await setup();
    const item = await gallery.add(generatedImage({ prompt: 'soon deleted' }));
    await gallery.delete(item.id);
    for (const channel of ['gallery:show-in-folder', 'gallery:copy-image'] as const) {
      expect(await harness.invoke(channel, item.id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(__shim.shell.shownInFolder).toEqual([]);
    expect(__shim.clipboard.written).toEqual([]);
  });

  it('takes an id, never a path: anything else is refused at the boundary', async () => {
    const { harness } = await setup();
    for (const value of ['/etc/passwd', '../images/AB/x.png', 'C:\\Windows\\system32']) {
      expect(await harness.invoke('gallery:show-in-folder', value)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(__shim.shell.shownInFolder).toEqual([]);
  });
});
