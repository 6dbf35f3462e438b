/**
 * Export as the user starts it: `Gallery.export` of the newest images (full-size and small ones, as a
 * real gallery mixes them) into a folder, with the main thread's stalls meanwhile.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Gallery } from '../src/services/gallery/gallery.ts';
import type { GalleryPage } from '../src/shared/gallery-schemas.ts';
import type { LoopStalls } from './loop-stalls.ts';
import { measureLoopStalls } from './loop-stalls.ts';
import { round, timeMs } from './stats.ts';

export interface ExportFigures {
  readonly images: number;
  readonly ms: number;
  readonly stalls: LoopStalls;
}

export async function runGalleryExportBench(gallery: Gallery, count: number, workDir: string, log: (line: string) => void): Promise<ExportFigures> {
  log(`gallery: export of the ${count} newest images`);
  const ids: string[] = [];
  let cursor: string | null = null;
  while (ids.length < count) {
    const page: GalleryPage = await gallery.page({ cursor, limit: 200 });
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const chosen = ids.slice(0, count);
  const destination = path.join(workDir, 'export');
  const { result: ms, stalls } = await measureLoopStalls(() => timeMs(() => gallery.export(chosen, destination)));
  const written = (await readdir(destination)).length;
  await rm(destination, { recursive: true, force: true });
  // The images plus metadata.json and metadata.csv.
  if (written !== chosen.length + 2) throw new Error(`export wrote ${written} files for ${chosen.length} images`);
  return { images: chosen.length, ms: round(ms, 0), stalls };
}
