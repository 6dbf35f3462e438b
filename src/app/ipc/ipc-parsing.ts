/**
 * Parses what crosses the boundary with the contract's schemas: each call's arguments once, before a
 * handler runs (so services only ever see arguments of the contract's shape), and each reply and event
 * before it leaves (so fields the contract does not name never reach the renderer).
 */
import type { z } from 'zod';
import type { InvokeChannel } from '../../shared/ipc-channels.ts';
import { appEventSchema, IPC_CONTRACT, type AppEvent, type InvokeResult, type ParsedArgs } from '../../shared/ipc-contract.ts';

export type ArgumentParseResult<C extends InvokeChannel> =
  | { readonly ok: true; readonly args: ParsedArgs<C> }
  | { readonly ok: false; readonly message: string };

/**
 * Parses `args` for `channel`. The failure message names argument positions, field names of the contract
 * and what was expected, never a value that was sent (it may be a pasted cookie) nor an unknown field's name.
 */
export function parseInvokeArgs<C extends InvokeChannel>(channel: C, args: readonly unknown[]): ArgumentParseResult<C> {
  const schema = IPC_CONTRACT[channel].args as unknown as z.ZodType<ParsedArgs<C>>;
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data };
  const problems = parsed.error.issues.slice(0, 3).map(describeIssue);
  return { ok: false, message: `Invalid arguments for ${channel}: ${problems.join('; ')}.` };
}

/** The reply of `channel` with only the contract's fields, or `null` when it is not of the contract's shape. */
export function parseInvokeResult<C extends InvokeChannel>(channel: C, value: unknown): { readonly value: InvokeResult<C> } | null {
  const schema = IPC_CONTRACT[channel].result as unknown as z.ZodType<InvokeResult<C>>;
  const parsed = schema.safeParse(value);
  return parsed.success ? { value: parsed.data } : null;
}

/** The event with only the contract's fields, or `null` when it is not of the contract's shape. */
export function parseAppEvent(event: unknown): AppEvent | null {
  const parsed = appEventSchema.safeParse(event);
  return parsed.success ? parsed.data : null;
}

const CONTRACT_FIELD = /^[A-Za-z]{1,32}$/;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'arguments' : issue.path.map(describeSegment).join('.');
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field`;
  return `${where}: ${issue.message}`;
}

function describeSegment(segment: PropertyKey): string {
  if (typeof segment === 'number') return `[${segment}]`;
  // Paths only ever hold the contract's own field names, but a guard costs nothing.
  return typeof segment === 'string' && CONTRACT_FIELD.test(segment) ? segment : '?';
}
