/**
 * Every failure the emulator can produce, through the real library, maps to its stable code; retries
 * happen only where they can help, bounded, on the fake clock; auth failures get one refresh and one retry.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EmulatorFault } from '../../support/emulator/index.ts';
import { retryNotices, withImageFXService } from '../../support/imagefx-service-fixture.ts';
import { flushMicrotasks } from '../../support/fake-clock.ts';
import type { ImageServiceError } from '../../../src/services/imagefx/image-service-error.ts';

const env = withImageFXService();
const RUN = { host: 'aisandbox-pa.googleapis.com', path: '/v1:runImageFx' };
const SESSION = { host: 'labs.google', path: '/fx/api/auth/session' };
const REQUEST = { prompt: 'a quiet harbour', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 42, model: 'IMAGEN_3_5' } as const;

/** Answers every retry notice by moving the fake clock exactly as far as the service waits. */
function advanceThroughRetries(delays: number[] = []): (notice: { delayMs: number }) => void {
  return (notice) => {
    delays.push(notice.delayMs);
    void flushMicrotasks().then(() => env.clock.advance(notice.delayMs));
  };
}

async function failure(promise: Promise<unknown>): Promise<ImageServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ImageServiceError;
  }
  throw new Error('expected the call to fail');
}

describe('failures that must not be retried', () => {
  const cases: { fault: EmulatorFault; code: string; reason: string | null }[] = [
    { fault: { kind: 'unsafe-generation' }, code: 'SAFETY_REFUSED', reason: 'PUBLIC_ERROR_UNSAFE_GENERATION' },
    { fault: { kind: 'prominent-people' }, code: 'SAFETY_REFUSED', reason: 'PUBLIC_ERROR_PROMINENT_PEOPLE_FILTER_FAILED' },
    { fault: { kind: 'quota-exhausted' }, code: 'QUOTA_REACHED', reason: 'PUBLIC_ERROR_QUOTA_EXCEEDED' },
    { fault: { kind: 'unusual-activity' }, code: 'SERVICE_ERROR', reason: 'PUBLIC_ERROR_UNUSUAL_ACTIVITY' },
    { fault: { kind: 'malformed-json' }, code: 'SERVICE_ERROR', reason: 'MALFORMED_RESPONSE' },
    // Bytes that are no picture are Google's fault, not the prompt's (it used to read "Check your input").
    { fault: { kind: 'not-an-image', count: 2 }, code: 'UNREADABLE_IMAGE', reason: 'UNREADABLE_IMAGE' },
  ];
  for (const { fault, code, reason } of cases) {
    it(`${fault.kind} → ${code} (${reason}), attempted exactly once`, async () => {
      const { service, secrets } = await env.signedIn();
      // Queued three times: a retry would find the same fault, and the log would show it.
      env.emu.control.queueFault(fault, { times: 3 });
      const error = await failure(service.generate(REQUEST, { onRetry: advanceThroughRetries() }));
      expect(error).toMatchObject({ code, reason });
      expect(env.emu.requests.count(RUN)).toBe(1);
      expect(env.emu.requests.count(SESSION)).toBe(0);
      // Neither a secret nor any of the response body reaches the error.
      expect(error.message).not.toMatch(/[{<]/);
      const serialised = JSON.stringify({ ...error, message: error.message, stack: error.stack });
      for (const leaked of [secrets.accessToken, secrets.cookieValue, 'googleapis.com', 'Request contains', 'from your account', 'imagePanels', 'doctype']) {
        expect(serialised).not.toContain(leaked);
      }
    });
  }
});

describe('rate limiting', () => {
  it('waits exactly the RetryInfo delay of a 429: nothing is sent before it, one retry after', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 30 });
    const notices = retryNotices();
    const result = service.generate(REQUEST, { onRetry: notices.onRetry });

    const notice = await notices.next();
    expect(notice).toMatchObject({ attempt: 2, delayMs: 30_000 });
    expect(env.emu.requests.count(RUN)).toBe(1);
    await env.clock.advance(29_999);
    expect(env.emu.requests.count(RUN)).toBe(1);
    await env.clock.advance(1);

    expect((await result).images).toHaveLength(2);
    const [first, second] = env.emu.requests.all(RUN);
    expect(first?.status).toBe(429);
    expect(second?.status).toBe(200);
    expect(second!.time - first!.time).toBe(30_000);
  });

  it('waits exactly the Retry-After header of a 429 whose body names no delay (2 s, not the 1.5 s backoff)', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 2, retryInfo: false });
    const notices = retryNotices();
    const result = service.generate(REQUEST, { onRetry: notices.onRetry });

    const notice = await notices.next();
    expect(notice).toMatchObject({ delayMs: 2_000, failure: { code: 'RATE_LIMITED', retryAfterMs: 2_000 } });
    await env.clock.advance(1_999);
    expect(env.emu.requests.count(RUN)).toBe(1);
    await env.clock.advance(1);
    await result;
    const [first, second] = env.emu.requests.all(RUN);
    expect(second!.time - first!.time).toBe(2_000);
  });

  it('reads a Retry-After given as an HTTP date, on the injected clock', async () => {
    const { service } = await env.signedIn();
    await env.clock.advance(250); // off the whole second, as a real clock would be
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 7, retryInfo: false, retryAfterAsDate: true });
    const delays: number[] = [];
    await service.generate(REQUEST, { onRetry: advanceThroughRetries(delays) });
    const [first, second] = env.emu.requests.all(RUN);
    // HTTP dates have whole seconds: the wait ends on the second the header names.
    const named = Math.floor((first!.time + 7_000) / 1_000) * 1_000;
    expect(delays).toEqual([named - first!.time]);
    expect(second!.time).toBe(named);
  });

  it('a 503 with Retry-After waits what it says instead of the backoff', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'server-error', status: 503, retryAfterSeconds: 12 });
    const delays: number[] = [];
    const result = await service.generate(REQUEST, { onRetry: advanceThroughRetries(delays) });
    expect(result.images).toHaveLength(2);
    expect(delays).toEqual([12_000]);
  });

  it('uses the longer of RetryInfo and Retry-After when both are given', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 9 });
    const delays: number[] = [];
    await service.generate(REQUEST, { onRetry: advanceThroughRetries(delays) });
    expect(delays).toEqual([9_000]);
  });

  it('gives up with RATE_LIMITED (and the delay) after the bounded number of attempts', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 5 }, { times: 10 });
    const error = await failure(service.generate(REQUEST, { onRetry: advanceThroughRetries() }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 5_000 });
    expect(env.emu.requests.count(RUN)).toBe(4);
  });

  it('cuts a Retry-After longer than the policy allows to its cap (10 minutes), and says so before waiting', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'rate-limited', retryAfterSeconds: 3_600 });
    const delays: number[] = [];
    const result = await service.generate(REQUEST, { onRetry: advanceThroughRetries(delays) });
    expect(result.images).toHaveLength(2);
    expect(delays).toEqual([600_000]);
    const [first, second] = env.emu.requests.all(RUN);
    expect(second!.time - first!.time).toBe(600_000);
  });
});

describe('server and network failures', () => {
  for (const status of [500, 502, 503, 504] as const) {
    it(`retries a ${status} with growing backoff and succeeds`, async () => {
      const { service } = await env.signedIn();
      env.emu.control.queueFault({ kind: 'server-error', status }, { times: 2 });
      const delays: number[] = [];
      const result = await service.generate(REQUEST, { onRetry: advanceThroughRetries(delays) });
      expect(result.images).toHaveLength(2);
      expect(delays).toEqual([1_500, 3_000]);
      const times = env.emu.requests.all(RUN).map((request) => request.time);
      expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([1_500, 3_000]);
    });
  }

  it('stops after the bounded attempts with SERVICE_ERROR', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'server-error', status: 503 }, { times: 10 });
    const delays: number[] = [];
    const error = await failure(service.generate(REQUEST, { onRetry: advanceThroughRetries(delays) }));
    expect(error).toMatchObject({ code: 'SERVICE_ERROR', httpStatus: 503 });
    expect(delays).toEqual([1_500, 3_000, 6_000]);
    expect(env.emu.requests.count(RUN)).toBe(4);
  });

  it('retries a dropped connection as NETWORK and succeeds', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'drop-connection' });
    const delays: number[] = [];
    const result = await service.generate(REQUEST, { onRetry: advanceThroughRetries(delays) });
    expect(result.images).toHaveLength(2);
    expect(delays).toEqual([1_500]);
    expect(env.emu.requests.all(RUN).map((request) => request.fault)).toEqual(['drop-connection', null]);
  });

  it('retries a web page (200 text/html) as UNEXPECTED_PAGE and succeeds', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'html-page' });
    const notices: string[] = [];
    const result = await service.generate(REQUEST, {
      onRetry: (notice) => {
        notices.push(`${notice.failure.code}:${notice.failure.reason}`);
        void flushMicrotasks().then(() => env.clock.advance(notice.delayMs));
      },
    });
    expect(result.images).toHaveLength(2);
    expect(notices).toEqual(['UNEXPECTED_PAGE:UNEXPECTED_HTML']);
  });

  it('a request that hangs is TIMEOUT at its deadline (not NETWORK, not "offline"), retried, then succeeds', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'hang' });
    const notices = retryNotices();
    const result = service.generate(REQUEST, { onRetry: notices.onRetry });
    await vi.waitFor(() => expect(env.emu.requests.last(RUN)?.fault).toBe('hang'), { timeout: 10_000 });
    await env.clock.advance(119_999);
    await flushMicrotasks();
    expect(env.emu.requests.count(RUN)).toBe(1);
    await env.clock.advance(1);
    const notice = await notices.next();
    expect(notice.failure).toMatchObject({ code: 'TIMEOUT', reason: 'DEADLINE_EXCEEDED' });
    await env.clock.advance(notice.delayMs);
    expect((await result).images).toHaveLength(2);
  });

  it('reports NETWORK after the bounded attempts', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'drop-connection' }, { times: 10 });
    const error = await failure(service.generate(REQUEST, { onRetry: advanceThroughRetries() }));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(env.emu.requests.count(RUN)).toBe(4);
  });

  it('cancels during a backoff wait: CANCELLED, and nothing more is sent', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'server-error' }, { times: 10 });
    const controller = new AbortController();
    const notices = retryNotices();
    const result = failure(service.generate(REQUEST, { signal: controller.signal, onRetry: notices.onRetry }));
    await notices.next();
    controller.abort();
    expect(await result).toMatchObject({ code: 'CANCELLED' });
    await env.clock.advance(60_000);
    expect(env.emu.requests.count(RUN)).toBe(1);
  });
});

describe('authentication failures', () => {
  it('a 401 gets exactly one session refresh and one retry', async () => {
    const { service, session } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'unauthenticated' });
    const result = await service.generate(REQUEST);
    expect(result.images).toHaveLength(2);
    expect(env.emu.requests.all().map((request) => `${request.path} ${request.status}`)).toEqual([
      '/v1:runImageFx 401',
      '/fx/api/auth/session 200',
      '/v1:runImageFx 200',
    ]);
    expect(session.manager.getMetadata().state).toBe('signed-in');
  });

  it('a second 401 after the refresh is AUTH_REQUIRED: no loop, no further refresh', async () => {
    const { service } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'unauthenticated' }, { times: 5 });
    const error = await failure(service.generate(REQUEST, { onRetry: advanceThroughRetries() }));
    expect(error.code).toBe('AUTH_REQUIRED');
    expect(env.emu.requests.count(RUN)).toBe(2);
    expect(env.emu.requests.count(SESSION)).toBe(1);
  });

  it('a renewal that cannot reach labs.google is a transient NETWORK failure, waited out and retried (the session is kept)', async () => {
    const { service, session } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'unauthenticated' });
    env.emu.control.queueFault({ kind: 'drop-connection' }, { on: 'session' });
    const notices: string[] = [];
    const result = await service.generate(REQUEST, {
      onRetry: (notice) => {
        notices.push(notice.failure.code);
        void flushMicrotasks().then(() => env.clock.advance(notice.delayMs));
      },
    });
    expect(result.images).toHaveLength(2);
    expect(notices).toEqual(['NETWORK']);
    expect(env.emu.requests.all().map((request) => `${request.path} ${request.status ?? 'dropped'}`)).toEqual([
      '/v1:runImageFx 401',
      '/fx/api/auth/session dropped',
      '/v1:runImageFx 200',
    ]);
    expect(session.manager.getMetadata().state).toBe('offline');
  });

  it('a renewal that keeps failing ends as NETWORK after the bounded attempts, never AUTH_REQUIRED', async () => {
    const { service, session } = await env.signedIn();
    env.emu.control.queueFault({ kind: 'unauthenticated' }, { times: 10 });
    env.emu.control.queueFault({ kind: 'drop-connection' }, { on: 'session', times: 10 });
    const error = await failure(service.generate(REQUEST, { onRetry: advanceThroughRetries() }));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(env.emu.requests.count(RUN)).toBe(4);
    expect(session.manager.getMetadata().state).toBe('offline');
    expect(session.manager.getCookies().length).toBeGreaterThan(0);
  });

  it('a revoked session: one refresh finds it gone, AUTH_REQUIRED; later calls send nothing', async () => {
    const { service, session, secrets } = await env.signedIn();
    env.emu.control.revokeSessions();
    const error = await failure(service.generate(REQUEST));
    expect(error.code).toBe('AUTH_REQUIRED');
    expect(error.message).not.toContain(secrets.accessToken);
    expect(env.emu.requests.count(RUN)).toBe(1);
    expect(env.emu.requests.count(SESSION)).toBe(1);
    expect(session.manager.getMetadata().state).toBe('reauth-required');

    env.emu.resetLog();
    expect(await failure(service.generate(REQUEST))).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(env.emu.requests.count()).toBe(0);
  });

  it('a session that needs a Google re-sign-in is AUTH_REQUIRED (the library alone would ignore the error field)', async () => {
    const { service, session } = await env.signedIn();
    env.emu.control.forceRefreshNeeded();
    const error = await failure(service.generate(REQUEST));
    expect(error.code).toBe('AUTH_REQUIRED');
    expect(env.emu.requests.count(RUN)).toBe(1);
    expect(env.emu.requests.count(SESSION)).toBe(1);
    expect(session.manager.getMetadata()).toMatchObject({ state: 'reauth-required', reason: 'refresh-needed' });
  });
});
