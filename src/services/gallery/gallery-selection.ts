/**
 * The images a bulk action applies to (`GallerySelection`, parsed at the IPC boundary): the listed ids, or
 * every image a query matches as of its snapshot, in its order, except those the user unticked. "All
 * matching" is read from the index in keyset pages, yielding between them, so a selection of 100k images
 * never holds the main process for more than one page.
 */
import { AppError } from '../../shared/app-error.ts';
import type { GallerySelection } from '../../shared/gallery-schemas.ts';
import type { GalleryIndex, IndexedImage } from './gallery-index.ts';
import { parseSnapshot } from './gallery-requests.ts';
import type { PagePosition } from './page-cursor.ts';
import { textCondition } from './search-expression.ts';

/** Rows read per turn of the event loop. */
const ROWS_PER_TURN = 500;

export interface SelectionContext {
  /** The index in use now (it may be replaced while the selection is read). */
  readonly index: () => GalleryIndex;
  readonly yieldToEventLoop: () => Promise<void>;
  /** `fail`: a listed id that is not in the gallery is `NOT_FOUND`; `skip`: it is left out. */
  readonly missing: 'fail' | 'skip';
  readonly signal?: AbortSignal;
}

/** The images of `selection`, each once, in the selection's order. */
export async function selectedImages(selection: GallerySelection, context: SelectionContext): Promise<IndexedImage[]> {
  if (selection.kind === 'ids') return listedImages(selection.ids, context);
  const except = new Set(selection.except ?? []);
  const text = textCondition(selection.query);
  if (text.nothing) return [];
  const condition = {
    filters: selection.filters ?? {},
    match: text.match,
    through: parseSnapshot(selection.snapshot),
    order: selection.sort ?? 'newest',
  };
  const images: IndexedImage[] = [];
  let after: PagePosition | null = null;
  for (;;) {
    checkNotCancelled(context.signal);
    const rows = context.index().query({ ...condition, after, limit: ROWS_PER_TURN });
    images.push(...rows.filter((row) => !except.has(row.id)));
    const last = rows.at(-1);
    if (rows.length < ROWS_PER_TURN || !last) return images;
    after = last;
    await context.yieldToEventLoop();
  }
}

async function listedImages(ids: readonly string[], context: SelectionContext): Promise<IndexedImage[]> {
  const images: IndexedImage[] = [];
  for (const [position, id] of [...new Set(ids)].entries()) {
    if (position > 0 && position % ROWS_PER_TURN === 0) {
      checkNotCancelled(context.signal);
      await context.yieldToEventLoop();
    }
    const image = context.index().get(id);
    if (image) images.push(image);
    else if (context.missing === 'fail') throw new AppError('NOT_FOUND', 'No gallery image has this id.');
  }
  return images;
}

function checkNotCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Export cancelled before any image was copied.');
}
