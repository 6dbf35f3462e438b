/**
 * Fake services behind the IPC handlers: the shared parts and the fake account service here, the others
 * in ipc-fake-services.ts. They trust their arguments as the real services do (the registry parsed them),
 * record every call in one {@link CallLog}
 * (so a test can prove a refused call reached nothing), and hold a known session cookie value and token
 * that they try to leak: every service throws foreign errors quoting the secrets and AppErrors with
 * secret-bearing properties; the two that handle credentials (accounts, image operations) also return
 * objects with the secrets in extra fields. A reply or event containing either secret is a bug.
 */
import type { AccountService } from '../../src/auth/accounts/account-service.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { AccountSummary, AuthSnapshot } from '../../src/shared/auth-schemas.ts';

/** The session cookie value the fakes hold (shaped like next-auth's JWE). */
export const FAKE_SESSION_COOKIE_VALUE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..S3cr3tC00kieValue-9f8e7d6c5b4a';
/** The access token the fakes hold (shaped like Google's). */
export const FAKE_ACCESS_TOKEN = 'ya29.a0AfB_byS3cr3tT0kenValue_1234567890abcdefXYZ';
export const FAKE_SECRETS = [FAKE_SESSION_COOKIE_VALUE, FAKE_ACCESS_TOKEN] as const;

/** Known gallery ids of the fake gallery; any other well-formed id is NOT_FOUND. */
export const KNOWN_GALLERY_IDS = ['01JBZ5Q7N4V4TTMQ0V8GQX2ZK1', '01JBZ5Q7N4V4TTMQ0V8GQX2ZK2'] as const;
export const KNOWN_ACCOUNT_IDS = ['a1a1a1a1a1a1a1a1a1a1a1a1', 'b2b2b2b2b2b2b2b2b2b2b2b2'] as const;
export const KNOWN_JOB_IDS = ['job-1', 'job-2'] as const;

export const ADA: AccountSummary = { id: KNOWN_ACCOUNT_IDS[0], email: 'ada@example.test', name: 'Ada Lovelace', avatarUrl: 'https://labs.google/a.png', backend: 'classic' };

/** Every call the fakes received, as `service.method`. */
export class CallLog {
  readonly calls: string[] = [];

  record(name: string): void {
    this.calls.push(name);
  }
}

/**
 * Every 5th accepted call throws a foreign error quoting both secrets, every 7th an AppError carrying
 * them in extra properties. A boundary that copies error text or properties would leak them.
 */
export class LeakBait {
  #calls = 0;
  enabled = true;

  spring(): void {
    if (!this.enabled) return;
    this.#calls += 1;
    if (this.#calls % 5 === 0) {
      throw new TypeError(`fetch failed: Cookie: __Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}; Authorization: Bearer ${FAKE_ACCESS_TOKEN}`);
    }
    if (this.#calls % 7 === 0) {
      throw Object.assign(new AppError('SERVICE_ERROR', 'ImageFX is not answering.', { cause: FAKE_ACCESS_TOKEN }), {
        reason: FAKE_ACCESS_TOKEN,
        cookieHeader: `__Secure-next-auth.session-token=${FAKE_SESSION_COOKIE_VALUE}`,
      });
    }
  }
}

/** An object with the secrets riding along in fields the contract does not have. */
export function withSecrets<T extends object>(value: T): T {
  return Object.assign({}, value, { sessionCookie: FAKE_SESSION_COOKIE_VALUE, bearer: FAKE_ACCESS_TOKEN });
}

export interface FakeServiceContext {
  readonly log: CallLog;
  readonly bait: LeakBait;
}

export class FakeAccountService implements AccountService {
  readonly #context: FakeServiceContext;
  readonly #listeners = new Set<(snapshot: AuthSnapshot) => void>();
  readonly #replacementListeners = new Set<(replacement: { readonly from: string; readonly to: string }) => void>();
  current: AuthSnapshot = {
    state: 'signed-in',
    reason: null,
    activeAccount: ADA,
    accounts: [ADA, { ...ADA, id: KNOWN_ACCOUNT_IDS[1], email: 'grace@example.test', name: 'Grace Hopper' }],
    storage: { mode: 'encrypted' },
  };
  /** What `signIn()` does besides answering; tests plug a real re-sign-in in here. */
  onSignIn: () => Promise<void> = async () => undefined;

  constructor(context: FakeServiceContext) {
    this.#context = context;
  }

  snapshot(): AuthSnapshot {
    this.#context.log.record('accounts.snapshot');
    return withSecrets({ ...this.current, activeAccount: this.current.activeAccount && withSecrets(this.current.activeAccount) });
  }

  onDidChange(listener: (snapshot: AuthSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onDidReplaceAccount(listener: (replacement: { readonly from: string; readonly to: string }) => void): () => void {
    this.#replacementListeners.add(listener);
    return () => this.#replacementListeners.delete(listener);
  }

  /** Reports that `from` signed in again as `to`, as the real manager does. */
  replace(from: string, to: string): void {
    for (const listener of this.#replacementListeners) listener({ from, to });
  }

  /** Changes the state and tells subscribers, as the real manager does. */
  change(update: Partial<AuthSnapshot>): void {
    this.current = { ...this.current, ...update };
    for (const listener of this.#listeners) listener(withSecrets(this.current));
  }

  async signIn(): Promise<AccountSummary> {
    this.#context.log.record('accounts.signIn');
    this.#context.bait.spring();
    await this.onSignIn();
    this.change({ state: 'signed-in', reason: null, activeAccount: ADA });
    return withSecrets(ADA);
  }

  cancelSignIn(): void {
    this.#context.log.record('accounts.cancelSignIn');
  }

  async signOut(): Promise<void> {
    this.#context.log.record('accounts.signOut');
    this.#context.bait.spring();
  }

  async importCookieHeader(header: string): Promise<AccountSummary> {
    this.#context.log.record('accounts.importCookieHeader');
    this.#context.bait.spring();
    if (!header.includes('next-auth.session-token=')) {
      throw new AppError('LOGIN_REJECTED', 'That is not a signed-in labs.google session.');
    }
    return withSecrets(ADA);
  }

  async switchAccount(accountId: string): Promise<void> {
    this.#context.log.record('accounts.switchAccount');
    if (!(KNOWN_ACCOUNT_IDS as readonly string[]).includes(accountId)) throw new AppError('NOT_FOUND', 'No such account.');
  }

  async removeAccount(accountId: string): Promise<void> {
    this.#context.log.record('accounts.removeAccount');
    if (!(KNOWN_ACCOUNT_IDS as readonly string[]).includes(accountId)) throw new AppError('NOT_FOUND', 'No such account.');
  }

  async setBackend(accountId: string): Promise<void> {
    this.#context.log.record('accounts.setBackend');
    if (!(KNOWN_ACCOUNT_IDS as readonly string[]).includes(accountId)) throw new AppError('NOT_FOUND', 'No such account.');
  }

  async optInToWeakerStorage(): Promise<void> {
    this.#context.log.record('accounts.optInToWeakerStorage');
  }

  async startOver(): Promise<void> {
    this.#context.log.record('accounts.startOver');
  }
}
