/**
 * What the renderer may know about sign-in, as schemas with their types inferred: states, reasons and
 * non-secret account facts. No cookie, token or key has a place in these shapes.
 */
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, MAX_COOKIE_HEADER_LENGTH, QUEUED_WORK_CHOICES, USER_AGENT_STRATEGIES } from './auth-options.ts';
import { IMAGE_BACKENDS } from './generation-options.ts';
import { plainObject } from './schema-kit.ts';

export const authStateSchema = z.enum(['signed-out', 'signing-in', 'signed-in', 'refreshing', 'offline', 'reauth-required']);
export type AuthState = z.infer<typeof authStateSchema>;

/** A Google backend: Flow (flow.google.com) or classic ImageFX (labs.google). */
export const imageBackendSchema = z.enum(IMAGE_BACKENDS);

/** A signed-in (or once signed-in) Google account, as the UI shows it. */
export const accountSummarySchema = z.object({
  /** Opaque, stable id (names the account's login partition and vault entry). */
  id: z.string(),
  email: z.string(),
  name: z.string(),
  avatarUrl: z.string(),
  /**
   * The Google backend the account generates with: detected after sign-in (Flow when flow.google.com opens
   * for it, classic when only labs.google hands out a token), or chosen by the user in Settings.
   */
  backend: imageBackendSchema,
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

/** Where the vault keeps secrets now. */
export const storageSummarySchema = z.object({
  /**
   * `encrypted`: on disk under the OS keychain. `weak`: on disk under Linux `basic_text`, whose key is well
   * known (the user accepted it). `memory-only`: not written to disk (no usable keychain, or weak storage
   * not accepted).
   */
  mode: z.enum(['encrypted', 'weak', 'memory-only']),
  /** Machine-readable, e.g. `encryption-unavailable`, `weak-backend`, `backend-changed`. */
  reason: z.string().optional(),
  /** A sentence for people. */
  detail: z.string().optional(),
});
export type StorageSummary = z.infer<typeof storageSummarySchema>;

/** Everything the UI needs to draw the account area and the auth banners. */
export const authSnapshotSchema = z.object({
  state: authStateSchema,
  /** Why: `vault-unreadable`, `revoked`, `refresh-needed`, `vault-backend-changed`, a transient detail… */
  reason: z.string().nullable(),
  activeAccount: accountSummarySchema.nullable(),
  accounts: z.array(accountSummarySchema),
  storage: storageSummarySchema,
});
export type AuthSnapshot = z.infer<typeof authSnapshotSchema>;

export const userAgentStrategySchema = z.enum(USER_AGENT_STRATEGIES);

/** Opaque account ids, exactly as the account manager makes them. */
export const accountIdSchema = z.string().regex(ACCOUNT_ID_PATTERN);

/** A pasted `Cookie` header. */
export const cookieHeaderSchema = z.string().min(1).max(MAX_COOKIE_HEADER_LENGTH);

/**
 * Signing out, and what becomes of the account's unfinished generations: kept (they wait until the same
 * Google account signs in again) or discarded (cancelled). The window asks when there are any.
 */
export const signOutRequestSchema = plainObject({ queuedWork: z.enum(QUEUED_WORK_CHOICES) });
export type SignOutRequest = z.infer<typeof signOutRequestSchema>;

/** The session layer's states: every `AuthState` but `signing-in`, which belongs to the sign-in window. */
export type SessionState = Exclude<AuthState, 'signing-in'>;
