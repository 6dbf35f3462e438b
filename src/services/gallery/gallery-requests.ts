/**
 * Turns a page or search request (parsed at the IPC boundary with the shared schemas) into what the index
 * needs: the filters, the position after the previous page (its cursor decoded; a cursor is opaque text
 * that only the gallery can read, so a bad one fails here with `INVALID_INPUT`), and the limit.
 */
import type { GalleryFilters, GalleryPageRequest, GallerySearchRequest } from '../../shared/gallery-schemas.ts';
import type { PagePosition } from './page-cursor.ts';
import { decodePageCursor } from './page-cursor.ts';

export interface ParsedPageRequest {
  readonly filters: GalleryFilters;
  readonly after: PagePosition | null;
  readonly limit: number;
}

export function parsePageRequest(request: GalleryPageRequest): ParsedPageRequest {
  return {
    filters: request.filters ?? {},
    after: request.cursor ? decodePageCursor(request.cursor) : null,
    limit: request.limit,
  };
}

export function parseSearchRequest(request: GallerySearchRequest): ParsedPageRequest & { readonly query: string } {
  return { ...parsePageRequest(request), query: request.query };
}
