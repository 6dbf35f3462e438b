/**
 * A signed-in `SecureSessionManager` for the network benchmarks, wired as the app wires it: the real
 * `SessionClient` (global fetch, routed to the emulator) and the real `SessionVault` on conf-backed stores
 * with a TestCipher keychain. Sign-in mirrors the app: the emulator issues a labs.google session cookie (as
 * the login window would harvest it), the client validates it, the manager stores it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AuthEventStream } from '../src/auth/session/auth-events.ts';
import { SecureSessionManager } from '../src/auth/session/secure-session-manager.ts';
import { SessionClient } from '../src/auth/session/session-client.ts';
import { SessionVault } from '../src/auth/vault/session-vault.ts';
import type { Clock } from '../src/core/clock.ts';
import { FileQuarantine } from '../src/core/file-quarantine.ts';
import type { Emulator } from '../tests/support/emulator/index.ts';
import { signInOnEmulator } from '../tests/support/emulator-sign-in.ts';
import { TestCipher } from '../tests/support/test-cipher.ts';
import { BENCH_ACCOUNT_ID, openBenchStore } from './session-fixtures.ts';

export interface BenchSession {
  readonly manager: SecureSessionManager;
  readonly client: SessionClient;
  /** The `Cookie` header the emulator issued (what a caller of the library directly would hold). */
  readonly cookieHeader: string;
}

/** Signs the emulator's default account in and stores the session in a vault under `userData`. */
export async function signedInSession(emu: Emulator, clock: Clock, userData: string): Promise<BenchSession> {
  const quarantine = new FileQuarantine({ directory: path.join(userData, 'vault-quarantine'), clock });
  const events = new AuthEventStream();
  const vault = await SessionVault.open({
    cipher: new TestCipher({ key: randomBytes(32) }),
    store: openBenchStore(userData, 'session-vault', quarantine),
    settings: openBenchStore(userData, 'account-settings', quarantine),
    quarantine,
    events,
  });
  const client = new SessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock });
  const manager = new SecureSessionManager({ store: vault, client, clock, random: () => 0.5, events });
  const { issued } = await signInOnEmulator({ emu, client, manager, clock, accountId: BENCH_ACCOUNT_ID });
  return { manager, client, cookieHeader: issued.cookieHeader };
}
