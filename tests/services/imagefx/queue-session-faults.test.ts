/**
 * Issue 14, items 1–3, through the app's generation path (real account manager, vault, session manager,
 * service, queue and gallery; see tests/support/generation-world.ts) against the emulator:
 * 1. a cookie rotated during sign-in is kept, so a later renewal works and the job completes;
 * 2. a transient fault of the session endpoint while the token in hand is valid does not pause the job as
 *    AUTH_REQUIRED: it runs on that token;
 * 3. a token that lives less than a minute is usable: the job runs without asking for another.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ACCOUNT } from '../../support/emulator/index.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { GenerationWorld } from '../../support/generation-world.ts';
import { withEmulator } from '../../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 5, 1, 9, 0));
const env = withEmulator({ clock });
const RUN = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' };
const SESSION = { host: 'labs.google', path: '/fx/api/auth/session' };
let world: GenerationWorld;

beforeEach(async () => {
  world = await GenerationWorld.start(env.emu, clock);
});
afterEach(() => world.close());

function expectCompletedInGallery(jobId: string, prompts: string[]): Promise<void> {
  expect(world.job(jobId)).toMatchObject({ status: 'completed', failure: null, wait: null });
  return world.galleryPrompts().then((saved) => expect(saved).toEqual(prompts));
}

describe('1. a cookie rotated by the sign-in check is kept', () => {
  it('after the token lapses, the next generation renews it with the stored (newest) cookie and completes', async () => {
    env.emu.control.setSessionRotation({ graceMs: 200 });
    await world.signIn(DEFAULT_ACCOUNT.email);
    await clock.sleepSystem(2 * 3_600_000); // the hour-long token lapsed; the cookie it was issued with is long dead
    const job = world.enqueue({ prompt: 'after a long sleep' });
    await world.drain();
    await expectCompletedInGallery(job.id, ['after a long sleep', 'after a long sleep']);
    expect(env.emu.requests.all(SESSION).at(-1)?.status).toBe(200);
    expect(world.accounts.sessions.getMetadata().state).toBe('signed-in');
  });
});

describe('2. a session-endpoint fault while the token in hand is valid', () => {
  for (const fault of [{ kind: 'html-page' }, { kind: 'server-error', status: 503 }, { kind: 'drop-connection' }] as const) {
    it(`${fault.kind}: the job runs on the current token (59 s left), never paused as AUTH_REQUIRED`, async () => {
      const { issued } = await world.signIn(DEFAULT_ACCOUNT.email);
      await clock.sleepSystem(Date.parse(issued.expires) - clock.now() - 59_000);
      env.emu.control.queueFault(fault, { on: 'session' });
      const job = world.enqueue();
      await world.drain();
      await expectCompletedInGallery(job.id, [WORLD_PROMPT, WORLD_PROMPT]);
      expect(env.emu.requests.all(RUN).map((request) => request.bearerToken)).toEqual([issued.accessToken]);
      expect(world.queue.snapshot().holdReason).toBeNull();
    });
  }

  it('a hang: the job waits out the client deadline, then runs on the current token', async () => {
    const { issued } = await world.signIn(DEFAULT_ACCOUNT.email);
    await clock.sleepSystem(Date.parse(issued.expires) - clock.now() - 59_000);
    env.emu.control.queueFault({ kind: 'hang' }, { on: 'session' });
    const job = world.enqueue();
    await vi.waitFor(() => expect(env.emu.requests.last(SESSION)?.fault).toBe('hang'), { timeout: 10_000 });
    await clock.advance(20_000); // the session client's deadline
    await world.drain();
    await expectCompletedInGallery(job.id, [WORLD_PROMPT, WORLD_PROMPT]);
    expect(world.events.some((event) => event.type === 'job' && event.event.type === 'paused')).toBe(false);
  });

  it('once the token has lapsed, a web page from the session endpoint is retried as UNEXPECTED_PAGE and the job completes', async () => {
    const { issued } = await world.signIn(DEFAULT_ACCOUNT.email);
    await clock.sleepSystem(Date.parse(issued.expires) - clock.now() + 1_000);
    env.emu.control.queueFault({ kind: 'html-page' }, { on: 'session' });
    const job = world.enqueue();
    const retries: string[] = [];
    world.queue.onDidChangeJob((event) => {
      if (event.type === 'retrying') retries.push(`${event.failure.code}:${event.job.wait?.reason}`);
    });
    await world.drain();
    expect(retries).toEqual(['UNEXPECTED_PAGE:retry']);
    await expectCompletedInGallery(job.id, [WORLD_PROMPT, WORLD_PROMPT]);
  });
});

describe('3. a token shorter than the safety margin', () => {
  it('a 40-second token is used as issued: one request to Google, no session call', async () => {
    env.emu.control.setTokenLifetime(40_000);
    const { issued } = await world.signIn(DEFAULT_ACCOUNT.email);
    env.emu.resetLog();
    const job = world.enqueue();
    await world.drain();
    await expectCompletedInGallery(job.id, [WORLD_PROMPT, WORLD_PROMPT]);
    expect(env.emu.requests.all().map((request) => `${request.path} ${request.status}`)).toEqual(['/v1:runImageFx 200']);
    expect(env.emu.requests.last(RUN)?.bearerToken).toBe(issued.accessToken);
  });
});

const WORLD_PROMPT = 'a quiet harbour';
