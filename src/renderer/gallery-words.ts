/**
 * The gallery's long work in words, for its progress lines: an export in progress, and the index's
 * background work after a start or an index loss.
 */
import type { GalleryExportProgress, GalleryIndexProgress } from '../shared/gallery-schemas.ts';
import { formatCount, pluralCount } from './format.ts';

/** "Exporting 412 of 1,000 images…" */
export function exportWords(progress: GalleryExportProgress): string {
  if (progress.state === 'preparing') return 'Preparing the export…';
  if (progress.state === 'finishing') return `Writing the details of ${pluralCount(progress.total, 'image')}…`;
  return `Exporting ${formatCount(progress.done)} of ${pluralCount(progress.total, 'image')}…`;
}

/** What the index's background work is doing, in words; empty when idle. */
export function indexWords(progress: GalleryIndexProgress): string {
  switch (progress.phase) {
    case 'idle':
      return '';
    case 'checking':
      return 'Checking the gallery index…';
    case 'listing':
      return 'Looking for images in the gallery folder…';
    case 'indexing':
      return `Indexing ${formatCount(progress.done)} of ${pluralCount(progress.total, 'image')}…`;
    case 'reconciling':
      return `Checking the gallery folders: ${formatCount(progress.done)} of ${formatCount(progress.total)}…`;
    case 'ordering':
      return `Sorting the index: ${formatCount(progress.done)} of ${pluralCount(progress.total, 'image')}…`;
  }
}
