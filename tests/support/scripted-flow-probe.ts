/**
 * A {@link FlowAccountProbe} the test scripts: what flow.google.com "shows" each account (the real one opens
 * the account's hidden Flow page; see tests/services/imagefx/flow for that against the emulator). Every
 * check and release is recorded.
 */
import type { FlowAccountProbe } from '../../src/auth/login/flow-sign-in-watch.ts';
import type { FlowAccountCheck } from '../../src/shared/flow-account-check.ts';

export class ScriptedFlowProbe implements FlowAccountProbe {
  /** Account ids checked, in order. */
  readonly checks: string[] = [];
  readonly released: string[] = [];
  /** What the page finds (default: signed out, as for a partition without Google cookies). */
  answer: (accountId: string) => FlowAccountCheck | Promise<FlowAccountCheck> = () => ({ kind: 'signed-out' });

  async check(accountId: string): Promise<FlowAccountCheck> {
    this.checks.push(accountId);
    return this.answer(accountId);
  }

  async release(accountId: string): Promise<void> {
    this.released.push(accountId);
  }
}
