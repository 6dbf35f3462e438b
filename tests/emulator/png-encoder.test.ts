import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng, renderGeneratedImage } from '../support/emulator/png-encoder.ts';
import { readPng } from '../support/png-reader.ts';

describe('emulator PNG encoder', () => {
  it('computes the standard CRC-32 (check value of "123456789" is 0xCBF43926, same as node:zlib)', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const bytes = Buffer.from('IHDR and some pixels');
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  });

  it('round-trips pixels through an independent reader', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const png = readPng(encodePng(3, 2, rgb));
    expect(png).toMatchObject({ width: 3, height: 2, bitDepth: 8, colourType: 2 });
    expect([...png.rgb]).toEqual([...rgb]);
    expect(() => encodePng(2, 2, rgb)).toThrow(RangeError);
  });

  it('renders a gradient that depends on prompt and seed only', () => {
    const a = renderGeneratedImage('fox', 1, 'IMAGE_ASPECT_RATIO_SQUARE');
    expect(renderGeneratedImage('fox', 1, 'IMAGE_ASPECT_RATIO_SQUARE').equals(a)).toBe(true);
    expect(renderGeneratedImage('fox', 2, 'IMAGE_ASPECT_RATIO_SQUARE').equals(a)).toBe(false);
    const pixels = readPng(a).rgb;
    // Not a flat fill: the first and last pixels differ.
    expect(pixels.subarray(0, 3).equals(pixels.subarray(pixels.length - 3))).toBe(false);
  });
});
