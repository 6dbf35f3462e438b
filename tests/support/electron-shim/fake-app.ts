/**
 * The fake `app`: an EventEmitter whose readiness the test controls, with paths in a temporary folder, a
 * command-line recorder, and Electron's documented "only before ready" errors.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Electron from 'electron';
import { AppPaths, isAppPathName, type AppPathName } from './app-paths.ts';
import { createPreventableEvent } from './preventable-event.ts';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const projectPackage = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  version: string;
};

/** One `appendSwitch` call, and whether it happened before `ready` (most Chromium switches only work then). */
export interface RecordedSwitch {
  readonly name: string;
  readonly value: string;
  readonly beforeReady: boolean;
}

/** `app.commandLine`: remembers switches and arguments so tests can assert what the app asked Chromium for. */
export class FakeCommandLine implements Electron.CommandLine {
  readonly switches = new Map<string, string>();
  readonly arguments: string[] = [];
  readonly history: RecordedSwitch[] = [];
  readonly #isReady: () => boolean;

  constructor(isReady: () => boolean) {
    this.#isReady = isReady;
  }

  /** Forgets every switch and argument. */
  reset(): void {
    this.switches.clear();
    this.arguments.length = 0;
    this.history.length = 0;
  }

  appendSwitch(theSwitch: string, value?: string): void {
    this.switches.set(theSwitch, value ?? '');
    this.history.push({ name: theSwitch, value: value ?? '', beforeReady: !this.#isReady() });
  }

  appendArgument(value: string): void {
    this.arguments.push(value);
  }

  hasSwitch(theSwitch: string): boolean {
    return this.switches.has(theSwitch);
  }

  getSwitchValue(theSwitch: string): string {
    return this.switches.get(theSwitch) ?? '';
  }

  removeSwitch(theSwitch: string): void {
    this.switches.delete(theSwitch);
  }
}

type AppSurface = Pick<
  Electron.App,
  | 'getPath' | 'getName' | 'setName' | 'getVersion' | 'isReady' | 'whenReady' | 'quit' | 'exit'
  | 'requestSingleInstanceLock' | 'hasSingleInstanceLock' | 'releaseSingleInstanceLock' | 'enableSandbox'
  | 'disableHardwareAcceleration' | 'getLocale' | 'getSystemLocale' | 'getAppPath' | 'setAppUserModelId'
  | 'commandLine' | 'isPackaged' | 'name'
>;

/** What the fake app needs from the rest of the shim. */
export interface FakeAppHooks {
  /** Closes every open window, as `app.quit()` does before `will-quit`. */
  closeAllWindows(): void;
}

/** The fake `app`. Not ready until the test calls `__shim.makeReady()`, exactly as a real app starts. */
export class FakeApp extends EventEmitter implements AppSurface {
  readonly commandLine: FakeCommandLine;
  isPackaged!: boolean;
  name!: string;
  /** Test control: what `requestSingleInstanceLock()` answers (false = another instance holds it). */
  singleInstanceLockAvailable!: boolean;
  sandboxEnabled!: boolean;
  hardwareAccelerationDisabled!: boolean;
  appUserModelId: string | undefined;
  quitRequests!: number;
  hasQuit!: boolean;
  exitCode: number | undefined;
  #ready!: boolean;
  #hasLock!: boolean;
  #paths!: AppPaths;
  #resolveReady!: () => void;
  #readyPromise!: Promise<void>;
  readonly #hooks: FakeAppHooks;

  constructor(hooks: FakeAppHooks) {
    super();
    this.#hooks = hooks;
    this.commandLine = new FakeCommandLine(() => this.#ready);
    this.reset();
  }

  /** Back to a freshly started, not-yet-ready app with new, empty folders and no listeners. */
  reset(): void {
    this.removeAllListeners();
    this.commandLine.reset();
    this.isPackaged = false;
    this.name = projectPackage.productName ?? projectPackage.name;
    this.singleInstanceLockAvailable = true;
    this.sandboxEnabled = false;
    this.hardwareAccelerationDisabled = false;
    this.appUserModelId = undefined;
    this.quitRequests = 0;
    this.hasQuit = false;
    this.exitCode = undefined;
    this.#ready = false;
    this.#hasLock = false;
    this.#paths = new AppPaths(() => this.name);
    this.#readyPromise = new Promise((resolve) => (this.#resolveReady = resolve));
  }

  /** Test control: emits `will-finish-launching` and `ready`, and resolves `whenReady()`. Idempotent. */
  makeReady(): void {
    if (this.#ready) return;
    this.emit('will-finish-launching');
    this.#ready = true;
    this.emit('ready', createPreventableEvent(), {});
    this.#resolveReady();
  }

  /** Test control: points `userData` (and so `sessionData` and `logs`) at `dir`, which must exist. */
  setUserDataDir(dir: string): void {
    this.#paths.set('userData', dir);
  }

  isReady(): boolean {
    return this.#ready;
  }

  whenReady(): Promise<void> {
    return this.#readyPromise;
  }

  getPath(name: AppPathName): string {
    if (!isAppPathName(name)) throw new Error(`Failed to get '${String(name)}' path`);
    return this.#paths.get(name);
  }

  setPath(name: string, value: string): void {
    if (!path.isAbsolute(value)) throw new Error('Path must be absolute');
    if (!isAppPathName(name) || !existsSync(value)) throw new Error('Failed to set path');
    this.#paths.set(name, value);
  }

  getName(): string {
    return this.name;
  }

  setName(name: string): void {
    this.name = name;
  }

  getVersion(): string {
    return projectPackage.version;
  }

  getLocale(): string {
    return 'en-US';
  }

  getSystemLocale(): string {
    return 'en-US';
  }

  getAppPath(): string {
    return projectRoot.replace(/[\\/]$/, '');
  }

  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  enableSandbox(): void {
    if (this.#ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.sandboxEnabled = true;
  }

  disableHardwareAcceleration(): void {
    if (this.#ready) throw new Error('app.disableHardwareAcceleration() can only be called before app is ready');
    this.hardwareAccelerationDisabled = true;
  }

  requestSingleInstanceLock(): boolean {
    this.#hasLock = this.singleInstanceLockAvailable;
    return this.#hasLock;
  }

  hasSingleInstanceLock(): boolean {
    return this.#hasLock;
  }

  releaseSingleInstanceLock(): void {
    this.#hasLock = false;
  }

  /** Electron's order: `before-quit` (preventable), windows close, `will-quit` (preventable), `quit`. */
  quit(): void {
    this.quitRequests += 1;
    if (this.hasQuit) return;
    const beforeQuit = createPreventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.#hooks.closeAllWindows();
    const willQuit = createPreventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.hasQuit = true;
    this.emit('quit', createPreventableEvent(), 0);
  }

  /** Records the exit code instead of ending the test process. */
  exit(exitCode = 0): void {
    this.exitCode = exitCode;
    this.hasQuit = true;
  }
}
