/**
 * Property-based fuzzing of every IPC channel through its registered handler: at least 10,000 generated
 * argument lists per channel. No handler throws, every reply is an IpcResult with a known code, every
 * list the contract refuses is answered INVALID_INPUT without reaching a service, every list it accepts
 * reaches the service, and no reply carries the session cookie value or the token the fake services hold
 * and try to leak (the reply guard is given no secrets here, so this is the handlers' own doing).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc-channels.ts';
import { fuzzChannel, FUZZ_RUNS_PER_CHANNEL } from '../../support/ipc-fuzz.ts';
import { createIpcHarness, type IpcHarness } from '../../support/ipc-harness.ts';

let harness: IpcHarness;

beforeAll(async () => {
  harness = await createIpcHarness();
});

describe('fuzzing every channel', () => {
  for (const channel of INVOKE_CHANNELS) {
    it(`${channel}: ${FUZZ_RUNS_PER_CHANNEL} generated payloads, no crash, no leak, invalid → INVALID_INPUT`, async () => {
      const tally = await fuzzChannel(harness, channel);
      expect(tally.runs).toBeGreaterThanOrEqual(FUZZ_RUNS_PER_CHANNEL);
      expect(tally.refused).toBeGreaterThan(0);
      if (channel !== 'app:info') expect(tally.accepted).toBeGreaterThan(0);
    });
  }
});
