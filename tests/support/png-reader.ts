/**
 * An independent PNG reader for tests: checks the signature and every chunk's CRC (with node:zlib's own
 * crc32, not the emulator's), and inflates 8-bit RGB images with unfiltered scanlines back to pixels.
 */
import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A decoded PNG. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly chunkTypes: readonly string[];
  /** RGB bytes, row-major (only for 8-bit RGB with filter type 0, which is what the emulator writes). */
  readonly rgb: Buffer;
}

/** Parses and validates a PNG file; throws on any structural error. */
export function readPng(bytes: Buffer): DecodedPng {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new Error('truncated chunk');
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const storedCrc = bytes.readUInt32BE(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== storedCrc) throw new Error(`bad CRC in ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (!header || chunkTypes[0] !== 'IHDR' || chunkTypes.at(-1) !== 'IEND') throw new Error('PNG must start with IHDR and end with IEND');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const bitDepth = header[8]!;
  const colourType = header[9]!;
  const raw = inflateSync(Buffer.concat(idat));
  let rgb = Buffer.alloc(0);
  if (bitDepth === 8 && colourType === 2) {
    const stride = width * 3;
    if (raw.length !== (stride + 1) * height) throw new Error('pixel data does not match IHDR size');
    const rows: Buffer[] = [];
    for (let y = 0; y < height; y++) {
      if (raw[y * (stride + 1)] !== 0) throw new Error('this reader only handles filter type 0');
      rows.push(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    }
    rgb = Buffer.concat(rows);
  }
  return { width, height, bitDepth, colourType, chunkTypes, rgb };
}
