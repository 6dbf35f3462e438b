/**
 * Turns a page, search or count request (parsed at the IPC boundary with the shared schemas) into what the
 * index needs: the filters, the order, the position after the previous page (its cursor decoded), how many
 * rows to skip, the snapshot bound, and the limit. Cursors and snapshots are opaque text that only the
 * gallery can read, so a bad one fails here with `INVALID_INPUT`.
 */
import type { GalleryCountRequest, GalleryFilters, GalleryPageRequest, GallerySearchRequest } from '../../shared/gallery-schemas.ts';
import type { GallerySort } from '../../shared/gallery-urls.ts';
import type { PagePosition } from './page-cursor.ts';
import { decodePageCursor } from './page-cursor.ts';

export interface ParsedPageRequest {
  readonly filters: GalleryFilters;
  readonly order: GallerySort;
  readonly after: PagePosition | null;
  readonly offset: number;
  readonly through: PagePosition | null;
  readonly limit: number;
}

export function parsePageRequest(request: GalleryPageRequest): ParsedPageRequest {
  return {
    filters: request.filters ?? {},
    order: request.sort ?? 'newest',
    after: request.cursor ? decodePageCursor(request.cursor) : null,
    offset: request.offset ?? 0,
    through: parseSnapshot(request.snapshot),
    limit: request.limit,
  };
}

export function parseSearchRequest(request: GallerySearchRequest): ParsedPageRequest & { readonly query: string } {
  return { ...parsePageRequest(request), query: request.query };
}

export function parseCountRequest(request: GalleryCountRequest): { filters: GalleryFilters; query: string; through: PagePosition | null } {
  return { filters: request.filters ?? {}, query: request.query ?? '', through: parseSnapshot(request.snapshot) };
}

/** A snapshot is written like a cursor: the position of the newest image when it was taken. */
export function parseSnapshot(snapshot: string | null | undefined): PagePosition | null {
  return snapshot ? decodePageCursor(snapshot) : null;
}
