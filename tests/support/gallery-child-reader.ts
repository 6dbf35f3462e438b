/**
 * Run by the persistence test in a separate Node process (`node gallery-child-reader.ts <folder>`): opens the
 * gallery in that folder, reads it all back and prints one JSON line, so the test can compare what a fresh
 * process sees. Runs as .ts through Node's type stripping, exactly as the sources are written.
 */
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/core/clock.ts';
import { Gallery } from '../../src/services/gallery/gallery.ts';
import type { GalleryItem } from '../../src/shared/gallery-schemas.ts';

const folder = process.argv[2];
if (!folder) throw new Error('usage: gallery-child-reader.ts <gallery folder>');

const gallery = await Gallery.open({ directory: folder, clock: systemClock, randomBytes });
const startReport = await gallery.whenReconciled();
const items: GalleryItem[] = [];
let cursor: string | null = null;
do {
  const page = await gallery.page({ cursor, limit: 50 });
  items.push(...page.items);
  cursor = page.nextCursor;
} while (cursor);
const searchQuery = process.argv[3];
const searched = searchQuery ? (await gallery.search({ query: searchQuery, limit: 200 })).items.map((item) => item.id) : [];
// The first thumbnail as the window would get it: the image itself until the thumbnail is made, then the WebP.
let firstThumbnail: Uint8Array | null = null;
if (items[0]) {
  const id = items[0].id;
  const made = new Promise<void>((resolve) => gallery.onDidCreateThumbnail((created) => created === id && resolve()));
  const standIn = await gallery.readThumbnail(id);
  firstThumbnail = standIn && Buffer.from(standIn).subarray(8, 12).toString('latin1') === 'WEBP' ? standIn : (await made, await gallery.readThumbnail(id));
}
await gallery.close();
process.stdout.write(
  `${JSON.stringify({ nodeVersion: process.version, items, searched, startReport, thumbnailBytes: firstThumbnail?.byteLength ?? 0, thumbnailIsWebp: firstThumbnail !== null && Buffer.from(firstThumbnail).subarray(8, 12).toString('latin1') === 'WEBP' })}\n`,
);
