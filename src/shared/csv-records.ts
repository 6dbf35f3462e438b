/**
 * Reads CSV text as spreadsheets write it (RFC 4180): commas between fields, fields in double quotes may
 * hold commas, line breaks and doubled quotes (`""`); any line ending. Each record keeps the line it
 * starts on, so an error can name it. Pure and zod-free (the renderer previews batch files with it).
 */

export interface CsvRecord {
  /** 1-based line of the text where the record starts. */
  readonly line: number;
  readonly fields: string[];
}

/** The records of `text`; an unterminated quote ends at the end of the text. */
export function readCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  /** True once the current record has any character (a lone `""` is a record with one empty field). */
  let open = false;
  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: start, fields });
    fields = [];
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    const wasOpen = open;
    open = true;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) line += 1;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (char === ',') {
      endField();
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      if (wasOpen) endRecord();
      else records.push({ line: start, fields: [''] });
      open = false;
      line += 1;
      start = line;
    } else {
      field += char;
    }
  }
  if (open) endRecord();
  return records;
}
