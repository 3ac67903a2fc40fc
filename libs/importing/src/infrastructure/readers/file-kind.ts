import { ImportFileRefused } from '../../domain/import-file.errors';

export type FileKind = { kind: 'xlsx' } | { kind: 'compound' } | { kind: 'text'; bom: 'utf-8' | 'utf-16le' | 'utf-16be' | null };

const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const BINARY_SIGNATURES: [string, Buffer][] = [
  ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff])],
  ['a GIF image', Buffer.from('GIF8', 'latin1')],
  ['a PDF document', Buffer.from('%PDF', 'latin1')],
];

const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/**
 * The refusal for an OLE compound file: Office wraps an encrypted .xlsx in the same container as a legacy .xls; the
 * encrypted one holds an "EncryptionInfo" stream, whose name the container's directory (anywhere in the file) spells
 * in UTF-16LE. Scans the file for it, a chunk at a time.
 */
export async function compoundFileRefusal(content: AsyncIterable<Buffer>, fileName: string): Promise<ImportFileRefused> {
  let tail = Buffer.alloc(0);
  for await (const chunk of content) {
    const window = Buffer.concat([tail, chunk]);
    if (window.includes(ENCRYPTION_INFO)) {
      return new ImportFileRefused('encrypted_workbook', `${fileName} is a password-protected workbook: save a copy without a password and import that.`);
    }
    tail = window.subarray(Math.max(0, window.length - ENCRYPTION_INFO.length));
  }
  return new ImportFileRefused('legacy_xls', `${fileName} is a legacy Excel 97–2003 (.xls) workbook: save it as .xlsx or .csv and import that.`);
}

/** Tells a file's kind from its first bytes, whatever its name says; refuses what no reader can read exactly. */
export function fileKind(head: Buffer, fileName: string): FileKind {
  if (head.length === 0) throw new ImportFileRefused('empty_file', `${fileName} is empty: there is no header row and no data.`);
  if (head.subarray(0, 4).equals(ZIP)) return { kind: 'xlsx' };
  if (head.subarray(0, 8).equals(CFB)) return { kind: 'compound' };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { kind: 'text', bom: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', bom: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', bom: 'utf-16be' };
  const signature = BINARY_SIGNATURES.find(([, bytes]) => head.subarray(0, bytes.length).equals(bytes));
  if (signature || head.includes(0)) {
    const what = signature ? signature[0] : 'a binary file';
    throw new ImportFileRefused('not_a_table', `${fileName} is ${what}, not a CSV or XLSX table.`);
  }
  return { kind: 'text', bom: null };
}
