/**
 * The channels of the backend port, through the real registry and handlers: what the current backend
 * offers, staging a reference picture (typed by its bytes, capped at the boundary), and exporting the
 * diagnostics to a file the user picks in a main-process dialog (nothing written when they cancel).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileDiagnosticsStore } from '../../../src/core/diagnostics-store.ts';
import { FLOW_CAPABILITIES } from '../../../src/services/imagefx/flow/site/flow-site.ts';
import { fixedBackend } from '../../../src/services/imagefx/image-backend.ts';
import { ImageFXService } from '../../../src/services/imagefx/imagefx-service.ts';
import { ReferenceImageStore } from '../../../src/services/imagefx/reference-image-store.ts';
import { MAX_REFERENCE_IMAGE_BYTES } from '../../../src/shared/generation-options.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { createIpcHarness } from '../../support/ipc-harness.ts';

const flowService = () =>
  new ImageFXService({
    backends: fixedBackend({ capabilities: FLOW_CAPABILITIES, generate: async () => [] }),
    references: new ReferenceImageStore({ randomBytes }),
    random: Math.random,
  });

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'imagefx-ipc-diagnostics-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generation:capabilities', () => {
  it('answers what the current backend offers', async () => {
    const harness = await createIpcHarness({ services: () => ({ images: flowService() }) });
    expect(await harness.invoke('generation:capabilities')).toEqual({ ok: true, value: FLOW_CAPABILITIES });
  });
});

describe('generation:add-reference', () => {
  it('stages a picture and answers its id and sniffed type; refuses a non-picture and an oversized one', async () => {
    const harness = await createIpcHarness({ services: () => ({ images: flowService() }) });
    const staged = await harness.invoke('generation:add-reference', { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0]) });
    expect(staged).toEqual({ ok: true, value: { id: expect.stringMatching(/^ref-[0-9a-f]{32}$/), mimeType: 'image/jpeg' } });
    expect(await harness.invoke('generation:add-reference', { bytes: new TextEncoder().encode('<svg onload=alert(1)>') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'A reference image must be a JPEG, PNG or WebP picture.' },
    });
    const oversized = await harness.invoke('generation:add-reference', { bytes: new Uint8Array(MAX_REFERENCE_IMAGE_BYTES + 1) });
    expect(oversized).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('diagnostics:export', () => {
  it('writes the captures where the user chose in the save dialog', async () => {
    const clock = new FakeClock();
    const store = new FileDiagnosticsStore({ directory: path.join(root, 'diagnostics'), clock });
    await store.record('flow-page-changed', { missing: 'textbox "Prompt"' });
    const file = path.join(root, 'export.json');
    const harness = await createIpcHarness({ diagnosticsFile: file, services: () => ({ diagnostics: store }) });
    expect(await harness.invoke('diagnostics:export')).toEqual({ ok: true, value: { file, captures: 1 } });
    expect(JSON.parse(await readFile(file, 'utf8')).captures).toEqual([{ missing: 'textbox "Prompt"' }]);
  });

  it('answers null and writes nothing when the user cancels', async () => {
    const harness = await createIpcHarness({ diagnosticsFile: null });
    expect(await harness.invoke('diagnostics:export')).toEqual({ ok: true, value: null });
    expect(harness.log.calls).toEqual(['dialogs.chooseDiagnosticsFile']);
  });
});
