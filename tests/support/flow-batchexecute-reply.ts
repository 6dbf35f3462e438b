/**
 * Reads a batchexecute reply the way FLOW-NOTES says clients must: the `<len>` lines are advisory, so each frame
 * is found by scanning its JSON (brackets outside strings), not by trusting the length. Written independently
 * of the emulator's encoder so the framing tests compare two implementations.
 */

/** One `wrb.fr` entry. */
export type WrbResult =
  | { readonly rpcid: string; readonly payload: unknown; readonly error?: undefined }
  | { readonly rpcid: string; readonly payload?: undefined; readonly error: unknown };

/** A decoded reply. */
export interface DecodedBatchReply {
  /** Each frame with the length line the server wrote before it. */
  readonly frames: readonly { readonly declaredLength: number; readonly json: string; readonly value: unknown[] }[];
  /** Every entry of every frame, in order. */
  readonly entries: readonly unknown[][];
  /** The `wrb.fr` entries. */
  readonly results: readonly WrbResult[];
}

/** Index just past the JSON array starting at `start` (which must be `[`). */
function endOfArray(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) return index + 1;
  }
  throw new Error('unterminated frame in batchexecute reply');
}

/** Decodes `)]}'` + length-prefixed frames. */
export function decodeBatchReply(text: string): DecodedBatchReply {
  if (!text.startsWith(")]}'")) throw new Error('batchexecute reply lacks the )]}\' prefix');
  const frames: { declaredLength: number; json: string; value: unknown[] }[] = [];
  let index = text.indexOf('\n') + 1;
  for (;;) {
    while (index < text.length && /\s/.test(text[index]!)) index++;
    if (index >= text.length) break;
    const lengthMatch = /^\d+/.exec(text.slice(index));
    if (!lengthMatch) throw new Error(`expected a frame length at offset ${index}`);
    index += lengthMatch[0].length;
    while (/\s/.test(text[index] ?? '')) index++;
    const end = endOfArray(text, index);
    const json = text.slice(index, end);
    frames.push({ declaredLength: Number(lengthMatch[0]), json, value: JSON.parse(json) as unknown[] });
    index = end;
  }
  const entries = frames.flatMap((frame) => frame.value as unknown[][]);
  const results = entries
    .filter((entry) => entry[0] === 'wrb.fr')
    .map((entry): WrbResult => {
      const rpcid = String(entry[1]);
      return typeof entry[2] === 'string' ? { rpcid, payload: JSON.parse(entry[2]) as unknown } : { rpcid, error: entry[5] };
    });
  return { frames, entries, results };
}

/** Every `https://flow-content.google/image/…` URL anywhere in a payload (how peers find images). */
export function flowImageUrls(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('flow-content.google/image/') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(flowImageUrls);
  return [];
}

/** The reason string of a `[code, null, [[ErrorInfo, [reason]]]]` detail. */
export function errorReason(error: unknown): string | undefined {
  const info = Array.isArray(error) && Array.isArray(error[2]) ? (error[2][0] as unknown) : undefined;
  return Array.isArray(info) && Array.isArray(info[1]) ? String(info[1][0]) : undefined;
}
