import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import type { FakeClock } from '../../support/fake-clock.ts';
import { allItems, generatedImage, makePng, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';
import { listPngChunks, readPngTextMap } from '../../support/gallery-png-text-reader.ts';

/** The picture data of a PNG (its IDAT chunks), whatever text chunks it carries. */
function listedPixels(png: Uint8Array): Buffer {
  return Buffer.concat(listPngChunks(png).filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
}

let folder: { path: string; remove: () => Promise<void> };
let exportRoot: { path: string; remove: () => Promise<void> };
let gallery: Gallery;
let clock: FakeClock;
let layout: GalleryLayout;

beforeEach(async () => {
  folder = await temporaryFolder();
  exportRoot = await temporaryFolder('gallery-export-');
  ({ gallery, clock } = await openTestGallery(folder.path));
  layout = new GalleryLayout(folder.path);
});
afterEach(async () => {
  await gallery.close();
  await folder.remove();
  await exportRoot.remove();
});

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF), written for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return rows;
}

describe('gallery operations', () => {
  it('get returns the item; unknown ids are NOT_FOUND', async () => {
    const item = await gallery.add(generatedImage({ prompt: 'a kite' }));
    expect(await gallery.get(item.id)).toEqual(item);
    expect(item).toMatchObject({ prompt: 'a kite', seed: 1000, favourite: false, width: 32, height: 32, createdAt: clock.now() });
    await expect(gallery.get(`01KDVDNA00${'Q'.repeat(16)}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(gallery.get('../../etc/passwd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects inputs that are not generated images, and pictures it cannot read with a reason of their own', async () => {
    const good = generatedImage();
    const bad = [
      { ...good, encodedImage: 'not base64!!' },
      { ...good, seed: 1.5 },
      { ...good, model: '' },
      { ...good, request: { ...good.request, count: 0 } },
      { ...good, prompt: undefined },
    ];
    for (const input of bad) await expect(gallery.add(input as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const unreadable = [
      { ...good, encodedImage: Buffer.from('GIF89a not a png').toString('base64') },
      { ...good, encodedImage: Buffer.from('<html>sign in</html>') },
      { ...good, encodedImage: makePng(4, 4).subarray(0, 40).toString('base64') },
    ];
    for (const input of unreadable) await expect(gallery.add(input)).rejects.toMatchObject({ code: 'SERVICE_ERROR', reason: 'UNREADABLE_IMAGE' });
    expect(await allItems(gallery)).toEqual([]);
    expect((await readdir(layout.imagesDirectory, { recursive: true })).filter((name) => name.endsWith('.png'))).toEqual([]);
  });

  it('reads base64 as sent, line breaks and padding or not, and never saves anything but the picture as sent', async () => {
    const png = makePng(8, 8);
    const base64 = png.toString('base64');
    const wrapped = base64.replace(/.{1,76}/g, '$&\r\n');
    for (const encodedImage of [base64, base64.replace(/=+$/, ''), wrapped, `data:image/png;base64,${base64}`]) {
      const item = await gallery.add({ ...generatedImage(), encodedImage });
      expect(listedPixels(await readFile(layout.imageFile(item.id, 'png')))).toEqual(listedPixels(png));
    }
    // A stray character: refused as not base64, or skipped as any base64 decoder does; what is saved is then
    // the picture as sent. A base64url letter ('-') decodes to something else: not a PNG any more, refused.
    let kept = 0;
    for (const stray of ['!', '.', '\u00e9', ' ']) {
      const encodedImage = `${base64.slice(0, 40)}${stray}${base64.slice(40)}`;
      const saved = await gallery.add({ ...generatedImage(), encodedImage }).catch((error: unknown) => error);
      if ('code' in (saved as object)) expect(saved).toMatchObject({ code: 'INVALID_INPUT', message: 'The image is not base64.' });
      else {
        kept += 1;
        expect(listedPixels(await readFile(layout.imageFile((saved as { id: string }).id, 'png')))).toEqual(listedPixels(png));
      }
    }
    await expect(gallery.add({ ...generatedImage(), encodedImage: `${base64.slice(0, 40)}-${base64.slice(40)}` })).rejects.toMatchObject({
      code: 'SERVICE_ERROR',
      reason: 'UNREADABLE_IMAGE',
    });
    await expect(gallery.add({ ...generatedImage(), encodedImage: 'not base64!!' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await allItems(gallery)).toHaveLength(4 + kept);
  });

  it('favourites are kept in the file and the index, and filterable', async () => {
    const [a, b] = [await gallery.add(generatedImage({}, 1)), await gallery.add(generatedImage({}, 2))];
    expect(await gallery.setFavourite(a!.id, true)).toMatchObject({ id: a!.id, favourite: true });
    expect(readPngTextMap(await readFile(layout.imageFile(a!.id, 'png'))).get('imagefx:favourite')).toBe('true');
    expect((await gallery.page({ limit: 10, filters: { favouritesOnly: true } })).items.map((item) => item.id)).toEqual([a!.id]);
    // Concurrent toggles on one image are applied in order; the last one wins in both places.
    await Promise.all([gallery.setFavourite(b!.id, true), gallery.setFavourite(b!.id, false), gallery.setFavourite(b!.id, true)]);
    expect((await gallery.get(b!.id)).favourite).toBe(true);
    expect(readPngTextMap(await readFile(layout.imageFile(b!.id, 'png'))).get('imagefx:favourite')).toBe('true');
    await gallery.setFavourite(a!.id, false);
    expect((await gallery.get(a!.id)).favourite).toBe(false);
  });

  it('delete removes the file, the thumbnail and the row', async () => {
    const keep = await gallery.add(generatedImage({ prompt: 'keep me' }, 1));
    const gone = await gallery.add(generatedImage({ prompt: 'delete me' }, 2));
    await gallery.whenThumbnailsMade();
    expect(existsSync(layout.thumbnailFile(gone.id))).toBe(true);
    await gallery.delete(gone.id);
    expect(existsSync(layout.imageFile(gone.id, 'png'))).toBe(false);
    expect(existsSync(layout.thumbnailFile(gone.id))).toBe(false);
    expect((await allItems(gallery)).map((item) => item.id)).toEqual([keep.id]);
    expect((await gallery.search({ query: 'delete', limit: 5 })).items).toEqual([]);
    expect(await gallery.readImage(gone.id)).toBeNull();
    await expect(gallery.delete(gone.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exports PNGs with metadata.json and a spreadsheet-safe metadata.csv', async () => {
    const tricky = '=HYPERLINK("http://evil.example","click"), then "quotes",\nand a second line';
    const first = await gallery.add(generatedImage({ prompt: tricky, seed: 1, mediaId: '-media', workflowId: '@wf' }, 1));
    await clock.advance(1000);
    const second = await gallery.add(generatedImage({ prompt: 'plain prompt', seed: 2 }, 2));
    await gallery.setFavourite(second.id, true);
    const destination = path.join(exportRoot.path, 'nested', 'export');

    const result = await gallery.export([first.id, second.id, first.id], destination);
    // Named after the prompt's first words (punctuation and the formula's `=` gone) and the end of the id.
    const firstFile = `hyperlink-http-evil-example-click-then-quotes-and-${first.id.slice(-8)}.png`;
    const secondFile = `plain-prompt-${second.id.slice(-8)}.png`;
    expect(result).toEqual({
      directory: destination,
      imageFiles: [firstFile, secondFile],
      metadataJsonFile: 'metadata.json',
      metadataCsvFile: 'metadata.csv',
    });
    expect((await readdir(destination)).sort()).toEqual([firstFile, secondFile, 'metadata.csv', 'metadata.json'].sort());
    expect((await readFile(path.join(destination, firstFile))).equals(await readFile(layout.imageFile(first.id, 'png')))).toBe(true);

    const json = JSON.parse(await readFile(path.join(destination, 'metadata.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'imagefx-desktop/gallery-export', version: 1, exportedAt: new Date(clock.now()).toISOString() });
    expect(json.images).toEqual([
      {
        file: firstFile,
        id: first.id,
        prompt: tricky,
        seed: 1,
        model: 'IMAGEN_3_5',
        aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
        mediaId: '-media',
        workflowId: '@wf',
        createdAt: new Date(first.createdAt).toISOString(),
        favourite: false,
        width: 32,
        height: 32,
        format: 'png',
      },
      expect.objectContaining({ id: second.id, prompt: 'plain prompt', favourite: true }),
    ]);

    const csvText = await readFile(path.join(destination, 'metadata.csv'), 'utf8');
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csvText.slice(1));
    expect(rows[0]).toEqual(['file', 'id', 'prompt', 'seed', 'model', 'aspect_ratio', 'media_id', 'workflow_id', 'created_at', 'favourite', 'width', 'height', 'format']);
    expect(rows).toHaveLength(3);
    // The prompt survives intact apart from the leading quote that stops spreadsheets evaluating it.
    expect(rows[1]).toEqual([firstFile, first.id, `'${tricky}`, '1', 'IMAGEN_3_5', 'IMAGE_ASPECT_RATIO_SQUARE', "'-media", "'@wf",
      new Date(first.createdAt).toISOString(), 'false', '32', '32', 'png']);
    expect(rows[2]?.slice(0, 4)).toEqual([secondFile, second.id, 'plain prompt', '2']);
    for (const cell of rows.slice(1).flat()) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
  });

  it('refuses exports of unknown ids, relative paths, or into the gallery folder', async () => {
    const item = await gallery.add(generatedImage());
    await expect(gallery.export([`01KDVDNA00${'Q'.repeat(16)}`], exportRoot.path)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(gallery.export(['../x'], exportRoot.path)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(gallery.export([item.id], 'relative/folder')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(gallery.export([item.id], path.join(folder.path, 'images'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await mkdir(path.join(exportRoot.path, 'fine'));
    await expect(gallery.export([item.id], path.join(exportRoot.path, 'fine'))).resolves.toMatchObject({
      imageFiles: [`a-red-fox-in-the-snow-number-0-${item.id.slice(-8)}.png`],
    });
  });

  it('fails every operation with INTERNAL once closed, and the protocol source returns nothing', async () => {
    const item = await gallery.add(generatedImage());
    await gallery.close();
    await expect(gallery.page({ limit: 1 })).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(gallery.add(generatedImage())).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await gallery.readImage(item.id)).toBeNull();
    ({ gallery } = await openTestGallery(folder.path));
    expect((await gallery.get(item.id)).id).toBe(item.id);
  });
});
