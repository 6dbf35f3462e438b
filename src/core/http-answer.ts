/**
 * Reading Google's HTTP answers the same way everywhere (the session client, the image backend):
 * `Retry-After` (RFC 9110 §10.2.3) as its front ends send it on 429 and 503 — delta seconds or an HTTP
 * date — and telling a web page (an interstitial, a portal, a sign-in page) from the data asked for.
 */

/** Milliseconds from `now` until the time `value` names; `null` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value.trim());
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** True for an HTML answer: by its content type, or by a body that starts as markup. */
export function isWebPage(contentType: string | null, body: string): boolean {
  return (contentType ?? '').includes('text/html') || body.trimStart().startsWith('<');
}
