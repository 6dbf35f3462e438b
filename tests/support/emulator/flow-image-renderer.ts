/**
 * The emulator's stand-in for a Flow image: a real JPEG (via sharp, as Flow serves JPEGs) at the exact size
 * of the aspect, whose pixels depend only on prompt + seed + model — the same request always yields the
 * same bytes, a different seed different ones.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** First bytes of every JPEG file. */
export const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/** Renders the picture for one generated image. */
export async function renderFlowJpeg(request: { prompt: string; seed: number; model: string; width: number; height: number }): Promise<Buffer> {
  const digest = createHash('sha256').update(`${request.prompt}\u0000${request.seed}\u0000${request.model}`).digest();
  const from = [digest[0]!, digest[1]!, digest[2]!];
  const to = [digest[3]!, digest[4]!, digest[5]!];
  // Stripes whose spacing comes from the seed, so two seeds of one prompt differ visibly too.
  const stripe = 16 + (digest[6]! % 48);
  const { width, height } = request;
  const rgb = Buffer.alloc(width * height * 3);
  const span = width + height - 2 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x + y) / span;
      const shade = Math.floor((x - y + height) / stripe) % 2 === 0 ? 1 : 0.85;
      const offset = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[offset + c] = Math.round((from[c]! + (to[c]! - from[c]!) * t) * shade);
    }
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/** The image format of some bytes, by magic number (never by name), or undefined when not an image Flow takes. */
export function sniffImageType(bytes: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  if (bytes.subarray(0, 3).equals(JPEG_MAGIC)) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}
