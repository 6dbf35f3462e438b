/**
 * The Flow half of an interactive sign-in. Whenever the sign-in window commits a page outside Google's
 * account pages (the form, the chooser, a challenge), the account's hidden Flow page is asked whether
 * flow.google.com now opens for the account ({@link FlowAccountProbe}, implemented by the Flow backend; all
 * knowledge of Flow's page stays there). The project grid, naming the account, completes the sign-in as a
 * Flow account; "not on Flow" (Google sends the account to labs.google) asks once for the labs.google
 * sign-in, which the labs harvest then completes. So does a window that landed on labs.google while Flow
 * could not be asked (the hidden page's navigation policy refuses labs.google, so in the app Flow's hop
 * there shows as "unavailable"). Checks never overlap; a navigation during one schedules one more.
 */
import type { FlowAccountCheck } from '../../shared/flow-account-check.ts';
import { LABS_ORIGIN, type AccountProfile } from '../session/index.ts';
import type { LoginNavigation, LoginSurface } from './login-surface.ts';

/** Asks an account's hidden Flow page whether flow.google.com opens for it (the Flow backend implements it). */
export interface FlowAccountProbe {
  /** Opens flow.google.com on the account's partition and says what it found. Never throws. */
  check(accountId: string, signal?: AbortSignal): Promise<FlowAccountCheck>;
  /** Closes the account's hidden Flow page (the account's partition is being wiped, or it was removed). */
  release(accountId: string): Promise<void>;
}

/** Google's account pages: while the window is on them, the user is still signing in. */
const ACCOUNT_PAGE_ORIGINS = ['https://accounts.google.com', 'https://accounts.youtube.com'];

function originOf(navigation: LoginNavigation): string | null {
  try {
    return new URL(navigation.url).origin;
  } catch {
    return null;
  }
}

/** The account the grid names, as a profile (Flow shows no avatar the app could use). */
function flowProfile(check: Extract<FlowAccountCheck, { kind: 'signed-in' }>): AccountProfile | null {
  if (check.email === null) return null;
  return { email: check.email, name: check.name ?? check.email.split('@')[0] ?? check.email, avatarUrl: '' };
}

export interface FlowSignInWatchOptions {
  readonly surface: LoginSurface;
  readonly accountId: string;
  readonly probe: FlowAccountProbe;
  /** Flow sent the account to labs.google (called once): the sign-in continues on labs.google. */
  readonly onNotOnFlow: () => void;
}

export class FlowSignInWatch {
  /** Resolves with the account once flow.google.com opens for it; never rejects (stays pending otherwise). */
  readonly signedIn: Promise<AccountProfile>;
  readonly #options: FlowSignInWatchOptions;
  readonly #abort = new AbortController();
  readonly #unsubscribe: () => void;
  #resolve!: (account: AccountProfile) => void;
  #checking: Promise<FlowAccountCheck> | null = null;
  #again = false;
  #last: FlowAccountCheck | null = null;
  #stopped = false;
  /** The window's page is on labs.google (where Flow sends accounts it has not moved). */
  #onLabs = false;

  constructor(options: FlowSignInWatchOptions) {
    this.#options = options;
    this.signedIn = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    this.#unsubscribe = options.surface.onDidNavigate((navigation) => {
      if (navigation.sameDocument) return;
      const origin = originOf(navigation);
      this.#onLabs = origin === LABS_ORIGIN;
      if (origin !== null && !ACCOUNT_PAGE_ORIGINS.includes(origin)) this.#request();
    });
  }

  /**
   * What Flow says about the account now: the check in flight, else the last one, else a new one. For a
   * sign-in the labs.google harvest completed (does Flow work as well?).
   */
  async finding(): Promise<FlowAccountCheck> {
    if (this.#checking) return this.#checking;
    return this.#last ?? this.#options.probe.check(this.#options.accountId, this.#abort.signal);
  }

  /** Stops watching; a check in flight is abandoned. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    this.#abort.abort();
  }

  #request(): void {
    if (this.#stopped || this.#last?.kind === 'not-on-flow') return;
    if (this.#checking) {
      this.#again = true;
      return;
    }
    this.#checking = this.#checkUntilQuiet();
    void this.#checking.finally(() => {
      this.#checking = null;
    });
  }

  async #checkUntilQuiet(): Promise<FlowAccountCheck> {
    let check: FlowAccountCheck;
    do {
      this.#again = false;
      check = await this.#options.probe.check(this.#options.accountId, this.#abort.signal);
      this.#last = check;
      if (this.#stopped) return check;
      if (check.kind === 'signed-in') {
        const account = flowProfile(check);
        if (account) {
          this.#resolve(account);
          return check;
        }
      } else if (check.kind === 'not-on-flow') {
        this.#options.onNotOnFlow();
        return check;
      } else if (check.kind === 'unavailable' && this.#onLabs) {
        this.#options.onNotOnFlow();
      }
    } while (this.#again && !this.#stopped);
    return check;
  }
}
