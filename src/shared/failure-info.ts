/**
 * How a failure travels: in a failed IPC reply and in a job that failed or waits. Plain data, written for
 * people, never holding a response body (which could echo a secret).
 */
import { z } from 'zod';
import { ERROR_CODES } from './app-error.ts';

/** The stable code, a sentence, Google's reason and how long to wait — `null` when not known. */
export const failureInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Google's machine-readable reason (`PUBLIC_ERROR_UNSAFE_GENERATION`, …). */
  reason: z.string().nullable(),
  /** How long Google asked us to wait before trying again, milliseconds. */
  retryAfterMs: z.number().nullable(),
});
export type FailureInfo = z.infer<typeof failureInfoSchema>;
