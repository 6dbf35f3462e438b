/**
 * The app's {@link KeyValueStore}: an electron-store file in a folder the composition root names
 * (normally `app.getPath('userData')`), mode 0600, written atomically. See `conf-key-value-store.ts`.
 */
import path from 'node:path';
import ElectronStore from 'electron-store';
import { CONF_STORE_OPTIONS, openConfKeyValueStore, type KeyValueStore, type Quarantine } from '../../core/index.ts';

export interface ElectronKeyValueStoreOptions {
  /** File name without extension, e.g. `session-vault`. */
  readonly name: string;
  /** Absolute folder for the file, e.g. `app.getPath('userData')`. */
  readonly cwd: string;
  /** Where an unparseable file is moved before the store starts empty. */
  readonly quarantine: Quarantine;
}

export function openElectronKeyValueStore(options: ElectronKeyValueStoreOptions): KeyValueStore {
  const { name, cwd, quarantine } = options;
  return openConfKeyValueStore({
    filePath: path.join(cwd, `${name}.json`),
    quarantine,
    open: () => new ElectronStore<Record<string, unknown>>({ name, cwd, ...CONF_STORE_OPTIONS }),
  });
}
