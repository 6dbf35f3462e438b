/**
 * The app page's Content-Security-Policy as Chromium enforces it on the built renderer, served with the
 * app protocol's headers and index.html's <meta> (harness: tests/support/e2e-app-page.ts): markup an
 * attacker might get into the page cannot run code.
 */
import { describe, expect, it } from 'vitest';
import { E2E_ENTRY_URL } from '../support/e2e-app-page.ts';
import { withE2eApp } from '../support/e2e-fixture.ts';

const e2e = withE2eApp();

describe('the page’s Content-Security-Policy, enforced by Chromium', () => {
  it('does not run an injected inline script, inline event handler, string-compiled code or foreign script, and reports each violation', async () => {
    const app = await e2e.openApp();
    const { page } = app;
    await page.goto(E2E_ENTRY_URL);
    await page.getByRole('button', { name: 'Sign in with Google' }).waitFor();
    // The app's own script ran (it drew the sign-in screen) under the same policy.

    // What an attacker who got markup into the page would try (page.evaluate itself runs outside the page's
    // policy, as a debugger does; everything it inserts is judged by the policy).
    const outcome = await page.evaluate(async () => {
      const w = window as unknown as { __pwned?: number; __violations: { directive: string; blocked: string; disposition: string }[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        w.__violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, disposition: event.disposition });
      });
      const inline = document.createElement('script');
      inline.textContent = 'window.__pwned = 1';
      document.body.appendChild(inline);
      const handler = document.createElement('img');
      handler.setAttribute('src', '/missing.png');
      handler.setAttribute('onerror', 'window.__pwned = 2');
      document.body.appendChild(handler);
      const foreign = document.createElement('script');
      foreign.src = 'https://evil.example/payload.js';
      document.body.appendChild(foreign);
      const dataScript = document.createElement('script');
      dataScript.src = 'data:text/javascript,window.__pwned=3';
      document.body.appendChild(dataScript);
      // Code compiled from a string by the page itself (a string timer; DevTools' own evaluation is exempt
      // from the policy, so a direct eval() here would prove nothing).
      (setTimeout as unknown as (code: string, ms: number) => number)('window.__pwned = 4', 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { pwned: w.__pwned, violations: w.__violations };
    });

    expect(outcome.pwned).toBeUndefined();
    // Each attempt is refused by both copies of the policy (the response header and index.html's <meta>).
    const reported = outcome.violations.map((violation) => `${violation.disposition} ${violation.directive} ${violation.blocked}`);
    const attempts = [
      'enforce script-src-elem inline',
      'enforce script-src-attr inline',
      'enforce script-src-elem https://evil.example/payload.js',
      'enforce script-src-elem data',
      'enforce script-src eval',
    ];
    expect([...reported].sort()).toEqual([...attempts, ...attempts].sort());
    expect(app.cspRefusals.length).toBeGreaterThanOrEqual(attempts.length); // Chromium logs each refusal too
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await app.close();
  });
});

