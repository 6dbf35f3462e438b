/**
 * "Does flow.google.com open for this account, and as whom?" — the Flow backend's `checkAccount`, on the
 * account's page in real Chromium against the emulator, as sign-in, backend detection and the keep-alive ask
 * it: the migrated account's grid (named by Google's account chip), an account Google has not moved (sent
 * to labs.google), and the ways a session ends (no cookies, revoked cookies, an ended Flow session, an
 * identity to confirm). Each visit is a real page load, so Google rotates `__Secure-1PSIDTS` on it.
 */
import { describe, expect, it } from 'vitest';
import { MIGRATED_ACCOUNT, ROTATING_GOOGLE_COOKIES } from '../../../support/emulator/index.ts';
import { withFlowBackend } from '../../../support/flow-backend-fixture.ts';

const flow = withFlowBackend();

/** A backend on this test's (signed-in) context that counts the sign-outs it reports. */
function backendCountingSignOuts() {
  const signedOut = { count: 0 };
  const made = flow.create({ onSignedOut: () => (signedOut.count += 1) });
  return { ...made, signedOut };
}

describe('checkAccount', () => {
  it('a migrated account: the grid, signed in as the account Google’s chip names; a visit rotates the session cookies', async () => {
    const { backend, signedOut } = backendCountingSignOuts();
    const before = new Map((await flow.chrome.context.cookies('https://flow.google.com/')).map((cookie) => [cookie.name, cookie.value]));
    expect(await backend.checkAccount()).toEqual({ kind: 'signed-in', email: MIGRATED_ACCOUNT.email, name: null });
    const after = new Map((await flow.chrome.context.cookies('https://flow.google.com/')).map((cookie) => [cookie.name, cookie.value]));
    for (const name of ROTATING_GOOGLE_COOKIES) expect(after.get(name), name).not.toBe(before.get(name));
    expect(after.get('SID')).toBe(before.get('SID'));
    // The grid carries no reCAPTCHA: a check never makes the page mint a token.
    expect(flow.emu.control.recaptchaMints()).toEqual([]);
    expect(signedOut.count).toBe(0);
  });

  it('an account Google has not moved: Flow sends it to labs.google — not on Flow, not signed out', async () => {
    flow.emu.control.setAccountKind(MIGRATED_ACCOUNT.email, { backend: 'classic' });
    try {
      const { backend, signedOut } = backendCountingSignOuts();
      expect(await backend.checkAccount()).toEqual({ kind: 'not-on-flow' });
      expect(signedOut.count).toBe(0);
    } finally {
      flow.emu.control.setAccountKind(MIGRATED_ACCOUNT.email, { backend: 'migrated' });
    }
  });

  it.each([
    ['no Google cookies at all', async () => flow.chrome.context.clearCookies()],
    ['Google revoked the account’s cookies', async () => void flow.emu.control.revokeAccountCookies(MIGRATED_ACCOUNT.email)],
    ['the Flow session ended (/about)', async () => void flow.emu.control.forceFlowAbout(MIGRATED_ACCOUNT.email)],
    ['Google wants the password again (confirm identity)', async () => void flow.emu.control.forceConfirmIdentity(MIGRATED_ACCOUNT.email)],
  ])('signed out when %s, and says so once', async (_name, endSession) => {
    const { backend, signedOut } = backendCountingSignOuts();
    expect(await backend.checkAccount()).toMatchObject({ kind: 'signed-in' });
    await endSession();
    expect(await backend.checkAccount()).toEqual({ kind: 'signed-out' });
    expect(signedOut.count).toBe(1);
  });

  it('a cancelled check knows nothing and changes nothing', async () => {
    const { backend } = backendCountingSignOuts();
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await backend.checkAccount(cancelled.signal)).toMatchObject({ kind: 'unavailable' });
    expect(await backend.checkAccount()).toMatchObject({ kind: 'signed-in' });
  });
});
