/**
 * The IPC registry as the app registers it, on the Electron shim, with a main window showing the app's
 * page: call a channel as the renderer would (`invoke`, through the shim's structured-clone IPC), or
 * straight through the registered handler with a prebuilt trusted event (`dispatch`, for the fuzzer).
 * Services default to the fakes of ipc-fakes.ts; pass real ones to test them through IPC.
 */
import { BrowserWindow } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { APP_ENTRY_URL } from '../../src/app/security/app-protocol.ts';
import { createIpcHandlers } from '../../src/app/ipc/create-ipc-handlers.ts';
import type { IpcServices } from '../../src/app/ipc/ipc-ports.ts';
import { ReplyGuard, type WithheldRule } from '../../src/app/ipc/reply-guard.ts';
import { registerIpcHandlers, type IpcRegistry } from '../../src/app/ipc/ipc-registry.ts';
import type { AppEvent, InvokeArgs, InvokeResult } from '../../src/shared/ipc-contract.ts';
import type { InvokeChannel, IpcResult } from '../../src/shared/ipc-channels.ts';
import { EVENT_CHANNEL } from '../../src/shared/ipc-channels.ts';
import { __shim } from './electron-shim.ts';
import type { InvokeEventInit } from './electron-shim/fake-ipc.ts';
import {
  createFakeDesktop,
  createFakeDiagnostics,
  createFakeDialogs,
  createFakeExports,
  createFakeGallery,
  createFakeImageFiles,
  createFakeImages,
  createFakeQueue,
  createFakeSettings,
} from './ipc-fake-services.ts';
import { CallLog, FakeAccountService, LeakBait } from './ipc-fakes.ts';

export interface IpcHarnessOptions {
  /** Replaces fake services with real (or other) ones. */
  readonly services?: (fakes: IpcServices) => Partial<IpcServices>;
  /** Secrets the reply guard looks for; default none, so the handlers alone must keep secrets out. */
  readonly guardSecrets?: () => Iterable<string>;
  readonly exportDirectory?: string | null;
  /** Reset the shim and make it ready first (default true). False keeps what the test already built on it. */
  readonly resetShim?: boolean;
  /** What the save dialog of `diagnostics:export` answers (default: the user cancels). */
  readonly diagnosticsFile?: string | null;
}

export interface IpcHarness {
  readonly window: BrowserWindow;
  readonly registry: IpcRegistry;
  readonly services: IpcServices;
  readonly accounts: FakeAccountService;
  readonly log: CallLog;
  readonly bait: LeakBait;
  /** Gallery changes the handlers reported. */
  readonly galleryChanges: unknown[];
  /** Calls refused for their sender, with the rule that refused them. */
  readonly untrusted: { channel: string; reason: string }[];
  /** Replies and events the guard withheld. */
  readonly withheld: { where: string; rule: WithheldRule }[];
  /** Calls `channel` as the app's page would, through the shim's IPC (structured clone both ways). */
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>>;
  /** Calls `channel` with any arguments, as any sender (default: the app's page). */
  invokeRaw(channel: string, event: InvokeEventInit | undefined, ...args: unknown[]): Promise<unknown>;
  /**
   * The registered handler of `channel`, bound to a trusted event: fast, for property tests. Arguments are
   * passed as given: structured-clone them first, as IPC does.
   */
  dispatcher(channel: InvokeChannel): (args: readonly unknown[]) => Promise<unknown>;
  /** Events the main window received on the event channel. */
  events(): AppEvent[];
}

/** Resets the shim, opens the main window on the app's page and registers every handler. */
export async function createIpcHarness(options: IpcHarnessOptions = {}): Promise<IpcHarness> {
  if (options.resetShim ?? true) {
    __shim.reset();
    __shim.makeReady();
  }
  const window = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
  await window.loadURL(APP_ENTRY_URL);
  const page = __shim.windows.at(-1)!.webContents;

  const log = new CallLog();
  const bait = new LeakBait();
  const context = { log, bait };
  const accounts = new FakeAccountService(context);
  const galleryChanges: unknown[] = [];
  const fakes: IpcServices = {
    appInfo: { name: 'imagefx-desktop', version: '0.1.0', demo: false },
    accounts,
    images: createFakeImages(context),
    queue: createFakeQueue(context),
    gallery: createFakeGallery(context),
    exports: createFakeExports(context),
    dialogs: createFakeDialogs(context, { exportDirectory: options.exportDirectory, diagnosticsFile: options.diagnosticsFile }),
    imageFiles: createFakeImageFiles(context),
    desktop: createFakeDesktop(context),
    settings: createFakeSettings(context),
    diagnostics: createFakeDiagnostics(context),
    onGalleryChange: (change) => galleryChanges.push(change),
  };
  const services: IpcServices = { ...fakes, ...options.services?.(fakes) };
  const withheld: { where: string; rule: WithheldRule }[] = [];
  const guard = new ReplyGuard({
    ...(options.guardSecrets ? { secrets: options.guardSecrets } : {}),
    onWithheld: (where, rule) => withheld.push({ where, rule }),
  });
  const untrusted: { channel: string; reason: string }[] = [];
  const registry = registerIpcHandlers({
    handlers: createIpcHandlers(services),
    mainContents: () => (window.isDestroyed() ? null : window.webContents),
    guard,
    onUntrustedSender: (channel, reason) => untrusted.push({ channel, reason }),
  });
  const fromPage: InvokeEventInit = { sender: page };

  return {
    window,
    registry,
    services,
    accounts,
    log,
    bait,
    galleryChanges,
    untrusted,
    withheld,
    invoke: (channel, ...args) => __shim.invoke(channel, fromPage, ...args) as Promise<IpcResult<never>>,
    invokeRaw: (channel, event, ...args) => __shim.invoke(channel, event ?? fromPage, ...args),
    dispatcher(channel) {
      const handler = __shim.ipcMain.handlers.get(channel) as ((event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) | undefined;
      if (!handler) throw new Error(`no handler registered for ${channel}`);
      const event = __shim.ipcMain.createInvokeEvent(fromPage);
      return (args) => handler(event, ...args);
    },
    events: () => page.sentMessages.filter((message) => message.channel === EVENT_CHANNEL).map((message) => message.args[0] as AppEvent),
  };
}
