/**
 * Who is asking flow.google.com, decided from the request's cookies alone (no Bearer, no SAPISIDHASH:
 * FLOW-NOTES §2). The pages turn the answer into the grid or editor, `/about`, a hop to accounts.google.com,
 * or a hop back to labs.google; batchexecute serves only `signed-in`.
 */
import type { EmulatorAccount } from './emulator-accounts.ts';
import type { RouteContext } from './emulator-state.ts';
import type { GoogleAccountSession } from './google-account-cookies.ts';
import { FLOW_SESSION_COOKIE } from './flow-session-store.ts';
import type { FlowSession } from './flow-session-store.ts';

/** The outcome for one request. */
export type FlowVisitor =
  /** Live Google cookies and a live `__Secure-OSID` of the same account, on a migrated account. */
  | { readonly kind: 'signed-in'; readonly account: EmulatorAccount; readonly google: GoogleAccountSession; readonly session: FlowSession }
  /** Live Google cookies but no `__Secure-OSID` yet: a silent trip through ServiceLogin sets it. */
  | { readonly kind: 'needs-osid'; readonly account: EmulatorAccount; readonly google: GoogleAccountSession }
  /** An account Google has not moved: flow.google.com sends it back to labs.google. */
  | { readonly kind: 'classic'; readonly account: EmulatorAccount; readonly google: GoogleAccountSession }
  /** Google wants the password again (GF-about): `/about`, whose CTA leads to `confirmidentifier`. */
  | { readonly kind: 'confirm-identity'; readonly account: EmulatorAccount }
  /**
   * No usable session: no (or revoked, or rotated-out) Google cookies, or a `__Secure-OSID` that was ended or
   * belongs to someone else. Lands on `/about`.
   */
  | { readonly kind: 'signed-out' };

/** Resolves the visitor of a flow.google.com request. */
export function resolveFlowVisitor(context: RouteContext): FlowVisitor {
  const { state, cookies } = context;
  const google = state.googleCookies.resolve(cookies);
  const account = google && state.accounts.get(google.email);
  if (!google || !account) return { kind: 'signed-out' };
  if (google.confirmIdentity) return { kind: 'confirm-identity', account };
  if (account.backend === 'classic') return { kind: 'classic', account, google };
  const osid = cookies.get(FLOW_SESSION_COOKIE);
  if (!osid) return { kind: 'needs-osid', account, google };
  const session = state.flowSessions.resolve(osid);
  if (!session || session.email !== account.email) return { kind: 'signed-out' };
  return { kind: 'signed-in', account, google, session };
}
