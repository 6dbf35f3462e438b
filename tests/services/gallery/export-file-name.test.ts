/**
 * Export file names: the prompt's first words, readable and safe on every desktop file system, then the
 * end of the id; never two alike in one export, even on folders that ignore case.
 */
import { describe, expect, it } from 'vitest';
import { exportFileNames, NAME_MAX_LENGTH, promptSlug } from '../../../src/services/gallery/export-file-name.ts';

describe('export file names', () => {
  it('keeps the first eight words, lower case, joined by hyphens', () => {
    expect(promptSlug('A lighthouse on a cliff at dusk, warm light, oil painting')).toBe('a-lighthouse-on-a-cliff-at-dusk-warm');
    expect(promptSlug('  Café   NAÏVE\tart  ')).toBe('café-naïve-art');
    expect(promptSlug('日本の庭園、秋の紅葉')).toBe('日本の庭園-秋の紅葉');
    expect(promptSlug('حديقة يابانية في الخريف')).toBe('حديقة-يابانية-في-الخريف');
  });

  it('drops every character a file system could refuse or read as a path, and stops at the length limit', () => {
    for (const prompt of ['../../etc/passwd', 'C:\\Windows\\con', 'a<b>c:d"e/f\\g|h?i*j', 'nul\u0000byte', '=HYPERLINK("x")']) {
      expect(promptSlug(prompt), prompt).toMatch(/^[\p{L}\p{N}\p{M}]+(-[\p{L}\p{N}\p{M}]+)*$/u);
    }
    expect(promptSlug('🦊 *** !!!')).toBe('image');
    expect(promptSlug('')).toBe('image');
    const long = promptSlug(`${'x'.repeat(200)} tail`);
    expect([...long]).toHaveLength(NAME_MAX_LENGTH);
    expect([...promptSlug('supercalifragilistic '.repeat(8))].length).toBeLessThanOrEqual(NAME_MAX_LENGTH);
  });

  it('ends with the id so two images of one prompt differ, and falls back to the whole id on a clash', () => {
    const names = exportFileNames([
      { id: '01KDVDNA00AAAAAAAAAAAAAAAA', prompt: 'a fox', extension: '.png' },
      { id: '01KDVDNA00BBBBBBBBBBBBBBBB', prompt: 'a fox', extension: '.jpg' },
      { id: '01KDVDNA00CCCCCCCCAAAAAAAA', prompt: 'A FOX', extension: '.png' },
    ]);
    expect(names).toEqual(['a-fox-AAAAAAAA.png', 'a-fox-BBBBBBBB.jpg', 'a-fox-01KDVDNA00CCCCCCCCAAAAAAAA.png']);
  });
});
