/**
 * CSV as spreadsheets read it (RFC 4180: CRLF rows, fields with commas, quotes or line breaks quoted, quotes
 * doubled), made safe against formula injection: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of evaluating it
 * (OWASP "CSV Injection"). A prompt is user text and may well start with "=".
 */

export type CsvValue = string | number | boolean;

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One cell. Numbers and booleans are ours, so only text is defused. */
export function csvCell(value: CsvValue): string {
  let text = String(value);
  if (typeof value === 'string' && text.length > 0 && FORMULA_TRIGGERS.has(text[0]!)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A whole document: a header row, then one row per record, CRLF line ends. It starts with a UTF-8 byte order
 * mark because Excel otherwise reads UTF-8 as the local code page and mangles non-English prompts.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
