import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/services/gallery/csv-format.ts';

describe('CSV cells', () => {
  it('quote commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it('defuse text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('leave our own numbers and booleans alone', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(true)).toBe('true');
  });

  it('make a document with a BOM, a header and CRLF rows', () => {
    expect(toCsv(['a', 'b'], [['x', 1], ['=y', 'z,w']])).toBe('\uFEFFa,b\r\nx,1\r\n\'=y,"z,w"\r\n');
  });
});
