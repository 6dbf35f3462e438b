/**
 * Issue 14, items 4–6 and the pacing rule, through the app's generation path (real account manager,
 * session manager, service, queue and gallery; tests/support/generation-world.ts) against the emulator:
 * 4. `Retry-After` sets the wait, and the job says so (`wait: rate-limited` until then);
 * 5. every wait is on the job: retries with their end, "Google unreachable" told apart from "offline",
 *    and a job out of retries waits for the way back and completes by itself;
 * 6. bytes that are no picture fail as UNREADABLE_IMAGE, and nothing reaches the gallery;
 * and a short jittered pause between two generations (`wait: pacing`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobWait } from '../../../src/shared/generation-schemas.ts';
import { ANY_PATH, DEFAULT_ACCOUNT } from '../../support/emulator/index.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { advanceUntil } from '../../support/generation-queue-fixture.ts';
import { GenerationWorld, WORLD_REQUEST } from '../../support/generation-world.ts';
import { withEmulator } from '../../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 5, 2, 9, 0));
const env = withEmulator({ clock });
const RUN = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' };
const IMAGE_HOST = { host: 'aisandbox-pa.googleapis.com', path: ANY_PATH };
let world: GenerationWorld;

beforeEach(async () => {
  world = await GenerationWorld.start(env.emu, clock);
  await world.signIn(DEFAULT_ACCOUNT.email);
  env.emu.resetLog();
});
afterEach(() => world.close());

/** Every distinct wait a job showed, in order (what the window drew). */
function waitsOf(jobId: string): (JobWait | null)[] {
  const seen: (JobWait | null)[] = [];
  world.queue.onDidChangeJob((event) => {
    if (event.job.id !== jobId) return;
    const last = seen.at(-1);
    if (seen.length === 0 || JSON.stringify(last) !== JSON.stringify(event.job.wait)) seen.push(event.job.wait);
  });
  return seen;
}

describe('4. Retry-After is obeyed', () => {
  it('a 429 with Retry-After: 2 (no RetryInfo) waits exactly 2 s, shown as rate-limited until then', async () => {
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 2, retryInfo: false });
    const job = world.enqueue();
    const waits = waitsOf(job.id);
    await world.drain();
    const [first, second] = env.emu.requests.all(RUN);
    expect(second!.time - first!.time).toBe(2_000);
    expect(waits).toEqual([{ reason: 'rate-limited', until: first!.time + 2_000 }, null]);
    expect(world.job(job.id)).toMatchObject({ status: 'completed', wait: null });
  });

  it('a 503 with Retry-After: 12 waits 12 s, shown as a retry until then', async () => {
    env.emu.control.queueFault({ kind: 'server-error', status: 503, retryAfterSeconds: 12 });
    const job = world.enqueue();
    const waits = waitsOf(job.id);
    await world.drain();
    const [first, second] = env.emu.requests.all(RUN);
    expect(second!.time - first!.time).toBe(12_000);
    expect(waits[0]).toEqual({ reason: 'retry', until: first!.time + 12_000 });
  });
});

describe('5. every wait is visible, and transient stays transient', () => {
  it('Google unreachable while the computer is online: retries, then waits for labs.google, then completes by itself', async () => {
    env.emu.control.queueFault({ kind: 'drop-connection' }, { on: IMAGE_HOST, times: 1_000 });
    const job = world.enqueue();
    const waits = waitsOf(job.id);
    await untilWait(job.id, 'google-unreachable');
    expect(world.job(job.id)).toMatchObject({ status: 'queued', failure: { code: 'NETWORK' } });
    expect(waits.map((wait) => wait?.reason ?? null)).toEqual(['retry', null, 'retry', null, 'retry', null, 'google-unreachable']);
    // Nothing new starts meanwhile: a second job waits for the same thing, and Generate keeps queueing.
    const second = world.enqueue({ prompt: 'the second' });
    expect(world.job(second.id).wait).toEqual({ reason: 'google-unreachable', until: null });

    env.emu.control.clearFaults(); // Google is back
    await world.drain();
    expect(world.queue.listJobs().map((listed) => listed.status)).toEqual(['completed', 'completed']);
    expect((await world.galleryPrompts()).sort()).toEqual([WORLD_REQUEST.prompt, WORLD_REQUEST.prompt, 'the second', 'the second'].sort());
  });

  it('a hanging Google is TIMEOUT and "Google unreachable", not "offline"', async () => {
    env.emu.control.queueFault({ kind: 'hang' }, { on: IMAGE_HOST, times: 1_000 });
    const job = world.enqueue();
    // Every request hangs, so time moves on under them: each one ends at its deadline.
    await advanceUntil(clock, () => world.job(job.id).wait?.reason === 'google-unreachable', () => false, () => JSON.stringify(world.job(job.id)), 5_000);
    expect(world.job(job.id)).toMatchObject({ status: 'queued', failure: { code: 'TIMEOUT', reason: 'DEADLINE_EXCEEDED' } });
    expect(world.events.some((event) => event.type === 'job' && event.event.job.wait?.reason === 'offline')).toBe(false);
    env.emu.control.clearFaults();
  });

  it('the computer offline: new jobs wait for the network without sending anything, and run when it is back', async () => {
    world.network.online = false;
    const job = world.enqueue();
    expect(world.job(job.id)).toMatchObject({ status: 'queued', wait: { reason: 'offline', until: null } });
    await clock.advance(60_000);
    expect(env.emu.requests.all()).toEqual([]);
    world.network.online = true;
    world.reachability.recheck(); // the app's "online" wake signal
    await world.drain();
    expect(world.job(job.id)).toMatchObject({ status: 'completed', wait: null });
  });
});

describe('6. bytes that are no picture', () => {
  it('fail the job as UNREADABLE_IMAGE (not "check your input"), tried once; nothing reaches the gallery', async () => {
    env.emu.control.queueFault({ kind: 'not-an-image', count: 2 }, { times: 3 });
    const job = world.enqueue();
    await world.drain();
    expect(world.job(job.id)).toMatchObject({ status: 'failed', failure: { code: 'UNREADABLE_IMAGE' } });
    expect(env.emu.requests.count(RUN)).toBe(1);
    expect(await world.galleryPrompts()).toEqual([]);
  });
});

describe('pacing, like a person', () => {
  it('one generation in flight, and a jittered pause (here 3.5 s) before the next, shown as pacing', async () => {
    const [first, second, third] = world.queue.enqueueBatch(['one', 'two', 'three'].map((prompt) => ({ ...WORLD_REQUEST, prompt })));
    const waits = waitsOf(second!.id);
    await world.drain();
    const runs = env.emu.requests.all(RUN);
    expect(runs.map((run) => JSON.parse(run.body).userInput.prompts[0])).toEqual(['one', 'two', 'three']);
    // random() = 0.5 → 2 s + 0.5 × 3 s; the emulator answers at once, so finish and start are one instant.
    expect([runs[1]!.time - runs[0]!.time, runs[2]!.time - runs[1]!.time]).toEqual([3_500, 3_500]);
    expect(waits).toContainEqual({ reason: 'pacing', until: runs[1]!.time });
    for (const job of [first, second, third]) expect(world.job(job!.id).status).toBe('completed');
  });
});

/** Runs the queue until `jobId` waits for `reason`. */
function untilWait(jobId: string, reason: JobWait['reason']): Promise<void> {
  return world.runUntil(() => world.job(jobId).wait?.reason === reason, `waited for ${reason}`);
}
