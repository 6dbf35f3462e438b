/**
 * Every request the emulator received for a Google host, in arrival order, so tests can assert what the
 * app sent (which cookies, which token, how often) and what it got back. The values are the emulator's
 * own fake secrets, so they are kept whole: a test must be able to check that a given cookie was sent.
 */

/** Bodies are kept up to this many characters (a caption request carries a whole image). */
export const LOGGED_BODY_LIMIT = 64 * 1024;

/** One request as the emulator saw it. */
export interface LoggedRequest {
  /** 1, 2, 3… in arrival order. */
  readonly seq: number;
  /** Emulator clock time when the request arrived. */
  readonly time: number;
  readonly host: string;
  /** TLS SNI the client sent (null when none): shows that routing kept the real host name. */
  readonly servername: string | null;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Query string including `?`, or empty. */
  readonly search: string;
  /** Request headers, lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Cookies from the `Cookie` header. */
  readonly cookies: Readonly<Record<string, string>>;
  /** The `Authorization: Bearer …` token, or null. */
  readonly bearerToken: string | null;
  /** Body text (UTF-8), cut at {@link LOGGED_BODY_LIMIT}. */
  readonly body: string;
  /** Response status once the response finished; null while pending or when the connection was dropped. */
  status: number | null;
  /** Emulator clock time when the response finished, or null. */
  completedAt: number | null;
  /** Kind of the injected fault, or null. */
  fault: string | null;
}

/** Filter for {@link RequestLog} queries; a string path must match exactly. */
export interface RequestQuery {
  readonly host?: string;
  readonly path?: string | RegExp;
  readonly method?: string;
}

function matches(entry: LoggedRequest, query: RequestQuery): boolean {
  if (query.host !== undefined && entry.host !== query.host) return false;
  if (query.method !== undefined && entry.method !== query.method.toUpperCase()) return false;
  if (typeof query.path === 'string' && entry.path !== query.path) return false;
  if (query.path instanceof RegExp && !query.path.test(entry.path)) return false;
  return true;
}

/** The log itself. */
export class RequestLog {
  #entries: LoggedRequest[] = [];
  #nextSeq = 1;

  /** Adds an entry (the emulator calls this on arrival). */
  record(entry: Omit<LoggedRequest, 'seq' | 'status' | 'completedAt' | 'fault'>): LoggedRequest {
    const logged: LoggedRequest = {
      ...entry,
      body: entry.body.slice(0, LOGGED_BODY_LIMIT),
      seq: this.#nextSeq++,
      status: null,
      completedAt: null,
      fault: null,
    };
    this.#entries.push(logged);
    return logged;
  }

  /** All entries, or those matching `query`, oldest first. */
  all(query: RequestQuery = {}): LoggedRequest[] {
    return this.#entries.filter((entry) => matches(entry, query));
  }

  /** How many requests matched. */
  count(query: RequestQuery = {}): number {
    return this.all(query).length;
  }

  /** The most recent matching request. */
  last(query: RequestQuery = {}): LoggedRequest | undefined {
    return this.all(query).at(-1);
  }

  /** Forgets every entry (sequence numbers keep counting up). */
  clear(): void {
    this.#entries = [];
  }
}
