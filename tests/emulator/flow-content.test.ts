/**
 * Signed image URLs on flow-content.google: good without cookies until `Expires` (emulator clock), 403 when
 * expired or tampered with in any signed part.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.ts';
import { DEFAULT_SIGNED_URL_LIFETIME_MS, JPEG_MAGIC } from '../support/emulator/index.ts';
import { flowImageUrls } from '../support/flow-batchexecute-reply.ts';
import { FlowTestClient } from '../support/flow-test-client.ts';
import { withEmulator } from '../support/network.ts';

const clock = new FakeClock(Date.UTC(2026, 11, 4, 10));
const env = withEmulator({ clock });

async function oneImageUrl(): Promise<string> {
  const client = await FlowTestClient.open(env.emu);
  return flowImageUrls((await client.generate([{ prompt: 'a signed picture' }])).payload)[0]!;
}

function withParam(url: string, name: string, value: string): string {
  const changed = new URL(url);
  changed.searchParams.set(name, value);
  return changed.href;
}

describe('GET flow-content.google/image/<id>', () => {
  it('serves the JPEG to a request without any cookie, until the URL expires', async () => {
    const url = await oneImageUrl();
    expect(Number(new URL(url).searchParams.get('Expires'))).toBe(Math.floor(clock.now() / 1000) + DEFAULT_SIGNED_URL_LIFETIME_MS / 1000);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 3)).toEqual(JPEG_MAGIC);
    expect(env.emu.requests.last({ host: 'flow-content.google' })!.cookies).toEqual({});

    await clock.advance(DEFAULT_SIGNED_URL_LIFETIME_MS);
    expect((await fetch(url)).status).toBe(200);
    await clock.advance(1_000);
    expect((await fetch(url)).status).toBe(403);
  });

  it('answers 403 for a changed signature, expiry, key name or media id, and for a missing signature', async () => {
    const url = await oneImageUrl();
    const signature = new URL(url).searchParams.get('Signature')!;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const later = String(Number(new URL(url).searchParams.get('Expires')) + 3_600);
    const otherId = url.replace(/\/image\/[^?]+/, '/image/00000000-0000-4000-8000-000000000000');
    const unsigned = url.replace(/&Signature=.*$/, '');
    for (const tampered of [withParam(url, 'Signature', flipped), withParam(url, 'Expires', later), withParam(url, 'KeyName', 'other-key'), otherId, unsigned]) {
      const response = await fetch(tampered);
      expect(response.status, tampered).toBe(403);
      await response.arrayBuffer();
    }
    expect((await fetch(url)).status).toBe(200);
  });

  it('setSignedUrlLifetime shortens the URLs issued afterwards', async () => {
    env.emu.control.setSignedUrlLifetime(60_000);
    const url = await oneImageUrl();
    await clock.advance(61_000);
    expect((await fetch(url)).status).toBe(403);
  });

  it('answers 404 for other paths', async () => {
    expect((await fetch('https://flow-content.google/video/x')).status).toBe(404);
  });
});
