/**
 * accounts.google.com's side of sign-in: flows in progress (an OAuth authorization for labs.google, or a
 * service sign-in that continues to flow.google.com), one-time authorization codes, and the labs.google
 * `state` values awaiting a callback. The account cookies themselves live in google-account-cookies.ts.
 */
import { randomBytes } from 'node:crypto';

/** A sign-in being worked through the pages: an OAuth authorization, or a service sign-in (`continueUrl`). */
export interface SignInFlow {
  readonly id: string;
  readonly redirectUri: string;
  readonly state: string;
  /** Set for a service sign-in (flow.google.com): where to go once the account cookies are set. */
  readonly continueUrl?: string;
  /** Set once the password was right and the account wants a second step. */
  pendingEmail?: string;
  /** The account Google asks to confirm (`/v3/signin/confirmidentifier`). */
  confirmEmail?: string;
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

/** Flows, codes and the labs.google `state` values awaiting a callback. */
export class GoogleSignInStore {
  readonly #flows = new Map<string, SignInFlow>();
  readonly #codes = new Map<string, AuthorizationCode>();
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

  /** accounts.google.com starts a service sign-in that ends at `continueUrl` (ServiceLogin). */
  createServiceFlow(continueUrl: string): SignInFlow {
    const flow: SignInFlow = { id: randomToken(12), redirectUri: '', state: '', continueUrl };
    this.#flows.set(flow.id, flow);
    return flow;
  }

  /** Forgets a finished flow. */
  endFlow(flow: SignInFlow): void {
    this.#flows.delete(flow.id);
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
}
