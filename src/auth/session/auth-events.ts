/**
 * What the auth layer reports about itself: an in-process stream (the UI and the log subscribe) and, through
 * a sink, JSON lines in a local log file. Events carry no secret — no cookie, token, or key — and name the
 * account by its opaque id, never by email.
 */

export type RefreshFailureClass = 'refresh-needed' | 'revoked' | 'transient';

export type AuthEvent =
  | { readonly type: 'auth.login'; readonly accountId: string }
  | { readonly type: 'auth.logout'; readonly accountId: string }
  | { readonly type: 'auth.refresh'; readonly accountId: string; readonly expiresAt: number | null }
  | {
      readonly type: 'auth.refresh_failed';
      readonly accountId: string;
      readonly class: RefreshFailureClass;
      /** A short, secret-free explanation (an HTTP status, "timeout", "malformed body"…). */
      readonly detail: string;
      /** When the next attempt is due, epoch ms, or `null` when none is scheduled. */
      readonly retryAt: number | null;
    }
  | { readonly type: 'auth.revoked'; readonly accountId: string }
  | { readonly type: 'vault.unreadable'; readonly accountId: string | null; readonly reason: string; readonly quarantinedTo: string | null }
  | { readonly type: 'vault.migrated'; readonly accountId: string; readonly from: 'legacy-cryptojs' }
  /** Legacy data that was not migrated, set aside in quarantine (`quarantinedTo`) — never trusted. */
  | { readonly type: 'vault.legacy_rejected'; readonly reason: string; readonly quarantinedTo: string | null };

export type AuthEventType = AuthEvent['type'];

/** A listener-based event stream; `emit` stamps nothing, sinks add the time. */
export class AuthEventStream {
  readonly #listeners = new Set<(event: AuthEvent) => void>();

  /** Subscribes; returns the unsubscribe function. */
  onDidEmit(listener: (event: AuthEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: AuthEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not stop the others or the auth flow that emitted the event.
      }
    }
  }
}
