/**
 * The handler of every channel, typed by the contract: a handler receives the parsed arguments and
 * returns the channel's result (or throws an `AppError`). The registry wraps it with the sender check,
 * the argument and reply parsing, the reply shape and the reply guard.
 */
import type { InvokeChannel } from '../../shared/ipc-channels.ts';
import type { InvokeResult, ParsedArgs } from '../../shared/ipc-contract.ts';

export type IpcHandler<C extends InvokeChannel> = (...args: ParsedArgs<C>) => Promise<InvokeResult<C>> | InvokeResult<C>;

export type IpcHandlerTable = { readonly [C in InvokeChannel]: IpcHandler<C> };

/** The handlers of the channels whose names start with `Domain:`. */
export type DomainHandlers<Domain extends string> = {
  readonly [C in Extract<InvokeChannel, `${Domain}:${string}`>]: IpcHandler<C>;
};
