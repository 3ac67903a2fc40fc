/** The columns of `GET /message-requests/:id/errors.csv`, in order. */
export const ERRORS_CSV_COLUMNS = ['row', 'column', 'value', 'code', 'message'] as const;

export type ErrorsCsvRow = Record<(typeof ERRORS_CSV_COLUMNS)[number], string | number | null>;

// why: a spreadsheet runs a cell starting with = + - @ (or a tab or CR before one) as a formula (OWASP "CSV injection");
// a leading apostrophe makes it text, and the apostrophe does not show in Excel, LibreOffice or Google Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet shows and never evaluates. */
export function neutralised(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: neutralised, then quoted when it holds a quote, the delimiter or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutralised(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CRLF-terminated line of the errors CSV. */
export function errorsCsvLine(row: ErrorsCsvRow): string {
  return `${ERRORS_CSV_COLUMNS.map((column) => csvField(row[column])).join(',')}\r\n`;
}

export const ERRORS_CSV_HEADER = `${ERRORS_CSV_COLUMNS.join(',')}\r\n`;
