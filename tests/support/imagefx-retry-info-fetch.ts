/**
 * Workaround for a gap in the emulator: its 429 answers carry a `Retry-After` header but no
 * `google.rpc.RetryInfo` detail in the body, while Google puts the delay in `error.details[].retryDelay`
 * of RESOURCE_EXHAUSTED bodies — and the body is all that reaches us through the library (it drops the
 * response headers). This wraps the global `fetch` the library calls so that 429 bodies from the emulator
 * carry the RetryInfo Google would send, derived from the emulator's own Retry-After. Nothing else changes.
 */

/** Installs the wrapper; returns the function that restores the previous global `fetch`. */
export function addRetryInfoToRateLimitBodies(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const retryAfter = response.headers.get('retry-after');
    if (response.status !== 429 || retryAfter === null) return response;
    const body = (await response.json()) as { error: { details?: unknown[] } };
    body.error.details = [...(body.error.details ?? []), { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfter}s` }];
    return new Response(JSON.stringify(body), { status: 429, statusText: response.statusText, headers: response.headers });
  };
  return () => {
    globalThis.fetch = original;
  };
}
