/**
 * The Flow half of the composition, built once by compose-generation.ts (and by the end-to-end tests'
 * stack, with Chromium pages instead of Electron windows): each account's own Flow backend on its hidden
 * page, chosen per account by the resolver (with the classic backend for the others); the account layer's
 * question "does flow.google.com open for this account?" answered by that same backend (sign-in, backend
 * detection at start); the keep-alive that reloads the active Flow account's page on a schedule; and a
 * Flow sign-out turned into the account's "sign in again" — for accounts that generate with Flow only (a
 * classic account is kept alive by labs.google).
 */
import type { AccountService, PersistentAccountManager } from '../../auth/accounts/index.ts';
import type { FlowAccountProbe } from '../../auth/login/index.ts';
import type { Clock } from '../../core/index.ts';
import {
  AccountBackendResolver,
  FlowImageBackend,
  FlowKeepAlive,
  type DiagnosticsSink,
  type FlowPageProvider,
  type FlowProjectStore,
  type ImageBackend,
} from '../../services/imagefx/index.ts';
import type { AuthState } from '../../shared/auth-schemas.ts';
import type { FlowAccountCheck } from '../../shared/flow-account-check.ts';

/** The reason an account's session ended when Flow's page showed it signed out. */
export const FLOW_SIGNED_OUT_REASON = 'flow-signed-out';

const KEPT_ALIVE_STATES: ReadonlySet<AuthState> = new Set(['signed-in', 'refreshing', 'offline']);

export interface FlowCompositionOptions {
  readonly pages: FlowPageProvider;
  readonly projects: FlowProjectStore;
  readonly diagnostics: DiagnosticsSink;
  /** The app's clock: the keep-alive's schedule. */
  readonly clock: Clock;
  /** The Flow page's own waits (page loads, controls, replies); the app's clock unless given. */
  readonly pageClock?: Clock;
  readonly random: () => number;
  readonly accounts: Pick<AccountService, 'snapshot' | 'onDidReplaceAccount'> & Pick<PersistentAccountManager, 'backendOf' | 'markSignedOut'>;
  readonly classic: ImageBackend;
  /** For the signed picture URLs (main process, no cookies). */
  readonly fetch: typeof fetch;
  /** Between two keep-alive visits (default: the keep-alive's). */
  readonly keepAliveIntervalMs?: number;
}

export interface FlowComposition {
  /** The backend of the account whose job runs now (and each account's own Flow backend). */
  readonly backends: AccountBackendResolver<FlowImageBackend>;
  /** For the account layer: sign-in and start-up checks on the account's hidden Flow page. */
  readonly probe: FlowAccountProbe;
  readonly keepAlive: FlowKeepAlive;
  /** Stops the keep-alive and stops following the accounts. */
  dispose(): void;
}

export function composeFlow(options: FlowCompositionOptions): FlowComposition {
  const { accounts, pages } = options;
  const pageClock = options.pageClock ?? options.clock;
  const backends = new AccountBackendResolver<FlowImageBackend>({
    activeAccountId: () => accounts.snapshot().activeAccount?.id ?? null,
    backendOf: (accountId) => accounts.backendOf(accountId),
    classic: options.classic,
    createFlow: (accountId) =>
      new FlowImageBackend({
        accountId,
        pages,
        projects: options.projects,
        diagnostics: options.diagnostics,
        fetch: options.fetch,
        clock: pageClock,
        // Flow's word only ends a session the account uses Flow for.
        onSignedOut: () => {
          if (accounts.backendOf(accountId) === 'flow') accounts.markSignedOut(accountId, FLOW_SIGNED_OUT_REASON);
        },
      }),
  });
  const probe: FlowAccountProbe = {
    check: (accountId, signal) => backends.flowFor(accountId).checkAccount(signal),
    release: async (accountId) => {
      await pages.release(accountId);
      // Its project stays remembered: the same Google account signing in again under a new id carries it.
      backends.forgetFlow(accountId);
    },
  };
  const keepAlive = new FlowKeepAlive({
    clock: options.clock,
    random: options.random,
    target: () => {
      const snapshot = accounts.snapshot();
      const active = snapshot.activeAccount;
      return active && active.backend === 'flow' && KEPT_ALIVE_STATES.has(snapshot.state) ? active.id : null;
    },
    check: (accountId, signal) => backends.flowFor(accountId).checkAccount(signal),
    ...(options.keepAliveIntervalMs === undefined ? {} : { intervalMs: options.keepAliveIntervalMs }),
  });
  // The same Google account signed in again under a new id: it keeps generating into its own project.
  const stopFollowing = accounts.onDidReplaceAccount(({ from, to }) => options.projects.carry(from, to));
  return {
    backends,
    probe,
    keepAlive,
    dispose() {
      keepAlive.stop();
      stopFollowing();
    },
  };
}

/**
 * The account layer is built before the Flow backends (which need its cookie jars), and needs their answers:
 * this stands in until {@link FlowAccountLink.connect} is called (before any window opens). Until then a
 * check says Flow is unavailable, which leaves everything as it was.
 */
export class FlowAccountLink implements FlowAccountProbe {
  #target: FlowAccountProbe | null = null;

  connect(target: FlowAccountProbe): void {
    this.#target = target;
  }

  check(accountId: string, signal?: AbortSignal): Promise<FlowAccountCheck> {
    return this.#target ? this.#target.check(accountId, signal) : Promise.resolve({ kind: 'unavailable', reason: 'FLOW_NOT_READY' });
  }

  release(accountId: string): Promise<void> {
    return this.#target ? this.#target.release(accountId) : Promise.resolve();
  }
}
