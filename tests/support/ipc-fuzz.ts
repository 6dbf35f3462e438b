/**
 * The IPC fuzzer: drives one channel's registered handler (as the app's page, arguments structured-cloned
 * as IPC delivers them) with generated argument lists, and checks every reply against the oracle.
 */
import fc from 'fast-check';
import { inspect } from 'node:util';
import { ERROR_CODES } from '../../src/shared/app-error.ts';
import type { InvokeChannel } from '../../src/shared/ipc-channels.ts';
import { fuzzArgs } from './ipc-arbitraries.ts';
import { FAKE_SECRETS } from './ipc-fakes.ts';
import type { IpcHarness } from './ipc-harness.ts';
import { CONTRACT_ACCEPTS } from './ipc-reference.ts';

/** Runs per channel; the issue asks for at least 10,000. */
export const FUZZ_RUNS_PER_CHANNEL = 10_000;

/** Channels whose handler calls no service (so "the service was reached" cannot be observed). */
const SERVICE_FREE: readonly InvokeChannel[] = ['app:info'];

export interface FuzzTally {
  runs: number;
  accepted: number;
  refused: number;
}

function isReply(value: unknown): value is { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } } {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as Record<string, unknown>;
  if (reply['ok'] === true) return Object.keys(reply).sort().join() === 'ok,value';
  const error = reply['error'] as Record<string, unknown> | undefined;
  return (
    reply['ok'] === false &&
    typeof error?.['message'] === 'string' &&
    (ERROR_CODES as readonly unknown[]).includes(error['code'])
  );
}

function mentionsSecret(text: string): string | undefined {
  return FAKE_SECRETS.find((secret) => text.includes(secret));
}

/** Fuzzes `channel`; throws (with fast-check's shrunk counterexample) on the first broken rule. */
export async function fuzzChannel(harness: IpcHarness, channel: InvokeChannel, runs = FUZZ_RUNS_PER_CHANNEL): Promise<FuzzTally> {
  const dispatch = harness.dispatcher(channel);
  const accepts = CONTRACT_ACCEPTS[channel];
  const tally: FuzzTally = { runs: 0, accepted: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(fuzzArgs(channel), async (args) => {
      tally.runs += 1;
      const callsBefore = harness.log.calls.length;
      // What IPC delivers: a structured clone (no prototypes, functions or getters cross).
      const delivered = structuredClone(args);
      const verdict = accepts(delivered);
      // A rejection here (an uncaught error in a handler) fails the property as it is.
      const reply = await dispatch(delivered);
      if (!isReply(reply)) throw new Error(`not an IpcResult: ${inspect(reply)}`);
      const replyText = JSON.stringify(reply) ?? '';
      const reached = harness.log.calls.length > callsBefore;
      if (!verdict) {
        tally.refused += 1;
        if (reply.ok || reply.error.code !== 'INVALID_INPUT') throw new Error(`invalid arguments not refused: ${replyText.slice(0, 300)}`);
        if (reached) throw new Error(`invalid arguments reached ${harness.log.calls.slice(callsBefore).join(', ')}`);
        // Refusals never quote what was sent, so not even a secret the caller sent comes back.
        if (mentionsSecret(replyText)) throw new Error('an INVALID_INPUT reply quotes a secret');
        return;
      }
      tally.accepted += 1;
      if (!reached && !SERVICE_FREE.includes(channel)) throw new Error('valid arguments did not reach the service');
      if (mentionsSecret(replyText) && !mentionsSecret(inspect(args, { depth: null, maxStringLength: null, maxArrayLength: null }))) {
        throw new Error(`a reply leaks a secret the caller never sent: ${channel}`);
      }
    }),
    { numRuns: runs },
  );
  return tally;
}
