/**
 * An independent PNG chunk reader for the gallery tests: it shares no code with the libraries the gallery
 * writes with (png-chunks-extract/-encode, png-chunk-itxt). It walks the chunks by the spec, checks every
 * CRC with node:zlib, and decodes the three text chunk kinds (tEXt Latin-1, zTXt deflated Latin-1, iTXt
 * UTF-8 optionally deflated).
 */
import { crc32, inflateSync } from 'node:zlib';

export interface PngTextEntry {
  readonly chunk: 'tEXt' | 'zTXt' | 'iTXt';
  readonly keyword: string;
  readonly text: string;
}

export interface PngChunkSummary {
  readonly type: string;
  readonly length: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunk types in file order; throws on a bad signature, a CRC mismatch or a missing IEND. */
export function listPngChunks(png: Uint8Array): Array<PngChunkSummary & { data: Buffer }> {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG signature');
  const chunks: Array<PngChunkSummary & { data: Buffer }> = [];
  let offset = 8;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const stored = bytes.readUInt32BE(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) throw new Error(`CRC mismatch in ${type}`);
    chunks.push({ type, length, data });
    offset += 12 + length;
    if (type === 'IEND') {
      if (offset !== bytes.length) throw new Error('bytes after IEND');
      return chunks;
    }
  }
  throw new Error('no IEND chunk');
}

/** Every text entry of the PNG, in file order. */
export function readPngText(png: Uint8Array): PngTextEntry[] {
  const entries: PngTextEntry[] = [];
  for (const { type, data } of listPngChunks(png)) {
    if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') continue;
    const keywordEnd = data.indexOf(0);
    const keyword = data.toString('latin1', 0, keywordEnd);
    if (type === 'tEXt') {
      entries.push({ chunk: type, keyword, text: data.toString('latin1', keywordEnd + 1) });
    } else if (type === 'zTXt') {
      entries.push({ chunk: type, keyword, text: inflateSync(data.subarray(keywordEnd + 2)).toString('latin1') });
    } else {
      const compressed = data[keywordEnd + 1] === 1;
      const languageEnd = data.indexOf(0, keywordEnd + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      const body = data.subarray(translatedEnd + 1);
      entries.push({ chunk: type, keyword, text: (compressed ? inflateSync(body) : body).toString('utf8') });
    }
  }
  return entries;
}

/** Text entries by keyword (the last one wins, as most readers do). */
export function readPngTextMap(png: Uint8Array): Map<string, string> {
  return new Map(readPngText(png).map((entry) => [entry.keyword, entry.text]));
}
