/**
 * Checks the arguments of the gallery's operations. The IPC layer parses too, but the gallery is also called
 * from other services, and a bad limit or a path-like id must fail here with `INVALID_INPUT`, not deeper down.
 */
import { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import type { GalleryFilters } from '../../shared/gallery-types.ts';
import { GALLERY_MAX_PAGE_SIZE } from '../../shared/gallery-types.ts';
import { isGalleryId } from './gallery-id.ts';
import type { PagePosition } from './page-cursor.ts';
import { decodePageCursor } from './page-cursor.ts';

const timestamp = z.number().int().min(0).max(8.64e15);
const filtersSchema = z
  .object({
    model: z.string().min(1).max(200).optional(),
    aspectRatio: z.string().min(1).max(200).optional(),
    createdFrom: timestamp.optional(),
    createdBefore: timestamp.optional(),
    favouritesOnly: z.boolean().optional(),
  })
  .strict();

const pageSchema = z.object({
  cursor: z.string().max(100).nullable().optional(),
  limit: z.number().int().min(1).max(GALLERY_MAX_PAGE_SIZE),
  filters: filtersSchema.optional(),
});

const searchSchema = pageSchema.extend({ query: z.string().max(10_000) });

export interface ParsedPageRequest {
  readonly filters: GalleryFilters;
  readonly after: PagePosition | null;
  readonly limit: number;
}

/** A checked page request; throws `INVALID_INPUT`. */
export function parsePageRequest(request: unknown): ParsedPageRequest {
  return toParsed(parseWith(pageSchema, request, 'page request'));
}

/** A checked search request; throws `INVALID_INPUT`. */
export function parseSearchRequest(request: unknown): ParsedPageRequest & { readonly query: string } {
  const parsed = parseWith(searchSchema, request, 'search request');
  return { ...toParsed(parsed), query: parsed.query };
}

/** `id` when it is a well-formed gallery id; throws `INVALID_INPUT` otherwise. */
export function checkedId(id: unknown): string {
  if (!isGalleryId(id)) throw new AppError('INVALID_INPUT', 'Not a gallery image id.');
  return id;
}

/** Distinct well-formed ids, in the order given; throws `INVALID_INPUT` for an empty list or a bad id. */
export function checkedIds(ids: unknown): string[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new AppError('INVALID_INPUT', 'Choose at least one image.');
  return [...new Set(ids.map(checkedId))];
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `Invalid gallery ${what}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function toParsed(request: z.infer<typeof pageSchema>): ParsedPageRequest {
  const filters: GalleryFilters = request.filters ?? {};
  return {
    filters,
    after: request.cursor ? decodePageCursor(request.cursor) : null,
    limit: request.limit,
  };
}
