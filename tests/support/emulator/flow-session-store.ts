/**
 * flow.google.com's own session: the host-only `OSID` / `__Secure-OSID` cookies that tie the browser to a
 * Google sign-in, the per-page-load values the page gets in `WIZ_global_data` (`SNlM0e` is the `at` CSRF
 * token, `FdrFJe` the `f.sid`), and the one-time tickets accounts.google.com hands out to set the cookies.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.ts';
import { serializeSetCookie } from './http-kit.ts';

/** The host-only cookie the emulator checks (the flow2api-fork test pairs it with `SID`). */
export const FLOW_SESSION_COOKIE = '__Secure-OSID';
/** Its older twin, also host-only on flow.google.com. */
export const FLOW_LEGACY_SESSION_COOKIE = 'OSID';

const OSID_MAX_AGE = 2 * 365 * 24 * 60 * 60;
/** A SetOSID ticket must be redeemed within this long (emulator clock). */
const TICKET_LIFETIME_MS = 5 * 60 * 1000;

/** What one page load handed the page. */
export interface FlowPageLoad {
  /** `SNlM0e`: 42 characters, the form field `at`. */
  readonly at: string;
  /** `FdrFJe`: the query parameter `f.sid`. */
  readonly fsid: string;
  readonly loadedAt: number;
}

/** A browser's session on flow.google.com. */
export interface FlowSession {
  readonly id: string;
  readonly email: string;
  /** The Google sign-in (google-account-cookies.ts) this session was set up from. */
  readonly googleSessionId: string;
  readonly secureOsid: string;
  readonly osid: string;
  /** Ended by Google (revocation, or a scripted "land on /about"). */
  ended: boolean;
  readonly pageLoads: Map<string, FlowPageLoad>;
}

interface Ticket {
  readonly email: string;
  readonly googleSessionId: string;
  readonly expiresAt: number;
}

function random(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** A signed 64-bit decimal, the shape of `FdrFJe`. */
function signedDecimal(): string {
  return randomBytes(8).readBigInt64BE().toString();
}

/** Sessions by `__Secure-OSID` value, plus pending tickets. */
export class FlowSessionStore {
  readonly #clock: EmulatorClock;
  readonly #bySecureOsid = new Map<string, FlowSession>();
  readonly #tickets = new Map<string, Ticket>();

  constructor(clock: EmulatorClock) {
    this.#clock = clock;
  }

  /** A one-time ticket for `/accounts/SetOSID?osidt=…` after a sign-in on accounts.google.com. */
  issueTicket(email: string, googleSessionId: string): string {
    const ticket = `osidt-${random(24)}`;
    this.#tickets.set(ticket, { email, googleSessionId, expiresAt: this.#clock.now() + TICKET_LIFETIME_MS });
    return ticket;
  }

  /** Redeems a ticket (each works once, within its lifetime) into a new session. */
  redeemTicket(ticket: string): FlowSession | undefined {
    const entry = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    if (!entry || this.#clock.now() > entry.expiresAt) return undefined;
    return this.create(entry.email, entry.googleSessionId);
  }

  /** A new session (also used by `control.createFlowSession`, which skips the browser). */
  create(email: string, googleSessionId: string): FlowSession {
    const session: FlowSession = {
      id: random(9),
      email,
      googleSessionId,
      secureOsid: `g.a000-${random(48)}`,
      osid: `g.a000-${random(48)}`,
      ended: false,
      pageLoads: new Map(),
    };
    this.#bySecureOsid.set(session.secureOsid, session);
    return session;
  }

  /** The live session for a `__Secure-OSID` value. */
  resolve(secureOsid: string | undefined): FlowSession | undefined {
    const session = secureOsid ? this.#bySecureOsid.get(secureOsid) : undefined;
    return session && !session.ended ? session : undefined;
  }

  /** Records a page load and returns the values to put in `WIZ_global_data`. */
  recordPageLoad(session: FlowSession): FlowPageLoad {
    // Shape of the real SNlM0e (GF642: 42 characters): random part, a colon, epoch milliseconds.
    const at = `${random(21)}:${String(this.#clock.now()).padStart(13, '0').slice(-13)}`;
    const load: FlowPageLoad = { at, fsid: signedDecimal(), loadedAt: this.#clock.now() };
    session.pageLoads.set(at, load);
    return load;
  }

  /**
   * The page load whose `SNlM0e` is `at`, if it belongs to `session`. How long an `at` stays valid is
   * UNCONFIRMED; the emulator keeps it for the life of the session.
   */
  pageLoadFor(session: FlowSession, at: string | null): FlowPageLoad | undefined {
    return at ? session.pageLoads.get(at) : undefined;
  }

  /** Page loads of an account's live sessions, oldest first. */
  pageLoadsOf(email: string): FlowPageLoad[] {
    const wanted = email.trim().toLowerCase();
    return [...this.#bySecureOsid.values()]
      .filter((session) => !session.ended && session.email === wanted)
      .flatMap((session) => [...session.pageLoads.values()])
      .sort((a, b) => a.loadedAt - b.loadedAt);
  }

  /** Ends sessions (all, or one account's); returns how many were live. */
  end(email?: string): number {
    const wanted = email?.trim().toLowerCase();
    let count = 0;
    for (const session of this.#bySecureOsid.values()) {
      if (session.ended || (wanted !== undefined && session.email !== wanted)) continue;
      session.ended = true;
      count++;
    }
    return count;
  }

  /** Live sessions (for state snapshots). */
  liveCount(): number {
    return [...this.#bySecureOsid.values()].filter((session) => !session.ended).length;
  }
}

/** `Set-Cookie` values for a session: host-only (no Domain), Secure, HttpOnly; `__Secure-OSID` SameSite=None. */
export function flowSessionCookieHeaders(session: FlowSession): string[] {
  return [
    serializeSetCookie(FLOW_LEGACY_SESSION_COOKIE, session.osid, { path: '/', httpOnly: true, secure: true, maxAgeSeconds: OSID_MAX_AGE }),
    serializeSetCookie(FLOW_SESSION_COOKIE, session.secureOsid, {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'None',
      maxAgeSeconds: OSID_MAX_AGE,
    }),
  ];
}
