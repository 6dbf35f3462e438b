/**
 * What the gallery's buttons ask the main process to do, and what they tell the user about it: favourite
 * and delete (one or many, deletes confirmed first), export (one image, a selection or everything
 * matching; one at a time, so a second request while one runs is answered with the main process's
 * sentence saying so) and its cancellation. Each resolves once the work is done and its notice shown;
 * where focus goes next is the view's business.
 */
import type { GalleryItem, GallerySelection } from '../../shared/gallery-schemas.ts';
import type { Bridge } from '../bridge.ts';
import { toCallError } from '../bridge.ts';
import { pluralCount } from '../format.ts';
import { confirmAction } from './modal-dialog.ts';
import type { Toasts } from './toasts.ts';

export class GalleryCommands {
  readonly #bridge: Bridge;
  readonly #toasts: Toasts;

  constructor(bridge: Bridge, toasts: Toasts) {
    this.#bridge = bridge;
    this.#toasts = toasts;
  }

  /** Toggles one image's favourite; the updated item, or `null` when it failed (the notice is shown). */
  async toggleFavourite(item: GalleryItem): Promise<GalleryItem | null> {
    return (await this.#report(() => this.#bridge.invoke('gallery:set-favourite', item.id, !item.favourite)))?.value ?? null;
  }

  /** Marks or unmarks every selected image; how many changed, or `null` when it failed. */
  async favouriteMany(selection: GallerySelection, favourite: boolean): Promise<number | null> {
    const changed = (await this.#report(() => this.#bridge.invoke('gallery:set-favourite-many', selection, favourite)))?.value ?? null;
    if (changed !== null) {
      this.#toasts.show({ kind: 'success', title: favourite ? `${pluralCount(changed, 'image')} added to favourites` : `${pluralCount(changed, 'image')} removed from favourites` });
    }
    return changed;
  }

  /** Asks, then deletes one image; true when it was deleted. */
  async delete(item: GalleryItem): Promise<boolean> {
    const confirmed = await confirmAction({
      title: 'Delete this image?',
      message: 'The image and its details are removed from your gallery and from disk. This cannot be undone.',
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!confirmed) return false;
    if (!(await this.#report(() => this.#bridge.invoke('gallery:delete', item.id)))) return false;
    this.#toasts.show({ kind: 'success', title: 'Image deleted' });
    return true;
  }

  /** Asks, then deletes every selected image (`count` of them); how many went, or `null`. */
  async deleteMany(selection: GallerySelection, count: number): Promise<number | null> {
    const confirmed = await confirmAction({
      title: `Delete ${pluralCount(count, 'image')}?`,
      message: `${count === 1 ? 'The image and its details are' : `These ${pluralCount(count, 'image')} and their details are`} removed from your gallery and from disk. This cannot be undone.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!confirmed) return null;
    const deleted = (await this.#report(() => this.#bridge.invoke('gallery:delete-many', selection)))?.value ?? null;
    if (deleted !== null) this.#toasts.show({ kind: 'success', title: `${pluralCount(deleted, 'image')} deleted` });
    return deleted;
  }

  /** Exports `selection` to a folder the user picks; true when it finished. */
  async export(selection: GallerySelection): Promise<boolean> {
    try {
      const result = await this.#bridge.invoke('gallery:export-selection', selection);
      if (!result) return false;
      const count = result.imageFiles.length;
      this.#toasts.show({ kind: 'success', title: count === 1 ? 'Image exported' : `Exported ${pluralCount(count, 'image')}`, detail: result.directory });
      return true;
    } catch (failure) {
      const error = toCallError(failure);
      if (error.code === 'CANCELLED') this.#toasts.show({ kind: 'info', title: 'Export cancelled', detail: error.message });
      else this.#toasts.error(error);
      return false;
    }
  }

  /** Stops the export in progress. */
  async cancelExport(): Promise<void> {
    await this.#report(() => this.#bridge.invoke('gallery:cancel-export'));
  }

  /** The call's value (boxed: `null` is a value too), or `null` when it failed and the notice was shown. */
  async #report<T>(work: () => Promise<T>): Promise<{ value: T } | null> {
    try {
      return { value: await work() };
    } catch (failure) {
      this.#toasts.error(toCallError(failure));
      return null;
    }
  }
}
