/**
 * labs.google sessions and access tokens under a fake clock: lifetime, expiry, refresh-needed, revocation,
 * cookie rotation and chunked cookies.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.ts';
import { DEFAULT_ACCOUNT, SECOND_STEP_ACCOUNT, SESSION_COOKIE } from '../support/emulator/index.ts';
import { withEmulator } from '../support/network.ts';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const clock = new FakeClock(START);
const env = withEmulator({ clock });

interface SessionBody {
  user?: { name: string; email: string; image: string };
  expires?: string;
  access_token?: string;
  error?: string;
}

async function session(cookieHeader: string | undefined): Promise<{ body: SessionBody; setCookies: string[] }> {
  const response = await fetch('https://labs.google/fx/api/auth/session', { headers: cookieHeader ? { cookie: cookieHeader } : {} });
  expect(response.status).toBe(200);
  return { body: (await response.json()) as SessionBody, setCookies: response.headers.getSetCookie() };
}

function generateBody(): string {
  return JSON.stringify({
    userInput: { candidatesCount: 1, prompts: ['a kite'], seed: 0 },
    clientContext: { sessionId: ';1', tool: 'IMAGE_FX' },
    modelInput: { modelNameType: 'IMAGEN_3_5' },
    aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE',
  });
}

async function runImageFx(token: string | undefined): Promise<{ status: number; body: { error?: { status: string; details: { reason: string }[] } } }> {
  const response = await fetch('https://aisandbox-pa.googleapis.com/v1:runImageFx', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: generateBody(),
  });
  return { status: response.status, body: (await response.json()) as never };
}

/** `name=value` pairs from Set-Cookie headers, ready for a Cookie header. */
function cookieHeaderFrom(setCookies: string[]): string {
  return setCookies
    .map((line) => line.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

describe('GET /fx/api/auth/session', () => {
  it('answers the signed-in shape, and {} without a cookie or with an unknown one', async () => {
    const issued = env.emu.control.createSession();
    const { body } = await session(issued.cookieHeader);
    expect(body).toEqual({
      user: { name: DEFAULT_ACCOUNT.name, email: DEFAULT_ACCOUNT.email, image: DEFAULT_ACCOUNT.image },
      expires: new Date(clock.now() + 60 * 60 * 1000).toISOString(),
      access_token: issued.accessToken,
    });
    expect((await session(undefined)).body).toEqual({});
    expect((await session(`${SESSION_COOKIE}=forged`)).body).toEqual({});
  });

  it('serves an avatar PNG at the user.image URL', async () => {
    const response = await fetch(DEFAULT_ACCOUNT.image);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('token lifetime', () => {
  it('expires tokens after the scripted lifetime; /session then renews them', async () => {
    env.emu.control.setTokenLifetime(60_000);
    const issued = env.emu.control.createSession();
    expect(issued.expires).toBe(new Date(clock.now() + 60_000).toISOString());
    expect((await runImageFx(issued.accessToken)).status).toBe(200);

    await clock.advance(60_000);
    const expired = await runImageFx(issued.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body.error?.status).toBe('UNAUTHENTICATED');
    expect(expired.body.error?.details[0]?.reason).toBe('ACCESS_TOKEN_EXPIRED');

    const renewed = (await session(issued.cookieHeader)).body;
    expect(renewed.access_token).not.toBe(issued.accessToken);
    expect(renewed.expires).toBe(new Date(clock.now() + 60_000).toISOString());
    expect((await runImageFx(renewed.access_token)).status).toBe(200);
  });

  it("reports ACCESS_TOKEN_REFRESH_NEEDED for a lapsed token when set to, with a past 'expires'", async () => {
    env.emu.control.setTokenLifetime(1_000);
    env.emu.control.setExpiredTokenBehaviour('refresh-needed');
    const issued = env.emu.control.createSession();
    await clock.advance(5_000);
    const { body } = await session(issued.cookieHeader);
    expect(body.error).toBe('ACCESS_TOKEN_REFRESH_NEEDED');
    expect(body.user?.email).toBe(DEFAULT_ACCOUNT.email);
    expect(Date.parse(body.expires!)).toBeLessThan(clock.now());
    // Stays refresh-needed even if the behaviour is switched back: only a new sign-in helps.
    env.emu.control.setExpiredTokenBehaviour('refresh');
    expect((await session(issued.cookieHeader)).body.error).toBe('ACCESS_TOKEN_REFRESH_NEEDED');
  });
});

describe('forceRefreshNeeded and revokeSessions', () => {
  it('forces refresh-needed for one account: its token gets 401, other accounts are untouched', async () => {
    const ada = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    const grace = env.emu.control.createSession(SECOND_STEP_ACCOUNT.email);
    expect(env.emu.control.forceRefreshNeeded(DEFAULT_ACCOUNT.email)).toBeGreaterThanOrEqual(1);
    const { body } = await session(ada.cookieHeader);
    expect(body.error).toBe('ACCESS_TOKEN_REFRESH_NEEDED');
    expect(Date.parse(body.expires!)).toBeLessThan(clock.now());
    expect((await runImageFx(ada.accessToken)).status).toBe(401);
    expect((await session(grace.cookieHeader)).body.error).toBeUndefined();
    expect((await runImageFx(grace.accessToken)).status).toBe(200);
  });

  it('revokes sessions by email, then all: /session answers {} and tokens get 401', async () => {
    const ada = env.emu.control.createSession(DEFAULT_ACCOUNT.email);
    const grace = env.emu.control.createSession(SECOND_STEP_ACCOUNT.email);
    env.emu.control.revokeSessions(DEFAULT_ACCOUNT.email);
    expect((await session(ada.cookieHeader)).body).toEqual({});
    expect((await runImageFx(ada.accessToken)).body.error?.details[0]?.reason).toBe('ACCESS_TOKEN_INVALID');
    expect((await session(grace.cookieHeader)).body.user?.email).toBe(SECOND_STEP_ACCOUNT.email);
    env.emu.control.revokeSessions();
    expect((await session(grace.cookieHeader)).body).toEqual({});
    expect((await runImageFx(grace.accessToken)).status).toBe(401);
  });
});

describe('session cookie rotation', () => {
  it('re-issues the cookie on /session; the old value works during the grace period only', async () => {
    env.emu.control.setSessionRotation({ graceMs: 10_000 });
    const issued = env.emu.control.createSession();
    const first = await session(issued.cookieHeader);
    expect(first.setCookies).toHaveLength(1);
    expect(first.setCookies[0]).toMatch(new RegExp(`^${SESSION_COOKIE.replace(/\./g, '\\.')}=[^;]+; Path=/; Max-Age=\\d+; HttpOnly; Secure; SameSite=Lax$`));
    const rotatedHeader = cookieHeaderFrom(first.setCookies);
    expect(rotatedHeader).not.toBe(issued.cookieHeader);

    await clock.advance(9_000);
    expect((await session(issued.cookieHeader)).body.user?.email).toBe(DEFAULT_ACCOUNT.email);
    await clock.advance(2_000);
    expect((await session(issued.cookieHeader)).body).toEqual({});
    expect((await session(rotatedHeader)).body.user?.email).toBe(DEFAULT_ACCOUNT.email);
  });

  it('currentSessionCookie names the value issued last, following every rotation', async () => {
    const issued = env.emu.control.createSession();
    expect(env.emu.control.currentSessionCookie()).toBe(issued.sessionToken);
    env.emu.control.setSessionRotation({ graceMs: 200 });
    const first = await session(issued.cookieHeader);
    const rotated = cookieHeaderFrom(first.setCookies);
    expect(`${SESSION_COOKIE}=${env.emu.control.currentSessionCookie()}`).toBe(rotated);
    await session(rotated);
    expect(`${SESSION_COOKIE}=${env.emu.control.currentSessionCookie()}`).not.toBe(rotated);
    env.emu.control.revokeSessions();
    expect(env.emu.control.currentSessionCookie()).toBeNull();
  });

  it('with no grace, the old value stops working at once; without rotation no Set-Cookie is sent', async () => {
    const plain = env.emu.control.createSession();
    expect((await session(plain.cookieHeader)).setCookies).toEqual([]);
    env.emu.control.setSessionRotation({ graceMs: 0 });
    const { setCookies } = await session(plain.cookieHeader);
    await clock.advance(1);
    expect((await session(plain.cookieHeader)).body).toEqual({});
    expect((await session(cookieHeaderFrom(setCookies))).body.user).toBeDefined();
  });
});

describe('chunked session cookies (over 4 KB)', () => {
  it('splits a long token into .0, .1, … and reassembles it in index order', async () => {
    env.emu.control.setSessionTokenLength(9_000);
    const issued = env.emu.control.createSession();
    const pairs = issued.cookieHeader.split('; ');
    expect(pairs.map((pair) => pair.split('=')[0])).toEqual([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`, `${SESSION_COOKIE}.2`]);
    expect(issued.sessionToken).toHaveLength(9_000);
    expect(pairs.every((pair) => pair.length <= 4096)).toBe(true);
    // A browser may send the chunks in any order.
    expect((await session([...pairs].reverse().join('; '))).body.user?.email).toBe(DEFAULT_ACCOUNT.email);
    // A missing chunk is a broken session.
    expect((await session(pairs.slice(0, 2).join('; '))).body).toEqual({});
  });

  it('rotating from one cookie to chunks expires the unchunked cookie', async () => {
    const issued = env.emu.control.createSession(); // default length: one cookie
    env.emu.control.setSessionTokenLength(6_000);
    env.emu.control.setSessionRotation({ graceMs: 0 });
    const { setCookies } = await session(issued.cookieHeader);
    expect(setCookies.map((line) => line.split('=')[0])).toEqual([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`, SESSION_COOKIE]);
    expect(setCookies[2]).toContain('Max-Age=0');
    expect((await session(cookieHeaderFrom(setCookies))).body.user?.email).toBe(DEFAULT_ACCOUNT.email);
  });
});

describe('sign-out and CSRF', () => {
  it('signing out ends only that session and clears its cookie', async () => {
    const kept = env.emu.control.createSession();
    const ended = env.emu.control.createSession();
    const csrf = await fetch('https://labs.google/fx/api/auth/csrf');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
    expect(csrf.headers.getSetCookie()[0]).toMatch(/^__Host-next-auth\.csrf-token=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);

    const response = await fetch('https://labs.google/fx/api/auth/signout', { method: 'POST', headers: { cookie: ended.cookieHeader } });
    expect(await response.json()).toEqual({ url: 'https://labs.google/fx' });
    expect(response.headers.getSetCookie()).toEqual([`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`]);
    expect((await session(ended.cookieHeader)).body).toEqual({});
    expect((await runImageFx(ended.accessToken)).status).toBe(401);
    expect((await session(kept.cookieHeader)).body.user?.email).toBe(DEFAULT_ACCOUNT.email);
  });
});
