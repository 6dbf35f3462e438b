/**
 * {@link KeyValueStore} over a `conf` store (electron-store is a `conf` subclass; the kill-soak child uses
 * `conf` directly because it runs without Electron). What this adds to conf:
 *
 * - a store file that does not parse is moved to quarantine before conf opens it, never silently reset
 *   (conf throws a `SyntaxError` with `clearInvalidConfig: false`, and would wipe the file with `true`;
 *   JSON that is not an object, e.g. `null`, conf reads as an empty store and overwrites on the next write);
 * - the temporary files conf's atomic writer (`atomically`) leaves behind when the process is killed
 *   mid-write are removed on open (they hold an older copy of the same data). Safe because the app holds
 *   Electron's single-instance lock, so no other process writes these files.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
 * (account ids are not dot paths), no file watcher.
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
  /** Creates the conf instance (called once, or twice when the first attempt finds an unparseable file). */
  readonly open: () => ConfStore;
  readonly quarantine: Quarantine;
}

/** Opens the store, quarantining an unparseable file first; see the module comment. */
export function openConfKeyValueStore(options: ConfKeyValueStoreOptions): KeyValueStore {
  const { filePath, quarantine } = options;
  const label = path.basename(filePath, path.extname(filePath));
  removeStaleTempFiles(filePath);
  let quarantinedTo = isUsableStoreFile(filePath) ? null : quarantine.moveAside(label, filePath);
  let conf: ConfStore;
  try {
    conf = options.open();
  } catch (error) {
    // The file changed between the check and the open; same treatment.
    if ((error as Error | undefined)?.name !== 'SyntaxError') throw error;
    quarantinedTo = quarantine.moveAside(label, filePath);
    conf = options.open();
  }
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
    quarantinedOnOpen: quarantinedTo,
  };
}

function isUsableStoreFile(filePath: string): boolean {
  if (!existsSync(filePath)) return true;
  try {
    const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8').replace(/^\uFEFF/, ''));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** `atomically` names its temporary file `<file>.tmp-<10 digits><6 hex>`. */
function removeStaleTempFiles(filePath: string): void {
  const directory = path.dirname(filePath);
  if (!existsSync(directory)) return;
  const prefix = `${path.basename(filePath)}.tmp-`;
  for (const name of readdirSync(directory)) {
    if (name.startsWith(prefix) && /^\d{10}[0-9a-f]{6}$/.test(name.slice(prefix.length))) {
      rmSync(path.join(directory, name), { force: true });
    }
  }
}
