/** How many first bytes of a file decide its type: enough to see past an XLSX's first zip entries. */
export const SNIFF_BYTES = 64 * 1024;

export const CSV = 'text/csv';
export const TSV = 'text/tab-separated-values';
export const PLAIN_TEXT = 'text/plain';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
export const ZIP = 'application/zip';
export const PDF = 'application/pdf';
export const BINARY = 'application/octet-stream';

const SIGNATURES: [string, (bytes: Uint8Array) => boolean][] = [
  [PDF, (b) => startsWith(b, ascii('%PDF-'))],
  ['image/png', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['image/gif', (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))],
  ['image/webp', (b) => startsWith(b, ascii('RIFF')) && startsWith(b.subarray(8), ascii('WEBP'))],
];
const ZIP_ENTRY = [0x50, 0x4b, 0x03, 0x04];
const OOXML_FOLDERS: [string, string][] = [['xl/', XLSX], ['word/', DOCX], ['ppt/', PPTX]];
const DELIMITERS: [string, string][] = [['\t', TSV], [',', CSV], [';', CSV], ['|', CSV]];

/**
 * What a file is, from its first bytes (up to {@link SNIFF_BYTES}; `complete` when they are all of it),
 * never from what the client says: PDF, PNG, JPEG, GIF, WebP by their signatures; XLSX (and DOCX, PPTX) as
 * a zip with an `xl/` (`word/`, `ppt/`) entry; text as CSV or TSV when its records split alike, else plain.
 */
export function sniffContentType(head: Uint8Array, complete: boolean): string {
  const signed = SIGNATURES.find(([, matches]) => matches(head));
  if (signed) return signed[0];
  if (startsWith(head, ZIP_ENTRY)) return zipType(head);
  const text = asText(head, complete);
  return text === null ? BINARY : textType(text, complete);
}

function zipType(head: Uint8Array): string {
  for (let at = indexOf(head, ZIP_ENTRY, 0); at >= 0 && at + 30 <= head.length; at = indexOf(head, ZIP_ENTRY, at + 4)) {
    const nameLength = head[at + 26] | (head[at + 27] << 8);
    const name = new TextDecoder().decode(head.subarray(at + 30, at + 30 + nameLength));
    const folder = OOXML_FOLDERS.find(([prefix]) => name.startsWith(prefix));
    if (folder) return folder[1];
  }
  return ZIP;
}

/** The text of these bytes, or null when they hold bytes no text file has (NUL and the like). */
function asText(head: Uint8Array, complete: boolean): string | null {
  for (const [bom, encoding] of [[[0xff, 0xfe], 'utf-16le'], [[0xfe, 0xff], 'utf-16be']] as const) {
    if (!startsWith(head, bom)) continue;
    const text = new TextDecoder(encoding).decode(head.subarray(2), { stream: !complete });
    return /[\x00-\x08\x0e-\x1a\x1c-\x1f]/.test(text) ? null : text;
  }
  const body = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  if (body.some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b))) return null;
  return new TextDecoder('utf-8').decode(body, { stream: !complete });
}

function textType(text: string, complete: boolean): string {
  const records = recordsOf(text);
  if (!complete && records.length > 1) records.pop();
  const sample = records.filter((record) => record.length > 0).slice(0, 100);
  if (sample.length === 0) return PLAIN_TEXT;
  for (const [delimiter, type] of DELIMITERS) {
    const counts = sample.map((record) => outsideQuotes(record, delimiter));
    const alike = counts.filter((count) => count === counts[0]).length;
    if (counts[0] > 0 && alike >= 0.8 * counts.length) return type;
  }
  return PLAIN_TEXT;
}

/** The text's records: lines, except that a line break inside double quotes belongs to its field. */
function recordsOf(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      records.push(text.slice(start, i));
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      start = i + 1;
    }
  }
  records.push(text.slice(start));
  return records;
}

function outsideQuotes(record: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of record) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count += 1;
  }
  return count;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function indexOf(bytes: Uint8Array, needle: readonly number[], from: number): number {
  for (let at = from; at + needle.length <= bytes.length; at += 1) {
    if (needle.every((byte, i) => bytes[at + i] === byte)) return at;
  }
  return -1;
}

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}
