/**
 * `gallery:*`: pages, search, favourite, delete and export. Export writes to a folder the user picks in a
 * main-process dialog, never to a renderer path. Changes made here are reported so the window hears about
 * them on the event channel.
 */
import type { GalleryChange } from '../../shared/gallery-schemas.ts';
import type { DomainHandlers } from './ipc-handler-table.ts';
import type { GalleryOperations, MainProcessDialogs } from './ipc-ports.ts';

export interface GalleryHandlerDeps {
  readonly gallery: GalleryOperations;
  readonly dialogs: MainProcessDialogs;
  readonly onGalleryChange: (change: GalleryChange) => void;
}

export function createGalleryHandlers({ gallery, dialogs, onGalleryChange }: GalleryHandlerDeps): DomainHandlers<'gallery'> {
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
  };
}
