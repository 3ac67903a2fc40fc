/**
 * One staging row as a line of PostgreSQL's COPY text format: owner, import, row number and the cells as a `text[]`
 * literal. Array elements are always quoted (so `NULL`, `{}` and commas stay text), then the whole field is escaped
 * for COPY (backslash, tab, newline, carriage return). NUL, which PostgreSQL text cannot hold, is dropped.
 */
export function copyLine(ownerId: string, importId: string, row: number, cells: readonly string[]): string {
  const array = `{${cells.map((cell) => `"${cell.replace(/\0/g, '').replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
  return `${ownerId}\t${importId}\t${row}\t${array.replace(/[\\\t\n\r]/g, escapeCopy)}\n`;
}

function escapeCopy(char: string): string {
  return char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r';
}
