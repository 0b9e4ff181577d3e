/**
 * CSV as spreadsheets open it: RFC 4180 (fields with a comma, quote or line break are quoted, a
 * quote inside is doubled; records end with CRLF), UTF-8 with a byte-order mark so that Excel
 * reads Polish letters as UTF-8 and not as the system's code page.
 *
 * Formula injection (CWE-1236): a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
 * (and, in some, a tab or carriage return) as a formula, so a name like `=HYPERLINK("http://…")`
 * typed by one person would run on the computer of whoever opens the export. Text cells that
 * start so get a leading `'`, which spreadsheets read as "this is text" and do not show. Numbers
 * are written as they are: `-3` is a number we computed, not text someone typed.
 */

export type CsvValue = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\r\n]/;

/** `,` (RFC 4180) or `;`, which Excel expects in regions whose decimal separator is a comma (Poland). */
export type CsvSeparator = ',' | ';';

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole document: the header row, then one record per row, each ending in CRLF. Fields holding
 * either separator are quoted, so a document reads the same whichever one a spreadsheet expects.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], separator: CsvSeparator = ','): string {
  const records = [header, ...rows].map((row) => `${row.map(csvCell).join(separator)}\r\n`);
  return BOM + records.join('');
}
