/**
 * `ipcMain` and `ipcRenderer` joined in one process. Handlers are registered with Electron's rules (one per
 * channel); an invoke structured-clones its arguments and result as the real IPC does, and a handler's error
 * reaches the caller the way the renderer sees it: `Error invoking remote method '<channel>': <error>`.
 */
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import type { FakeWebContents } from './fake-web-contents.ts';
import { chromiumOrigin, createPreventableEvent } from './preventable-event.ts';

// Handlers declare their own argument types (Electron types them `any[]`); `never[]` accepts every such
// handler, and `callHandler` passes it the renderer's (unchecked) arguments, as IPC does.
type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: never[]) => unknown;

function callHandler(handler: InvokeHandler, event: Electron.IpcMainInvokeEvent, args: unknown[]): unknown {
  return (handler as (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown)(event, ...args);
}

/** Who is calling: by default the current renderer (see `__shim.setRendererSender`) and its page's URL. */
export interface InvokeEventInit {
  readonly sender?: FakeWebContents;
  /** The sending frame's URL (default: the sender's current URL). */
  readonly url?: string;
  /** The sending frame's origin (default: derived from `url` as Chromium does). */
  readonly origin?: string;
  /** Pass `null` for a frame that navigated away or was destroyed before the handler looked at it. */
  readonly senderFrame?: null;
  readonly processId?: number;
  readonly frameId?: number;
  readonly routingId?: number;
}

/** The fake sending frame, as far as handlers can see it. */
export interface FakeSenderFrame {
  readonly url: string;
  readonly origin: string;
  readonly routingId: number;
  readonly processId: number;
  readonly frameTreeNodeId: number;
  readonly name: string;
  readonly detached: boolean;
}

type IpcMainSurface = Pick<Electron.IpcMain, 'handle' | 'handleOnce' | 'removeHandler'>;

/** The fake `ipcMain`: an EventEmitter for `on`/`off`, plus the `invoke` handler table. */
export class FakeIpcMain extends EventEmitter implements IpcMainSurface {
  readonly handlers = new Map<string, InvokeHandler>();
  readonly #defaultSender: () => FakeWebContents;

  constructor(defaultSender: () => FakeWebContents) {
    super();
    this.#defaultSender = defaultSender;
  }

  handle(channel: string, listener: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof listener !== 'function') {
      throw new TypeError(`Expected handler to be a function, but found type '${typeof listener}'`);
    }
    this.handlers.set(channel, listener);
  }

  handleOnce(channel: string, listener: InvokeHandler): void {
    this.handle(channel, (event, ...args: unknown[]) => {
      this.removeHandler(channel);
      return callHandler(listener, event, args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  reset(): void {
    this.handlers.clear();
    this.removeAllListeners();
  }

  /** Builds the `IpcMainInvokeEvent` a handler receives for a call from `init`'s sender and frame. */
  createInvokeEvent(init: InvokeEventInit = {}): Electron.IpcMainInvokeEvent {
    const sender = init.sender ?? this.#defaultSender();
    const url = init.url ?? sender.getURL();
    const processId = init.processId ?? sender.getProcessId();
    const frame: FakeSenderFrame = {
      url,
      origin: init.origin ?? chromiumOrigin(url),
      routingId: init.routingId ?? sender.mainFrame.routingId,
      processId,
      frameTreeNodeId: sender.mainFrame.frameTreeNodeId,
      name: '',
      detached: false,
    };
    const event = createPreventableEvent({
      type: 'frame' as const,
      sender: sender as unknown as Electron.WebContents,
      senderFrame: init.senderFrame === null ? null : (frame as unknown as Electron.WebFrameMain),
      processId,
      frameId: init.frameId ?? frame.routingId,
    });
    return event;
  }

  /**
   * Calls `channel`'s handler as `ipcRenderer.invoke` from `init`'s frame would, and resolves with what the
   * renderer would receive (a structured clone), or rejects with the error the renderer would see.
   */
  async invoke(channel: string, init: InvokeEventInit | undefined, ...args: unknown[]): Promise<unknown> {
    const event = this.createInvokeEvent(init);
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const clonedArgs = structuredClone(args);
    let result: unknown;
    try {
      result = await callHandler(handler, event, clonedArgs);
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
    return structuredClone(result);
  }

  /** Delivers `ipcRenderer.send` / `sendSync` to `on` listeners; returns `event.returnValue`. */
  deliver(channel: string, init: InvokeEventInit | undefined, args: unknown[]): unknown {
    const base = this.createInvokeEvent(init);
    const replies: { channel: string; args: unknown[] }[] = [];
    const event = Object.assign(base, {
      ports: [],
      returnValue: undefined as unknown,
      reply: (replyChannel: string, ...replyArgs: unknown[]) => {
        replies.push({ channel: replyChannel, args: replyArgs });
        (base.sender as unknown as FakeWebContents).send(replyChannel, ...replyArgs);
      },
    });
    this.emit(channel, event, ...structuredClone(args));
    return event.returnValue;
  }
}

/** The fake `ipcRenderer` (for the preload): talks to the fake `ipcMain` as the current renderer. */
export class FakeIpcRenderer extends EventEmitter
  implements Pick<Electron.IpcRenderer, 'invoke' | 'send' | 'sendSync'> {
  readonly #ipcMain: FakeIpcMain;
  readonly #frame: () => InvokeEventInit;

  constructor(ipcMain: FakeIpcMain, frame: () => InvokeEventInit) {
    super();
    this.#ipcMain = ipcMain;
    this.#frame = frame;
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.#ipcMain.invoke(channel, this.#frame(), ...args);
  }

  send(channel: string, ...args: unknown[]): void {
    this.#ipcMain.deliver(channel, this.#frame(), args);
  }

  sendSync(channel: string, ...args: unknown[]): unknown {
    return this.#ipcMain.deliver(channel, this.#frame(), args);
  }

  /** Called when main does `webContents.send`: emits `channel` with an `IpcRendererEvent`-like event. */
  receive(channel: string, args: unknown[]): void {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, ...args);
  }
}
