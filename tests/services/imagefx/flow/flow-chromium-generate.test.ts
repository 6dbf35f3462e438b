/**
 * The Flow backend in real Chromium against the emulated flow.google.com, through the same driver code the
 * app runs over `webContents.debugger`: it creates a project once through the grid's "New project" and
 * reuses it, sets model, aspect and count with the page's own pickers, types the prompt, presses Generate,
 * reads the page's own ogiZ0b reply and downloads the signed JPEGs exactly as served; reference pictures go
 * in through the page's file input and come back as the items' inputs.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceImage } from '../../../../src/services/imagefx/reference-image-store.ts';
import { FLOW_ACCOUNT_ID, flowTask, withFlowBackend } from '../../../support/flow-backend-fixture.ts';
import { sentGenerations, sentRpcs } from '../../../support/flow-sent-rpcs.ts';

const flow = withFlowBackend();
let staging: string;
beforeAll(async () => {
  staging = await mkdtemp(path.join(tmpdir(), 'imagefx-flow-references-'));
});
afterAll(async () => {
  await rm(staging, { recursive: true, force: true });
});

const editorLoads = (): number => flow.emu.requests.all({ host: 'flow.google.com', path: /^\/project\// }).length;

async function reference(colour: string): Promise<ReferenceImage> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).jpeg().toBuffer();
  return { id: `ref-${'a'.repeat(32)}`, mimeType: 'image/jpeg', bytes: new Uint8Array(bytes) };
}

describe('generating through the Flow page', () => {
  it('makes 4 Nano Banana 2 images at 3:4: four 896×1200 JPEGs with their ids, seeds and model, in a project made once', async () => {
    const { backend, projects } = flow.create();
    const images = await backend.generate(flowTask({ prompt: 'a lighthouse at dusk', count: 4, aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR', model: 'NARWHAL' }));

    expect(images).toHaveLength(4);
    const [project, ...others] = flow.emu.control.flowProjects();
    expect(others).toEqual([]);
    expect(projects.projectOf(FLOW_ACCOUNT_ID)).toBe(project!.id);
    // What the page sent after our clicks: one call, one item per image, with the pickers' values.
    const [call, ...more] = sentGenerations(flow.emu);
    expect(more).toEqual([]);
    expect(call!.map((item) => [item.model, item.aspect, item.prompt, item.references])).toEqual(Array(4).fill(['NARWHAL', 4, 'a lighthouse at dusk', null]));
    expect(images.map((image) => image.seed).sort()).toEqual(call!.map((item) => item.seed).sort());
    for (const image of images) {
      expect(image).toMatchObject({ prompt: 'a lighthouse at dusk', model: 'NARWHAL', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR', mimeType: 'image/jpeg' });
      expect(image.mediaId).toMatch(/^[0-9a-f-]{36}$/);
      const bytes = image.encodedImage as Uint8Array;
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      const metadata = await sharp(bytes).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 896, 1200]);
    }
    expect(new Set(images.map((image) => image.mediaId)).size).toBe(4);
    expect(new Set(images.map((image) => image.workflowId)).size).toBe(1);
    // The bytes are the ones flow-content.google serves for that media id (nothing re-encoded).
    const download = flow.emu.requests.all({ host: 'flow-content.google' })[0]!;
    const again = Buffer.from(await (await fetch(`https://flow-content.google${download.path}${download.search}`)).arrayBuffer());
    const image = images.find((candidate) => download.path === `/image/${candidate.mediaId}`)!;
    expect(Buffer.from(image.encodedImage as Uint8Array).equals(again)).toBe(true);
  });

  it('reuses the open editor and the project for the next job, with other settings', async () => {
    const { backend, pages } = flow.create();
    await backend.generate(flowTask({ prompt: 'first', count: 1 }));
    const loads = editorLoads();
    const images = await backend.generate(flowTask({ prompt: 'second', count: 2, aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE', model: 'HARBOR_SEAL' }));
    expect(images.map((image) => image.model)).toEqual(['HARBOR_SEAL', 'HARBOR_SEAL']);
    for (const image of images) expect((await sharp(image.encodedImage as Uint8Array).metadata()).width).toBe(1376);
    expect(editorLoads()).toBe(loads);
    expect(pages.opened).toHaveLength(1);
    expect(sentRpcs(flow.emu, 'jHPbke')).toHaveLength(1);
    expect(sentGenerations(flow.emu).map((call) => call.map((item) => [item.prompt, item.model, item.aspect]))).toEqual([
      [['first', 'NARWHAL', 1]],
      [
        ['second', 'HARBOR_SEAL', 3],
        ['second', 'HARBOR_SEAL', 3],
      ],
    ]);
  });

  it('runs one generation at a time per account: the next job touches the page only after the first one’s reply', async () => {
    const { backend } = flow.create();
    await backend.generate(flowTask({ prompt: 'warm up' }));
    flow.emu.control.queueFault({ kind: 'flow-slow', holdMs: 1_500 });
    // The second job starts with an upload, which the editor would send at once, even mid-generation.
    const [first, second] = await Promise.all([
      backend.generate(flowTask({ prompt: 'held' })),
      backend.generate(flowTask({ prompt: 'next' }, [await reference('#208040')])),
    ]);
    expect([first.length, second.length]).toEqual([1, 1]);
    const held = sentRpcs(flow.emu, 'ogiZ0b')[1]!.request;
    const [upload] = sentRpcs(flow.emu, 'maseQ').map((rpc) => rpc.request);
    expect(held.completedAt).not.toBeNull();
    expect(upload!.time).toBeGreaterThanOrEqual(held.completedAt!);
  });

  it('opens a remembered project on a fresh page, and makes a new one when the remembered one is gone', async () => {
    const kept = flow.emu.control.createFlowProject();
    const first = flow.create();
    first.projects.remember(FLOW_ACCOUNT_ID, kept.id);
    await first.backend.generate(flowTask());
    expect(sentRpcs(flow.emu, 'jHPbke')).toHaveLength(0);

    // A short wait for the prompt box: the emulator's "project not found" page has none.
    const second = flow.create({ timeouts: { controlMs: 3_000 } });
    second.projects.remember(FLOW_ACCOUNT_ID, '00000000-0000-4000-8000-000000000000');
    await second.backend.generate(flowTask());
    expect(sentRpcs(flow.emu, 'jHPbke')).toHaveLength(1);
    expect(second.projects.projectOf(FLOW_ACCOUNT_ID)).toBe(flow.emu.control.flowProjects()[0]!.id);
  });
});

describe('reference pictures', () => {
  it('go in through the page file input (maseQ), ride on every item, leave no temporary file, and are cleared for the next job', async () => {
    const { backend } = flow.create({ temporaryDirectory: staging });
    const images = await backend.generate(flowTask({ prompt: 'in this style', count: 2 }, [await reference('#3366cc')]));
    expect(images).toHaveLength(2);
    const uploads = sentRpcs(flow.emu, 'maseQ');
    expect(uploads).toHaveLength(1);
    const uploaded = (uploads[0]!.inner as unknown[])[1] as string;
    expect(Buffer.from(uploaded, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const [withReference] = sentGenerations(flow.emu);
    const referenceId = withReference![0]!.references![0]!;
    expect(withReference!.map((item) => item.references)).toEqual([[referenceId], [referenceId]]);
    expect(images.map((image) => image.mediaId)).not.toContain(referenceId);
    expect(await readdir(staging)).toEqual([]);

    await backend.generate(flowTask({ prompt: 'no reference now' }));
    expect(sentGenerations(flow.emu)[1]!.map((item) => item.references)).toEqual([null]);
    expect(sentRpcs(flow.emu, 'maseQ')).toHaveLength(1);
  });
});
