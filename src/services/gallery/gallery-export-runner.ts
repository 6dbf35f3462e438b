/**
 * One export at a time: an export of thousands of images takes minutes, and two running side by side would
 * only compete for the disk (and a second click used to start a second copy). The runner owns the export in
 * progress — its progress for the window, and its cancellation — and refuses another with `BUSY` and a
 * sentence saying where the running one is.
 */
import { AppError } from '../../shared/app-error.ts';
import type { GalleryExportProgress, GalleryExportResult, GallerySelection } from '../../shared/gallery-schemas.ts';
import type { GalleryExportOptions } from './gallery.ts';
import { ListenerSet } from './listener-set.ts';

/** What the runner needs of the gallery. */
export interface ExportingGallery {
  exportSelection(selection: GallerySelection, destinationDirectory: string, options: GalleryExportOptions): Promise<GalleryExportResult>;
}

export class GalleryExportRunner {
  /** Every step of the export in progress, then how it ended (`done`, `cancelled`, `failed`). */
  readonly onDidChangeProgress = new ListenerSet<GalleryExportProgress>();
  readonly #gallery: ExportingGallery;
  #running: { readonly controller: AbortController; progress: GalleryExportProgress } | null = null;

  constructor(gallery: ExportingGallery) {
    this.#gallery = gallery;
  }

  /** The export in progress, or `null`. */
  status(): GalleryExportProgress | null {
    return this.#running?.progress ?? null;
  }

  /** Throws `BUSY` while an export runs (checked before asking the user for a folder, and again when it starts). */
  assertIdle(): void {
    const running = this.#running;
    if (!running) return;
    const { done, total } = running.progress;
    const where = total > 0 ? ` (${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} images copied)` : '';
    throw new AppError('BUSY', `An export is already running${where}. Wait for it to finish, or cancel it, before starting another.`);
  }

  /** Exports `selection` into `directory`; `BUSY` while another export runs, `CANCELLED` when cancelled. */
  async run(selection: GallerySelection, directory: string): Promise<GalleryExportResult> {
    this.assertIdle();
    const running = { controller: new AbortController(), progress: { state: 'preparing', done: 0, total: 0 } as GalleryExportProgress };
    this.#running = running;
    const report = (progress: GalleryExportProgress): void => {
      running.progress = progress;
      this.onDidChangeProgress.emit(progress);
    };
    try {
      const result = await this.#gallery.exportSelection(selection, directory, { signal: running.controller.signal, onProgress: report });
      report({ state: 'done', done: result.imageFiles.length, total: result.imageFiles.length });
      return result;
    } catch (error) {
      const cancelled = error instanceof AppError && error.code === 'CANCELLED';
      report({ ...running.progress, state: cancelled ? 'cancelled' : 'failed' });
      throw error;
    } finally {
      this.#running = null;
    }
  }

  /** Stops the export in progress after the image being copied; false when none runs. */
  cancel(): boolean {
    if (!this.#running) return false;
    this.#running.controller.abort();
    return true;
  }
}
