import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import { METADATA_FORMAT, METADATA_VERSION } from '../../../src/services/gallery/image-metadata.ts';
import type { GalleryItem } from '../../../src/shared/gallery-schemas.ts';
import { allItems, generatedImage, makePng, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';
import { listPngChunks, readPngText, readPngTextMap } from '../../support/gallery-png-text-reader.ts';

const runFile = promisify(execFile);
const childReader = fileURLToPath(new URL('../../support/gallery-child-reader.ts', import.meta.url));

interface ChildView {
  nodeVersion: string;
  items: GalleryItem[];
  searched: string[];
  startReport: { indexed: number; removed: number; ignored: number; rebuilt: boolean; indexSetAside: string[] };
  thumbnailBytes: number;
  thumbnailIsWebp: boolean;
}

async function readInChild(galleryFolder: string, query: string): Promise<ChildView> {
  const { stdout } = await runFile(process.execPath, [childReader, galleryFolder, query], { timeout: 30_000 });
  return JSON.parse(stdout) as ChildView;
}

let folder: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  folder = await temporaryFolder();
});
afterEach(async () => {
  await folder.remove();
});

describe('gallery persistence', () => {
  it('a new Node process over the same folder sees the same items, search results and thumbnails', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    const added: GalleryItem[] = [];
    for (let index = 0; index < 30; index += 1) {
      const prompt = index % 3 === 0 ? `Ein Fuchs im Schnee, Aufnahme ${index} — café` : `a lighthouse at dusk ${index}`;
      added.push(await gallery.add(generatedImage({ prompt }, index)));
      await clock.advance(index % 4 === 0 ? 0 : 1000);
    }
    await gallery.setFavourite(added[4]!.id, true);
    const seenHere = await allItems(gallery);
    await gallery.close();
    // The child has to make this one with sharp: proof that the native module loads and works there.
    await rm(new GalleryLayout(folder.path).thumbnailFile(seenHere[0]!.id), { force: true });

    // process.execPath is Node 24 here (the `node` devDependency); it runs the .ts child by type stripping.
    const child = await readInChild(folder.path, 'fuch caf');
    expect(Number(child.nodeVersion.slice(1).split('.')[0])).toBeGreaterThanOrEqual(24);
    expect(child.items).toEqual(seenHere);
    expect(child.items).toHaveLength(30);
    expect(child.items.find((item) => item.id === added[4]!.id)?.favourite).toBe(true);
    expect(child.startReport).toMatchObject({ indexed: 0, removed: 0, ignored: 0, rebuilt: false, indexSetAside: [] });
    const foxes = added.filter((_, index) => index % 3 === 0).map((item) => item.id);
    expect([...child.searched].sort()).toEqual([...foxes].sort());
    expect(child.thumbnailBytes).toBeGreaterThan(0);
    expect(child.thumbnailIsWebp).toBe(true);

    // Without the index, a fresh process rebuilds it from the PNG chunks (the chunk libraries at work) alike.
    for (const suffix of ['', '-wal', '-shm']) await rm(`${new GalleryLayout(folder.path).databaseFile}${suffix}`, { force: true });
    const rebuilt = await readInChild(folder.path, 'fuch caf');
    expect(rebuilt.startReport).toMatchObject({ indexed: 30, removed: 0, ignored: 0, rebuilt: true, indexSetAside: [] });
    expect(rebuilt.items).toEqual(seenHere);
    expect(rebuilt.searched).toEqual(child.searched);
  });

  it('embeds the metadata in text chunks that an independent PNG parser reads back, pixels untouched', async () => {
    const { gallery, clock } = await openTestGallery(folder.path);
    const prompt = 'Ünïcödé prompt: 東京の夜景, "quoted", with a\nnew line';
    const original = makePng(48, 27, 7);
    const input = {
      ...generatedImage({ prompt, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE', seed: 424242, mediaId: 'CAMaJDk0', workflowId: 'wf-77' }),
      encodedImage: original.toString('base64'),
      request: { count: 4, seed: 424242, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE' },
    };
    const item = await gallery.add(input);
    await gallery.close();

    const file = await readFile(new GalleryLayout(folder.path).imageFile(item.id, 'png'));
    const text = readPngTextMap(file);
    expect(text.get('imagefx:prompt')).toBe(prompt);
    expect(text.get('imagefx:seed')).toBe('424242');
    expect(text.get('imagefx:model')).toBe('IMAGEN_3_5');
    expect(text.get('imagefx:aspect-ratio')).toBe('IMAGE_ASPECT_RATIO_LANDSCAPE');
    expect(text.get('imagefx:media-id')).toBe('CAMaJDk0');
    expect(text.get('imagefx:workflow-id')).toBe('wf-77');
    expect(text.get('imagefx:created-at')).toBe(new Date(clock.now()).toISOString());
    expect(text.get('imagefx:favourite')).toBe('false');
    expect(JSON.parse(text.get('imagefx:metadata')!)).toEqual({
      format: METADATA_FORMAT,
      version: METADATA_VERSION,
      id: item.id,
      prompt,
      seed: 424242,
      model: 'IMAGEN_3_5',
      aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE',
      mediaId: 'CAMaJDk0',
      workflowId: 'wf-77',
      createdAt: new Date(clock.now()).toISOString(),
      request: { count: 4, seed: 424242, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE' },
    });
    // UTF-8 text needs iTXt; the reader checked every CRC on the way.
    expect(readPngText(file).every((entry) => entry.chunk === 'iTXt')).toBe(true);
    const types = listPngChunks(file).map((chunk) => chunk.type);
    expect(types[0]).toBe('IHDR');
    expect(types.lastIndexOf('iTXt')).toBeLessThan(types.indexOf('IDAT'));

    // pngjs (another decoder again) sees the same pixels as the PNG we handed in.
    const decoded = PNG.sync.read(file);
    const reference = PNG.sync.read(original);
    expect([decoded.width, decoded.height]).toEqual([48, 27]);
    expect(Buffer.compare(decoded.data, reference.data)).toBe(0);
    expect([item.width, item.height]).toEqual([48, 27]);
  });

  it('never writes the account email (or any field it was not asked to keep) into the file', async () => {
    const { gallery } = await openTestGallery(folder.path);
    const email = 'someone.private@example.com';
    // The service might pass an object that carries more than the declared fields; only known ones are kept.
    const input = { ...generatedImage({ prompt: 'a quiet harbour' }), email, account: { email }, accessToken: 'ya29.secret' };
    const item = await gallery.add(input);
    await gallery.close();
    const file = await readFile(new GalleryLayout(folder.path).imageFile(item.id, 'png'));
    expect(file.includes(email)).toBe(false);
    expect(file.includes('ya29')).toBe(false);
    expect(file.includes('example.com')).toBe(false);
  });

  it('writes files atomically: no temporary files are left behind after saving', async () => {
    const { gallery } = await openTestGallery(folder.path);
    const item = await gallery.add(generatedImage());
    await gallery.setFavourite(item.id, true);
    await gallery.close();
    const names = await readdir(folder.path, { recursive: true });
    expect(names.filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
