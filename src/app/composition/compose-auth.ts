/**
 * The composition root's auth half: builds, once, everything that keeps the session — the auth event
 * stream and its log file, the vault (safeStorage cipher, electron-store files, quarantine), the one-time
 * legacy migration, the session client, SecureSessionManager with the silent re-sign-in, the accounts'
 * partition cookie jars, and the PersistentAccountManager on Electron login windows (asking Flow through
 * the given probe, which main.ts connects to the Flow backends once they exist). Called by main.ts after `ready` (safeStorage and
 * sessions are not usable before). Everything is passed in; nothing here is a module singleton.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { BrowserWindow, SafeStorage, WebContents } from 'electron';
import { ActiveAccountSetting, createAccountId, PersistentAccountManager } from '../../auth/accounts/index.ts';
import { AUTH_EVENT_LOG_FILE_NAME, AuthEventLog, AuthEventStream, SecureSessionManager, SessionClient } from '../../auth/session/index.ts';
import { LEGACY_STORE_NAME, legacyPassphrases, migrateLegacySession, SessionVault } from '../../auth/vault/index.ts';
import {
  HiddenSurfaceReauthenticator, LoginSettings, PartitionCookieJar, withRestoredJars, type FlowAccountProbe, type LoginPolicy,
} from '../../auth/login/index.ts';
import { FileQuarantine, LogFileAppender, type Clock, type KeyValueStore, type Quarantine } from '../../core/index.ts';
import { openElectronKeyValueStore } from '../electron/electron-store-adapter.ts';
import { ElectronLoginSurfaceProvider } from '../electron/electron-login-surface.ts';
import { ElectronPartitionCookies, type PartitionSessions } from '../electron/electron-partition-cookies.ts';
import { SafeStorageCipher } from '../electron/safe-storage-cipher.ts';

export interface AuthCompositionOptions {
  readonly userDataPath: string;
  readonly clock: Clock;
  /** Uniform in [0, 1): refresh jitter. */
  readonly random: () => number;
  readonly safeStorage: SafeStorage;
  /** Electron's `session` module: the accounts' in-memory sign-in partitions. */
  readonly sessions: PartitionSessions;
  /** `process.platform`. */
  readonly platform: NodeJS.Platform;
  /** For the legacy migration's passphrase (`app.getName()`, `app.getVersion()`). */
  readonly appName: string;
  readonly appVersion: string;
  /** The window visible sign-in windows are modal over. */
  readonly parentWindow: () => BrowserWindow | null;
  /** Whether sign-in windows may open DevTools (development builds only). */
  readonly devTools: boolean;
  /** Registers each login window with the app's contents guard before it loads anything. */
  readonly registerLoginContents: (contents: WebContents, policy: LoginPolicy) => void;
  /** Flow on an account's hidden page (sign-in starts on flow.google.com; backends are detected). */
  readonly flow: FlowAccountProbe;
}

export interface AuthComposition {
  readonly events: AuthEventStream;
  readonly vault: SessionVault;
  readonly sessions: SecureSessionManager;
  readonly accounts: PersistentAccountManager;
  readonly login: LoginSettings;
  /**
   * The accounts' partition cookie jars. Anything that opens a window on an account's partition
   * (`loginPartition(id)`) outside the login surfaces must `await jars.restore(id)` before it loads a page.
   */
  readonly jars: PartitionCookieJar;
  /** Stops timers and listeners; resolves once pending cookie-jar captures are sealed. */
  dispose(): Promise<void>;
}

export async function composeAuth(options: AuthCompositionOptions): Promise<AuthComposition> {
  const { userDataPath, clock } = options;
  const events = new AuthEventStream();
  const log = new AuthEventLog({ appender: new LogFileAppender(path.join(userDataPath, 'logs', AUTH_EVENT_LOG_FILE_NAME)), clock });
  const stopLogging = log.attach(events);

  const quarantine = new FileQuarantine({ directory: path.join(userDataPath, 'vault-quarantine'), clock });
  const accountSettings = openElectronKeyValueStore({ name: 'account-settings', cwd: userDataPath, quarantine });
  const vault = await SessionVault.open({
    cipher: new SafeStorageCipher({ safeStorage: options.safeStorage, platform: options.platform }),
    store: openElectronKeyValueStore({ name: 'session-vault', cwd: userDataPath, quarantine }),
    settings: accountSettings,
    quarantine,
    events,
  });
  const client = new SessionClient({ fetch: (input, init) => globalThis.fetch(input, init), clock });
  await migrateLegacy(options, { vault, accountSettings, events, client, quarantine });

  const login = new LoginSettings(accountSettings);
  const jars = new PartitionCookieJar({ partitions: new ElectronPartitionCookies(options.sessions), store: vault, clock });
  const electronSurfaces = new ElectronLoginSurfaceProvider({
    parentWindow: options.parentWindow,
    platform: options.platform,
    devTools: options.devTools,
    clock,
    registerContents: options.registerLoginContents,
  });
  // Every sign-in window, visible or hidden, starts from the account's sealed jar.
  const surfaces = withRestoredJars(electronSurfaces, jars);
  const sessions = new SecureSessionManager({
    store: vault,
    client,
    clock,
    random: options.random,
    events,
    reauthenticator: new HiddenSurfaceReauthenticator({ surfaces, client, clock, policy: () => login.policy() }),
  });
  const accounts = new PersistentAccountManager({
    sessions,
    directory: vault,
    surfaces,
    jars,
    flow: options.flow,
    client,
    settings: accountSettings,
    login,
    clock,
    randomBytes,
  });
  await accounts.initialize();
  return {
    events,
    vault,
    sessions,
    accounts,
    login,
    jars,
    async dispose() {
      accounts.dispose();
      sessions.dispose();
      await jars.flush();
      jars.dispose();
      stopLogging();
    },
  };
}

/**
 * Moves a session kept by the old crypto-js recipe into the vault (once, after labs.google confirms it),
 * and makes it the active account when none is. Anything else is quarantined and reported; a vault that
 * refuses the save (e.g. a changed keychain backend) or an unreachable labs.google leaves the legacy entry
 * for the next start. The app starts signed out either way.
 */
async function migrateLegacy(
  options: AuthCompositionOptions,
  parts: {
    readonly vault: SessionVault;
    readonly accountSettings: KeyValueStore;
    readonly events: AuthEventStream;
    readonly client: SessionClient;
    readonly quarantine: Quarantine;
  },
): Promise<void> {
  const { vault, accountSettings, events, client, quarantine } = parts;
  const legacyStore = openElectronKeyValueStore({ name: LEGACY_STORE_NAME, cwd: options.userDataPath, quarantine });
  try {
    const result = await migrateLegacySession({
      legacyStore,
      vault,
      events,
      clock: options.clock,
      passphrases: legacyPassphrases({ appName: options.appName, appVersions: [options.appVersion], userDataPath: options.userDataPath }),
      client,
      quarantine,
      // Account ids are random (see account-registry.ts), as for a fresh sign-in.
      accountIdFor: () => createAccountId(randomBytes),
    });
    const active = new ActiveAccountSetting(accountSettings);
    if (result.status === 'migrated' && active.get() === null) active.set(result.accountId);
  } catch {
    // Reported by the vault's own events (vault.unreadable / backend change); retried at the next start.
  }
}
