/**
 * JPEG beside PNG through `Gallery`: Flow's JPEG bytes are kept as they came plus one XMP segment, read back
 * by an independent parser, and indexed, searched, favourited, thumbnailed, rebuilt and exported like PNGs.
 * What a file is comes from its bytes, never from a name or from what the sender claimed.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import type { GalleryItem } from '../../../src/shared/gallery-schemas.ts';
import { allItems, generatedImage, generatedJpeg, makeJpeg, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';
import { readGalleryImageText } from '../../support/gallery-image-reader.ts';
import { listJpegSegments, withoutSegmentAt } from '../../support/jpeg-xmp-reader.ts';

let folder: { path: string; remove: () => Promise<void> };
let exportRoot: { path: string; remove: () => Promise<void> };
let layout: GalleryLayout;
let gallery: Gallery;
beforeEach(async () => {
  folder = await temporaryFolder();
  exportRoot = await temporaryFolder('gallery-export-');
  layout = new GalleryLayout(folder.path);
  ({ gallery } = await openTestGallery(folder.path));
});
afterEach(async () => {
  await gallery.close();
  await folder.remove();
  await exportRoot.remove();
});

/** Checks that `file` is `original` with exactly one more segment, an XMP APP1; returns where it went. */
function expectOneXmpSegmentAdded(original: Buffer, file: Buffer): number {
  const before = listJpegSegments(original);
  const after = listJpegSegments(file);
  expect(after).toHaveLength(before.length + 1);
  const inserted = after.find((segment, position) => !before[position] || !segment.payload.equals(before[position]!.payload))!;
  expect(inserted.marker).toBe(0xe1);
  expect(inserted.payload.toString('latin1', 0, 29)).toBe('http://ns.adobe.com/xap/1.0/\0');
  expect(withoutSegmentAt(file, inserted.offset).equals(original)).toBe(true);
  return inserted.offset;
}

describe('JPEG images in the gallery', () => {
  it('keeps the JPEG as it came plus one XMP segment that an independent parser reads back, and treats it like a PNG', async () => {
    const original = await makeJpeg(48, 27, 5);
    const item = await gallery.add({
      ...generatedImage({ prompt: 'a paper crane over Kyoto, 折り鶴', model: 'NARWHAL', aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE', seed: 77 }),
      encodedImage: original,
    });
    expect(item).toMatchObject({ width: 48, height: 27, model: 'NARWHAL', favourite: false });
    const file = await readFile(layout.imageFile(item.id, 'jpeg'));
    expect(path.extname(layout.imageFile(item.id, 'jpeg'))).toBe('.jpg');
    expect(existsSync(layout.imageFile(item.id, 'png'))).toBe(false);
    expectOneXmpSegmentAdded(original, file);

    const { format, fields, metadata } = readGalleryImageText(file);
    expect(format).toBe('jpeg');
    expect(Object.fromEntries(fields)).toMatchObject({
      prompt: 'a paper crane over Kyoto, 折り鶴',
      seed: '77',
      model: 'NARWHAL',
      aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE',
      createdAt: new Date(item.createdAt).toISOString(),
      favourite: 'false',
    });
    expect(metadata).toMatchObject({ id: item.id, prompt: item.prompt, seed: 77, request: { count: 4, seed: null, model: 'NARWHAL' } });

    expect((await gallery.search({ query: '折り鶴', limit: 5 })).items).toEqual([item]);
    expect((await gallery.page({ limit: 5, filters: { model: 'NARWHAL' } })).items).toEqual([item]);
    expect(Buffer.from((await gallery.readImage(item.id))!).equals(file)).toBe(true);

    await gallery.setFavourite(item.id, true);
    const favourite = await readFile(layout.imageFile(item.id, 'jpeg'));
    expectOneXmpSegmentAdded(original, favourite);
    expect(readGalleryImageText(favourite).fields.get('favourite')).toBe('true');

    await gallery.whenThumbnailsMade();
    const thumbnail = await gallery.readThumbnail(item.id);
    expect(await sharp(Buffer.from(thumbnail!)).metadata()).toMatchObject({ format: 'webp', width: 48, height: 27 });
  });

  it('rebuilds JPEG and PNG rows alike from the files after the index is lost', async () => {
    const png = await gallery.add(generatedImage({ prompt: 'a png lighthouse' }, 1));
    const jpeg = await gallery.add(await generatedJpeg({ prompt: 'a jpeg lighthouse', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT' }, 2));
    await gallery.setFavourite(jpeg.id, true);
    const before = await allItems(gallery);
    await gallery.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(`${layout.databaseFile}${suffix}`, { force: true });

    let report;
    ({ gallery, report } = await openTestGallery(folder.path));
    expect(report).toMatchObject({ rebuilt: true, indexed: 2, ignored: 0 });
    expect(await allItems(gallery)).toEqual(before);
    expect((await gallery.get(jpeg.id)).favourite).toBe(true);
    expect((await gallery.search({ query: 'lighthouse', limit: 5 })).items.map((item) => item.id).sort()).toEqual([png.id, jpeg.id].sort());
  });

  it('goes by the bytes: JPEG sent as a PNG is kept as .jpg, a JPEG named .png is left alone, and neither is called a PNG', async () => {
    const jpeg = await makeJpeg(16, 16, 3);
    const claimed = await gallery.add({ ...generatedImage({ prompt: 'claimed to be a png' }), encodedImage: `data:image/png;base64,${jpeg.toString('base64')}` });
    expect(existsSync(layout.imageFile(claimed.id, 'jpeg'))).toBe(true);
    expect(existsSync(layout.imageFile(claimed.id, 'png'))).toBe(false);

    // A gallery JPEG renamed to .png behind the gallery's back: not indexed as a PNG, and not deleted either.
    const renamed = await gallery.add(await generatedJpeg({ prompt: 'renamed' }, 4));
    await gallery.close();
    await rename(layout.imageFile(renamed.id, 'jpeg'), layout.imageFile(renamed.id, 'png'));
    let report;
    ({ gallery, report } = await openTestGallery(folder.path));
    expect(report).toMatchObject({ indexed: 0, removed: 1, ignored: 1 });
    expect((await allItems(gallery)).map((item) => item.id)).toEqual([claimed.id]);
    expect(existsSync(layout.imageFile(renamed.id, 'png'))).toBe(true);
    expect(await gallery.readImage(renamed.id)).toBeNull();
  });

  it('exports PNG and JPEG images side by side, each in its own format with its metadata', async () => {
    const png = await gallery.add(generatedImage({ prompt: 'exported png' }, 1));
    const jpeg = await gallery.add(await generatedJpeg({ prompt: 'exported jpeg' }, 2));
    const destination = path.join(exportRoot.path, 'mixed');
    const result = await gallery.export([png.id, jpeg.id], destination);
    const [pngFile, jpegFile] = [`exported-png-${png.id.slice(-8)}.png`, `exported-jpeg-${jpeg.id.slice(-8)}.jpg`];
    expect(result.imageFiles).toEqual([pngFile, jpegFile]);
    expect((await readdir(destination)).sort()).toEqual([pngFile, jpegFile, 'metadata.csv', 'metadata.json'].sort());
    expect((await readFile(path.join(destination, jpegFile))).equals(await readFile(layout.imageFile(jpeg.id, 'jpeg')))).toBe(true);
    expect((await readFile(path.join(destination, pngFile))).equals(await readFile(layout.imageFile(png.id, 'png')))).toBe(true);
    expect(readGalleryImageText(await readFile(path.join(destination, jpegFile))).metadata).toMatchObject({ id: jpeg.id, prompt: 'exported jpeg' });

    const json = JSON.parse(await readFile(path.join(destination, 'metadata.json'), 'utf8')) as { images: Array<Record<string, unknown>> };
    expect(json.images.map((image) => [image['file'], image['format']])).toEqual([
      [pngFile, 'png'],
      [jpegFile, 'jpeg'],
    ]);
    const csvLines = (await readFile(path.join(destination, 'metadata.csv'), 'utf8')).split('\r\n');
    expect(csvLines[0]!.endsWith(',format')).toBe(true);
    expect(csvLines[2]!.startsWith(`${jpegFile},`) && csvLines[2]!.endsWith(',jpeg')).toBe(true);
  });

  it('refuses bytes that are neither PNG nor JPEG, whatever they claim to be, and saves nothing', async () => {
    const webp = await sharp(await makeJpeg(8, 8)).webp().toBuffer();
    const inputs = [
      { ...generatedImage(), encodedImage: webp },
      { ...generatedImage(), encodedImage: `data:image/jpeg;base64,${Buffer.from('GIF89a').toString('base64')}` },
      { ...generatedImage(), encodedImage: Buffer.from([0xff, 0xd8]) },
    ];
    for (const input of inputs) await expect(gallery.add(input)).rejects.toMatchObject({ code: 'SERVICE_ERROR', reason: 'UNREADABLE_IMAGE' });
    // A JPEG signature with nothing readable after it: refused as unreadable too.
    await expect(gallery.add({ ...generatedImage(), encodedImage: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]) })).rejects.toMatchObject({
      code: 'SERVICE_ERROR',
      reason: 'UNREADABLE_IMAGE',
    });
    expect(await allItems(gallery)).toEqual([] as GalleryItem[]);
    expect(await readdir(layout.imagesDirectory, { recursive: true })).toEqual([]);
  });
});
