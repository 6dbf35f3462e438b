/**
 * {@link KeyValueStore} over a `conf` store (electron-store is a `conf` subclass; the kill-soak child uses
 * `conf` directly because it runs without Electron). What this adds to conf:
 *
 * - a store file that does not parse is moved to quarantine before conf opens it, never silently reset
 *   (conf throws a `SyntaxError` with `clearInvalidConfig: false`, and would wipe the file with `true`;
 *   JSON that is not an object, e.g. `null`, conf reads as an empty store and overwrites on the next write);
 * - the temporary files conf's atomic writer (`atomically`) leaves behind when the process is killed
 *   mid-write are removed on open (they hold an older copy of the same data). Safe because the app holds
 *   Electron's single-instance lock, so no other process writes these files. Stores opened in the same
 *   synchronous stretch share one listing of their folder;
 * - reads come from one parse of the file, made when the store opens (the same parse that checks the file
 *   is usable), not from a fresh read and parse on every `get` as conf does without its `cache` option.
 *   Before answering, a `get` compares the file's identity (inode, size, modification and change times) with
 *   the one it parsed, and parses the file again when it changed, so a write made through another store
 *   object (or another process) is still seen. `get` hands out a copy, as a fresh parse would.
 * - conf itself is only constructed for the first write or delete. With these options (no schema, no
 *   defaults, no migrations) its constructor does nothing but read and parse the file once more, so the
 *   writes are still conf's own: atomic (`atomically`, fsync'd), mode 0600.
 */
import { readdirSync, readFileSync, rmSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Quarantine } from './file-quarantine.ts';
import type { KeyValueStore } from './key-value-store.ts';

/** The part of a `conf` instance this adapter uses. */
export interface ConfStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/**
 * The `conf` options every store of this app uses: owner-only file mode (conf applies it, minus the umask,
 * with `chmod` on every write), throw on unparseable files instead of wiping them, keys taken literally
 * (account ids are not dot paths), no file watcher. No `schema`, `defaults` or `migrations`: conf then skips
 * its validator (ajv) and migration bookkeeping entirely.
 */
export const CONF_STORE_OPTIONS = {
  configFileMode: 0o600,
  clearInvalidConfig: false,
  accessPropertiesByDotNotation: false,
  watch: false,
} as const;

export interface ConfKeyValueStoreOptions {
  /** The file `open` will use: `<cwd>/<name>.json`. */
  readonly filePath: string;
  /** Creates the conf instance: called once, on the first write or delete, never just to read. */
  readonly open: () => ConfStore;
  readonly quarantine: Quarantine;
}

/** Opens the store, quarantining an unparseable file first; see the module comment. */
export function openConfKeyValueStore(options: ConfKeyValueStoreOptions): KeyValueStore {
  const { filePath, quarantine } = options;
  const label = path.basename(filePath, path.extname(filePath));
  removeStaleTempFiles(filePath);
  let snapshot = readSnapshot(filePath);
  let quarantinedTo: string | null = null;
  if (snapshot === 'unusable') {
    quarantinedTo = quarantine.moveAside(label, filePath);
    snapshot = readSnapshot(filePath);
    if (snapshot === 'unusable') throw new SyntaxError(`The store file ${filePath} is not valid JSON.`);
  }
  return new ConfKeyValueStore(options, snapshot, quarantinedTo);
}

/** What the file held when it was last parsed, and which file that was. */
interface Snapshot {
  /** `null` when there was no file. */
  readonly identity: string | null;
  readonly store: Readonly<Record<string, unknown>>;
}

class ConfKeyValueStore implements KeyValueStore {
  readonly quarantinedOnOpen: string | null;
  readonly #options: ConfKeyValueStoreOptions;
  #snapshot: Snapshot | null;
  #conf: ConfStore | null = null;

  constructor(options: ConfKeyValueStoreOptions, snapshot: Snapshot, quarantinedTo: string | null) {
    this.#options = options;
    this.#snapshot = snapshot;
    this.quarantinedOnOpen = quarantinedTo;
  }

  get(key: string): unknown {
    const value = this.#current().store[key];
    return value === undefined ? undefined : structuredClone(value);
  }

  set(key: string, value: unknown): void {
    this.#write((conf) => conf.set(key, value));
  }

  delete(key: string): void {
    this.#write((conf) => conf.delete(key));
  }

  /** The parsed file, parsed again when the file is no longer the one parsed (conf's read: SyntaxError when it does not parse). */
  #current(): Snapshot {
    const identity = fileIdentity(this.#options.filePath);
    if (this.#snapshot && this.#snapshot.identity === identity) return this.#snapshot;
    const snapshot = readSnapshot(this.#options.filePath);
    if (snapshot === 'unusable') {
      this.#snapshot = null;
      throw new SyntaxError(`The store file ${this.#options.filePath} is not valid JSON.`);
    }
    this.#snapshot = snapshot;
    return snapshot;
  }

  #write(change: (conf: ConfStore) => void): void {
    // Whatever happens, the next read parses the file as the write left it.
    this.#snapshot = null;
    change(this.#openConf());
  }

  #openConf(): ConfStore {
    // A file that stopped parsing after the store opened makes conf throw a SyntaxError here, as conf's own
    // `set` did on such a file before conf was opened lazily: nothing is wiped, and `get` throws the same.
    this.#conf ??= this.#options.open();
    return this.#conf;
  }
}

/** Parses the store file: an empty store when there is none, `unusable` when it is not a JSON object. */
function readSnapshot(filePath: string): Snapshot | 'unusable' {
  // The identity is taken before the read: a write in between makes the next `get` parse again, never miss it.
  const identity = fileIdentity(filePath);
  if (identity === null) return { identity, store: {} };
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { identity: null, store: {} };
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? { identity, store: parsed as Record<string, unknown> }
      : 'unusable';
  } catch {
    return 'unusable';
  }
}

/** Which file is at `filePath` now (an atomic write replaces it, so its inode changes), or `null` for none. */
function fileIdentity(filePath: string): string | null {
  const stats: Stats | undefined = statSync(filePath, { throwIfNoEntry: false });
  if (!stats) return null;
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/**
 * Folder listings taken in the current synchronous stretch. The app opens its stores one after another
 * without yielding (`account-settings` and `session-vault` live in the same folder), so they share one
 * listing; the memo is dropped at the next microtask checkpoint. In between, nothing but this process's own
 * synchronous writes touches the folder, and those leave no temporary files behind unless the process dies.
 */
const listings = new Map<string, readonly string[]>();

function listFolder(directory: string): readonly string[] {
  const cached = listings.get(directory);
  if (cached) return cached;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    names = [];
  }
  if (listings.size === 0) queueMicrotask(() => listings.clear());
  listings.set(directory, names);
  return names;
}

/** `atomically` names its temporary file `<file>.tmp-<10 digits><6 hex>`. */
function removeStaleTempFiles(filePath: string): void {
  const directory = path.dirname(filePath);
  const prefix = `${path.basename(filePath)}.tmp-`;
  for (const name of listFolder(directory)) {
    if (name.startsWith(prefix) && /^\d{10}[0-9a-f]{6}$/.test(name.slice(prefix.length))) {
      rmSync(path.join(directory, name), { force: true });
    }
  }
}
