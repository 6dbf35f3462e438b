/**
 * The second line of defence for everything sent to the renderer (replies and events). The first line is
 * that no handler or service puts a cookie or a token into plain data; this guard withholds a message
 * anyway if it holds a field named like a credential, or the text of a secret the session layer currently
 * holds. A withheld reply becomes an `INTERNAL` failure; a withheld event is dropped. Either is reported
 * to `onWithheld` (by channel and rule only: the offending value is never passed on).
 */

/** Field names that only ever hold credentials. Compared case-insensitively, without `-` and `_`. */
const CREDENTIAL_FIELDS = new Set([
  'cookie',
  'cookies',
  'cookieheader',
  'setcookie',
  'setcookies',
  'accesstoken',
  'token',
  'bearertoken',
  'authorization',
  'sessiontoken',
  'refreshtoken',
  'idtoken',
  'password',
]);

/** Shorter "secrets" would match ordinary text; real cookie values and tokens are far longer. */
export const MIN_SECRET_LENGTH = 12;

export type WithheldRule = 'credential-field' | 'secret-value' | 'unserialisable';

export interface ReplyGuardOptions {
  /** The secret values to look for, read at each check (cookie values, tokens). */
  readonly secrets?: () => Iterable<string>;
  readonly onWithheld?: (where: string, rule: WithheldRule) => void;
}

export class ReplyGuard {
  readonly #secrets: () => Iterable<string>;
  readonly #onWithheld: (where: string, rule: WithheldRule) => void;

  constructor(options: ReplyGuardOptions = {}) {
    this.#secrets = options.secrets ?? (() => []);
    this.#onWithheld = options.onWithheld ?? (() => undefined);
  }

  /** True when `message` may be sent; otherwise reports it and returns false. `where` names the channel. */
  allows(where: string, message: unknown): boolean {
    const rule = this.#violation(message);
    if (rule === null) return true;
    this.#onWithheld(where, rule);
    return false;
  }

  #violation(message: unknown): WithheldRule | null {
    let credentialField = false;
    let text: string;
    try {
      text = JSON.stringify(message, (key, value: unknown) => {
        if (key !== '' && CREDENTIAL_FIELDS.has(key.toLowerCase().replace(/[-_]/g, ''))) credentialField = true;
        // Bytes are pictures, not text; a secret would not be stored in them.
        return value instanceof Uint8Array ? undefined : value;
      }) ?? '';
    } catch {
      return 'unserialisable';
    }
    if (credentialField) return 'credential-field';
    for (const secret of this.#secrets()) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      // JSON escapes quotes, backslashes and control characters: look for the escaped form too.
      if (text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1))) return 'secret-value';
    }
    return null;
  }
}
