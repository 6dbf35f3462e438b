/**
 * Prompt files: one prompt per line, blanks and `#` comments skipped, trimmed, with errors that name the line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_LENGTH } from '../../../src/shared/generation-options.ts';
import { parsePromptFile } from '../../../src/services/imagefx/prompt-batch.ts';
import { MAX_BATCH_PROMPTS } from '../../../src/shared/generation-options.ts';

describe('parsePromptFile', () => {
  it('skips blank lines and comments, trims, and accepts any line ending and a BOM', () => {
    const text = '\uFEFF# my list\r\n  a fox in snow  \r\n\r\n\t# indented comment\nan owl # not a comment here\r\n   \n\tlast line';
    expect(parsePromptFile(text)).toEqual(['a fox in snow', 'an owl # not a comment here', 'last line']);
    expect(parsePromptFile('one\rtwo')).toEqual(['one', 'two']);
  });

  it('gives INVALID_INPUT for a file without prompts', () => {
    for (const text of ['', '\n\n', '# a\n  # b\n', '\uFEFF']) {
      expect(() => parsePromptFile(text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('no prompts') }));
    }
  });

  it('names the line of an over-long prompt', () => {
    const text = `ok\n# comment\n${'y'.repeat(MAX_PROMPT_LENGTH + 1)}\n`;
    expect(() => parsePromptFile(text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('line 3') }));
    expect(parsePromptFile(`  ${'y'.repeat(MAX_PROMPT_LENGTH)}  `)).toHaveLength(1);
  });

  it('refuses binary files and oversized batches', () => {
    expect(() => parsePromptFile('a\u0000b')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const many = Array.from({ length: MAX_BATCH_PROMPTS + 1 }, (_, index) => `prompt ${index}`).join('\n');
    expect(() => parsePromptFile(many)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('keeps exactly the non-blank, non-comment lines, trimmed and in order', () => {
    const line = fc
      .oneof(fc.stringMatching(/^[ \t]*$/), fc.stringMatching(/^[ \t]*#[^\r\n]*$/), fc.stringMatching(/^[ \t]*[A-Za-z0-9][^\r\n]{0,40}$/))
      .filter((candidate) => !candidate.includes('\u0000')); // NUL marks a binary file, tested above
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const expected = lines.map((candidate) => candidate.trim()).filter((candidate) => candidate !== '' && !candidate.startsWith('#'));
        const text = lines.join(eol);
        if (expected.length === 0) expect(() => parsePromptFile(text)).toThrow();
        else expect(parsePromptFile(text)).toEqual(expected);
      }),
    );
  });
});
