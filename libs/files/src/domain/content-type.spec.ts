import { zipOf, xlsxOf } from '../testing/zip';
import { BINARY, CSV, DOCX, PDF, PLAIN_TEXT, SNIFF_BYTES, sniffContentType, TSV, XLSX, ZIP } from './content-type';

const sniff = (content: string | Buffer | number[], complete = true) =>
  sniffContentType(typeof content === 'string' ? Buffer.from(content) : Buffer.from(content as Buffer), complete);

describe('sniffContentType', () => {
  it.each<[string, number[] | string, string]>([
    ['a PDF', '%PDF-1.7\n%âãÏÓ\n1 0 obj', PDF],
    ['a PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], 'image/png'],
    ['a JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0], 'image/jpeg'],
    ['a GIF89a', 'GIF89a\x01\x00\x01\x00\x80\x00\x00', 'image/gif'],
    ['a GIF87a', 'GIF87a\x01\x00\x01\x00', 'image/gif'],
    ['a WebP', [...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], 'image/webp'],
    ['a RIFF that is no WebP (WAV)', [...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WAVEfmt ')], BINARY],
    ['an ELF executable', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0], BINARY],
    ['bytes with NUL', [0x41, 0x42, 0x00, 0x43], BINARY],
  ])('knows %s', (_case, bytes, type) => {
    expect(sniff(bytes)).toBe(type);
  });

  describe('zip archives', () => {
    it('knows an XLSX by its xl/ entries', () => {
      expect(sniff(xlsxOf())).toBe(XLSX);
    });

    it('knows an XLSX whose sheet comes first, as streaming writers put it', () => {
      expect(sniff(zipOf({ 'xl/worksheets/sheet1.xml': '<worksheet/>', '[Content_Types].xml': '<Types/>' }))).toBe(XLSX);
    });

    it('finds the xl/ entry behind a large first entry, within the sniffed bytes', () => {
      const zip = zipOf({ '[Content_Types].xml': 'x'.repeat(40_000), 'xl/workbook.xml': '<workbook/>' });

      expect(sniff(zip.subarray(0, SNIFF_BYTES), false)).toBe(XLSX);
    });

    it('tells a DOCX apart from an XLSX', () => {
      expect(sniff(zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<document/>' }))).toBe(DOCX);
    });

    it('calls any other zip a zip, even one with [Content_Types].xml', () => {
      expect(sniff(zipOf({ 'notes.txt': 'hello', 'xlsx/readme.md': 'not a workbook' }))).toBe(ZIP);
      expect(sniff(zipOf({ '[Content_Types].xml': '<Types/>', 'data/sheet.csv': 'a,b' }))).toBe(ZIP);
    });
  });

  describe('text', () => {
    it.each([
      ['a CSV', 'phone,name\n+15550100,Ada\n+15550101,Grace\n', CSV],
      ['a CSV with CRLF line ends', 'phone,name\r\n+15550100,Ada\r\n', CSV],
      ['a CSV with a UTF-8 byte order mark', '\ufeffphone,name\n+15550100,Ada\n', CSV],
      ['a CSV of one header line', 'phone,name,locale', CSV],
      ['a semicolon CSV', 'phone;name\n+15550100;Ada\n', CSV],
      ['a CSV with quoted commas and line breaks', 'phone,note\n+15550100,"call, then\nwrite"\n+15550101,"x"\n', CSV],
      ['a CSV with a ragged row', 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11\n', CSV],
      ['a TSV', 'phone\tname\n+15550100\tAda, Countess\n', TSV],
      ['plain text', 'Dear Ada,\nthank you for the notes.\nRegards\n', PLAIN_TEXT],
      ['an empty line', '\n', PLAIN_TEXT],
      ['Latin-1 text as Excel saves it', Buffer.from('name;city\nM\xfcller;K\xf6ln\n', 'latin1'), CSV],
      ['UTF-16 text with its byte order mark, as Excel saves "Unicode text"', Buffer.from('\ufeffphone\tname\r\n+1555\tAda\r\n', 'utf16le'), TSV],
    ])('knows %s', (_case, content, type) => {
      expect(sniff(content as string | Buffer)).toBe(type);
    });

    it('ignores the record cut off at the end of the sniffed bytes', () => {
      const head = Buffer.from('phone,name\n+15550100,Ada\n+1555010');

      expect(sniff(head, false)).toBe(CSV);
      expect(sniff(head, true)).toBe(PLAIN_TEXT);
    });

    it('reads a UTF-8 character cut in two at the end of the sniffed bytes as text', () => {
      const head = Buffer.from('name,city\nAda,Zürich\nGrace,Zürich');

      expect(sniff(head.subarray(0, head.length - 5), false)).toBe(CSV);
    });

    it('calls a UTF-16 file with control characters binary', () => {
      expect(sniff(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0001b', 'utf16le')]))).toBe(BINARY);
    });
  });
});
