/**
 * `gallery:*`: pages, counts, search, favourite, delete (one or many), export (one at a time, with progress
 * and cancel), show in folder and copy. Export writes to a folder the user picks in a main-process dialog,
 * and "show in folder" shows the gallery's own file: no path ever comes from the renderer. Changes made
 * here are reported so the window hears about them on the event channel.
 */
import type { GalleryChange, GallerySelection } from '../../shared/gallery-schemas.ts';
import type { DomainHandlers } from './ipc-handler-table.ts';
import { AppError } from '../../shared/app-error.ts';
import type { DesktopIntegration, GalleryExportControls, GalleryImageFiles, GalleryOperations, MainProcessDialogs } from './ipc-ports.ts';

export interface GalleryHandlerDeps {
  readonly gallery: GalleryOperations;
  readonly exports: GalleryExportControls;
  readonly dialogs: MainProcessDialogs;
  readonly imageFiles: GalleryImageFiles;
  readonly desktop: DesktopIntegration;
  readonly onGalleryChange: (change: GalleryChange) => void;
}

/** Ids per `deleted-many` / `favourite-many` event: a bulk action on 100k images arrives in pieces. */
export const IDS_PER_CHANGE = 5_000;

const gone = (): AppError => new AppError('NOT_FOUND', 'The image file is gone.');

export function createGalleryHandlers({ gallery, exports, dialogs, imageFiles, desktop, onGalleryChange }: GalleryHandlerDeps): DomainHandlers<'gallery'> {
  /** Asks for a folder (unless an export already runs), then exports into it; `null` when the user cancels. */
  const exportTo = async (selection: GallerySelection) => {
    exports.assertIdle();
    const directory = await dialogs.chooseExportDirectory();
    if (directory === null) return null;
    return exports.run(selection, directory);
  };
  const inPieces = (ids: readonly string[], change: (ids: string[]) => GalleryChange): void => {
    for (let start = 0; start < ids.length; start += IDS_PER_CHANGE) onGalleryChange(change(ids.slice(start, start + IDS_PER_CHANGE)));
  };
  return {
    'gallery:page': (request) => gallery.page(request),
    'gallery:search': (request) => gallery.search(request),
    'gallery:count': (request) => gallery.count(request),
    'gallery:index-progress': () => gallery.indexProgress(),
    'gallery:set-favourite': async (id, favourite) => {
      const item = await gallery.setFavourite(id, favourite);
      onGalleryChange({ type: 'updated', item });
      return item;
    },
    'gallery:set-favourite-many': async (selection, favourite) => {
      const changed = await gallery.setFavouriteMany(selection, favourite);
      inPieces(changed, (ids) => ({ type: 'favourite-many', ids, favourite }));
      return changed.length;
    },
    'gallery:delete': async (id) => {
      await gallery.delete(id);
      onGalleryChange({ type: 'deleted', id });
      return null;
    },
    'gallery:delete-many': async (selection) => {
      const deleted = await gallery.deleteSelection(selection);
      inPieces(deleted, (ids) => ({ type: 'deleted-many', ids }));
      return deleted.length;
    },
    'gallery:export': (ids) => exportTo({ kind: 'ids', ids }),
    'gallery:export-selection': (selection) => exportTo(selection),
    'gallery:cancel-export': () => exports.cancel(),
    'gallery:export-status': () => exports.status(),
    'gallery:show-in-folder': async (id) => {
      const file = await imageFiles.imageFile(id);
      if (file === null) throw gone();
      desktop.showItemInFolder(file);
      return null;
    },
    'gallery:copy-image': async (id) => {
      const bytes = await gallery.readImage(id);
      if (bytes === null) throw gone();
      await desktop.copyImage(bytes);
      return null;
    },
  };
}
