/**
 * Who flow.google.com lets in, from cookies alone: `/about` when signed out, the silent OSID hop, classic
 * accounts sent to labs.google, revocation, the scripted `/about` and confirm-identity states, cookie rotation
 * with its grace period (emulator clock), and what labs.google says to migrated accounts.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.ts';
import {
  DEFAULT_ACCOUNT,
  FLOW_BUILD_LABEL,
  FLOW_PAGE_CSP,
  LABS_FLOW_URL,
  MIGRATED_ACCOUNT,
  ROTATING_GOOGLE_COOKIES,
} from '../support/emulator/index.ts';
import { FlowTestClient } from '../support/flow-test-client.ts';
import { withEmulator } from '../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 11, 4, 10));
const env = withEmulator({ clock });
const GRID = 'https://flow.google.com/';

/** Follows redirects by hand (so the jar sees every Set-Cookie), returning the hops and the last page. */
async function follow(client: FlowTestClient, url: string): Promise<{ hops: string[]; status: number; html: string }> {
  const hops = [url];
  let page = await client.get(url);
  while (page.location) {
    const next = new URL(page.location, hops.at(-1)).href;
    hops.push(next);
    page = await client.get(next);
  }
  return { hops, status: page.status, html: page.html };
}

describe('signed out', () => {
  it('sends / and /project/* to /about, whose CTA starts a Flow sign-in on accounts.google.com', async () => {
    for (const path of ['/', '/project/anything']) {
      const response = await fetch(`https://flow.google.com${path}`, { redirect: 'manual' });
      expect([response.status, response.headers.get('location')]).toEqual([302, '/about']);
    }
    const about = await fetch('https://flow.google.com/about');
    const html = await about.text();
    expect(about.headers.get('content-security-policy')).toBe(FLOW_PAGE_CSP);
    expect(html).toContain('<button type="submit" class="cta-button">');
    expect(html).toContain('action="https://accounts.google.com/ServiceLogin"');
    expect(html).toContain('name="continue" value="https://flow.google.com/?pli=1"');
    expect(html).not.toContain('wiz-global-data');
  });

  it('with ?pli=1 goes straight to accounts.google.com (the sign-in start), and the form is shown', async () => {
    const client = await FlowTestClient.open(env.emu);
    client.jar.clear();
    const { hops, html } = await follow(client, 'https://flow.google.com/?pli=1');
    expect(hops.map((hop) => new URL(hop).host + new URL(hop).pathname)).toEqual([
      'flow.google.com/',
      'accounts.google.com/ServiceLogin',
      'accounts.google.com/v3/signin/identifier',
    ]);
    expect(html).toContain('to continue to Flow');
  });
});

describe('signed in', () => {
  it('serves the grid with WIZ_global_data in a JSON block, no inline script, and the strict CSP', async () => {
    const client = await FlowTestClient.open(env.emu);
    const response = await fetch(GRID, { headers: { cookie: client.cookieHeader } });
    expect(response.headers.get('content-security-policy')).toBe(FLOW_PAGE_CSP);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attributes, content] of scripts) {
      expect(/src=/.test(attributes!) || (/type="application\/json"/.test(attributes!) && content!.length > 0)).toBe(true);
    }
    const wiz = JSON.parse(/id="wiz-global-data">(.*?)<\/script>/.exec(html)![1]!) as Record<string, string>;
    expect(wiz.SNlM0e).toHaveLength(42);
    expect(wiz.FdrFJe).toMatch(/^-?\d+$/);
    expect(wiz.cfb2h).toBe(FLOW_BUILD_LABEL);
    expect(env.emu.control.flowPageLoads(MIGRATED_ACCOUNT.email).map((load) => load.at)).toContain(wiz.SNlM0e);
    expect(html).toContain('class="settings-trigger-button');
  });

  it('with Google cookies but no OSID, hops silently through ServiceLogin and SetOSID, which sets host-only OSID cookies', async () => {
    const client = await FlowTestClient.open(env.emu);
    client.jar.delete('__Secure-OSID');
    client.jar.delete('OSID');
    const hops: string[] = [];
    let page = await client.get(GRID);
    let setOsidCookies: string[] = [];
    while (page.location) {
      hops.push(page.location);
      page = await client.get(page.location);
      if (hops.at(-1)!.includes('/accounts/SetOSID')) setOsidCookies = page.setCookies;
    }
    expect(hops.map((hop) => new URL(hop).pathname)).toEqual(['/ServiceLogin', '/accounts/SetOSID', '/']);
    expect(page.status).toBe(200);
    expect(setOsidCookies.find((line) => line.startsWith('__Secure-OSID='))).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=None$/);
    expect(setOsidCookies.every((line) => !/Domain=/i.test(line))).toBe(true);
  });

  it('sends a classic account back to labs.google, and labs.google sends a migrated one to flow.google.com', async () => {
    const classic = await FlowTestClient.open(env.emu, DEFAULT_ACCOUNT.email).catch((error: Error) => error);
    expect(classic).toBeInstanceOf(Error); // its editor page never answers 200
    const issued = env.emu.control.createFlowSession(DEFAULT_ACCOUNT.email);
    const response = await fetch(GRID, { headers: { cookie: issued.cookieHeader }, redirect: 'manual' });
    expect(response.headers.get('location')).toBe(LABS_FLOW_URL);

    const labsClassic = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    expect((await fetch(LABS_FLOW_URL, { headers: { cookie: labsClassic.cookieHeader }, redirect: 'manual' })).status).toBe(200);
    const labsMigrated = env.emu.control.createSession(MIGRATED_ACCOUNT.email);
    const moved = await fetch(`${LABS_FLOW_URL}/project/abc`, { headers: { cookie: labsMigrated.cookieHeader }, redirect: 'manual' });
    expect(moved.headers.get('location')).toBe('https://flow.google.com/project/abc');
  });
});

describe('labs.google for a migrated account', () => {
  it('answers {} at /fx/api/auth/session for good and refuses its old bearer token; ImageFX says it was retired', async () => {
    const issued = env.emu.control.createSession(MIGRATED_ACCOUNT.email);
    const session = await fetch('https://labs.google/fx/api/auth/session', { headers: { cookie: issued.cookieHeader } });
    expect(await session.json()).toEqual({});
    const run = await fetch('https://aisandbox-pa.googleapis.com/v1:runImageFx', { method: 'POST', headers: { authorization: `Bearer ${issued.accessToken}` }, body: '{}' });
    expect(run.status).toBe(401);
    const imageFx = await (await fetch('https://labs.google/fx/tools/image-fx')).text();
    expect(imageFx).toContain('id="tool-retired"');
    // A classic account keeps today's behaviour.
    const classic = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    expect(await (await fetch('https://labs.google/fx/api/auth/session', { headers: { cookie: classic.cookieHeader } })).json()).toMatchObject({
      user: { email: DEFAULT_ACCOUNT.email },
    });
    env.emu.control.setAccountKind(DEFAULT_ACCOUNT.email, { backend: 'migrated' });
    expect(await (await fetch('https://labs.google/fx/api/auth/session', { headers: { cookie: classic.cookieHeader } })).json()).toEqual({});
    env.emu.control.setAccountKind(DEFAULT_ACCOUNT.email, { backend: 'classic' });
  });
});

describe('losing the session', () => {
  it('revokeAccountCookies: pages go to /about and batchexecute answers 401', async () => {
    const client = await FlowTestClient.open(env.emu);
    expect(env.emu.control.revokeAccountCookies(MIGRATED_ACCOUNT.email)).toBeGreaterThanOrEqual(1);
    expect((await client.get(GRID)).location).toBe('/about');
    expect((await client.call([{ rpcid: 'jHPbke', inner: ['projects/*', [null, ['x']], [null, 22]] }])).status).toBe(401);
  });

  it('forceFlowAbout: /about, and the CTA signs in again silently with the live Google cookies', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.forceFlowAbout(MIGRATED_ACCOUNT.email);
    expect((await client.get(GRID)).location).toBe('/about');
    const { hops, status } = await follow(client, 'https://flow.google.com/?pli=1');
    expect(hops.map((hop) => new URL(hop).pathname)).toEqual(['/', '/ServiceLogin', '/accounts/SetOSID', '/']);
    expect(status).toBe(200);
  });

  it('forceConfirmIdentity: /about, then the CTA lands on confirmidentifier, which asks for the password again', async () => {
    const client = await FlowTestClient.open(env.emu);
    env.emu.control.forceConfirmIdentity(MIGRATED_ACCOUNT.email);
    expect((await client.get(GRID)).location).toBe('/about');
    const { hops, html } = await follow(client, 'https://flow.google.com/?pli=1');
    expect(new URL(hops.at(-1)!).pathname).toBe('/v3/signin/confirmidentifier');
    expect(html).toContain("Confirm it's you");
    expect(html).toContain(`value="${MIGRATED_ACCOUNT.email}"`);
  });
});

describe('cookie rotation', () => {
  it('every page load re-issues the rotating cookies on .google.com; the old __Secure-1PSIDTS works for the grace period only', async () => {
    env.emu.control.setGoogleCookieRotation({ intervalMs: 0, graceMs: 60_000 });
    const client = await FlowTestClient.open(env.emu); // the editor load already rotated once
    const before = client.cookieHeader;
    const page = await client.get(GRID);
    const rotated = page.setCookies.map((line) => line.split('=')[0]);
    expect(rotated).toEqual([...ROTATING_GOOGLE_COOKIES]);
    expect(page.setCookies.every((line) => line.includes('Domain=.google.com') && line.includes('Secure'))).toBe(true);
    expect(client.cookieHeader).not.toBe(before);

    await clock.advance(60_000);
    expect((await fetch(GRID, { headers: { cookie: before }, redirect: 'manual' })).status).toBe(200);
    await clock.advance(1);
    const stale = await fetch(GRID, { headers: { cookie: before }, redirect: 'manual' });
    expect(stale.headers.get('location')).toBe('/about');
    expect((await client.get(GRID)).status).toBe(200);
  });

  it('rotates only once the interval has passed, and not at all when turned off', async () => {
    env.emu.control.setGoogleCookieRotation({ intervalMs: 10 * 60_000, graceMs: 0 });
    const client = await FlowTestClient.open(env.emu);
    expect((await client.get(GRID)).setCookies).toEqual([]);
    await clock.advance(10 * 60_000);
    expect((await client.get(GRID)).setCookies).toHaveLength(ROTATING_GOOGLE_COOKIES.length);
    env.emu.control.setGoogleCookieRotation(null);
    await clock.advance(60 * 60_000);
    expect((await client.get(GRID)).setCookies).toEqual([]);
    expect(env.emu.control.snapshot().googleCookieRotation).toBeNull();
  });
});
