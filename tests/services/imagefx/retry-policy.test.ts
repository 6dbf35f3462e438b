/**
 * When a failure is retried, and how long the wait is.
 */
import { describe, expect, it } from 'vitest';
import { ImageServiceError } from '../../../src/services/imagefx/image-service-error.ts';
import { createRetryPolicy, retryDelayMs } from '../../../src/services/imagefx/retry-policy.ts';

const policy = createRetryPolicy({ maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 });
const network = new ImageServiceError('NETWORK', 'offline', { retryable: true });

describe('retryDelayMs', () => {
  it('never retries a failure that cannot heal', () => {
    for (const code of ['SAFETY_REFUSED', 'QUOTA_REACHED', 'INVALID_INPUT', 'AUTH_REQUIRED'] as const) {
      expect(retryDelayMs(new ImageServiceError(code, 'x'), 1, policy, () => 0.5)).toBeNull();
    }
  });

  it('backs off exponentially with equal jitter, capped, and stops after the last attempt', () => {
    const low = [1, 2, 3, 4].map((failures) => retryDelayMs(network, failures, policy, () => 0));
    const high = [1, 2, 3, 4].map((failures) => retryDelayMs(network, failures, policy, () => 1));
    expect(low).toEqual([500, 1_000, 2_000, 4_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(network, 5, policy, () => 0.5)).toBeNull();
  });

  it('honours a server-given delay exactly, and cuts one longer than the policy allows to its cap', () => {
    const limited = (retryAfterMs: number) => new ImageServiceError('RATE_LIMITED', 'x', { retryable: true, retryAfterMs });
    expect(retryDelayMs(limited(30_000), 1, policy, () => 0)).toBe(30_000);
    expect(retryDelayMs(limited(61_000), 1, policy, () => 0)).toBe(60_000);
    expect(retryDelayMs(limited(3_600_000), 1, createRetryPolicy(), () => 0)).toBe(10 * 60_000);
    expect(retryDelayMs(limited(30_000), 5, policy, () => 0)).toBeNull(); // still bounded by the attempts
  });

  it('refuses an inconsistent policy', () => {
    expect(() => createRetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => createRetryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
  });
});
