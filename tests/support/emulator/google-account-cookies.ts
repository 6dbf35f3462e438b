/**
 * The `.google.com` account cookies a Google sign-in sets (the SID family) and what the emulator remembers
 * about them: which account they belong to, whether they were revoked, whether Google wants the user to
 * confirm their identity, and the rotating `__Secure-1PSIDTS` / `SIDCC` values. The stable cookies live for
 * years; the rotating ones are re-issued by page loads, and a replaced value keeps working for a grace period.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.ts';
import { serializeSetCookie } from './http-kit.ts';
import type { SetCookieAttributes } from './http-kit.ts';

/** Cookies fixed for the life of a Google sign-in. */
export const STABLE_GOOGLE_COOKIES = ['SID', 'HSID', 'SSID', 'APISID', 'SAPISID', '__Secure-1PSID', '__Secure-3PSID'] as const;
/** Cookies the server re-issues while the user browses (FLOW-NOTES §2: "refreshed continuously"). */
export const ROTATING_GOOGLE_COOKIES = ['__Secure-1PSIDTS', '__Secure-3PSIDTS', 'SIDCC', '__Secure-1PSIDCC', '__Secure-3PSIDCC'] as const;

type StableName = (typeof STABLE_GOOGLE_COOKIES)[number];
type RotatingName = (typeof ROTATING_GOOGLE_COOKIES)[number];

/** The rotating cookie whose value decides whether a request is still signed in. */
export const CHECKED_TIMESTAMP_COOKIE: RotatingName = '__Secure-1PSIDTS';

const TWO_YEARS = 2 * 365 * 24 * 60 * 60;
const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * Attributes per cookie, modelled on what Chrome shows for google.com: the `__Secure-3P*` ones are
 * SameSite=None for third-party contexts, APISID/SAPISID/SIDCC stay readable by script. `SID` and
 * `__Secure-1PSID` keep the attributes the labs emulator always gave them.
 */
const ATTRIBUTES: Readonly<Record<StableName | RotatingName, SetCookieAttributes>> = {
  SID: { httpOnly: true, secure: true, sameSite: 'Lax', maxAgeSeconds: TWO_YEARS },
  HSID: { httpOnly: true, secure: true, maxAgeSeconds: TWO_YEARS },
  SSID: { httpOnly: true, secure: true, maxAgeSeconds: TWO_YEARS },
  APISID: { secure: true, maxAgeSeconds: TWO_YEARS },
  SAPISID: { secure: true, maxAgeSeconds: TWO_YEARS },
  '__Secure-1PSID': { httpOnly: true, secure: true, sameSite: 'None', maxAgeSeconds: TWO_YEARS },
  '__Secure-3PSID': { httpOnly: true, secure: true, sameSite: 'None', maxAgeSeconds: TWO_YEARS },
  '__Secure-1PSIDTS': { httpOnly: true, secure: true, maxAgeSeconds: ONE_YEAR },
  '__Secure-3PSIDTS': { httpOnly: true, secure: true, sameSite: 'None', maxAgeSeconds: ONE_YEAR },
  SIDCC: { secure: true, maxAgeSeconds: ONE_YEAR },
  '__Secure-1PSIDCC': { httpOnly: true, secure: true, maxAgeSeconds: ONE_YEAR },
  '__Secure-3PSIDCC': { httpOnly: true, secure: true, sameSite: 'None', maxAgeSeconds: ONE_YEAR },
};

/** How rotation behaves: a page load re-issues the rotating cookies once the current ones are `intervalMs` old. */
export interface GoogleCookieRotation {
  readonly intervalMs: number;
  /** How long a replaced value keeps working. */
  readonly graceMs: number;
}

/** Default: every page load rotates; a replaced value lives ten more minutes. */
export const DEFAULT_GOOGLE_COOKIE_ROTATION: GoogleCookieRotation = { intervalMs: 0, graceMs: 10 * 60 * 1000 };

interface Generation {
  readonly values: Readonly<Record<RotatingName, string>>;
  readonly issuedAt: number;
  /** Infinity while current. */
  validUntil: number;
}

/** One Google sign-in of one account, as its cookies identify it. */
export interface GoogleAccountSession {
  readonly id: string;
  readonly email: string;
  readonly stable: Readonly<Record<StableName, string>>;
  readonly generations: Generation[];
  revoked: boolean;
  /** Google wants the password again before this sign-in is trusted (`/v3/signin/confirmidentifier`). */
  confirmIdentity: boolean;
}

function token(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

function domainCookie(name: StableName | RotatingName, value: string, maxAge?: number): string {
  const attributes = ATTRIBUTES[name];
  return serializeSetCookie(name, value, { ...attributes, path: '/', domain: '.google.com', maxAgeSeconds: maxAge ?? attributes.maxAgeSeconds });
}

/** Every Google account sign-in the emulator has issued cookies for. */
export class GoogleAccountCookieStore {
  readonly #clock: EmulatorClock;
  readonly #byPsid = new Map<string, GoogleAccountSession>();
  rotation: GoogleCookieRotation | null = DEFAULT_GOOGLE_COOKIE_ROTATION;

  constructor(clock: EmulatorClock) {
    this.#clock = clock;
  }

  /** A fresh sign-in for `email`. */
  create(email: string): GoogleAccountSession {
    const stable = {
      SID: token('g.a000-'),
      HSID: token('A', 12),
      SSID: token('A', 12),
      APISID: token('', 18),
      SAPISID: token('', 18),
      '__Secure-1PSID': token('g.a000-'),
      '__Secure-3PSID': token('g.a000-'),
    };
    const session: GoogleAccountSession = { id: token('', 9), email, stable, generations: [], revoked: false, confirmIdentity: false };
    session.generations.push(this.#generation());
    this.#byPsid.set(stable['__Secure-1PSID'], session);
    return session;
  }

  /**
   * The live sign-in behind a request's cookies: `SID` and `__Secure-1PSID` must match one that is not revoked,
   * and `__Secure-1PSIDTS` must be its current value or a replaced one still inside its grace period.
   */
  resolve(cookies: ReadonlyMap<string, string>): GoogleAccountSession | undefined {
    const session = this.#byPsid.get(cookies.get('__Secure-1PSID') ?? '');
    if (!session || session.revoked || session.stable.SID !== cookies.get('SID')) return undefined;
    const timestamp = cookies.get(CHECKED_TIMESTAMP_COOKIE);
    const now = this.#clock.now();
    const live = session.generations.some((generation) => generation.values[CHECKED_TIMESTAMP_COOKIE] === timestamp && now <= generation.validUntil);
    return live ? session : undefined;
  }

  /** Re-issues the rotating cookies when the rotation setting says they are due; returns whether it did. */
  rotateIfDue(session: GoogleAccountSession): boolean {
    const current = session.generations.at(-1)!;
    if (!this.rotation || this.#clock.now() - current.issuedAt < this.rotation.intervalMs) return false;
    this.rotate(session, this.rotation.graceMs);
    return true;
  }

  /** Re-issues the rotating cookies now; the replaced values work for `graceMs` more. */
  rotate(session: GoogleAccountSession, graceMs: number): void {
    const current = session.generations.at(-1)!;
    current.validUntil = Math.min(current.validUntil, this.#clock.now() + Math.max(0, graceMs));
    session.generations.push(this.#generation());
  }

  /** `Set-Cookie` values for the whole family (a sign-in). */
  setCookieHeaders(session: GoogleAccountSession): string[] {
    const stable = STABLE_GOOGLE_COOKIES.map((name) => domainCookie(name, session.stable[name]));
    return [...stable, ...this.rotatedCookieHeaders(session)];
  }

  /** `Set-Cookie` values for the current rotating cookies only (a rotation). */
  rotatedCookieHeaders(session: GoogleAccountSession): string[] {
    const values = session.generations.at(-1)!.values;
    return ROTATING_GOOGLE_COOKIES.map((name) => domainCookie(name, values[name]));
  }

  /** The current value of every cookie, by name (what a browser holding the newest values would send). */
  currentValues(session: GoogleAccountSession): Record<string, string> {
    return { ...session.stable, ...session.generations.at(-1)!.values };
  }

  /** `Set-Cookie` values deleting the whole family (sign-out). */
  clearingHeaders(): string[] {
    return [...STABLE_GOOGLE_COOKIES, ...ROTATING_GOOGLE_COOKIES].map((name) => domainCookie(name, '', 0));
  }

  /** Revokes sign-ins (all, or one account's); returns how many were live. */
  revoke(email?: string): number {
    return this.#changeLive(email, (session) => {
      session.revoked = true;
    });
  }

  /** Makes live sign-ins (all, or one account's) need an identity confirmation; returns how many. */
  requireConfirmation(email?: string): number {
    return this.#changeLive(email, (session) => {
      session.confirmIdentity = true;
    });
  }

  /** How many sign-ins are live (for state snapshots). */
  liveCount(): number {
    return this.#matching(undefined).filter((session) => !session.revoked).length;
  }

  #changeLive(email: string | undefined, change: (session: GoogleAccountSession) => void): number {
    const live = this.#matching(email).filter((session) => !session.revoked);
    live.forEach(change);
    return live.length;
  }

  #matching(email: string | undefined): GoogleAccountSession[] {
    const wanted = email?.trim().toLowerCase();
    return [...this.#byPsid.values()].filter((session) => wanted === undefined || session.email === wanted);
  }

  #generation(): Generation {
    const values = {
      '__Secure-1PSIDTS': token('sidts-'),
      '__Secure-3PSIDTS': token('sidts-'),
      SIDCC: token('AKEyXz', 30),
      '__Secure-1PSIDCC': token('AKEyXz', 30),
      '__Secure-3PSIDCC': token('AKEyXz', 30),
    };
    return { values, issuedAt: this.#clock.now(), validUntil: Number.POSITIVE_INFINITY };
  }
}
