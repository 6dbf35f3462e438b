/**
 * The fakes for Electron's desktop-integration modules: `shell`, `clipboard` (with `ClipboardItem`), `dialog`, `powerMonitor`, `nativeTheme`,
 * `contextBridge` and `Menu`. Each records what the app asked for; dialogs answer from a queue the test
 * fills (or "cancelled" by default); the event emitters are emitted by tests directly.
 */
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';

/** The fake `shell`: records what the app would have opened. Nothing leaves the process. */
export class FakeShell implements Pick<Electron.Shell, 'openExternal' | 'openPath' | 'showItemInFolder' | 'trashItem' | 'beep'> {
  readonly openedExternal: { url: string; options?: Electron.OpenExternalOptions }[] = [];
  readonly openedPaths: string[] = [];
  readonly shownInFolder: string[] = [];
  readonly trashed: string[] = [];

  reset(): void {
    this.openedExternal.length = 0;
    this.openedPaths.length = 0;
    this.shownInFolder.length = 0;
    this.trashed.length = 0;
  }

  openExternal(url: string, options?: Electron.OpenExternalOptions): Promise<void> {
    this.openedExternal.push(options ? { url, options } : { url });
    return Promise.resolve();
  }

  /** Resolves with `''` (success), as Electron does when the path opened. */
  openPath(path: string): Promise<string> {
    this.openedPaths.push(path);
    return Promise.resolve('');
  }

  showItemInFolder(fullPath: string): void {
    this.shownInFolder.push(fullPath);
  }

  trashItem(path: string): Promise<void> {
    this.trashed.push(path);
    return Promise.resolve();
  }

  beep(): void {}
}

/** The fake `ClipboardItem`: keeps its entries (Electron 45's clipboard takes W3C-style items). */
export class FakeClipboardItem {
  readonly items: Readonly<Record<string, unknown>>;

  constructor(items: Record<string, unknown>) {
    this.items = items;
  }

  get types(): string[] {
    return Object.keys(this.items);
  }
}

/** The fake `clipboard`: records each write, as `{ type, bytes }` per entry whose payload is a Blob. */
export class FakeClipboard implements Pick<Electron.Clipboard, 'write' | 'writeText'> {
  readonly written: { type: string; bytes: Uint8Array }[][] = [];
  text = '';

  reset(): void {
    this.written.length = 0;
    this.text = '';
  }

  async write(data: Electron.ClipboardItem[]): Promise<void> {
    const entries: { type: string; bytes: Uint8Array }[] = [];
    for (const item of data as unknown as FakeClipboardItem[]) {
      for (const [type, payload] of Object.entries(item.items)) {
        if (payload instanceof Blob) entries.push({ type, bytes: new Uint8Array(await payload.arrayBuffer()) });
      }
    }
    this.written.push(entries);
  }

  writeText(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }
}

type DialogMethod = 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox' | 'showErrorBox';

/** The fake `dialog`: records each call; answers come from `respondWith` or default to "cancelled". */
export class FakeDialog {
  readonly calls: { method: DialogMethod; options: unknown }[] = [];
  readonly #responses = new Map<DialogMethod, unknown[]>();

  reset(): void {
    this.calls.length = 0;
    this.#responses.clear();
  }

  /** Queues the answer for the next call of `method`. */
  respondWith(method: 'showOpenDialog', value: Electron.OpenDialogReturnValue): void;
  respondWith(method: 'showSaveDialog', value: Electron.SaveDialogReturnValue): void;
  respondWith(method: 'showMessageBox', value: Electron.MessageBoxReturnValue): void;
  respondWith(method: DialogMethod, value: unknown): void {
    const queue = this.#responses.get(method) ?? [];
    queue.push(value);
    this.#responses.set(method, queue);
  }

  showOpenDialog(...args: unknown[]): Promise<Electron.OpenDialogReturnValue> {
    return Promise.resolve(this.#answer('showOpenDialog', args, { canceled: true, filePaths: [] }));
  }

  showSaveDialog(...args: unknown[]): Promise<Electron.SaveDialogReturnValue> {
    return Promise.resolve(this.#answer('showSaveDialog', args, { canceled: true, filePath: '' }));
  }

  showMessageBox(...args: unknown[]): Promise<Electron.MessageBoxReturnValue> {
    return Promise.resolve(this.#answer('showMessageBox', args, { response: 0, checkboxChecked: false }));
  }

  showErrorBox(title: string, content: string): void {
    this.calls.push({ method: 'showErrorBox', options: { title, content } });
  }

  #answer<T>(method: DialogMethod, args: unknown[], fallback: T): T {
    // Electron accepts an optional parent window first; the options object is always last.
    this.calls.push({ method, options: args.at(-1) });
    const queued = this.#responses.get(method)?.shift();
    return (queued as T | undefined) ?? fallback;
  }
}

/** The fake `powerMonitor`: tests emit `suspend`, `resume`, `lock-screen`, `unlock-screen` themselves. */
export class FakePowerMonitor extends EventEmitter
  implements Pick<Electron.PowerMonitor, 'getSystemIdleTime' | 'getSystemIdleState' | 'isOnBatteryPower' | 'onBatteryPower'> {
  onBatteryPower = false;
  idleSeconds = 0;

  getSystemIdleTime(): number {
    return this.idleSeconds;
  }

  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    return this.idleSeconds >= idleThreshold ? 'idle' : 'active';
  }

  isOnBatteryPower(): boolean {
    return this.onBatteryPower;
  }
}

/** The fake `nativeTheme`: setting `themeSource` emits `updated`, as Electron does. */
export class FakeNativeTheme extends EventEmitter {
  #themeSource: 'system' | 'light' | 'dark' = 'system';
  /** Test control: what the OS prefers when `themeSource` is `system`. */
  systemPrefersDark = false;
  shouldUseHighContrastColors = false;
  shouldUseInvertedColorScheme = false;
  inForcedColorsMode = false;
  prefersReducedTransparency = false;

  get themeSource(): 'system' | 'light' | 'dark' {
    return this.#themeSource;
  }

  set themeSource(value: 'system' | 'light' | 'dark') {
    this.#themeSource = value;
    this.emit('updated');
  }

  get shouldUseDarkColors(): boolean {
    return this.#themeSource === 'system' ? this.systemPrefersDark : this.#themeSource === 'dark';
  }
}

/** The fake `contextBridge`: records what the preload exposes, refusing a key twice as Electron does. */
export class FakeContextBridge implements Pick<Electron.ContextBridge, 'exposeInMainWorld'> {
  readonly exposed = new Map<string, unknown>();

  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (this.exposed.has(apiKey)) throw new Error('Cannot bind an API on top of an existing property on the window object');
    this.exposed.set(apiKey, api);
  }
}

/** The fake `Menu`: keeps the template and the application menu. */
export class FakeMenu {
  static applicationMenu: FakeMenu | null = null;
  static applicationMenuSet = false;
  readonly template: unknown[];

  constructor(template: unknown[] = []) {
    this.template = template;
  }

  static buildFromTemplate(template: unknown[]): FakeMenu {
    return new FakeMenu(template);
  }

  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.applicationMenu = menu;
    FakeMenu.applicationMenuSet = true;
  }

  static getApplicationMenu(): FakeMenu | null {
    return FakeMenu.applicationMenu;
  }
}
