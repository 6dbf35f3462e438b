import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gallery } from '../../../src/services/gallery/gallery.ts';
import type { GalleryProtocolHandler } from '../../../src/services/gallery/gallery-protocol-handler.ts';
import { createGalleryProtocolHandler } from '../../../src/services/gallery/gallery-protocol-handler.ts';
import { GalleryLayout } from '../../../src/services/gallery/gallery-layout.ts';
import { GALLERY_PRIVILEGED_SCHEME, registerGalleryProtocol } from '../../../src/app/electron/gallery-protocol.ts';
import type { GalleryItem } from '../../../src/shared/gallery-schemas.ts';
import { galleryImageUrl, galleryThumbnailUrl } from '../../../src/shared/gallery-urls.ts';
import { generatedImage, generatedJpeg, openTestGallery, temporaryFolder } from '../../support/gallery-fixtures.ts';

const SECRET = 'root:x:0:0:this file is outside the gallery';

let folder: { path: string; remove: () => Promise<void> };
let outside: { path: string; remove: () => Promise<void> };
let gallery: Gallery;
let layout: GalleryLayout;
let handle: GalleryProtocolHandler;
let item: GalleryItem;

beforeEach(async () => {
  folder = await temporaryFolder();
  outside = await temporaryFolder('gallery-outside-');
  await writeFile(path.join(outside.path, 'passwd'), SECRET);
  await writeFile(path.join(folder.path, 'passwd'), SECRET);
  ({ gallery } = await openTestGallery(folder.path));
  layout = new GalleryLayout(folder.path);
  handle = createGalleryProtocolHandler(gallery);
  item = await gallery.add(generatedImage({ prompt: 'a lantern' }));
  await gallery.whenThumbnailsMade();
});
afterEach(async () => {
  await gallery.close();
  await folder.remove();
  await outside.remove();
});

async function expectRefused(url: string): Promise<Response> {
  const response = await handle({ url, method: 'GET' });
  expect(response.status, url).toBeGreaterThanOrEqual(400);
  expect(response.status, url).toBeLessThan(500);
  const body = await response.text();
  expect(body, url).not.toContain('root:x');
  expect(response.headers.get('content-type'), url).toBe('text/plain; charset=utf-8');
  expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
  return response;
}

describe('the imagefx-gallery: protocol handler', () => {
  it('serves the PNG and the WebP thumbnail of an image by id, with nosniff', async () => {
    const image = await handle({ url: galleryImageUrl(item.id), method: 'GET' });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await image.arrayBuffer()).equals(await readFile(layout.imageFile(item.id, 'png')))).toBe(true);

    const thumbnail = await handle({ url: galleryThumbnailUrl(item.id), method: 'GET' });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(thumbnail.headers.get('x-content-type-options')).toBe('nosniff');
    const metadata = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(metadata.format).toBe('webp');
  });

  it('serves a JPEG as image/jpeg, and names the type after the bytes, never after the file name', async () => {
    const jpeg = await gallery.add(await generatedJpeg({ prompt: 'a jpeg lantern' }, 4));
    const image = await handle({ url: galleryImageUrl(jpeg.id), method: 'GET' });
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await image.arrayBuffer()).equals(await readFile(layout.imageFile(jpeg.id, 'jpeg')))).toBe(true);
    // JPEG bytes swapped into the PNG-named file of an indexed image: served, but as what they are.
    await copyFile(layout.imageFile(jpeg.id, 'jpeg'), layout.imageFile(item.id, 'png'));
    const swapped = await handle({ url: galleryImageUrl(item.id), method: 'GET' });
    expect(swapped.headers.get('content-type')).toBe('image/jpeg');
    // And bytes that are no picture at all are not served under any picture type.
    await writeFile(layout.imageFile(item.id, 'png'), '<html><script>alert(1)</script></html>');
    const html = await handle({ url: galleryImageUrl(item.id), method: 'GET' });
    expect(html.status).toBe(500);
    expect(html.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await html.text()).not.toContain('script');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await handle({ url: galleryImageUrl(item.id), method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/png');
    expect(await head.text()).toBe('');
    const post = await handle({ url: galleryImageUrl(item.id), method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses traversal, encoded traversal, absolute paths, bad hosts and malformed or unknown ids with a 4xx', async () => {
    const unknownId = `01KDVDNA00${'Q'.repeat(16)}`;
    const urls = [
      'imagefx-gallery://image/../../etc/passwd',
      'imagefx-gallery://image/../passwd',
      'imagefx-gallery://image/..%2f..%2fpasswd',
      'imagefx-gallery://image/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'imagefx-gallery://image/%2e%2e/%2e%2e/passwd',
      'imagefx-gallery://image/%252e%252e%252fpasswd',
      'imagefx-gallery://image/%252e%252e%252f%252e%252e%252fetc%252fpasswd',
      'imagefx-gallery://image/..%5c..%5cpasswd',
      'imagefx-gallery://image/%2Fetc%2Fpasswd',
      'imagefx-gallery://image//etc/passwd',
      'imagefx-gallery:///etc/passwd',
      'imagefx-gallery://etc/passwd',
      `imagefx-gallery:///${path.join(folder.path, 'passwd')}`,
      `imagefx-gallery://image/${encodeURIComponent(path.join(outside.path, 'passwd'))}`,
      `imagefx-gallery://image/${item.id}/../../passwd`,
      `imagefx-gallery://image/${item.id}.png`,
      `imagefx-gallery://image/${item.id}%00`,
      `imagefx-gallery://image/${item.id.toLowerCase()}`,
      `imagefx-gallery://image/${item.id}/`,
      `imagefx-gallery://image/${unknownId}`,
      `imagefx-gallery://thumb/${unknownId}`,
      'imagefx-gallery://image/',
      'imagefx-gallery://image',
      `imagefx-gallery://files/${item.id}`,
      `imagefx-gallery://user:pw@image/${item.id}`,
      `imagefx-gallery://image:8080/${item.id}`,
      `file:///etc/passwd`,
      `app://imagefx/${item.id}`,
      'not a url at all',
      '',
    ];
    for (const url of urls) await expectRefused(url);
    expect((await expectRefused(`imagefx-gallery://image/${unknownId}`)).status).toBe(404);
    expect((await expectRefused('imagefx-gallery://image/../../etc/passwd')).status).toBe(400);
  });

  it('never follows a symlink planted in the gallery, for images, thumbnails or shard folders', async () => {
    const target = path.join(outside.path, 'passwd');
    // 1. The image file of a known id replaced by a link to a file outside.
    await rm(layout.imageFile(item.id, 'png'));
    await symlink(target, layout.imageFile(item.id, 'png'));
    await expectRefused(galleryImageUrl(item.id));
    // 2. The thumbnail replaced by a link: not served; a fresh thumbnail replaces the link itself.
    await rm(layout.thumbnailFile(item.id));
    await symlink(target, layout.thumbnailFile(item.id));
    const other = await gallery.add(generatedImage({ prompt: 'second' }, 2));
    await gallery.whenThumbnailsMade();
    await rm(layout.thumbnailFile(other.id));
    await symlink(target, layout.thumbnailFile(other.id));
    const thumbnail = await handle({ url: galleryThumbnailUrl(other.id), method: 'GET' });
    expect(thumbnail.status).toBe(200);
    expect(Buffer.from(await thumbnail.arrayBuffer()).toString('latin1')).not.toContain('root:x');
    await gallery.whenThumbnailsMade();
    expect((await lstat(layout.thumbnailFile(other.id))).isFile()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe(SECRET);
    // 3. A whole shard folder replaced by a link to a folder outside holding a "gallery image".
    const third = await gallery.add(generatedImage({ prompt: 'third' }, 3));
    await gallery.whenThumbnailsMade();
    const shard = path.dirname(layout.imageFile(third.id, 'png'));
    const decoy = path.join(outside.path, 'decoy-shard');
    await mkdir(decoy);
    await writeFile(path.join(decoy, path.basename(layout.imageFile(third.id, 'png'))), SECRET);
    await rm(shard, { recursive: true });
    await symlink(decoy, shard, 'dir');
    await expectRefused(galleryImageUrl(third.id));
    // Nor is anything written through such a link: the thumbnail folder link points outside too.
    const thumbShard = path.dirname(layout.thumbnailFile(third.id));
    await rm(thumbShard, { recursive: true });
    await symlink(decoy, thumbShard, 'dir');
    await expectRefused(galleryThumbnailUrl(third.id));
    await gallery.whenThumbnailsMade();
    expect(existsSync(path.join(decoy, path.basename(layout.thumbnailFile(third.id))))).toBe(false);
  });

  it('serves the image in place of a missing thumbnail, uncached, and makes the thumbnail once however often it is asked for', async () => {
    let made = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const folderForCount = await temporaryFolder();
    try {
      const { gallery: counting } = await openTestGallery(folderForCount.path, {
        makeThumbnail: async (png) => {
          made += 1;
          await gate;
          return sharp(png).resize(8).webp().toBuffer();
        },
      });
      const countingLayout = new GalleryLayout(folderForCount.path);
      const countingHandler = createGalleryProtocolHandler(counting);
      const added = await counting.add(generatedImage());
      // Saved and reported while its thumbnail is still being made: the grid gets the image itself, uncached.
      const responses = await Promise.all(Array.from({ length: 5 }, () => countingHandler({ url: galleryThumbnailUrl(added.id), method: 'GET' })));
      for (const response of responses) {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/png');
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(countingLayout.imageFile(added.id, 'png')))).toBe(true);
      }
      release();
      await counting.whenThumbnailsMade();
      expect(made).toBe(1);
      const thumbnail = await countingHandler({ url: galleryThumbnailUrl(added.id), method: 'GET' });
      expect(thumbnail.headers.get('content-type')).toBe('image/webp');
      expect(thumbnail.headers.get('cache-control')).toBe('private, max-age=86400');
      // A thumbnail deleted behind the gallery's back is made again on the next request, once.
      await rm(countingLayout.thumbnailFile(added.id));
      await Promise.all(Array.from({ length: 5 }, () => countingHandler({ url: galleryThumbnailUrl(added.id), method: 'GET' })));
      await counting.whenThumbnailsMade();
      expect(made).toBe(2);
      expect(existsSync(countingLayout.thumbnailFile(added.id))).toBe(true);
      await counting.close();
    } finally {
      await folderForCount.remove();
    }
  });

  it('refuses initiators outside the allowed origins when a list is given', async () => {
    const strict = createGalleryProtocolHandler(gallery, { allowedInitiatorOrigins: ['app://imagefx'] });
    expect((await strict({ url: galleryImageUrl(item.id), initiatorOrigin: 'app://imagefx' })).status).toBe(200);
    expect((await strict({ url: galleryImageUrl(item.id), initiatorOrigin: 'https://labs.google' })).status).toBe(403);
    expect((await strict({ url: galleryImageUrl(item.id), initiatorOrigin: null })).status).toBe(403);
  });

  it('is registered through protocol.handle on the imagefx-gallery scheme, declared standard and secure', async () => {
    const registered = new Map<string, (request: Request) => Response | Promise<Response>>();
    registerGalleryProtocol({ handle: (scheme, handler) => void registered.set(scheme, handler) }, gallery);
    expect([...registered.keys()]).toEqual(['imagefx-gallery']);
    expect(GALLERY_PRIVILEGED_SCHEME).toEqual({
      scheme: 'imagefx-gallery',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    const response = await registered.get('imagefx-gallery')!(new Request(galleryImageUrl(item.id)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  });
});
