/**
 * Row 8 of issue 15: the gallery protocol served hard links (only symlinks were refused), so a hard link to
 * `session-vault.json` placed in the gallery folder reached the page. Now a gallery file is opened only
 * when its link count is 1. With it, the lead's part of the row: folders under userData are 0700 and files
 * 0600 — made so by the gallery as it writes, and tightened at every start for what older builds left.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { link, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tightenUserDataPermissions } from '../../src/app/composition/user-data-permissions.ts';
import type { Gallery } from '../../src/services/gallery/gallery.ts';
import { GalleryFiles } from '../../src/services/gallery/gallery-files.ts';
import { GalleryLayout } from '../../src/services/gallery/gallery-layout.ts';
import { createGalleryProtocolHandler } from '../../src/services/gallery/gallery-protocol-handler.ts';
import type { GalleryItem } from '../../src/shared/gallery-schemas.ts';
import { galleryImageUrl, galleryThumbnailUrl } from '../../src/shared/gallery-urls.ts';
import { generatedImage, openTestGallery, seededRandomBytes, temporaryFolder } from '../support/gallery-fixtures.ts';

const SECRET = '{"vault":{"wrappedKey":"this is session-vault.json, outside the gallery"}}';
const mode = (file: string): number => lstatSync(file).mode & 0o777;

describe('row 8: gallery files and userData permissions', () => {
  let folder: { path: string; remove: () => Promise<void> };
  let gallery: Gallery;
  let layout: GalleryLayout;
  let item: GalleryItem;
  let vaultFile: string;

  beforeEach(async () => {
    folder = await temporaryFolder('row-08-userdata-');
    vaultFile = path.join(folder.path, 'session-vault.json');
    writeFileSync(vaultFile, SECRET, { mode: 0o600 });
    ({ gallery } = await openTestGallery(path.join(folder.path, 'gallery')));
    layout = new GalleryLayout(path.join(folder.path, 'gallery'));
    item = await gallery.add(generatedImage({ prompt: 'a lantern' }));
    await gallery.whenThumbnailsMade(); // thumbnails are made after the save
  });
  afterEach(async () => {
    await gallery.close();
    await folder.remove();
  });

  it('refuses a hard link planted as an image or a thumbnail, and never reads through it', async () => {
    const handle = createGalleryProtocolHandler(gallery);
    for (const file of [layout.imageFile(item.id, 'png'), layout.thumbnailFile(item.id)]) {
      await rm(file);
      await link(vaultFile, file);
    }
    expect(statSync(vaultFile).nlink).toBe(3);
    for (const url of [galleryImageUrl(item.id), galleryThumbnailUrl(item.id)]) {
      const response = await handle({ url, method: 'GET' });
      expect(Buffer.from(await response.arrayBuffer()).toString('latin1'), url).not.toContain('session-vault.json');
    }
    expect((await handle({ url: galleryImageUrl(item.id), method: 'GET' })).status).toBe(404);
    const files = new GalleryFiles(layout, seededRandomBytes('row-08'));
    expect(await files.readRegularFile(layout.imageFile(item.id, 'png'))).toBeNull();
    expect(await readFile(vaultFile, 'utf8')).toBe(SECRET);
  });

  it('writes gallery folders 0700 and files (the index with its prompts included) 0600', async () => {
    for (const directory of [layout.root, layout.imagesDirectory, layout.thumbnailsDirectory, path.dirname(layout.imageFile(item.id, 'png')), path.dirname(layout.thumbnailFile(item.id))]) {
      expect(mode(directory), directory).toBe(0o700);
    }
    for (const file of [layout.databaseFile, layout.imageFile(item.id, 'png'), layout.thumbnailFile(item.id)]) {
      expect(mode(file), file).toBe(0o600);
    }
    for (const side of ['-wal', '-shm']) {
      if (existsSync(layout.databaseFile + side)) expect(mode(layout.databaseFile + side), side).toBe(0o600);
    }
  });

  it('tightens at start what older builds left loose: userData, gallery, logs, quarantine, stores; never through a link', async () => {
    const userData = folder.path;
    const outside = await temporaryFolder('row-08-outside-');
    try {
      const loose = {
        dirs: [userData, layout.root, layout.imagesDirectory, path.dirname(layout.imageFile(item.id, 'png')), path.join(userData, 'logs'), path.join(userData, 'vault-quarantine'), layout.setAsideDirectory],
        files: [layout.databaseFile, path.join(userData, 'logs', 'auth-events.jsonl'), path.join(userData, 'vault-quarantine', 'old.json'),
          path.join(userData, 'account-settings.json'), path.join(userData, 'app-settings.json'), vaultFile, path.join(layout.setAsideDirectory, 'index.sqlite')],
      };
      for (const directory of loose.dirs) {
        mkdirSync(directory, { recursive: true });
        chmodSync(directory, 0o755);
      }
      for (const file of loose.files) {
        if (!existsSync(file)) writeFileSync(file, '{}');
        chmodSync(file, 0o644);
      }
      // A link planted in userData must not make the start chmod something elsewhere.
      const target = path.join(outside.path, 'not-ours');
      writeFileSync(target, 'x', { mode: 0o644 });
      symlinkSync(target, path.join(userData, 'logs', 'planted.jsonl'));
      symlinkSync(outside.path, path.join(userData, 'vault-quarantine', 'planted-dir'));
      chmodSync(outside.path, 0o755);

      await tightenUserDataPermissions(userData);

      for (const directory of loose.dirs) expect(mode(directory), directory).toBe(0o700);
      for (const file of loose.files) expect(mode(file), file).toBe(0o600);
      expect(mode(target)).toBe(0o644);
      expect(mode(outside.path)).toBe(0o755);
      expect(readdirSync(path.join(userData, 'logs')).sort()).toEqual(['auth-events.jsonl', 'planted.jsonl']);
    } finally {
      await outside.remove();
    }
  });
});
