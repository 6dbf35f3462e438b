/**
 * Knows which secrets are live, so the IPC reply guard can look for them: the cookie values and tokens
 * the session layer hands to the image service (remembered as they pass through the port returned by
 * {@link SessionSecretWatch.watch}), plus the active session's cookie values. Kept in memory only, a
 * bounded few, and never written or logged anywhere.
 */
import type { ImageSessionPort } from '../../services/imagefx/index.ts';

export interface SessionSecretWatchOptions {
  /** The active session's cookies, when there is one (`SecureSessionManager.getCookies`, which may throw). */
  readonly currentCookies?: () => readonly { readonly value: string }[];
  /** How many recent values to remember. Default 32. */
  readonly limit?: number;
}

/** The values of a `Cookie` header (`a=1; b=2` → `1`, `2`). */
export function cookieHeaderValues(header: string): string[] {
  return header
    .split(';')
    .map((pair) => pair.slice(pair.indexOf('=') + 1).trim())
    .filter((value) => value !== '');
}

export class SessionSecretWatch {
  readonly #recent: string[] = [];
  readonly #limit: number;
  readonly #currentCookies: () => readonly { readonly value: string }[];

  constructor(options: SessionSecretWatchOptions = {}) {
    this.#limit = options.limit ?? 32;
    this.#currentCookies = options.currentCookies ?? (() => []);
  }

  /** `session`, unchanged in behaviour, remembering every cookie value and token it returns. */
  watch(session: ImageSessionPort): ImageSessionPort {
    return {
      getCookieHeader: () => {
        const header = session.getCookieHeader();
        for (const value of cookieHeaderValues(header)) this.#remember(value);
        return header;
      },
      getToken: async () => {
        const token = await session.getToken();
        this.#remember(token);
        return token;
      },
      renewToken: async () => {
        const token = await session.renewToken();
        this.#remember(token);
        return token;
      },
    };
  }

  /** The live secrets: recent ones, and the active session's cookie values. */
  secrets(): string[] {
    let current: string[] = [];
    try {
      current = this.#currentCookies().map((cookie) => cookie.value);
    } catch {
      // Signed out: no current cookies.
    }
    return [...this.#recent, ...current];
  }

  #remember(value: string): void {
    if (this.#recent.includes(value)) return;
    this.#recent.push(value);
    if (this.#recent.length > this.#limit) this.#recent.shift();
  }
}
