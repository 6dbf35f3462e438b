/**
 * Issue 14, item 7 — each job belongs to the account that queued it — through the app's generation path
 * (real account manager, vault, session manager, service, queue, gallery and the real `auth:sign-out`
 * handler; tests/support/generation-world.ts) against the emulator: queued work never runs on another
 * account's session, signing out keeps it for its account (or discards it, as chosen), and it runs by
 * itself when that Google account signs in again (under the new account id the sign-in creates).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT } from '../../support/emulator/index.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { GenerationWorld } from '../../support/generation-world.ts';
import { withEmulator } from '../../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 5, 3, 9, 0));
const env = withEmulator({ clock });
const RUN = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' };
let world: GenerationWorld;

beforeEach(async () => {
  world = await GenerationWorld.start(env.emu, clock);
});
afterEach(() => world.close());

/** The bearer tokens runImageFx received, per prompt. */
function tokensByPrompt(): Record<string, string | null> {
  return Object.fromEntries(env.emu.requests.all(RUN).map((request) => [JSON.parse(request.body).userInput.prompts[0] as string, request.bearerToken]));
}

describe('7. queued work follows the account that queued it', () => {
  it('kept on sign-out: never runs on the next account; runs when the same Google account signs in again', async () => {
    const ada = await world.signIn(DEFAULT_ACCOUNT.email);
    world.network.online = false; // Ada's jobs cannot start yet
    const [first, second] = world.queue.enqueueBatch(['ada one', 'ada two'].map((prompt) => ({ prompt, count: 1, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE' as const, seed: 1, model: 'IMAGEN_3_5' as const })));
    expect(world.job(first!.id)).toMatchObject({ accountId: ada.summary.id, status: 'queued', wait: { reason: 'offline' } });

    await world.signOut('keep');
    world.network.online = true;
    world.reachability.recheck();
    for (const job of [first!, second!]) expect(world.job(job.id)).toMatchObject({ status: 'queued', wait: { reason: 'sign-in', until: null } });

    // Grace signs in: her job runs on her session; Ada's stay where they are.
    const grace = await world.signIn(SECOND_STEP_ACCOUNT.email);
    const graces = world.enqueue({ prompt: 'grace one', count: 1 });
    await world.drain();
    expect(world.job(graces.id)).toMatchObject({ accountId: grace.summary.id, status: 'completed' });
    expect(world.job(first!.id)).toMatchObject({ status: 'queued', wait: { reason: 'sign-in' } });
    expect(tokensByPrompt()).toEqual({ 'grace one': grace.issued.accessToken });

    // Ada signs in again (a new account id, as every window sign-in makes): her jobs follow and run on her session.
    const again = await world.signIn(DEFAULT_ACCOUNT.email);
    expect(again.summary.id).not.toBe(ada.summary.id);
    await world.drain();
    for (const job of [first!, second!]) expect(world.job(job.id)).toMatchObject({ accountId: again.summary.id, status: 'completed', wait: null });
    expect(tokensByPrompt()).toEqual({ 'grace one': grace.issued.accessToken, 'ada one': again.issued.accessToken, 'ada two': again.issued.accessToken });
    expect((await world.galleryPrompts()).sort()).toEqual(['ada one', 'ada two', 'grace one']);
  });

  it('a session that ended under a job: the job waits for sign-in, and runs once the account signs in again (a new id)', async () => {
    const ada = await world.signIn(DEFAULT_ACCOUNT.email);
    env.emu.control.revokeSessions(DEFAULT_ACCOUNT.email);
    const job = world.enqueue({ prompt: 'after revocation', count: 1 });
    await world.drain();
    expect(world.job(job.id)).toMatchObject({ status: 'paused', pauseReason: 'AUTH_REQUIRED', wait: { reason: 'sign-in' }, accountId: ada.summary.id });
    expect(world.accounts.manager.snapshot().state).toBe('reauth-required');

    const again = await world.signIn(DEFAULT_ACCOUNT.email);
    await world.drain();
    expect(world.job(job.id)).toMatchObject({ status: 'completed', accountId: again.summary.id, wait: null });
    expect(tokensByPrompt()).toEqual({ 'after revocation': again.issued.accessToken });
    expect(world.queue.snapshot().holdReason).toBeNull();
  });

  it('switching accounts: the other account’s jobs wait for it and run when switched back', async () => {
    const ada = await world.signIn(DEFAULT_ACCOUNT.email);
    const grace = await world.signIn(SECOND_STEP_ACCOUNT.email);
    await world.accounts.manager.switchAccount(ada.summary.id);
    world.network.online = false;
    const adas = world.enqueue({ prompt: 'ada', count: 1 });
    await world.accounts.manager.switchAccount(grace.summary.id);
    world.network.online = true;
    world.reachability.recheck();
    await world.drain();
    expect(world.job(adas.id)).toMatchObject({ status: 'queued', wait: { reason: 'sign-in' } });
    expect(env.emu.requests.count(RUN)).toBe(0);
    await world.accounts.manager.switchAccount(ada.summary.id);
    await world.drain();
    expect(world.job(adas.id).status).toBe('completed');
    expect(tokensByPrompt()).toEqual({ ada: ada.issued.accessToken });
  });

  it('discarded on sign-out: the account’s unfinished jobs are cancelled, and nothing is sent', async () => {
    await world.signIn(DEFAULT_ACCOUNT.email);
    world.network.online = false;
    const job = world.enqueue({ prompt: 'never', count: 1 });
    await world.signOut('discard');
    expect(world.job(job.id)).toMatchObject({ status: 'cancelled', wait: null });
    world.network.online = true;
    await world.signIn(DEFAULT_ACCOUNT.email);
    await world.drain();
    expect(world.job(job.id).status).toBe('cancelled');
    expect(env.emu.requests.count(RUN)).toBe(0);
  });

  it('nothing can be queued while no account is signed in', async () => {
    expect(() => world.enqueue()).toThrow(expect.objectContaining({ code: 'AUTH_REQUIRED' }));
  });
});
