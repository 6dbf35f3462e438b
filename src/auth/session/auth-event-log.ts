/**
 * The auth event sink: every {@link AuthEvent} becomes one JSON line, stamped with an ISO time from the
 * injected clock, in a local log file (the composition root uses `<userData>/logs/auth-events.jsonl`).
 *
 * Events are secret-free by construction; free-text fields (`detail`, `reason`) may still carry text that
 * came from elsewhere (a server message), so they are scrubbed of anything that looks like an email, a
 * bearer token, a JWT or a long opaque value before they are written. Logging never throws into the flow
 * that emitted the event.
 */
import type { Clock, LineAppender } from '../../core/index.ts';
import type { AuthEvent, AuthEventStream } from './auth-events.ts';

export const AUTH_EVENT_LOG_FILE_NAME = 'auth-events.jsonl';

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const BEARER = /\b(ya29\.|Bearer\s+)[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]+(\.[\w-]*)*/g;
// Cookie values and tokens are long unbroken runs of letters and digits; the texts we log
// ("vault-unreadable", "HTTP 503", "ACCESS_TOKEN_REFRESH_NEEDED") are short or have no digits.
const OPAQUE_RUN = /[\w.~+/=%-]{20,}/g;
const FREE_TEXT_FIELDS = new Set(['detail', 'reason']);

function redactOpaque(run: string): string {
  return /[a-z]/i.test(run) && /\d/.test(run) ? '[redacted]' : run;
}

/** Removes anything secret-looking from a free-text value (emails, bearer tokens, JWTs, opaque runs). */
export function scrubLogText(value: string): string {
  return value.replace(EMAIL, '[email]').replace(BEARER, '[token]').replace(JWT, '[token]').replace(OPAQUE_RUN, redactOpaque);
}

/**
 * One log line for `event` at `now` (epoch ms). Free-text fields are scrubbed; identifiers and paths keep
 * their shape (an account id may look opaque) and only lose email addresses.
 */
export function formatAuthEventLine(event: AuthEvent, now: number): string {
  const fields: Record<string, unknown> = { time: new Date(now).toISOString() };
  for (const [key, value] of Object.entries(event)) {
    if (typeof value !== 'string' || key === 'type') fields[key] = value;
    else fields[key] = FREE_TEXT_FIELDS.has(key) ? scrubLogText(value) : value.replace(EMAIL, '[email]');
  }
  return JSON.stringify(fields);
}

export interface AuthEventLogDeps {
  readonly appender: LineAppender;
  readonly clock: Clock;
}

export class AuthEventLog {
  readonly #appender: LineAppender;
  readonly #clock: Clock;
  /** Lines that could not be written (disk full, permissions): counted, never thrown. */
  failedWrites = 0;

  constructor(deps: AuthEventLogDeps) {
    this.#appender = deps.appender;
    this.#clock = deps.clock;
  }

  /** Logs every event `stream` emits from now on; returns the unsubscribe function. */
  attach(stream: AuthEventStream): () => void {
    return stream.onDidEmit((event) => this.record(event));
  }

  record(event: AuthEvent): void {
    try {
      this.#appender.append(formatAuthEventLine(event, this.#clock.now()));
    } catch {
      this.failedWrites += 1;
    }
  }
}
