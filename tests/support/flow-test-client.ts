/**
 * Plays the Flow page from Node for the emulator's wire tests: holds a cookie jar (applying the Set-Cookie
 * rotations pages send), loads a page to get its `WIZ_global_data`, mints reCAPTCHA tokens exactly as the
 * page's stand-in script does (`pc=1` marks the page's own call), and sends batchexecute calls. Only the
 * emulator tests use it; the app drives the real page instead.
 */
import type { Emulator, WizGlobalData } from './emulator/index.ts';
import { FLOW_BATCHEXECUTE_PATH, FLOW_RECAPTCHA_SITE_KEY, MIGRATED_ACCOUNT } from './emulator/index.ts';
import { decodeBatchReply } from './flow-batchexecute-reply.ts';
import type { DecodedBatchReply } from './flow-batchexecute-reply.ts';

/** One RPC to send. */
export interface RpcCall {
  readonly rpcid: string;
  readonly inner: unknown;
}

/** A batchexecute response. */
export interface BatchResponse {
  readonly status: number;
  readonly text: string;
  /** Null when the body is not a batchexecute reply (e.g. an injected HTTP 500 JSON body). */
  readonly reply: DecodedBatchReply | null;
}

/** The ctx block `[null, 22, …, projectId, …, [token, 1]]`. */
export function ctxBlock(projectId: string | null, token: string): unknown[] {
  return [null, 22, null, null, null, projectId, null, null, null, null, [token, 1]];
}

/** A fresh upper-case UUID. */
export function upperUuid(): string {
  return crypto.randomUUID().toUpperCase();
}

/** One image of an `ogiZ0b` call. */
export interface ImageRequest {
  readonly prompt: string;
  readonly seed?: number;
  readonly aspect?: number;
  readonly model?: string;
  readonly references?: readonly string[];
}

/** The `ogiZ0b` inner payload, one item per image, the same token everywhere. */
export function generateInner(projectId: string, token: string, images: readonly ImageRequest[]): unknown[] {
  const items = images.map((image, index) => [
    null, null, image.references?.length ? image.references.map((id) => [id, null, null, null, 1]) : null,
    image.seed ?? 1000 + index, image.aspect ?? 1, image.model ?? 'NARWHAL', null, ctxBlock(projectId, token),
    [[[image.prompt]]], null, null, null, upperUuid(), upperUuid(),
  ]);
  return [null, items, 1, ctxBlock(projectId, token), [upperUuid()]];
}

/** The `maseQ` inner payload. */
export function uploadInner(projectId: string, token: string, bytes: Buffer, fileName = 'reference.jpg', mimeType = 'image/jpeg'): unknown[] {
  return [ctxBlock(projectId, token), bytes.toString('base64'), mimeType, 1, null, null, null, null, fileName, null, upperUuid(), upperUuid()];
}

/** A signed-in browser stand-in for one account. */
export class FlowTestClient {
  readonly emu: Emulator;
  readonly jar = new Map<string, string>();
  wiz: WizGlobalData | undefined;
  projectId = '';

  private constructor(emu: Emulator) {
    this.emu = emu;
  }

  /** Signs `email` in (control.createFlowSession), creates a project and loads its editor. */
  static async open(emu: Emulator, email: string = MIGRATED_ACCOUNT.email): Promise<FlowTestClient> {
    const client = new FlowTestClient(emu);
    for (const cookie of emu.control.createFlowSession(email).cookies) client.jar.set(cookie.name, cookie.value);
    client.projectId = emu.control.createFlowProject(email).id;
    const page = await client.get(`https://flow.google.com/project/${client.projectId}`);
    if (page.status !== 200) throw new Error(`editor page answered ${page.status}`);
    return client;
  }

  /** The Cookie header the jar sends. */
  get cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** GETs a URL without following redirects, applies Set-Cookie, and reads WIZ_global_data from a page. */
  async get(url: string): Promise<{ status: number; location: string | null; html: string; setCookies: string[] }> {
    const response = await fetch(url, { headers: { cookie: this.cookieHeader }, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    this.applySetCookies(setCookies);
    const html = await response.text();
    const data = /<script type="application\/json" id="wiz-global-data">(.*?)<\/script>/s.exec(html)?.[1];
    if (data) this.wiz = JSON.parse(data) as WizGlobalData;
    return { status: response.status, location: response.headers.get('location'), html, setCookies };
  }

  /** Stores or deletes cookies as a browser would for these Set-Cookie lines. */
  applySetCookies(lines: readonly string[]): void {
    for (const line of lines) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      if (attributes.some((attribute) => attribute.trim().toLowerCase() === 'max-age=0')) this.jar.delete(name);
      else this.jar.set(name, pair!.slice(eq + 1));
    }
  }

  /** Mints a token as the page's own handler would (or as a foreign caller, with `minter: 'foreign'`). */
  async mint(action: string, options: { minter?: 'page' | 'foreign'; siteKey?: string } = {}): Promise<string> {
    const body = new URLSearchParams({
      k: options.siteKey ?? FLOW_RECAPTCHA_SITE_KEY,
      sa: action,
      co: Buffer.from('https://flow.google.com').toString('base64'),
      pc: options.minter === 'foreign' ? '0' : '1',
    });
    const response = await fetch(`https://www.google.com/recaptcha/enterprise/reload?k=${FLOW_RECAPTCHA_SITE_KEY}`, { method: 'POST', body });
    const text = await response.text();
    return (JSON.parse(text.slice(text.indexOf('\n') + 1)) as [string, string])[1];
  }

  /** Sends RPCs in one batchexecute call; `overrides` bend the request to test validation. */
  async call(
    rpcs: readonly RpcCall[],
    overrides: { at?: string; headers?: Record<string, string>; rpcids?: string; body?: string; cookieHeader?: string } = {},
  ): Promise<BatchResponse> {
    const wiz = this.wiz!;
    const query = new URLSearchParams({
      rpcids: overrides.rpcids ?? [...new Set(rpcs.map((rpc) => rpc.rpcid))].join(','),
      'source-path': `/project/${this.projectId}`,
      'f.sid': wiz.FdrFJe,
      bl: wiz.cfb2h,
      hl: 'en',
      _reqid: String(100000 + Math.floor(Math.random() * 900000)),
      rt: 'c',
    });
    const body = new URLSearchParams();
    body.set('f.req', JSON.stringify([rpcs.map((rpc) => [rpc.rpcid, JSON.stringify(rpc.inner), null, 'generic'])]));
    body.set('at', overrides.at ?? wiz.SNlM0e);
    const response = await fetch(`https://flow.google.com${FLOW_BATCHEXECUTE_PATH}?${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
        'x-same-domain': '1',
        cookie: overrides.cookieHeader ?? this.cookieHeader,
        origin: 'https://flow.google.com',
        ...overrides.headers,
      },
      body: overrides.body ?? body.toString(),
    });
    this.applySetCookies(response.headers.getSetCookie());
    const text = await response.text();
    return { status: response.status, text, reply: text.startsWith(")]}'") ? decodeBatchReply(text) : null };
  }

  /** Sends one RPC and returns its `wrb.fr` result (throws when the call failed as a whole). */
  async rpc(rpcid: string, inner: unknown): Promise<{ payload?: unknown; error?: unknown }> {
    const response = await this.call([{ rpcid, inner }]);
    const result = response.reply?.results.find((entry) => entry.rpcid === rpcid);
    if (response.status !== 200 || !result) throw new Error(`${rpcid} failed: HTTP ${response.status} ${response.text.slice(0, 200)}`);
    return result;
  }

  /** Mints a page token and generates `images` in the current project. */
  async generate(images: readonly ImageRequest[]): Promise<{ payload?: unknown; error?: unknown }> {
    return this.rpc('ogiZ0b', generateInner(this.projectId, await this.mint('IMAGE_GENERATION'), images));
  }
}
