/**
 * Saves off the critical path: a save is on disk (complete file, index row) before the job is told, and its
 * thumbnail is made afterwards, once saves have stopped coming; pictures of one millisecond keep the order they were saved in; long
 * operations (bulk delete, export) let other work run between groups.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import type { GalleryItem } from '../../../src/shared/gallery-schemas.ts';
import { allItems, generatedImage, openTestGallery, temporaryFolder, useGalleryFolder } from '../../support/gallery-fixtures.ts';
import { readGalleryImageText } from '../../support/gallery-image-reader.ts';
import { listPngChunks } from '../../support/gallery-png-text-reader.ts';

const folder = useGalleryFolder();
let layout: GalleryLayout;
beforeEach(() => {
  layout = folder.layout;
});

describe('saving and long operations', () => {
  it('reports a save once the file and its row are written, before its thumbnail exists; the thumbnail follows', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const asked: string[] = [];
    const { gallery } = await openTestGallery(folder.path, {
      makeThumbnail: async (image) => {
        asked.push(readGalleryImageText(image).metadata!['id'] as string);
        await gate;
        return sharp(image).resize(16).webp().toBuffer();
      },
    });
    const made: string[] = [];
    gallery.onDidCreateThumbnail((id) => made.push(id));
    const first = await gallery.add(generatedImage({ prompt: 'saved before its thumbnail' }, 1));
    const second = await gallery.add(generatedImage({ prompt: 'saved right after' }, 2));

    // Both saves were reported while the first thumbnail was still being made (the maker is held).
    for (const item of [first, second]) {
      const file = await readFile(layout.imageFile(item.id, 'png'));
      expect(listPngChunks(file).at(-1)?.type).toBe('IEND');
      expect(readGalleryImageText(file).metadata).toMatchObject({ id: item.id, prompt: item.prompt });
      expect(existsSync(layout.thumbnailFile(item.id))).toBe(false);
    }
    expect((await allItems(gallery)).map((item) => item.id)).toEqual([second.id, first.id]);
    expect((await gallery.search({ query: 'thumbnail', limit: 5 })).items).toEqual([first]);
    expect((await readdir(path.dirname(layout.imageFile(first.id, 'png')))).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(made).toEqual([]);

    release();
    await gallery.whenThumbnailsMade();
    expect(asked).toEqual([first.id, second.id]);
    expect(made).toEqual([first.id, second.id]);
    for (const item of [first, second]) expect(existsSync(layout.thumbnailFile(item.id))).toBe(true);
    await gallery.close();
  });

  it('makes no thumbnail while saves keep coming: they start once saves have stopped', async () => {
    let saving = false;
    const startedWhileSaving: boolean[] = [];
    const { gallery } = await openTestGallery(folder.path, {
      makeThumbnail: async (image) => {
        startedWhileSaving.push(saving);
        return sharp(image).resize(16).webp().toBuffer();
      },
    });
    saving = true;
    const saved: GalleryItem[] = [];
    // Back to back, as a batch's images arrive: each save starts the moment the one before is reported.
    for (let shade = 0; shade < 12; shade += 1) saved.push(await gallery.add(generatedImage({ prompt: `burst ${shade}` }, shade)));
    saving = false;
    await gallery.whenThumbnailsMade();
    expect(startedWhileSaving).toEqual(saved.map(() => false));
    for (const item of saved) expect(existsSync(layout.thumbnailFile(item.id))).toBe(true);
    await gallery.close();
  });

  it('lists pictures saved in one millisecond newest first in the order they were saved, whatever thumbnails drew in between', async () => {
    const { gallery } = await openTestGallery(folder.path);
    const saved: GalleryItem[] = [];
    for (let shade = 0; shade < 12; shade += 1) {
      saved.push(await gallery.add(generatedImage({}, shade)));
      // Some thumbnails are made (and draw temporary file names from the same random source) between saves.
      if (shade % 3 === 1) await gallery.whenThumbnailsMade();
    }
    expect(new Set(saved.map((item) => item.createdAt)).size).toBe(1);
    expect((await allItems(gallery)).map((item) => item.id)).toEqual(saved.map((item) => item.id).reverse());
    await gallery.close();
  });

  it('never fails a save because its thumbnail fails; the thumbnail request then gets the image', async () => {
    const { gallery } = await openTestGallery(folder.path, { makeThumbnail: () => Promise.reject(new Error('decoder exploded')) });
    const item = await gallery.add(generatedImage());
    await gallery.whenThumbnailsMade();
    expect(existsSync(layout.thumbnailFile(item.id))).toBe(false);
    expect(Buffer.from((await gallery.readThumbnail(item.id))!).equals(await readFile(layout.imageFile(item.id, 'png')))).toBe(true);
    await gallery.close();
  });

  it('deletes and exports many images in groups, letting other work run between them', async () => {
    let turns = 0;
    const { gallery, clock } = await openTestGallery(folder.path, {
      yieldToEventLoop: async () => {
        turns += 1;
      },
    });
    const items: GalleryItem[] = [];
    for (let index = 0; index < 120; index += 1) {
      items.push(await gallery.add(generatedImage({ prompt: `bulk ${index}` }, index)));
      await clock.advance(1000);
    }
    const exportFolder = await temporaryFolder('gallery-export-');
    try {
      const result = await gallery.export(items.map((item) => item.id), exportFolder.path);
      expect(result.imageFiles).toHaveLength(120);
      expect(turns).toBeGreaterThanOrEqual(4);
    } finally {
      await exportFolder.remove();
    }

    turns = 0;
    await gallery.whenThumbnailsMade();
    const doomed = items.slice(0, 110).map((item) => item.id);
    const unknown = `01KDVDNA00${'Q'.repeat(16)}`;
    expect(await gallery.deleteMany([...doomed, unknown, doomed[0]!])).toBe(110);
    expect(turns).toBe(2);
    expect((await allItems(gallery)).map((item) => item.id)).toEqual(items.slice(110).reverse().map((item) => item.id));
    for (const id of doomed) {
      expect(existsSync(layout.imageFile(id, 'png'))).toBe(false);
      expect(existsSync(layout.thumbnailFile(id))).toBe(false);
    }
    await gallery.close();
  });
});
