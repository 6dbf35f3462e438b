/**
 * Each Flow RPC the emulator implements, through batchexecute as the page sends it: jHPbke, ogiZ0b (sizes per
 * aspect, records, deterministic JPEGs, references, validation, plan entitlement), maseQ, as29s and SPrCad.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FLOW_ASPECTS, JPEG_MAGIC, MIGRATED_ACCOUNT } from '../support/emulator/index.ts';
import { errorReason, flowImageUrls } from '../support/flow-batchexecute-reply.ts';
import { FlowTestClient, ctxBlock, generateInner, uploadInner } from '../support/flow-test-client.ts';
import { withEmulator } from '../support/network.ts';

const env = withEmulator();
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function aJpeg(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 20 } } }).jpeg().toBuffer();
}

describe('jHPbke (create project)', () => {
  it('creates a project from ["projects/*",[null,[title]],[null,22]] and answers [projectId,[title]]; the grid lists it', async () => {
    const client = await FlowTestClient.open(env.emu);
    const { payload } = await client.rpc('jHPbke', ['projects/*', [null, ['Board 1']], [null, 22]]);
    const [id, [title]] = payload as [string, [string]];
    expect(title).toBe('Board 1');
    expect(env.emu.control.flowProjects(MIGRATED_ACCOUNT.email).map((project) => project.id)).toContain(id);
    const grid = await client.get('https://flow.google.com/');
    expect(grid.html).toContain(`href="/project/${id}"`);
    expect((await client.get(`https://flow.google.com/project/${id}`)).status).toBe(200);
    expect((await client.get('https://flow.google.com/project/not-a-project')).status).toBe(404);
    expect((await client.get('https://flow.google.com/project/%E0%A4%A')).status).toBe(404);
  });

  it('refuses a payload without the projects/* name or the surface id', async () => {
    const client = await FlowTestClient.open(env.emu);
    const { error } = await client.rpc('jHPbke', ['projects/*', [null, ['Board']], [null, 21]]);
    expect((error as unknown[])[0]).toBe(3);
  });
});

describe('ogiZ0b (generate)', () => {
  it('answers one media record per item with a signed JPEG URL of the 3:4 size, echoing prompt, seed, model and aspect', async () => {
    const client = await FlowTestClient.open(env.emu);
    const images = [0, 1, 2, 3].map((index) => ({ prompt: 'a paper lantern', seed: 77 + index, aspect: 4, model: 'NARWHAL' }));
    const { payload } = await client.generate(images);
    const records = (payload as unknown[][][])[0]!;
    expect(records).toHaveLength(4);
    const workflows = new Set(records.map((record) => record[2]));
    expect(workflows.size).toBe(1);
    for (const [index, record] of records.entries()) {
      const [mediaId, projectId, , label, file, generation, clientIds] = record as [string, string, string, string, unknown[], unknown[], string[]];
      expect(projectId).toBe(client.projectId);
      expect(label).toBe('CAE');
      expect(file).toEqual([expect.stringMatching(/^https:\/\/flow-content\.google\/image\//), 896, 1200, 'image/jpeg']);
      expect(file[0]).toContain(`/image/${mediaId}?Expires=`);
      expect(file[0]).toMatch(/&KeyName=labs-flow-prod-cdn-key&Signature=[\w-]+$/);
      expect(generation).toEqual(['a paper lantern', 77 + index, 'NARWHAL', 4]);
      expect(clientIds.every((id) => UUID_UPPER.test(id))).toBe(true);
    }
    const bytes = await download(flowImageUrls(payload)[0]!);
    expect(bytes.subarray(0, 3)).toEqual(JPEG_MAGIC);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 896, height: 1200 });
  });

  it('gives every aspect its pixel size', async () => {
    const client = await FlowTestClient.open(env.emu);
    const { payload } = await client.generate(FLOW_ASPECTS.slice(0, 4).map((aspect) => ({ prompt: 'sizes', aspect: aspect.value })));
    const more = await client.generate([{ prompt: 'sizes', aspect: 5 }]);
    const urls = [...flowImageUrls(payload), ...flowImageUrls(more.payload)];
    const sizes = await Promise.all(urls.map(async (url) => sharp(await download(url)).metadata()));
    expect(sizes.map((size) => [size.width, size.height])).toEqual(FLOW_ASPECTS.map((aspect) => [aspect.width, aspect.height]));
  });

  it('renders the same bytes for the same prompt and seed, different ones for another seed', async () => {
    const client = await FlowTestClient.open(env.emu);
    const first = flowImageUrls((await client.generate([{ prompt: 'tide pool', seed: 5 }, { prompt: 'tide pool', seed: 6 }])).payload);
    const again = flowImageUrls((await client.generate([{ prompt: 'tide pool', seed: 5 }])).payload);
    const [a, b, c] = await Promise.all([...first, ...again].map(download));
    expect(a!.equals(c!)).toBe(true);
    expect(a!.equals(b!)).toBe(false);
  });

  it('refuses more than four items, a nickname for the model, and items whose ctx differs from the call', async () => {
    const client = await FlowTestClient.open(env.emu);
    const five = Array.from({ length: 5 }, () => ({ prompt: 'too many' }));
    expect(((await client.generate(five)).error as unknown[])[0]).toBe(3);
    expect(((await client.generate([{ prompt: 'x', model: 'Nano Banana 2' }])).error as unknown[])[3]).toMatch(/unknown model/);
    const token = await client.mint('IMAGE_GENERATION');
    const inner = generateInner(client.projectId, token, [{ prompt: 'x' }]) as unknown[][][];
    inner[1]![0]![7] = ctxBlock(client.projectId, 'another-token');
    expect((await client.rpc('ogiZ0b', inner)).error).toEqual(expect.arrayContaining([3]));
  });

  it("refuses a project that is not the account's with NOT_FOUND", async () => {
    const client = await FlowTestClient.open(env.emu);
    const stranger = env.emu.control.createFlowProject('ada@example.test');
    const token = await client.mint('IMAGE_GENERATION');
    const { error } = await client.rpc('ogiZ0b', generateInner(stranger.id, token, [{ prompt: 'x' }]));
    expect(errorReason(error)).toBe('PUBLIC_ERROR_NOT_FOUND');
  });

  it('checks the model against the plan: Nano Banana Pro is MODEL_ACCESS_DENIED on a free account, Nano Banana 2 works', async () => {
    env.emu.control.addAccount({ email: 'free@example.test', password: 'pw', backend: 'migrated', plan: 'free' });
    const client = await FlowTestClient.open(env.emu, 'free@example.test');
    const denied = await client.generate([{ prompt: 'x', model: 'GEM_PIX_2' }]);
    expect(denied.error).toEqual([7, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_MODEL_ACCESS_DENIED']]]]);
    expect(flowImageUrls((await client.generate([{ prompt: 'x', model: 'NARWHAL' }, { prompt: 'x', model: 'HARBOR_SEAL' }])).payload)).toHaveLength(2);
    env.emu.control.setAccountKind('free@example.test', { plan: 'pro' });
    expect(flowImageUrls((await client.generate([{ prompt: 'x', model: 'GEM_PIX_2' }])).payload)).toHaveLength(1);
  });
});

describe('maseQ (upload), references and as29s (media record)', () => {
  it('uploads with an UPLOAD_IMAGE token, answers [[mediaId, projectId, opId, "CAE"]], and the id works as a reference', async () => {
    const client = await FlowTestClient.open(env.emu);
    const jpeg = await aJpeg();
    const upload = await client.rpc('maseQ', uploadInner(client.projectId, await client.mint('UPLOAD_IMAGE'), jpeg));
    const [[mediaId, projectId, operationId, label]] = upload.payload as [[string, string, string, string]];
    expect([projectId, label]).toEqual([client.projectId, 'CAE']);
    expect(operationId).toMatch(/^[0-9a-f-]{36}$/);

    const [record] = (await client.rpc('as29s', [mediaId])).payload as [unknown[]];
    expect(record!.slice(0, 4)).toEqual([mediaId, client.projectId, operationId, 'CAE']);
    expect(record![4]).toEqual([expect.stringContaining(`/image/${mediaId}?`), 40, 30, 'image/jpeg']);
    expect((await download(flowImageUrls(record)[0]!)).equals(jpeg)).toBe(true);

    const generated = await client.generate([{ prompt: 'in the style of the reference', references: [mediaId] }]);
    expect(flowImageUrls(generated.payload)).toHaveLength(1);
    const missing = await client.generate([{ prompt: 'x', references: ['not-a-media-id'] }]);
    expect(errorReason(missing.error)).toBe('PUBLIC_ERROR_NOT_FOUND');
  });

  it('refuses bytes that are not an image, and an unknown media id in as29s', async () => {
    const client = await FlowTestClient.open(env.emu);
    const token = await client.mint('UPLOAD_IMAGE');
    expect(((await client.rpc('maseQ', uploadInner(client.projectId, token, Buffer.from('%PDF-1.7')))).error as unknown[])[0]).toBe(3);
    const truncated = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    expect(((await client.rpc('maseQ', uploadInner(client.projectId, token, truncated))).error as unknown[])[0]).toBe(3);
    expect(env.emu.control.recaptchaUses()).toEqual([]); // refused before the token was looked at, so still unused
    expect(errorReason((await client.rpc('as29s', ['nope'])).error)).toBe('PUBLIC_ERROR_NOT_FOUND');
  });

  it('as29s signs a fresh URL each time', async () => {
    const client = await FlowTestClient.open(env.emu);
    const [url] = flowImageUrls((await client.generate([{ prompt: 'fresh' }])).payload);
    const mediaId = /\/image\/([^?]+)/.exec(url!)![1]!;
    env.emu.control.setSignedUrlLifetime(5 * 60 * 1000);
    const [renewed] = flowImageUrls((await client.rpc('as29s', [mediaId])).payload);
    expect(renewed).not.toBe(url);
    expect(Number(new URL(renewed!).searchParams.get('Expires'))).toBeLessThan(Number(new URL(url!).searchParams.get('Expires')));
  });
});

describe('SPrCad (upscale)', () => {
  it('answers [mediaId, base64 PNG] at 2K; 4K is refused below Ultra', async () => {
    const client = await FlowTestClient.open(env.emu);
    const [url] = flowImageUrls((await client.generate([{ prompt: 'upscale me', aspect: 3 }])).payload);
    const mediaId = /\/image\/([^?]+)/.exec(url!)![1]!;
    const twoK = await client.rpc('SPrCad', [mediaId, 1, ctxBlock(null, await client.mint('IMAGE_GENERATION'))]);
    const [id, base64] = twoK.payload as [string, string];
    expect(id).toBe(mediaId);
    expect(await sharp(Buffer.from(base64, 'base64')).metadata()).toMatchObject({ format: 'png', width: 2048, height: 1143 });
    const fourK = await client.rpc('SPrCad', [mediaId, 2, ctxBlock(null, await client.mint('IMAGE_GENERATION'))]);
    expect(errorReason(fourK.error)).toBe('PUBLIC_ERROR_MODEL_ACCESS_DENIED');
  });
});
