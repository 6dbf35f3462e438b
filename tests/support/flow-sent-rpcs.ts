/**
 * What the Flow page sent, read back from the emulator's request log: the batchexecute calls of one RPC
 * with their inner payloads, and each `ogiZ0b` item's fields as FLOW-NOTES §3 lays them out.
 */
import type { Emulator, LoggedRequest } from './emulator/index.ts';

const BATCHEXECUTE = '/_/AiSandboxAngularFrontend/data/batchexecute';

/** One call of `rpcid`, in arrival order. */
export interface SentRpc {
  readonly request: LoggedRequest;
  readonly inner: unknown;
}

export function sentRpcs(emu: Emulator, rpcid: string): SentRpc[] {
  return emu.requests
    .all({ host: 'flow.google.com', path: BATCHEXECUTE })
    .filter((request) => new URLSearchParams(request.search).get('rpcids') === rpcid)
    .map((request) => {
      const envelope = JSON.parse(new URLSearchParams(request.body).get('f.req') ?? '[]') as [[[string, string]]];
      return { request, inner: JSON.parse(envelope[0][0][1]) as unknown };
    });
}

/** One image the page asked for in an `ogiZ0b` call. */
export interface SentItem {
  readonly references: readonly string[] | null;
  readonly seed: number;
  readonly aspect: number;
  readonly model: string;
  readonly prompt: string;
  /** The reCAPTCHA token of the item's ctx (slot 7, [10][0]). */
  readonly token: string;
}

/** The items of each `ogiZ0b` call, call by call. */
export function sentGenerations(emu: Emulator): SentItem[][] {
  return sentRpcs(emu, 'ogiZ0b').map(({ inner }) =>
    ((inner as unknown[][])[1] as unknown[][]).map((item) => ({
      references: item[2] === null ? null : (item[2] as unknown[][]).map((input) => input[0] as string),
      seed: item[3] as number,
      aspect: item[4] as number,
      model: item[5] as string,
      prompt: (item[8] as string[][][])[0]![0]![0]!,
      token: ((item[7] as unknown[])[10] as [string, number])[0],
    })),
  );
}
