/**
 * When a token in hand may still be used, and what to say when labs.google cannot be asked for a new one.
 *
 * The safety margin scales with the token's lifetime: a one-hour token is renewed a minute before it
 * lapses, a 40-second token 10 seconds before (a fixed 60 s margin made tokens shorter than a minute
 * unusable: every request asked for a refresh and none was ever sent).
 */
import { SessionUnavailableError } from '../../shared/app-error.ts';
import type { SessionOutcome } from './session-client.ts';
import type { SessionRecord } from './session-record.ts';

/** The margin never exceeds this share of the token's lifetime. */
const MARGIN_SHARE_OF_LIFETIME = 1 / 4;

/** The margin for `record`'s token: `min(maxMarginMs, lifetime / 4)`, lifetime counted from when it was obtained. */
export function safetyMarginMs(record: Pick<SessionRecord, 'accessTokenExpiresAt' | 'lastRefreshedAt'>, maxMarginMs: number): number {
  if (record.accessTokenExpiresAt === null) return maxMarginMs;
  const lifetime = Math.max(0, record.accessTokenExpiresAt - record.lastRefreshedAt);
  return Math.min(maxMarginMs, lifetime * MARGIN_SHARE_OF_LIFETIME);
}

/** The token when it is good for longer than its margin, else `null` (time to renew it first). */
export function comfortableToken(record: SessionRecord | null, now: number, maxMarginMs: number): string | null {
  if (!record?.accessToken || record.accessTokenExpiresAt === null) return null;
  return record.accessTokenExpiresAt - now > safetyMarginMs(record, maxMarginMs) ? record.accessToken : null;
}

/** The token while it has not lapsed at all (inside its margin is fine when a renewal cannot be had). */
export function unexpiredToken(record: SessionRecord | null, now: number): string | null {
  if (!record?.accessToken || record.accessTokenExpiresAt === null) return null;
  return record.accessTokenExpiresAt > now ? record.accessToken : null;
}

/** The error for a renewal that failed for a reason that heals on its own. */
export function sessionUnavailable(outcome: Extract<SessionOutcome, { class: 'transient' }>): SessionUnavailableError {
  switch (outcome.fault) {
    case 'network':
      return new SessionUnavailableError('NETWORK', 'Could not reach labs.google to renew the session.');
    case 'timeout':
      return new SessionUnavailableError('TIMEOUT', 'labs.google did not answer in time when renewing the session.');
    case 'page':
      return new SessionUnavailableError('UNEXPECTED_PAGE', 'labs.google answered with a web page instead of the session.');
    case 'malformed':
      return new SessionUnavailableError('SERVICE_ERROR', 'labs.google sent a session answer the app could not read.');
    case 'http':
      return outcome.status === 429
        ? new SessionUnavailableError('RATE_LIMITED', 'labs.google asked the app to slow down.', outcome.retryAfterMs)
        : new SessionUnavailableError('SERVICE_ERROR', `labs.google had a problem (HTTP ${outcome.status ?? '?'}).`, outcome.retryAfterMs);
  }
}
