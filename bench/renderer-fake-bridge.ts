/**
 * The main process as the renderer bench's window sees it: a `window.imagefx` bridge answering in this
 * (Node) process over Playwright's binding, as the e2e harness does, so the page's main thread does only
 * the window's own work. A signed-in account, an empty queue, and a gallery of `items` images (prompts
 * from bench/prompts.ts, one a minute, newest first) served with the contract's semantics: a count with a
 * snapshot, pages by cursor and offset, in either order. Thumbnails are photo-like 320 px WebPs (a few
 * variants, as decoded as real ones), through the same gallery protocol route the e2e page uses.
 */
import sharp from 'sharp';
import { CLASSIC_CAPABILITIES } from '../src/shared/generation-options.ts';
import { createGalleryId } from '../src/services/gallery/gallery-id.ts';
import type { GalleryProtocolHandler } from '../src/services/gallery/gallery-protocol-handler.ts';
import type { GalleryItem, GalleryPage } from '../src/shared/gallery-schemas.ts';
import type { ImageFxBridge, InvokeChannel, IpcResult } from '../src/shared/ipc-channels.ts';
import { benchPrompts } from './prompts.ts';
import { seededBytes } from './stats.ts';
import { syntheticPhotoPng } from './synthetic-photo.ts';

const THUMBNAIL_VARIANTS = 8;
const THUMBNAIL_SIDE = 320;
const NEWEST = Date.UTC(2026, 10, 20, 9, 30);

interface PageArgs {
  readonly cursor?: string | null;
  readonly limit: number;
  readonly sort?: 'newest' | 'oldest';
  readonly offset?: number;
  readonly query?: string;
}

export class RendererFakeBridge implements ImageFxBridge {
  readonly items: GalleryItem[];
  /** Calls by channel (how many pages the grid asked for, for instance). */
  readonly calls = new Map<string, number>();
  /** Channels the window called that this stand-in does not answer (should stay empty). */
  readonly unanswered: string[] = [];

  constructor(count: number) {
    const prompts = benchPrompts(count);
    const random = seededBytes(count);
    this.items = prompts.map((prompt, index) => {
      const createdAt = NEWEST - index * 60_000;
      return { id: createGalleryId(createdAt, random), prompt, seed: index, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', mediaId: '', createdAt, favourite: index % 11 === 0, width: 1024, height: 1024 };
    });
  }

  /** A function property, not a method: the page harness calls it unbound, as the preload's bridge is. */
  readonly invoke = async <C extends InvokeChannel>(channel: C, ...args: unknown[]): Promise<IpcResult<never>> => {
    this.calls.set(channel, (this.calls.get(channel) ?? 0) + 1);
    const value = this.#answer(channel, args);
    if (value === undefined) {
      this.unanswered.push(channel);
      return { ok: false, error: { code: 'INTERNAL', message: `The bench does not answer ${channel}.`, reason: null, retryAfterMs: null } };
    }
    return { ok: true, value: value as never };
  };

  readonly onEvent = (): (() => void) => () => undefined;

  #answer(channel: InvokeChannel, args: unknown[]): unknown {
    switch (channel) {
      case 'app:info':
        return { name: 'ImageFX Desktop', version: '0.1.0', demo: false };
      case 'auth:snapshot': {
        const account = { id: 'a'.repeat(24), email: 'ada@example.test', name: 'Ada Lovelace', avatarUrl: '' };
        return { state: 'signed-in', reason: null, activeAccount: account, accounts: [account], storage: { mode: 'encrypted' } };
      }
      case 'generation:list-jobs':
        return { jobs: [], holdReason: null, nextCursor: null };
      case 'generation:capabilities':
        return CLASSIC_CAPABILITIES;
      case 'gallery:index-progress':
        return { phase: 'idle', done: 0, total: 0 };
      case 'gallery:export-status':
        return null;
      case 'gallery:count':
        return { total: this.#matching((args[0] as { query?: string }).query).length, newer: 0, snapshot: 'bench' };
      case 'gallery:page':
      case 'gallery:search':
        return this.#page(args[0] as PageArgs);
      default:
        return undefined;
    }
  }

  #matching(query: string | undefined): GalleryItem[] {
    const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return words.length === 0 ? this.items : this.items.filter((item) => words.every((word) => item.prompt.includes(word)));
  }

  /** Cursors are positions: `p<n>` starts at the n-th item of the query's order. */
  #page(request: PageArgs): GalleryPage {
    const list = this.#matching(request.query);
    const start = (request.cursor ? Number(request.cursor.slice(1)) : 0) + (request.offset ?? 0);
    const end = Math.min(list.length, start + request.limit);
    const at = (position: number): GalleryItem => list[request.sort === 'oldest' ? list.length - 1 - position : position]!;
    const items: GalleryItem[] = [];
    for (let position = start; position < end; position += 1) items.push(at(position));
    return { items, nextCursor: end < list.length ? `p${end}` : null };
  }
}

/** Answers `…/thumb/<id>` with one of a few photo-like WebPs (chosen by the id), as the gallery protocol would. */
export async function fakeThumbnails(): Promise<GalleryProtocolHandler> {
  const variants = await Promise.all(
    Array.from({ length: THUMBNAIL_VARIANTS }, async (_, seed) => sharp(await syntheticPhotoPng(seed + 1, THUMBNAIL_SIDE)).webp({ quality: 80 }).toBuffer()),
  );
  return async (request) => {
    const id = decodeURIComponent(request.url.split('/').at(-1) ?? '');
    const variant = variants[[...id].reduce((sum, char) => sum + char.charCodeAt(0), 0) % variants.length]!;
    return new Response(new Uint8Array(variant), { status: 200, headers: { 'content-type': 'image/webp', 'cache-control': 'private, max-age=31536000' } });
  };
}
