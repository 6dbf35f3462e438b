/**
 * Where the fake `app.getPath()` points: every path lives in one temporary folder per test file, with a
 * fresh sub-folder after each `__shim.reset()`, so no test ever touches the real home folder or another
 * test's files. tests/support/test-file-setup.ts removes the folder after each file's tests (vitest ends its
 * worker processes without running their `exit` handlers, so those cannot be relied on).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Electron from 'electron';

/** Every name `app.getPath()` accepts in Electron 45. */
export type AppPathName = Parameters<Electron.App['getPath']>[0];

export const APP_PATH_NAMES: readonly AppPathName[] = [
  'home', 'appData', 'assets', 'userData', 'sessionData', 'temp', 'exe', 'module', 'desktop', 'documents',
  'downloads', 'music', 'pictures', 'videos', 'recent', 'logs', 'crashDumps',
];

let processRoot: string | undefined;
let generation = 0;

function rootForProcess(): string {
  processRoot ??= mkdtempSync(path.join(tmpdir(), 'imagefx-electron-shim-'));
  return processRoot;
}

/** Removes the folder with every path handed out so far; the next `AppPaths` starts a new one. */
export function removeAppPathsRoot(): void {
  if (!processRoot) return;
  rmSync(processRoot, { recursive: true, force: true });
  processRoot = undefined;
}

/** The app's special folders, laid out as Electron does on Linux (`userData` = `appData/<name>`). */
export class AppPaths {
  readonly #overrides = new Map<AppPathName, string>();
  readonly #base: string;
  readonly #appName: () => string;

  constructor(appName: () => string) {
    this.#appName = appName;
    generation += 1;
    this.#base = path.join(rootForProcess(), `run-${generation}`);
    mkdirSync(path.join(this.#base, 'appData', appName()), { recursive: true });
    mkdirSync(path.join(this.#base, 'temp'), { recursive: true });
  }

  get(name: AppPathName): string {
    const override = this.#overrides.get(name);
    if (override) return override;
    const home = path.join(this.#base, 'home');
    switch (name) {
      case 'home':
        return home;
      case 'appData':
        return path.join(this.#base, 'appData');
      case 'userData':
        return path.join(this.get('appData'), this.#appName());
      case 'sessionData':
        return this.get('userData');
      case 'logs':
        return path.join(this.get('userData'), 'logs');
      case 'crashDumps':
        return path.join(this.get('userData'), 'Crashpad');
      case 'temp':
        return path.join(this.#base, 'temp');
      case 'exe':
        return process.execPath;
      case 'module':
        return process.execPath;
      case 'assets':
        return path.join(this.#base, 'resources');
      case 'recent':
        return path.join(home, 'Recent');
      default: {
        // desktop, documents, downloads, music, pictures, videos: the XDG folders under home.
        const folder = name.charAt(0).toUpperCase() + name.slice(1);
        return path.join(home, folder);
      }
    }
  }

  set(name: AppPathName, value: string): void {
    this.#overrides.set(name, value);
  }
}

/** Type guard for the names `app.getPath()` knows. */
export function isAppPathName(name: string): name is AppPathName {
  return (APP_PATH_NAMES as readonly string[]).includes(name);
}
