/**
 * A tiny PNG encoder (8-bit RGB, no interlace) so generated images are real files any decoder accepts,
 * plus the emulator's deterministic "art": a diagonal gradient whose colours derive from prompt + seed.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** The 8-byte signature every PNG starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, the one PNG chunks use). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes `rgb` (width × height × 3 bytes, row-major) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid PNG size ${width}×${height}`);
  }
  if (rgb.length !== width * height * 3) throw new RangeError('pixel buffer does not match the PNG size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  // bytes 10–12: compression, filter method, interlace — all 0
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type "None" for every scanline
    raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Width × height of emulator images per aspect ratio: small, but with the real ratios. */
export const EMULATED_IMAGE_SIZES: Readonly<Record<string, { width: number; height: number }>> = {
  IMAGE_ASPECT_RATIO_SQUARE: { width: 64, height: 64 },
  IMAGE_ASPECT_RATIO_PORTRAIT: { width: 36, height: 64 },
  IMAGE_ASPECT_RATIO_LANDSCAPE: { width: 64, height: 36 },
  IMAGE_ASPECT_RATIO_LANDSCAPE_FOUR_THREE: { width: 64, height: 48 },
  IMAGE_ASPECT_RATIO_UNSPECIFIED: { width: 64, height: 64 },
};

/**
 * Renders the emulator's stand-in for a generated image: a gradient between two colours taken from
 * sha256(prompt, seed). Same prompt + seed → same bytes; a different seed or prompt → different pixels.
 */
export function renderGeneratedImage(prompt: string, seed: number, aspectRatio: string): Buffer {
  const size = EMULATED_IMAGE_SIZES[aspectRatio] ?? EMULATED_IMAGE_SIZES.IMAGE_ASPECT_RATIO_SQUARE!;
  const digest = createHash('sha256').update(`${prompt}\u0000${seed}`).digest();
  const from = [digest[0]!, digest[1]!, digest[2]!];
  const to = [digest[3]!, digest[4]!, digest[5]!];
  const { width, height } = size;
  const rgb = new Uint8Array(width * height * 3);
  const span = width + height - 2 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x + y) / span;
      const offset = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[offset + c] = Math.round(from[c]! + (to[c]! - from[c]!) * t);
    }
  }
  return encodePng(width, height, rgb);
}
