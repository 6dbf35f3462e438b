/**
 * Keyset pagination cursors. A cursor names the last item of a page by its sort key (creation time, then id)
 * so the next page starts right after it, stays correct while images are added or deleted, and costs the
 * same on page 1,000 as on page 1. Callers treat it as opaque text.
 */
import { AppError } from '../../shared/app-error.ts';

export interface PagePosition {
  readonly createdAt: number;
  readonly id: string;
}

const CURSOR_PATTERN = /^([0-9a-z]{1,11})_([0-9A-HJKMNP-TV-Z]{26})$/;

export function encodePageCursor(position: PagePosition): string {
  return `${position.createdAt.toString(36)}_${position.id}`;
}

/** The position named by `cursor`; throws `INVALID_INPUT` for anything this module did not produce. */
export function decodePageCursor(cursor: string): PagePosition {
  const match = CURSOR_PATTERN.exec(cursor);
  const createdAt = match ? Number.parseInt(match[1]!, 36) : Number.NaN;
  if (!match || !Number.isSafeInteger(createdAt)) throw new AppError('INVALID_INPUT', 'Invalid gallery page cursor.');
  return { createdAt, id: match[2]! };
}
