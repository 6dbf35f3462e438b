/**
 * The contract of the one module that knows Flow (src/services/imagefx/flow/site/): recorded, synthesized
 * replies (fixtures/, shaped as FLOW-NOTES quotes them, not made by the emulator's encoder) decode to the
 * pictures they carry or to the error each one means; URLs classify as the page's steps need; requests map
 * to the pickers' labels. When Google changes Flow, this file and its fixtures change with the site module.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImageServiceError } from '../../../../src/services/imagefx/image-service-error.ts';
import { FlowPageChangedError, readErrorDetail, readGenerateReply, readUploadReply } from '../../../../src/services/imagefx/flow/site/flow-errors.ts';
import {
  FLOW_CAPABILITIES,
  flowPickerChoices,
  flowProjectUrl,
  isFlowImageUrl,
  isFlowRpcUrl,
  locateFlowUrl,
  readAccountLabel,
} from '../../../../src/services/imagefx/flow/site/flow-site.ts';
import { decodeFlowReply, findMediaRecords, FlowReplyUnreadableError } from '../../../../src/services/imagefx/flow/site/flow-wire.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function refusal(run: () => unknown): ImageServiceError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageServiceError);
    return error as ImageServiceError;
  }
  throw new Error('expected a refusal');
}

describe('batchexecute framing', () => {
  it('finds the wrb.fr result among the bookkeeping frames', () => {
    const reply = decodeFlowReply(fixture('generate-success.txt'));
    expect(reply.callFailure).toBeNull();
    expect(reply.results.map((result) => result.rpcid)).toEqual(['ogiZ0b']);
    expect(reply.results[0]!.error).toBeNull();
  });

  it('scans frames instead of trusting their length lines, strings with brackets and escapes included', () => {
    const [record, ...others] = readGenerateReply(200, fixture('generate-multiframe-advisory-lengths.txt'), 'NARWHAL');
    expect(others).toEqual([]);
    expect(record).toMatchObject({ mediaId: 'CAMaJDAwMDAwMDAwLTAx', seed: 7, prompt: 'tricky ]]] \\"escapes\\" and ünïcödé ✨' });
  });

  it('reads the er envelope of a call that failed as a whole', () => {
    expect(decodeFlowReply(fixture('call-signed-out.txt')).callFailure).toEqual({ httpStatus: 401, grpcCode: 16 });
  });

  it('refuses what is not batchexecute', () => {
    expect(() => decodeFlowReply(fixture('sign-in-page.html'))).toThrow(FlowReplyUnreadableError);
    expect(() => decodeFlowReply(")]}'\n\n12\n[[\"wrb.fr\"")).toThrow(FlowReplyUnreadableError);
    expect(() => decodeFlowReply(")]}'\n\n5\n{}\n")).toThrow(FlowReplyUnreadableError);
  });
});

describe('payload walking', () => {
  it('finds every media record: id, signed URL, size, workflow, and the prompt, seed and model sent', () => {
    const records = readGenerateReply(200, fixture('generate-success.txt'), 'NARWHAL');
    expect(records).toEqual([
      expect.objectContaining({ mediaId: 'CAMaJDk0ZTQyY2Q1LWE2', width: 896, height: 1200, seed: 1561556092, model: 'NARWHAL', workflowId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e' }),
      expect.objectContaining({ mediaId: 'CAMaJGQ4MmM4OWI3LTIx', seed: 204817311 }),
    ]);
    for (const record of records) expect(isFlowImageUrl(record.url)).toBe(true);
  });

  it('still finds a signed URL outside any record shape it knows, with the id from its path', () => {
    const url = 'https://flow-content.google/image/CAMaMOVED?Expires=1&KeyName=k&Signature=s';
    expect(findMediaRecords([null, { moved: true }, [[[url]]]])).toEqual([
      { mediaId: 'CAMaMOVED', url, width: null, height: null, workflowId: null, prompt: null, seed: null, model: null },
    ]);
    expect(findMediaRecords([[null]])).toEqual([]);
  });

  it('reads the media id of an upload', () => {
    expect(readUploadReply(200, fixture('upload-success.txt'))).toBe('CAMaJHJlZmVyZW5jZS0x');
  });
});

describe('what each answer means', () => {
  it('error slot [5]: gRPC code and ErrorInfo reasons, identifiers only', () => {
    expect(readErrorDetail([7, null, [['type.googleapis.com/google.rpc.ErrorInfo', ['PUBLIC_ERROR_UNUSUAL_ACTIVITY', 'free text <b>']]]])).toEqual({
      code: 7,
      reasons: ['PUBLIC_ERROR_UNUSUAL_ACTIVITY'],
    });
    expect(readErrorDetail([8])).toEqual({ code: 8, reasons: [] });
    expect(readErrorDetail('nonsense')).toEqual({ code: null, reasons: [] });
  });

  it.each([
    ['generate-unusual-activity.txt', 200, 'SERVICE_ERROR', 'PUBLIC_ERROR_UNUSUAL_ACTIVITY', false],
    ['generate-model-access-denied.txt', 200, 'MODEL_NOT_ALLOWED', 'PUBLIC_ERROR_MODEL_ACCESS_DENIED', false],
    ['generate-overloaded.txt', 200, 'SERVICE_ERROR', 'FLOW_OVERLOADED', true],
    ['generate-filtered.txt', 200, 'SAFETY_REFUSED', 'FLOW_SILENT_FILTER', false],
    ['call-signed-out.txt', 401, 'AUTH_REQUIRED', 'FLOW_SIGNED_OUT', false],
    ['call-signed-out.txt', 200, 'AUTH_REQUIRED', 'FLOW_SIGNED_OUT', false],
    ['generate-no-result.txt', 200, 'PAGE_CHANGED', 'FLOW_REPLY_UNREADABLE', false],
    ['sign-in-page.html', 200, 'PAGE_CHANGED', 'FLOW_REPLY_UNREADABLE', false],
    ['sign-in-page.html', 503, 'SERVICE_ERROR', 'HTTP_503', false],
  ] as const)('%s (HTTP %i) is %s / %s', (name, status, code, reason, retryable) => {
    const error = refusal(() => readGenerateReply(status, fixture(name), 'GEM_PIX_2'));
    expect([error.code, error.reason, error.retryable]).toEqual([code, reason, retryable]);
    if (code === 'PAGE_CHANGED') expect(error).toBeInstanceOf(FlowPageChangedError);
  });

  it('names the refused model, and never quotes the reply', () => {
    const error = refusal(() => readGenerateReply(200, fixture('generate-model-access-denied.txt'), 'GEM_PIX_2'));
    expect(error.message).toContain('Nano Banana Pro (GEM_PIX_2)');
    expect(refusal(() => readGenerateReply(200, fixture('sign-in-page.html'), 'NARWHAL')).message).not.toContain('accounts.google.com');
  });
});

describe('the page', () => {
  it('classifies where the page landed', () => {
    expect(locateFlowUrl(flowProjectUrl('5ba3b0f2-3c4e'))).toEqual({ kind: 'editor', projectId: '5ba3b0f2-3c4e' });
    expect(locateFlowUrl('https://flow.google.com/?pli=1')).toEqual({ kind: 'grid' });
    for (const signedOut of [
      'https://flow.google.com/about',
      'https://accounts.google.com/v3/signin/confirmidentifier?continue=https://flow.google.com/',
      'https://accounts.google.com/ServiceLogin?service=aisandbox',
    ]) {
      expect(locateFlowUrl(signedOut)).toEqual({ kind: 'signed-out' });
    }
    expect(locateFlowUrl('https://labs.google/fx/tools/flow')).toEqual({ kind: 'not-on-flow' });
    expect(locateFlowUrl('about:blank')).toEqual({ kind: 'blank' });
    expect(locateFlowUrl('chrome-error://chromewebdata/')).toEqual({ kind: 'blank' });
    expect(locateFlowUrl('https://flow.google.com/settings')).toEqual({ kind: 'elsewhere' });
    expect(locateFlowUrl('https://flow.google.com.evil.test/project/x')).toEqual({ kind: 'elsewhere' });
  });

  it('matches the page’s RPC requests by rpcids and trusts picture URLs on flow-content.google only', () => {
    const base = 'https://flow.google.com/_/AiSandboxAngularFrontend/data/batchexecute';
    expect(isFlowRpcUrl(`${base}?rpcids=ogiZ0b&source-path=%2Fproject%2Fx&f.sid=-1&rt=c`, 'ogiZ0b')).toBe(true);
    expect(isFlowRpcUrl(`${base}?rpcids=maseQ,ogiZ0b`, 'ogiZ0b')).toBe(true);
    expect(isFlowRpcUrl(`${base}?rpcids=jHPbke`, 'ogiZ0b')).toBe(false);
    expect(isFlowRpcUrl('https://evil.test/_/AiSandboxAngularFrontend/data/batchexecute?rpcids=ogiZ0b', 'ogiZ0b')).toBe(false);
    expect(isFlowImageUrl('https://flow-content.google/image/x?Signature=s')).toBe(true);
    expect(isFlowImageUrl('http://flow-content.google/image/x')).toBe(false);
    expect(isFlowImageUrl('https://flow-content.google.evil.test/image/x')).toBe(false);
    expect(isFlowImageUrl('https://user@flow-content.google/image/x')).toBe(false);
  });

  it('maps a request onto the pickers’ labels, and offers exactly what the pickers hold', () => {
    expect(flowPickerChoices({ model: 'NARWHAL', aspectRatio: 'IMAGE_ASPECT_RATIO_PORTRAIT_THREE_FOUR', count: 4 })).toEqual({ model: 'Nano Banana 2', aspect: '3:4', count: '4' });
    expect(flowPickerChoices({ model: 'GEM_PIX_2', aspectRatio: 'IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE', count: 1 })).toEqual({ model: 'Nano Banana Pro', aspect: '4:3', count: '1' });
    expect(() => flowPickerChoices({ model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', count: 1 })).toThrow(RangeError);
    expect(FLOW_CAPABILITIES.models.map((model) => [model.id, model.name])).toEqual([
      ['NARWHAL', 'Nano Banana 2'],
      ['GEM_PIX_2', 'Nano Banana Pro'],
      ['HARBOR_SEAL', 'Nano Banana 2 Lite'],
    ]);
    expect(FLOW_CAPABILITIES.aspectRatios.map((aspect) => aspect.label)).toEqual(['1:1', '9:16', '16:9', '3:4', '4:3']);
    expect(FLOW_CAPABILITIES).toMatchObject({ backend: 'flow', maxImages: 4, seed: false, captions: false });
  });
});

describe('the account chip', () => {
  it.each([
    ['Google Account: Lin Huiyin  \n(lin@example.test)', { email: 'lin@example.test', name: 'Lin Huiyin' }],
    ['Google Account: lin@example.test', { email: 'lin@example.test', name: null }],
    ['Google Account: (ada.lovelace+flow@example.co.uk)', { email: 'ada.lovelace+flow@example.co.uk', name: null }],
    ['Google Account: Lin Huiyin', { email: null, name: 'Lin Huiyin' }],
    ['Account: lin@example.test', { email: null, name: null }],
    [null, { email: null, name: null }],
  ])('reads %j', (label, account) => {
    expect(readAccountLabel(label)).toEqual(account);
  });
});
