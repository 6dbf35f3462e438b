/**
 * Picks the backend per account: the classic one (it works through the active account's labs.google
 * session) or that account's own Flow backend, made on first use and kept — one hidden Flow page and one
 * generation in flight per account. Which backend an account uses is the caller's knowledge (detected after
 * sign-in and remembered by the account side); this only follows it, job by job.
 */
import type { ImageBackendId } from '../../shared/generation-options.ts';
import type { BackendResolver, ImageBackend } from './image-backend.ts';

export interface AccountBackendResolverOptions<F extends ImageBackend> {
  /** The account whose jobs run now, or `null` when signed out (the classic backend then asks for sign-in). */
  readonly activeAccountId: () => string | null;
  /** The backend this account uses. */
  readonly backendOf: (accountId: string) => ImageBackendId;
  readonly classic: ImageBackend;
  /** Makes the Flow backend of one account (called once per account). */
  readonly createFlow: (accountId: string) => F;
}

export class AccountBackendResolver<F extends ImageBackend = ImageBackend> implements BackendResolver {
  readonly #options: AccountBackendResolverOptions<F>;
  readonly #flow = new Map<string, F>();

  constructor(options: AccountBackendResolverOptions<F>) {
    this.#options = options;
  }

  async current(): Promise<ImageBackend> {
    const accountId = this.#options.activeAccountId();
    if (accountId === null || this.#options.backendOf(accountId) === 'classic') return this.#options.classic;
    return this.flowFor(accountId);
  }

  /** The account's own Flow backend (made on first use, then kept): jobs, sign-in checks and keep-alive share its page. */
  flowFor(accountId: string): F {
    let backend = this.#flow.get(accountId);
    if (!backend) {
      backend = this.#options.createFlow(accountId);
      this.#flow.set(accountId, backend);
    }
    return backend;
  }

  /** Drops the account's Flow backend (the account was removed; its page is closed by the caller). */
  forgetFlow(accountId: string): void {
    this.#flow.delete(accountId);
  }
}
