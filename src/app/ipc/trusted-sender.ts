/**
 * Who may call the app's IPC channels: only the top frame of the main window, showing the app's own page
 * (`app://imagefx`). Not the login window (a different webContents, on Google's pages), not a frame of
 * another origin, not a subframe, not a frame that navigated away or was destroyed (`senderFrame` null).
 * After GitHub Desktop's `trusted-ipc-sender.ts` and Electron's security checklist ("validate the sender
 * of all IPC messages"). Electron-free: the event and the window are described by the fields read here.
 */
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from '../security/app-protocol.ts';

/** The parts of `Electron.WebFrameMain` the check reads. */
export interface SenderFrameFacts {
  readonly url: string;
  readonly origin: string;
  readonly routingId: number;
  readonly processId: number;
  /** `null` for a top frame (Electron); absent in doubles that only model top frames. */
  readonly parent?: unknown;
  readonly detached?: boolean;
}

/** The parts of `Electron.IpcMainInvokeEvent` the check reads. */
export interface InvokeEventFacts {
  readonly type?: string;
  readonly sender: unknown;
  readonly senderFrame: SenderFrameFacts | null;
  readonly processId: number;
  readonly frameId: number;
}

/** The parts of the main window's `webContents` the check reads. */
export interface TrustedContents {
  readonly mainFrame: { readonly routingId: number; readonly processId: number };
  isDestroyed(): boolean;
}

export type SenderVerdict =
  | { readonly trusted: true }
  | {
      readonly trusted: false;
      /** For the log: which rule refused the sender. Never includes what the sender sent. */
      readonly reason: 'no-main-window' | 'not-a-frame' | 'no-sender-frame' | 'other-contents' | 'subframe' | 'foreign-origin';
    };

/** True for a URL on the app's own origin (`app://imagefx/…`), parsed, never prefix-matched. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Decides whether `event` comes from the app's page in `main` (the main window's webContents). */
export function checkSender(event: InvokeEventFacts, main: TrustedContents | null): SenderVerdict {
  if (!main || main.isDestroyed()) return { trusted: false, reason: 'no-main-window' };
  if (event.type !== undefined && event.type !== 'frame') return { trusted: false, reason: 'not-a-frame' };
  const frame = event.senderFrame;
  if (!frame || frame.detached === true) return { trusted: false, reason: 'no-sender-frame' };
  if (event.sender !== main) return { trusted: false, reason: 'other-contents' };
  const top = main.mainFrame;
  const isTopFrame =
    (frame.parent === null || frame.parent === undefined) &&
    frame.routingId === top.routingId &&
    frame.processId === top.processId &&
    event.frameId === top.routingId &&
    event.processId === top.processId;
  if (!isTopFrame) return { trusted: false, reason: 'subframe' };
  if (frame.origin !== APP_ORIGIN || !isAppUrl(frame.url)) return { trusted: false, reason: 'foreign-origin' };
  return { trusted: true };
}
