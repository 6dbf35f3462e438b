/**
 * A signed-in session for image-service tests: the real `SecureSessionManager` and `SessionClient`
 * against the emulator, on a fake clock the emulator shares (so token lifetimes and our waits agree).
 *
 * Signing in mirrors the app: the emulator issues a labs.google session cookie (as the login window would
 * harvest it), the session client validates it at /fx/api/auth/session, and the manager stores it.
 */
import { AuthEventStream } from '../../src/auth/session/auth-events.ts';
import { SecureSessionManager } from '../../src/auth/session/secure-session-manager.ts';
import { SessionClient } from '../../src/auth/session/session-client.ts';
import type { Emulator } from './emulator/index.ts';
import { signInOnEmulator } from './emulator-sign-in.ts';
import type { FakeClock } from './fake-clock.ts';
import { MemorySessionStore } from './imagefx-memory-session-store.ts';

export const TEST_ACCOUNT_ID = 'account-1';

export interface ImageSessionFixture {
  readonly manager: SecureSessionManager;
  readonly store: MemorySessionStore;
  /** Signs the default account in again (a new emulator session), as after the user re-signs in. */
  signIn(): Promise<SignedInSession>;
}

/** The secrets of the current test session, so tests can check they never leak. */
export interface SignedInSession {
  readonly cookieValue: string;
  readonly accessToken: string;
}

/** Builds a session manager on `clock`, talking to `emu` through the routed global fetch. */
export function createImageSessionFixture(emu: Emulator, clock: FakeClock): ImageSessionFixture {
  const store = new MemorySessionStore();
  const client = new SessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock });
  const manager = new SecureSessionManager({ store, client, clock, random: () => 0.5, events: new AuthEventStream() });

  async function signIn(): Promise<SignedInSession> {
    const { issued, accessToken } = await signInOnEmulator({ emu, client, manager, clock, accountId: TEST_ACCOUNT_ID });
    return { cookieValue: issued.sessionToken, accessToken };
  }

  return { manager, store, signIn };
}
