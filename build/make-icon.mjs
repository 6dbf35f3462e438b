// Draws the app icon (build/icon.png, 1024×1024) with code: a rounded square with a diagonal gradient and a
// four-pointed sparkle. electron-builder derives the macOS .icns, the Windows .ico and the Linux sizes from
// this one PNG. Run `node build/make-icon.mjs` after changing the drawing and commit the result.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 1024;
const MARGIN = 64;
const RADIUS = 200;
const SUPERSAMPLE = 3;
const FROM = [66, 133, 244];
const TO = [161, 66, 244];

/** Signed distance from (x, y) to the rounded square (negative inside). */
function roundedSquareDistance(x, y) {
  const half = (SIZE - 2 * MARGIN) / 2;
  const dx = Math.abs(x - SIZE / 2) - (half - RADIUS);
  const dy = Math.abs(y - SIZE / 2) - (half - RADIUS);
  const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
  return outside + Math.min(Math.max(dx, dy), 0) - RADIUS;
}

/** True inside the sparkle: |x|^p + |y|^p <= r^p with p < 1 gives four concave points. */
function inSparkle(x, y, cx, cy, r) {
  const p = 0.5;
  return (Math.abs(x - cx) / r) ** p + (Math.abs(y - cy) / r) ** p <= 1;
}

function shade(x, y) {
  if (roundedSquareDistance(x, y) > 0) return [0, 0, 0, 0];
  if (inSparkle(x, y, 540, 500, 300) || inSparkle(x, y, 300, 760, 90) || inSparkle(x, y, 770, 250, 70)) {
    return [255, 255, 255, 255];
  }
  const t = (x + y) / (2 * SIZE);
  return [...FROM.map((from, i) => from + ((TO[i] ?? from) - from) * t), 255];
}

const png = new PNG({ width: SIZE, height: SIZE });
for (let y = 0; y < SIZE; y += 1) {
  for (let x = 0; x < SIZE; x += 1) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
      for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
        const [r, g, b, a] = shade(x + (sx + 0.5) / SUPERSAMPLE, y + (sy + 0.5) / SUPERSAMPLE);
        sum[0] += r * a;
        sum[1] += g * a;
        sum[2] += b * a;
        sum[3] += a;
      }
    }
    const offset = (y * SIZE + x) * 4;
    const alpha = sum[3] / SUPERSAMPLE ** 2;
    for (let i = 0; i < 3; i += 1) png.data[offset + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
    png.data[offset + 3] = Math.round(alpha);
  }
}
const out = fileURLToPath(new URL('./icon.png', import.meta.url));
writeFileSync(out, PNG.sync.write(png, { colorType: 6 }));
console.log(`wrote ${out}`);
