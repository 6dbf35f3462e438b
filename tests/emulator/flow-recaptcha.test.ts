/**
 * The stand-in reCAPTCHA Enterprise and how Flow's RPCs judge its tokens: shape, single use, action and site
 * key binding, two-minute lifetime, foreign and hijack-tagged mints, and the mint/use records tests rely on.
 * (The in-browser side — the page minting on its own Generate, the x2a trap — is in flow-chromium-editor.)
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.ts';
import { FLOW_RECAPTCHA_SITE_KEY, HIJACK_ACTION, RECAPTCHA_TOKEN_LIFETIME_MS, RECAPTCHA_TOKEN_PREFIX } from '../support/emulator/index.ts';
import { errorReason, flowImageUrls } from '../support/flow-batchexecute-reply.ts';
import { FlowTestClient, generateInner, uploadInner } from '../support/flow-test-client.ts';
import { withEmulator } from '../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 11, 4, 10));
const env = withEmulator({ clock });
const UNUSUAL = [7, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_UNUSUAL_ACTIVITY']]]];

async function generateWith(client: FlowTestClient, token: string): Promise<{ payload?: unknown; error?: unknown }> {
  return client.rpc('ogiZ0b', generateInner(client.projectId, token, [{ prompt: 'a token test' }]));
}

describe('the script', () => {
  it('is served from www.google.com and loaded on project pages only', async () => {
    const script = await fetch(`https://www.google.com/recaptcha/enterprise.js?render=${FLOW_RECAPTCHA_SITE_KEY}`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('grecaptcha');
    const client = await FlowTestClient.open(env.emu);
    const editor = await client.get(`https://flow.google.com/project/${client.projectId}`);
    expect(editor.html).toContain(`<script src="https://www.google.com/recaptcha/enterprise.js?render=${FLOW_RECAPTCHA_SITE_KEY}" defer>`);
    expect((await client.get('https://flow.google.com/')).html).not.toContain('recaptcha');
  });
});

describe('minting', () => {
  it('mints a ~2,400-character base64url token with the 0cAFcW prefix and records action, minter and origin', async () => {
    const client = await FlowTestClient.open(env.emu);
    const token = await client.mint('IMAGE_GENERATION');
    expect(token.startsWith(RECAPTCHA_TOKEN_PREFIX)).toBe(true);
    expect(token).toMatch(/^[\w-]+$/);
    expect(token.length).toBeGreaterThan(2_300);
    expect(token.length).toBeLessThan(2_500);
    expect(await client.mint('IMAGE_GENERATION')).not.toBe(token);
    expect(env.emu.control.recaptchaMints()[0]).toMatchObject({
      seq: 1,
      time: clock.now(),
      action: 'IMAGE_GENERATION',
      minter: 'page',
      origin: 'https://flow.google.com',
      siteKey: FLOW_RECAPTCHA_SITE_KEY,
      token,
      uses: 0,
      usedAt: null,
    });
  });

  it('answers the page origin with credentialed CORS, so the editor on flow.google.com can read the token', async () => {
    const response = await fetch('https://www.google.com/recaptcha/enterprise/reload', {
      method: 'POST',
      headers: { origin: 'https://flow.google.com' },
      body: new URLSearchParams({ k: FLOW_RECAPTCHA_SITE_KEY, sa: 'IMAGE_GENERATION', co: btoa('https://flow.google.com'), pc: '1' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://flow.google.com');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await response.text()).startsWith(")]}'\n[\"rresp\",\"0cAFcW")).toBe(true);
  });
});

describe('using tokens', () => {
  it('accepts a page-minted token once; the replay is UNUSUAL_ACTIVITY, and both uses are recorded', async () => {
    const client = await FlowTestClient.open(env.emu);
    const token = await client.mint('IMAGE_GENERATION');
    expect(flowImageUrls((await generateWith(client, token)).payload)).toHaveLength(1);
    expect((await generateWith(client, token)).error).toEqual(UNUSUAL);
    const [mint] = env.emu.control.recaptchaMints();
    expect(mint).toMatchObject({ uses: 2, usedAt: clock.now() });
    expect(env.emu.control.recaptchaUses().map((use) => [use.rpcid, use.expectedAction, use.mintSeq, use.verdict])).toEqual([
      ['ogiZ0b', 'IMAGE_GENERATION', mint!.seq, 'accepted'],
      ['ogiZ0b', 'IMAGE_GENERATION', mint!.seq, 'reused'],
    ]);
  });

  it('binds the token to its action: an UPLOAD_IMAGE token cannot generate', async () => {
    const client = await FlowTestClient.open(env.emu);
    expect((await generateWith(client, await client.mint('UPLOAD_IMAGE'))).error).toEqual(UNUSUAL);
    expect(env.emu.control.recaptchaUses().at(-1)?.verdict).toBe('action-mismatch');
  });

  it('refuses tokens minted outside the page, tagged by the x2a trap, for another site key, unknown or missing', async () => {
    const client = await FlowTestClient.open(env.emu);
    const cases: [string, string][] = [
      [await client.mint('IMAGE_GENERATION', { minter: 'foreign' }), 'foreign'],
      [await client.mint(HIJACK_ACTION, { minter: 'foreign' }), 'hijack-tagged'],
      [await client.mint('IMAGE_GENERATION', { siteKey: '6LeOtherSiteKeyOtherSiteKeyOtherSiteKey1' }), 'site-key-mismatch'],
      [`${RECAPTCHA_TOKEN_PREFIX}${'A'.repeat(2_400)}`, 'unknown'],
      ['', 'missing'],
    ];
    for (const [token, verdict] of cases) {
      const { error } = await generateWith(client, token);
      expect(errorReason(error), verdict).toBe('PUBLIC_ERROR_UNUSUAL_ACTIVITY');
      expect(env.emu.control.recaptchaUses().at(-1)?.verdict).toBe(verdict);
    }
    expect(env.emu.control.recaptchaMints().filter((mint) => mint.minter === 'foreign').map((mint) => mint.action)).toEqual([
      'IMAGE_GENERATION',
      HIJACK_ACTION,
    ]);
  });

  it('lets a token lapse two minutes after it was minted (emulator clock)', async () => {
    const client = await FlowTestClient.open(env.emu);
    const fresh = await client.mint('IMAGE_GENERATION');
    const stale = await client.mint('IMAGE_GENERATION');
    await clock.advance(RECAPTCHA_TOKEN_LIFETIME_MS);
    expect(flowImageUrls((await generateWith(client, fresh)).payload)).toHaveLength(1);
    await clock.advance(1);
    expect((await generateWith(client, stale)).error).toEqual(UNUSUAL);
    expect(env.emu.control.recaptchaUses().at(-1)?.verdict).toBe('expired');
  });

  it('needs UPLOAD_IMAGE for maseQ, and refuses a reused one there too', async () => {
    const client = await FlowTestClient.open(env.emu);
    const jpeg = Buffer.from((await (await fetch(flowImageUrls((await client.generate([{ prompt: 'src' }])).payload)[0]!)).arrayBuffer()));
    const token = await client.mint('UPLOAD_IMAGE');
    expect((await client.rpc('maseQ', uploadInner(client.projectId, token, jpeg))).payload).toBeDefined();
    expect((await client.rpc('maseQ', uploadInner(client.projectId, token, jpeg))).error).toEqual(UNUSUAL);
  });

  it('resetLog forgets mints and uses', async () => {
    const client = await FlowTestClient.open(env.emu);
    await client.mint('IMAGE_GENERATION');
    env.emu.resetLog();
    expect(env.emu.control.recaptchaMints()).toEqual([]);
    expect(env.emu.control.recaptchaUses()).toEqual([]);
  });
});
