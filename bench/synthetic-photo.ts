/**
 * Stand-ins for ImageFX output: 1024×1024 PNGs whose statistics are photo-like (pink noise: detail at every
 * scale, falling off as 1/f, in colour), so that PNG size (~1–3 MB, as ImageFX's) and WebP thumbnail size
 * behave as they do for real pictures. Flat test images would make thumbnails unrealistically small, and
 * white noise unrealistically large.
 */
import sharp from 'sharp';
import { seededRandom } from './stats.ts';

export const PHOTO_SIDE = 1024;

/** One channel of multi-octave value noise in [0, 1), bilinearly interpolated. */
function pinkNoise(side: number, random: () => number): Float32Array {
  const out = new Float32Array(side * side);
  let amplitudeSum = 0;
  for (let cells = 4; cells <= side / 2; cells *= 2) {
    const amplitude = cells ** -0.75;
    amplitudeSum += amplitude;
    const grid = Float32Array.from({ length: (cells + 1) * (cells + 1) }, () => random());
    const scale = cells / side;
    for (let y = 0; y < side; y += 1) {
      const gy = y * scale;
      const y0 = Math.floor(gy);
      const fy = gy - y0;
      for (let x = 0; x < side; x += 1) {
        const gx = x * scale;
        const x0 = Math.floor(gx);
        const fx = gx - x0;
        const row0 = y0 * (cells + 1);
        const row1 = row0 + cells + 1;
        const top = grid[row0 + x0]! * (1 - fx) + grid[row0 + x0 + 1]! * fx;
        const bottom = grid[row1 + x0]! * (1 - fx) + grid[row1 + x0 + 1]! * fx;
        out[y * side + x]! += amplitude * (top * (1 - fy) + bottom * fy);
      }
    }
  }
  for (let index = 0; index < out.length; index += 1) out[index] = out[index]! / amplitudeSum;
  return out;
}

/** A photo-like RGB PNG (no metadata), `side` pixels square, the same for the same `seed`. */
export async function syntheticPhotoPng(seed: number, side = PHOTO_SIDE): Promise<Buffer> {
  const random = seededRandom(seed);
  const channels = [pinkNoise(side, random), pinkNoise(side, random), pinkNoise(side, random)];
  const raw = Buffer.alloc(side * side * 3);
  for (let pixel = 0; pixel < side * side; pixel += 1) {
    for (let channel = 0; channel < 3; channel += 1) {
      // Stretch the narrow middle-heavy distribution of summed noise back to the full range.
      const value = (channels[channel]![pixel]! - 0.5) * 2.2 + 0.5;
      raw[pixel * 3 + channel] = Math.max(0, Math.min(255, Math.round(value * 255)));
    }
  }
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
}
