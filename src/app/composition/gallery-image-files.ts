/**
 * Where a gallery image's file is, for "show in folder". The gallery room keeps its layout to itself
 * (`images/<the id's last two characters>/<id>.<png|jpg>` under the gallery folder, see its
 * gallery-layout.ts); until it exposes `imageFile(id)`, this adapter mirrors that one rule, asks the
 * gallery first whether the image exists, and answers only with a file that is really there.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Gallery } from '../../services/gallery/index.ts';
import type { GalleryImageFiles } from '../ipc/ipc-ports.ts';

const EXTENSIONS = ['.png', '.jpg'] as const;

export function galleryImageFiles(galleryDirectory: string, gallery: Pick<Gallery, 'get'>): GalleryImageFiles {
  return {
    async imageFile(id) {
      await gallery.get(id); // NOT_FOUND for an id the gallery does not know
      for (const extension of EXTENSIONS) {
        const file = path.join(path.resolve(galleryDirectory), 'images', id.slice(-2), `${id}${extension}`);
        const found = await stat(file).catch(() => null);
        if (found?.isFile()) return file;
      }
      return null;
    },
  };
}
