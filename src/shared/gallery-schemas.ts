/**
 * The offline gallery's shapes, one schema each with its type inferred: an image as the UI sees it, page
 * and search requests, pages, exports and changes.
 */
import { z } from 'zod';
import { GALLERY_MAX_PAGE_SIZE, MAX_EXPORT_IDS } from './gallery-urls.ts';
import { plainObject, timestamp } from './schema-kit.ts';

/** Gallery ids: 26 characters of Crockford base32, time-ordered. */
export const galleryIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

/** One saved image as the UI sees it. Everything here is also embedded in the image file itself. */
export const galleryItemSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  seed: z.number(),
  model: z.string(),
  aspectRatio: z.string(),
  /** Google's media id for the image ("" when Google sent none). */
  mediaId: z.string(),
  /** When the image arrived, epoch milliseconds. */
  createdAt: z.number(),
  favourite: z.boolean(),
  width: z.number(),
  height: z.number(),
});
export type GalleryItem = z.infer<typeof galleryItemSchema>;

/** Narrows a page or a search. Every field is optional; they combine with AND. */
export const galleryFiltersSchema = plainObject({
  model: z.string().min(1).max(200).optional(),
  aspectRatio: z.string().min(1).max(200).optional(),
  /** Inclusive lower bound on `createdAt`. */
  createdFrom: timestamp.optional(),
  /** Exclusive upper bound on `createdAt`. */
  createdBefore: timestamp.optional(),
  favouritesOnly: z.boolean().optional(),
});
export type GalleryFilters = z.infer<typeof galleryFiltersSchema>;

const pageRequestShape = {
  /** The `nextCursor` of the previous page; omit it for the first page. */
  cursor: z.string().max(100).nullable().optional(),
  limit: z.number().int().min(1).max(GALLERY_MAX_PAGE_SIZE),
  filters: galleryFiltersSchema.optional(),
};

/** Newest first. */
export const galleryPageRequestSchema = plainObject(pageRequestShape);
export type GalleryPageRequest = z.infer<typeof galleryPageRequestSchema>;

/** A page of items whose prompt matches `query`, read as gallery-search-syntax.ts says (any text is accepted; it is bounded there). */
export const gallerySearchRequestSchema = plainObject({ ...pageRequestShape, query: z.string().max(10_000) });
export type GallerySearchRequest = z.infer<typeof gallerySearchRequestSchema>;

export const galleryPageSchema = z.object({
  items: z.array(galleryItemSchema),
  /** Pass back to get the next page; `null` when this page is the last. */
  nextCursor: z.string().nullable(),
});
export type GalleryPage = z.infer<typeof galleryPageSchema>;

export const galleryExportIdsSchema = z.array(galleryIdSchema).min(1).max(MAX_EXPORT_IDS);

/** What an export wrote. File names are relative to `directory`. */
export const galleryExportResultSchema = z.object({
  directory: z.string(),
  imageFiles: z.array(z.string()),
  metadataJsonFile: z.string(),
  metadataCsvFile: z.string(),
});
export type GalleryExportResult = z.infer<typeof galleryExportResultSchema>;

export const galleryChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('added'), item: galleryItemSchema }),
  z.object({ type: z.literal('updated'), item: galleryItemSchema }),
  z.object({ type: z.literal('deleted'), id: z.string() }),
]);
export type GalleryChange = z.infer<typeof galleryChangeSchema>;

/**
 * What the gallery's index is doing in the background, for a progress indicator. Pages and searches work
 * throughout; while a rebuild runs they show what has been indexed so far. `done` and `total` count shard
 * folders (`checking`, `reconciling`), image files (`indexing`) or index rows (`ordering`); `listing` has no
 * count (`total` 0). `idle`: nothing is running.
 */
export const galleryIndexProgressSchema = z.object({
  phase: z.enum(['idle', 'checking', 'listing', 'indexing', 'reconciling', 'ordering']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type GalleryIndexProgress = z.infer<typeof galleryIndexProgressSchema>;
