/**
 * Everything one running emulator remembers, gathered in one object the routes share. Created once per
 * `startEmulator()`; nothing here is module-global, so parallel emulators never interfere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccountDirectory } from './emulator-accounts.ts';
import type { EmulatorAccountInput } from './emulator-accounts.ts';
import type { EmulatorClock } from './emulator-clock.ts';
import { FLOW_RECAPTCHA_SITE_KEY } from './flow-catalog.ts';
import { FlowSessionStore } from './flow-session-store.ts';
import { FlowUrlSigner } from './flow-signed-urls.ts';
import { FlowStore } from './flow-store.ts';
import { FaultQueue } from './faults.ts';
import type { EmulatorFault } from './faults.ts';
import { GoogleAccountCookieStore } from './google-account-cookies.ts';
import { GoogleSignInStore } from './google-sign-in-store.ts';
import { LabsSessionStore } from './labs-session-store.ts';
import { RecaptchaLedger } from './recaptcha-ledger.ts';
import { RequestLog } from './request-log.ts';
import type { LoggedRequest } from './request-log.ts';

/** One generated image as runImageFx returns it (and fetchMedia returns it later). */
export interface GeneratedImage {
  readonly encodedImage: string;
  readonly seed: number;
  readonly prompt: string;
  readonly modelNameType: string;
  readonly aspectRatio: string;
  readonly mediaGenerationId: string;
  readonly workflowId: string;
  readonly fingerprintLogRecordId: string;
}

/** A generated image and who may fetch it again. */
export interface StoredMedia {
  readonly ownerEmail: string;
  readonly image: GeneratedImage;
}

/** Injected latency: one value for every host, overridable per host. */
export class LatencySettings {
  allHostsMs = 0;
  readonly perHostMs = new Map<string, number>();

  /** The delay for a request to `host`. */
  for(host: string): number {
    return this.perHostMs.get(host) ?? this.allHostsMs;
  }

  clear(): void {
    this.allHostsMs = 0;
    this.perHostMs.clear();
  }
}

/** The shared state of one emulator instance. */
export class EmulatorState {
  readonly clock: EmulatorClock;
  readonly accounts: AccountDirectory;
  readonly signIn = new GoogleSignInStore();
  /** The `.google.com` SID family of every Google sign-in. */
  readonly googleCookies: GoogleAccountCookieStore;
  readonly sessions: LabsSessionStore;
  /** flow.google.com's OSID sessions and page loads. */
  readonly flowSessions: FlowSessionStore;
  /** Flow projects and media. */
  readonly flow = new FlowStore();
  readonly flowUrls: FlowUrlSigner;
  readonly recaptcha: RecaptchaLedger;
  /** How long `ogiZ0b` is held before it answers (emulator clock); Flow holds it about 20 s. */
  flowGenerationHoldMs = 0;
  readonly media = new Map<string, StoredMedia>();
  readonly faults = new FaultQueue();
  readonly latency = new LatencySettings();
  readonly log = new RequestLog();
  readonly caPem: string;

  constructor(clock: EmulatorClock, accounts: readonly EmulatorAccountInput[], caPem: string) {
    this.clock = clock;
    this.accounts = new AccountDirectory(accounts);
    this.sessions = new LabsSessionStore(clock);
    this.googleCookies = new GoogleAccountCookieStore(clock);
    this.flowSessions = new FlowSessionStore(clock);
    this.flowUrls = new FlowUrlSigner(clock);
    this.recaptcha = new RecaptchaLedger(clock, FLOW_RECAPTCHA_SITE_KEY);
    this.caPem = caPem;
  }
}

/** What a route handler gets for one request. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly body: Buffer;
  readonly cookies: ReadonlyMap<string, string>;
  readonly state: EmulatorState;
  /** Set by a queued `fewer-images` fault: return at most this many images. */
  readonly imageLimit: number | undefined;
  /** A queued fault that is not a response of its own (`fewer-images`, the `flow-*` kinds), for the route to apply. */
  readonly fault?: EmulatorFault;
  /** This request's entry in the request log (absent for the control surface). */
  readonly logEntry?: LoggedRequest;
}

/** A route handler; it must write a response. */
export type RouteHandler = (context: RouteContext) => void | Promise<void>;
