/**
 * The only module that touches `ipcMain` (an ESLint rule keeps it that way). It registers a handler for
 * every channel of the contract, and each one, in order:
 *
 * 1. checks the sender: the main window's top frame on `app://imagefx`, nothing else (see
 *    `trusted-sender.ts`); any other caller gets a rejected promise and no service is touched;
 * 2. parses the arguments with the channel's schema: invalid → `{ ok: false, error: INVALID_INPUT }`;
 * 3. runs the handler: its result, parsed with the channel's result schema (fields the contract does not
 *    name are dropped) → `{ ok: true, value }`; its error → `{ ok: false, error: FailureInfo }`;
 * 4. lets the reply guard withhold anything that looks like a credential (→ `INTERNAL`).
 *
 * Events go out on the one event channel, to the main window only, parsed and guarded the same way.
 */
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc-channels.ts';
import type { AppEvent } from '../../shared/ipc-contract.ts';
import type { IpcHandlerTable } from './ipc-handler-table.ts';
import { parseAppEvent, parseInvokeArgs, parseInvokeResult } from './ipc-parsing.ts';
import { failure, INTERNAL_ERROR_MESSAGE, success, toIpcError } from './ipc-replies.ts';
import { ReplyGuard } from './reply-guard.ts';
import type { InvokeEventFacts, SenderVerdict, TrustedContents } from './trusted-sender.ts';
import { checkSender, isAppUrl } from './trusted-sender.ts';

/** The main window's page, as far as the registry needs it. */
export interface MainWindowContents extends TrustedContents {
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcRegistryOptions {
  readonly handlers: IpcHandlerTable;
  /** The main window's webContents, or `null` before it exists and after it closed. */
  readonly mainContents: () => MainWindowContents | null;
  /** Defaults to a guard that checks field names only. */
  readonly guard?: ReplyGuard;
  /** Told about every refused caller (for the log); gets the channel and the rule, never the arguments. */
  readonly onUntrustedSender?: (channel: InvokeChannel, reason: Extract<SenderVerdict, { trusted: false }>['reason']) => void;
  /** Told when a handler's reply or an event is not of the contract's shape (a bug; the reply becomes INTERNAL). */
  readonly onMalformedReply?: (where: string) => void;
}

export interface IpcRegistry {
  /** Sends an event to the main window's page (dropped when there is none, or the guard withholds it). */
  publish(event: AppEvent): void;
  /** Removes every handler. */
  dispose(): void;
}

/** What an untrusted caller's promise rejects with. Says nothing about the app. */
export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`IPC channel ${channel} refused an untrusted sender.`);
    this.name = 'UntrustedSenderError';
  }
}

const internalFailure = () => failure({ code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE, reason: null, retryAfterMs: null });

export function registerIpcHandlers(options: IpcRegistryOptions): IpcRegistry {
  const guard = options.guard ?? new ReplyGuard();
  const onUntrusted = options.onUntrustedSender ?? (() => undefined);
  const onMalformed = options.onMalformedReply ?? (() => undefined);

  for (const channel of INVOKE_CHANNELS) {
    const handler = options.handlers[channel] as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const verdict = checkSender(event as unknown as InvokeEventFacts, options.mainContents());
      if (!verdict.trusted) {
        onUntrusted(channel, verdict.reason);
        throw new UntrustedSenderError(channel);
      }
      const parsed = parseInvokeArgs(channel, args);
      if (!parsed.ok) return failure({ code: 'INVALID_INPUT', message: parsed.message, reason: null, retryAfterMs: null });
      let reply;
      try {
        const result = parseInvokeResult(channel, await handler(...(parsed.args as unknown[])));
        if (!result) onMalformed(channel);
        reply = result ? success(result.value) : internalFailure();
      } catch (error) {
        reply = failure(toIpcError(error));
      }
      return guard.allows(channel, reply) ? reply : internalFailure();
    });
  }

  return {
    publish(event) {
      const contents = options.mainContents();
      if (!contents || contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
      const parsed = parseAppEvent(event);
      if (!parsed) {
        onMalformed(EVENT_CHANNEL);
        return;
      }
      if (!guard.allows(EVENT_CHANNEL, parsed)) return;
      contents.send(EVENT_CHANNEL, parsed);
    },
    dispose() {
      for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
    },
  };
}
