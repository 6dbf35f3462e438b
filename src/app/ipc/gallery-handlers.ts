/**
 * `gallery:*`: pages, search, favourite, delete, export, show in folder and copy. Export writes to a folder
 * the user picks in a main-process dialog, and "show in folder" shows the gallery's own file: no path ever
 * comes from the renderer. Changes made here are reported so the window hears about them on the event channel.
 */
import type { GalleryChange } from '../../shared/gallery-schemas.ts';
import type { DomainHandlers } from './ipc-handler-table.ts';
import { AppError } from '../../shared/app-error.ts';
import type { DesktopIntegration, GalleryImageFiles, GalleryOperations, MainProcessDialogs } from './ipc-ports.ts';

export interface GalleryHandlerDeps {
  readonly gallery: GalleryOperations;
  readonly dialogs: MainProcessDialogs;
  readonly imageFiles: GalleryImageFiles;
  readonly desktop: DesktopIntegration;
  readonly onGalleryChange: (change: GalleryChange) => void;
}

const gone = (): AppError => new AppError('NOT_FOUND', 'The image file is gone.');

export function createGalleryHandlers({ gallery, dialogs, imageFiles, desktop, onGalleryChange }: GalleryHandlerDeps): DomainHandlers<'gallery'> {
  return {
    'gallery:page': (request) => gallery.page(request),
    'gallery:search': (request) => gallery.search(request),
    'gallery:set-favourite': async (id, favourite) => {
      const item = await gallery.setFavourite(id, favourite);
      onGalleryChange({ type: 'updated', item });
      return item;
    },
    'gallery:delete': async (id) => {
      await gallery.delete(id);
      onGalleryChange({ type: 'deleted', id });
      return null;
    },
    'gallery:export': async (ids) => {
      const directory = await dialogs.chooseExportDirectory();
      if (directory === null) return null;
      return gallery.export(ids, directory);
    },
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
