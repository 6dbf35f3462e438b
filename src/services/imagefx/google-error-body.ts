/**
 * Reads the parts of an error body we act on, from the two shapes that reach us: Google's API errors
 * (`{error:{code,status,message,details:[ErrorInfo|RetryInfo|QuotaFailure…]}}`, aisandbox-pa) and tRPC
 * errors (`{error:{json:{data:{code,httpStatus}}}}`, labs.google). Free text is never kept, only
 * machine-readable fields, so nothing from the body can leak into a message.
 */

export interface GoogleErrorFacts {
  /** Canonical status (`UNAUTHENTICATED`, `RESOURCE_EXHAUSTED`, …) or the tRPC code (`UNAUTHORIZED`, …). */
  readonly status: string | null;
  /** `ErrorInfo.reason` values, e.g. `PUBLIC_ERROR_UNSAFE_GENERATION`. */
  readonly reasons: readonly string[];
  /** `RetryInfo.retryDelay`, milliseconds. */
  readonly retryDelayMs: number | null;
  /** True when a `QuotaFailure` detail is present. */
  readonly quotaFailure: boolean;
}

const NO_FACTS: GoogleErrorFacts = { status: null, reasons: [], retryDelayMs: null, quotaFailure: false };

/** Machine-readable identifiers only: keeps an unexpected field from smuggling text into our output. */
const IDENTIFIER = /^[A-Z][A-Z0-9_]{1,80}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function identifier(value: unknown): string | null {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : null;
}

/**
 * A protobuf `Duration` in its JSON form (`"30s"`, `"1.500s"`) or object form (`{seconds, nanos}`), in
 * milliseconds; `null` when absent or nonsensical.
 */
export function parseProtoDuration(value: unknown): number | null {
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    return match ? Math.round(Number(match[1]) * 1000) : null;
  }
  if (isRecord(value)) {
    const seconds = Number(value.seconds ?? 0);
    const nanos = Number(value.nanos ?? 0);
    if (!Number.isFinite(seconds) || !Number.isFinite(nanos) || seconds < 0 || nanos < 0) return null;
    return Math.round(seconds * 1000 + nanos / 1e6);
  }
  return null;
}

/** Extracts {@link GoogleErrorFacts} from a response body; unknown or non-JSON bodies give no facts. */
export function readGoogleErrorFacts(body: string): GoogleErrorFacts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return NO_FACTS;
  }
  if (!isRecord(parsed) || !isRecord(parsed.error)) return NO_FACTS;
  const error = parsed.error;
  if (isRecord(error.json)) {
    const data = isRecord(error.json.data) ? error.json.data : {};
    return { ...NO_FACTS, status: identifier(data.code) };
  }
  const reasons: string[] = [];
  let retryDelayMs: number | null = null;
  let quotaFailure = false;
  for (const detail of Array.isArray(error.details) ? error.details : []) {
    if (!isRecord(detail)) continue;
    const reason = identifier(detail.reason);
    if (reason) reasons.push(reason);
    const type = typeof detail['@type'] === 'string' ? detail['@type'] : '';
    if (type.endsWith('google.rpc.RetryInfo') || 'retryDelay' in detail) {
      retryDelayMs = parseProtoDuration(detail.retryDelay) ?? retryDelayMs;
    }
    if (type.endsWith('google.rpc.QuotaFailure')) quotaFailure = true;
  }
  return { status: identifier(error.status), reasons, retryDelayMs, quotaFailure };
}
