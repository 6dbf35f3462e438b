/**
 * The Flow half of the emulator's scripting surface (`emu.control.*`; {@link EmulatorControl} extends this
 * class, so both halves share one object and one HTTP control path). JSON-friendly arguments throughout.
 */
import { MIGRATED_ACCOUNT } from './emulator-accounts.ts';
import type { AccountBackend, EmulatorAccount } from './emulator-accounts.ts';
import type { EmulatorState } from './emulator-state.ts';
import type { FlowPlan } from './flow-catalog.ts';
import type { FlowPageLoad } from './flow-session-store.ts';
import { FLOW_LEGACY_SESSION_COOKIE, FLOW_SESSION_COOKIE } from './flow-session-store.ts';
import type { FlowProject } from './flow-store.ts';
import type { GoogleCookieRotation } from './google-account-cookies.ts';
import type { RecaptchaMint, RecaptchaUse } from './recaptcha-ledger.ts';

/** One cookie as a browser would store it. */
export interface IssuedCookie {
  readonly name: string;
  readonly value: string;
  /** `.google.com` for the SID family; `flow.google.com` (host-only) for OSID. */
  readonly domain: string;
  readonly hostOnly: boolean;
}

/** A Flow sign-in made without a browser. */
export interface IssuedFlowSession {
  /** `Cookie` header a browser would send to flow.google.com (SID family + OSID). */
  readonly cookieHeader: string;
  readonly cookies: readonly IssuedCookie[];
}

function requireNonNegative(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0`);
}

/** Flow scripting methods. */
export class FlowEmulatorControl {
  protected readonly state: EmulatorState;

  constructor(state: EmulatorState) {
    this.state = state;
  }

  /** Changes an account's backend (`classic` | `migrated`, e.g. Google migrating it) and/or plan. */
  setAccountKind(email: string, change: { backend?: AccountBackend; plan?: FlowPlan }): EmulatorAccount {
    return this.state.accounts.update(email, change);
  }

  /** Signs `email` in to Google and Flow directly (no browser): the cookies a browser would hold afterwards. */
  createFlowSession(email: string = MIGRATED_ACCOUNT.email): IssuedFlowSession {
    const account = this.state.accounts.get(email);
    if (!account) throw new Error(`unknown emulator account: ${email}`);
    const google = this.state.googleCookies.create(account.email);
    const flow = this.state.flowSessions.create(account.email, google.id);
    const cookies: IssuedCookie[] = [
      ...Object.entries(this.state.googleCookies.currentValues(google)).map(([name, value]) => ({ name, value, domain: '.google.com', hostOnly: false })),
      { name: FLOW_LEGACY_SESSION_COOKIE, value: flow.osid, domain: 'flow.google.com', hostOnly: true },
      { name: FLOW_SESSION_COOKIE, value: flow.secureOsid, domain: 'flow.google.com', hostOnly: true },
    ];
    return { cookieHeader: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '), cookies };
  }

  /** Ends Flow sessions (all, or one account's): pages land on `/about`, whose CTA signs in again silently. */
  forceFlowAbout(email?: string): number {
    return this.state.flowSessions.end(email);
  }

  /** Google wants the password again (all, or one account's sign-ins): `/about`, then `confirmidentifier`. */
  forceConfirmIdentity(email?: string): number {
    return this.state.googleCookies.requireConfirmation(email);
  }

  /**
   * When flow.google.com page loads re-issue `__Secure-1PSIDTS`/`SIDCC` (`intervalMs` after the last issue; 0 =
   * every load) and how long a replaced value keeps working (`graceMs`); `null` stops rotation.
   */
  setGoogleCookieRotation(rotation: GoogleCookieRotation | null): void {
    if (rotation) {
      requireNonNegative('intervalMs', rotation.intervalMs);
      requireNonNegative('graceMs', rotation.graceMs);
    }
    this.state.googleCookies.rotation = rotation ? { intervalMs: rotation.intervalMs, graceMs: rotation.graceMs } : null;
  }

  /** Holds every `ogiZ0b` this long (emulator clock) before it answers; Flow's is about 20 s. Default 0. */
  setFlowGenerationHold(ms: number): void {
    requireNonNegative('hold', ms);
    this.state.flowGenerationHoldMs = ms;
  }

  /** Lifetime of signed flow-content.google URLs issued from now on (default one hour). */
  setSignedUrlLifetime(ms: number): void {
    requireNonNegative('signed URL lifetime', ms);
    this.state.flowUrls.lifetimeMs = ms;
  }

  /** Creates a project without the page (as `jHPbke` would). */
  createFlowProject(email: string = MIGRATED_ACCOUNT.email, title = 'Untitled project'): FlowProject {
    const account = this.state.accounts.get(email);
    if (!account) throw new Error(`unknown emulator account: ${email}`);
    return this.state.flow.createProject(account.email, title, this.state.clock.now());
  }

  /** Projects of one account (or all), newest first. */
  flowProjects(email?: string): FlowProject[] {
    const projects = [...this.state.flow.projects.values()].reverse();
    return email === undefined ? projects : projects.filter((project) => project.ownerEmail === email.trim().toLowerCase());
  }

  /** The page loads of an account's live Flow sessions (their `SNlM0e`/`FdrFJe`), oldest first. */
  flowPageLoads(email: string = MIGRATED_ACCOUNT.email): FlowPageLoad[] {
    return this.state.flowSessions.pageLoadsOf(email);
  }

  /** Every reCAPTCHA token minted since the last log reset: time, action, `page` or `foreign`, uses. */
  recaptchaMints(): RecaptchaMint[] {
    return this.state.recaptcha.mints();
  }

  /** Every time an RPC presented a token, with the verdict. */
  recaptchaUses(): RecaptchaUse[] {
    return this.state.recaptcha.uses();
  }
}

/** The Flow control methods reachable over HTTP. */
export const FLOW_CONTROL_METHODS = [
  'setAccountKind',
  'createFlowSession',
  'forceFlowAbout',
  'forceConfirmIdentity',
  'setGoogleCookieRotation',
  'setFlowGenerationHold',
  'setSignedUrlLifetime',
  'createFlowProject',
  'flowProjects',
  'flowPageLoads',
  'recaptchaMints',
  'recaptchaUses',
] as const satisfies readonly (keyof FlowEmulatorControl)[];
