/**
 * How the user selects in the gallery grid and acts on the selection: Ctrl/Cmd+click or Space ticks one
 * image, Shift (click or Space) ticks the range from the last one ticked, Ctrl/Cmd+A or "Select all" takes
 * every image matching, Escape clears; the dock's buttons then favourite, unfavourite, export or delete
 * them all. Focus stays on the button used, or — when what it was on went away — lands on the grid.
 */
import type { GalleryItem } from '../../shared/gallery-schemas.ts';
import type { GalleryResults } from '../gallery-results.ts';
import { GallerySelectionModel, SelectionTooLargeError } from '../gallery-selection.ts';
import type { GalleryCommands } from './gallery-commands.ts';
import type { GalleryDock, SelectionAction } from './gallery-dock.ts';
import type { Toasts } from './toasts.ts';
import type { VirtualGrid } from './virtual-grid.ts';

export interface GallerySelectingParts {
  readonly selection: GallerySelectionModel;
  readonly results: GalleryResults;
  readonly grid: VirtualGrid<GalleryItem>;
  readonly dock: GalleryDock;
  readonly commands: GalleryCommands;
  readonly toasts: Toasts;
  /** Draws the grid, the dock and the tiles' ticks again. */
  readonly redraw: () => void;
  /** Asks for the results again after a delete (keeping the scroll position). */
  readonly afterDelete: () => Promise<void>;
}

export class GallerySelecting {
  readonly #parts: GallerySelectingParts;

  constructor(parts: GallerySelectingParts) {
    this.#parts = parts;
  }

  toggle(item: GalleryItem, index: number): void {
    this.#guard(() => this.#parts.selection.toggle(item.id, index));
  }

  /** Ticks every image from the last one ticked (or this one) to `index`. */
  async extendTo(index: number): Promise<void> {
    const { selection, results } = this.#parts;
    const anchor = selection.anchor ?? index;
    const ids = await results.idsBetween(Math.min(anchor, index), Math.max(anchor, index) + 1);
    this.#guard(() => selection.selectRange(ids));
  }

  selectAll(): void {
    this.#parts.selection.selectAll();
    this.#parts.redraw();
  }

  /** Clears the selection; false when there was none. */
  clear(): boolean {
    const { selection, results } = this.#parts;
    if (selection.isEmpty(results.total)) return false;
    selection.clear();
    this.#parts.redraw();
    return true;
  }

  /** The grid's selection keys; true when `event` was one. */
  onKey(event: KeyboardEvent, index: number): boolean {
    const item = this.#parts.results.at(index);
    if (event.key === ' ' && item) {
      event.preventDefault();
      if (event.shiftKey) void this.extendTo(index);
      else this.toggle(item, index);
      return true;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      this.selectAll();
      return true;
    }
    return false;
  }

  /** Runs a dock button's action on the selection. */
  async run(action: SelectionAction): Promise<void> {
    const { selection, results, grid, dock, commands } = this.#parts;
    if (action === 'clear') {
      this.clear();
      grid.focusIndex(grid.activeIndex);
      return;
    }
    const count = selection.count(results.total);
    const chosen = selection.toSelection(results.spec, results.snapshot, results.total);
    if (!chosen) return;
    if (action === 'export') {
      await commands.export(chosen);
      return;
    }
    if (action === 'favourite' || action === 'unfavourite') {
      await commands.favouriteMany(chosen, action === 'favourite');
      dock.selectionButton(action).focus();
      return;
    }
    // The first image after the deleted ones takes the place of the first deleted one.
    const landing = chosen.kind === 'ids' ? Math.min(...chosen.ids.map((id) => results.indexOf(id)).filter((index) => index >= 0), grid.activeIndex) : 0;
    if ((await commands.deleteMany(chosen, count)) === null) return;
    selection.clear();
    await this.#parts.afterDelete();
    // The selection bar went away with the selection: focus goes to the grid, where the user was.
    grid.focusIndex(Math.min(landing, results.total - 1));
  }

  #guard(change: () => void): void {
    try {
      change();
    } catch (error) {
      if (!(error instanceof SelectionTooLargeError)) throw error;
      this.#parts.toasts.show({ kind: 'info', title: 'Too many to pick one by one', detail: error.message });
    }
    this.#parts.redraw();
  }
}
