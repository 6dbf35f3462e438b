/**
 * The offline gallery's shapes, one schema each with its type inferred: an image as the UI sees it, page
 * and search requests, pages, exports and changes.
 */
import { z } from 'zod';
import { GALLERY_MAX_PAGE_SIZE, GALLERY_SORTS, MAX_EXPORT_IDS, MAX_GALLERY_OFFSET } from './gallery-urls.ts';
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

/** Opaque text naming a place in the gallery's order (a cursor or a snapshot); only the gallery reads it. */
const positionText = z.string().max(100);

/** The text of a search (words, each also matching as a prefix); empty or absent: no text condition. */
const searchText = z.string().max(10_000);

/**
 * A snapshot from `gallery:count`: only images saved up to it are listed and counted, so images saved
 * later cannot shift what the user is looking at (they are counted as `newer` instead).
 */
const snapshot = positionText.nullable().optional();

/** Newest (the default) or oldest first. */
export const gallerySortSchema = z.enum(GALLERY_SORTS);

const pageRequestShape = {
  /** The `nextCursor` of the previous page; omit it for the first page. */
  cursor: positionText.nullable().optional(),
  limit: z.number().int().min(1).max(GALLERY_MAX_PAGE_SIZE),
  filters: galleryFiltersSchema.optional(),
  sort: gallerySortSchema.optional(),
  /** Items skipped after the cursor (or the start): jumps to a position without asking for every page before it. */
  offset: z.number().int().min(0).max(MAX_GALLERY_OFFSET).optional(),
  snapshot,
};

/** A page of the gallery in the requested order. */
export const galleryPageRequestSchema = plainObject(pageRequestShape);
export type GalleryPageRequest = z.infer<typeof galleryPageRequestSchema>;

/** A page of items whose prompt matches `query`, read as gallery-search-syntax.ts says (any text is accepted; it is bounded there). */
export const gallerySearchRequestSchema = plainObject({ ...pageRequestShape, query: searchText });
export type GallerySearchRequest = z.infer<typeof gallerySearchRequestSchema>;

export const galleryPageSchema = z.object({
  items: z.array(galleryItemSchema),
  /** Pass back to get the next page; `null` when this page is the last. */
  nextCursor: z.string().nullable(),
});
export type GalleryPage = z.infer<typeof galleryPageSchema>;

export const galleryExportIdsSchema = z.array(galleryIdSchema).min(1).max(MAX_EXPORT_IDS);

/** How many images a query matches: the page and search requests' conditions without paging. */
export const galleryCountRequestSchema = plainObject({ query: searchText.optional(), filters: galleryFiltersSchema.optional(), snapshot });
export type GalleryCountRequest = z.infer<typeof galleryCountRequestSchema>;

export const galleryCountSchema = z.object({
  /** Images matching, saved up to the snapshot. */
  total: z.number().int().nonnegative(),
  /** Images matching, saved after the snapshot (0 when none was given). */
  newer: z.number().int().nonnegative(),
  /** The snapshot asked for, or a new one naming the gallery as it is now (`null` while it is empty). */
  snapshot: z.string().nullable(),
});
export type GalleryCount = z.infer<typeof galleryCountSchema>;

/**
 * The images a bulk action applies to: a list of ids, or every image a query matches (as of its snapshot,
 * in its order) except some. "All matching" names no ids, so it has no size limit.
 */
export const gallerySelectionSchema = z.union([
  plainObject({ kind: z.literal('ids'), ids: galleryExportIdsSchema }),
  plainObject({
    kind: z.literal('matching'),
    query: searchText.optional(),
    filters: galleryFiltersSchema.optional(),
    sort: gallerySortSchema.optional(),
    snapshot,
    except: z.array(galleryIdSchema).max(MAX_EXPORT_IDS).optional(),
  }),
]);
export type GallerySelection = z.infer<typeof gallerySelectionSchema>;

/**
 * Where the export in progress is (one runs at a time): `preparing` (finding the images), `copying`
 * (`done` of `total` copied), `finishing` (the metadata files), then how it ended.
 */
export const galleryExportProgressSchema = z.object({
  state: z.enum(['preparing', 'copying', 'finishing', 'done', 'cancelled', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type GalleryExportProgress = z.infer<typeof galleryExportProgressSchema>;

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
  /** A bulk delete (large ones arrive in several of these). */
  z.object({ type: z.literal('deleted-many'), ids: z.array(z.string()) }),
  /** A bulk favourite or unfavourite: the images that changed. */
  z.object({ type: z.literal('favourite-many'), ids: z.array(z.string()), favourite: z.boolean() }),
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
