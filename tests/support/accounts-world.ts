/**
 * The account stack wired as the composition root wires it — SafeStorageCipher over the shim's
 * safeStorage, the vault's electron-store files (the `account-settings` store shared with the manager),
 * SessionClient through the routed global fetch, SecureSessionManager with the hidden-surface
 * re-authenticator, PersistentAccountManager — over any login-surface provider, on a fake clock the
 * emulator shares. `restart()` builds everything again over the same files, as a new app run would.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, safeStorage } from 'electron';
import { AuthEventStream, type AuthEvent } from '../../src/auth/session/auth-events.ts';
import type { LoginSurfaceProvider } from '../../src/auth/login/login-surface.ts';
import type { FlowAccountProbe } from '../../src/auth/login/flow-sign-in-watch.ts';
import { PartitionCookieJar, withRestoredJars, type PartitionCookies } from '../../src/auth/login/partition-cookie-jar.ts';
import { LoginSettings } from '../../src/auth/login/login-settings.ts';
import { PersistentAccountManager } from '../../src/auth/accounts/persistent-account-manager.ts';
import { SecureSessionManager } from '../../src/auth/session/secure-session-manager.ts';
import { SessionClient, type SessionOutcome } from '../../src/auth/session/session-client.ts';
import type { SessionCookie } from '../../src/auth/session/session-record.ts';
import { SessionVault } from '../../src/auth/vault/session-vault.ts';
import { HiddenSurfaceReauthenticator } from '../../src/auth/login/silent-reauthenticator.ts';
import type { KeyValueStore } from '../../src/core/key-value-store.ts';
import { openElectronKeyValueStore } from '../../src/app/electron/electron-store-adapter.ts';
import { FileQuarantine } from '../../src/core/file-quarantine.ts';
import { SafeStorageCipher } from '../../src/app/electron/safe-storage-cipher.ts';
import type { AuthSnapshot } from '../../src/shared/auth-schemas.ts';
import { __shim } from './electron-shim.ts';
import type { FakeClock } from './fake-clock.ts';

/** The real SessionClient, remembering each call's outcome so a test can wait for a check to finish. */
export class RecordingSessionClient extends SessionClient {
  readonly outcomes: Promise<SessionOutcome>[] = [];

  override fetchSession(cookies: readonly SessionCookie[], signal?: AbortSignal): Promise<SessionOutcome> {
    const outcome = super.fetchSession(cookies, signal);
    this.outcomes.push(outcome);
    return outcome;
  }
}

export interface AccountsWorldOptions {
  readonly clock: FakeClock;
  readonly surfaces: LoginSurfaceProvider;
  readonly signInUrl?: string;
  readonly signInIdleTimeoutMs?: number;
  readonly silentSignInTimeoutMs?: number;
  /** The partitions' cookies: given, accounts keep their partition cookie jar in the vault, as in the app. */
  readonly partitions?: PartitionCookies;
  /** Opens Flow on an account's partition: given, sign-in starts on flow.google.com and detects the backend. */
  readonly flow?: FlowAccountProbe;
  /**
   * Start over the shim as it is — the same userData, keychain and files — instead of resetting it: the app
   * starting again on the same machine after the last run's objects were disposed.
   */
  readonly resume?: boolean;
}

export class AccountsWorld {
  readonly options: AccountsWorldOptions;
  readonly clock: FakeClock;
  readonly userData: string;
  readonly events = new AuthEventStream();
  /** Every auth event and every snapshot the manager emitted, across restarts. */
  readonly emittedEvents: AuthEvent[] = [];
  readonly emittedSnapshots: AuthSnapshot[] = [];
  client!: RecordingSessionClient;
  vault!: SessionVault;
  settings!: KeyValueStore;
  login!: LoginSettings;
  sessions!: SecureSessionManager;
  manager!: PersistentAccountManager;
  jars: PartitionCookieJar | null = null;

  private constructor(options: AccountsWorldOptions) {
    this.options = options;
    this.clock = options.clock;
    if (!options.resume) {
      __shim.reset();
      __shim.makeReady();
    }
    this.userData = app.getPath('userData');
    this.events.onDidEmit((event) => this.emittedEvents.push(event));
  }

  /** A fresh userData folder, everything built and `initialize()`d. */
  static async start(options: AccountsWorldOptions): Promise<AccountsWorld> {
    const world = new AccountsWorld(options);
    await world.#build();
    return world;
  }

  /** Stops this run's objects and builds new ones over the same files (a restart), then initializes. */
  async restart(): Promise<void> {
    this.dispose();
    await this.#build();
  }

  dispose(): void {
    this.manager.dispose();
    this.sessions.dispose();
    this.jars?.dispose();
  }

  /** The vault file's text, for "no secret on disk" checks. */
  vaultFileText(): string {
    return readFileSync(path.join(this.userData, 'session-vault.json'), 'utf8');
  }

  async #build(): Promise<void> {
    const { clock } = this.options;
    const quarantine = new FileQuarantine({ directory: path.join(this.userData, 'vault-quarantine'), clock });
    const store = openElectronKeyValueStore({ name: 'session-vault', cwd: this.userData, quarantine });
    this.settings = openElectronKeyValueStore({ name: 'account-settings', cwd: this.userData, quarantine });
    const cipher = new SafeStorageCipher({ safeStorage, platform: 'linux' });
    this.vault = await SessionVault.open({ cipher, store, settings: this.settings, quarantine, events: this.events });
    this.client = new RecordingSessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock });
    this.login = new LoginSettings(this.settings);
    const { partitions } = this.options;
    this.jars = partitions ? new PartitionCookieJar({ partitions, store: this.vault, clock }) : null;
    const surfaces = this.jars ? withRestoredJars(this.options.surfaces, this.jars) : this.options.surfaces;
    const reauthenticator = new HiddenSurfaceReauthenticator({
      surfaces,
      client: this.client,
      clock,
      policy: () => this.login.policy(),
      timeoutMs: this.options.silentSignInTimeoutMs,
    });
    this.sessions = new SecureSessionManager({
      store: this.vault, client: this.client, clock, random: () => 0.5, events: this.events, reauthenticator,
    });
    this.manager = new PersistentAccountManager({
      sessions: this.sessions,
      directory: this.vault,
      surfaces,
      ...(this.jars ? { jars: this.jars } : {}),
      ...(this.options.flow ? { flow: this.options.flow } : {}),
      client: this.client,
      settings: this.settings,
      login: this.login,
      clock,
      randomBytes: (size) => randomBytes(size),
      signInIdleTimeoutMs: this.options.signInIdleTimeoutMs,
      signInUrl: this.options.signInUrl,
    });
    this.manager.onDidChange((snapshot) => this.emittedSnapshots.push(snapshot));
    await this.manager.initialize();
  }
}
