/**
 * accounts.google.com's side of sign-in: OAuth flows in progress, one-time authorization codes, and the
 * Google account cookies (`SID`, `__Secure-1PSID`) that let a later sign-in happen silently.
 */
import { randomBytes } from 'node:crypto';

/** An OAuth authorization request being worked through the sign-in pages. */
export interface SignInFlow {
  readonly id: string;
  readonly redirectUri: string;
  readonly state: string;
  /** Set once the password was right and the account wants a second step. */
  pendingEmail?: string;
}

/** The pair of account cookies a successful Google sign-in sets. */
export interface AccountCookieValues {
  readonly sid: string;
  readonly psid: string;
}

interface AccountCookieSession extends AccountCookieValues {
  readonly email: string;
  revoked: boolean;
}

interface AuthorizationCode {
  readonly email: string;
  readonly redirectUri: string;
  readonly state: string;
}

/** The labs.google side of an OAuth round trip: where to land after the callback. */
export interface PendingLabsSignIn {
  readonly callbackUrl: string;
}

function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Flows, codes, account cookies and the labs.google `state` values awaiting a callback. */
export class GoogleSignInStore {
  readonly #flows = new Map<string, SignInFlow>();
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #accountCookies = new Map<string, AccountCookieSession>();
  readonly #labsStates = new Map<string, PendingLabsSignIn>();

  /** labs.google starts a sign-in: remembers where to land and returns the OAuth `state`. */
  beginLabsSignIn(callbackUrl: string): string {
    const state = randomToken(16);
    this.#labsStates.set(state, { callbackUrl });
    return state;
  }

  /** Consumes a labs.google `state` (each works once). */
  takeLabsSignIn(state: string): PendingLabsSignIn | undefined {
    const pending = this.#labsStates.get(state);
    this.#labsStates.delete(state);
    return pending;
  }

  /** accounts.google.com receives an authorization request. */
  createFlow(redirectUri: string, state: string): SignInFlow {
    const flow: SignInFlow = { id: randomToken(12), redirectUri, state };
    this.#flows.set(flow.id, flow);
    return flow;
  }

  /** The flow with this id, if any. */
  getFlow(id: string | null): SignInFlow | undefined {
    return id ? this.#flows.get(id) : undefined;
  }

  /** Issues a one-time authorization code for `email` at the end of `flow`. */
  issueCode(flow: SignInFlow, email: string): string {
    const code = `4/emu-${randomToken(24)}`;
    this.#codes.set(code, { email, redirectUri: flow.redirectUri, state: flow.state });
    this.#flows.delete(flow.id);
    return code;
  }

  /** Redeems a code (each works once) when `state` matches the one it was issued for. */
  redeemCode(code: string, state: string): string | undefined {
    const entry = this.#codes.get(code);
    this.#codes.delete(code);
    return entry && entry.state === state ? entry.email : undefined;
  }

  /** New account cookies for `email` (a fresh Google sign-in). */
  createAccountCookies(email: string): AccountCookieValues {
    const session: AccountCookieSession = { email, sid: randomToken(), psid: `g.emu-${randomToken()}`, revoked: false };
    this.#accountCookies.set(session.psid, session);
    return session;
  }

  /** The signed-in email behind a browser's account cookies, when both are present, match and are live. */
  emailForAccountCookies(sid: string | undefined, psid: string | undefined): string | undefined {
    if (!sid || !psid) return undefined;
    const session = this.#accountCookies.get(psid);
    return session && !session.revoked && session.sid === sid ? session.email : undefined;
  }

  /** Makes account cookies (all, or one account's) worthless: the next sign-in shows the form. */
  revokeAccountCookies(email?: string): number {
    const wanted = email?.trim().toLowerCase();
    let count = 0;
    for (const session of this.#accountCookies.values()) {
      if (session.revoked || (wanted !== undefined && session.email !== wanted)) continue;
      session.revoked = true;
      count++;
    }
    return count;
  }

  /** How many account-cookie sessions are live (for state snapshots). */
  liveAccountCookieCount(): number {
    return [...this.#accountCookies.values()].filter((session) => !session.revoked).length;
  }
}
