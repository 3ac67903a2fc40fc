import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { recipientOf } from './rows';

/** The bench's recipients file: a header, then `rows` rows of phone, name, city, each phone distinct and valid. */
export const IMPORT_COLUMNS = ['phone', 'name', 'city'] as const;
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const CITIES = ['London', 'Lagos', 'Lima', 'Lyon', 'Leeds', 'Lisbon', 'Luanda', 'Lahore'];

export function cellsOf(i: number): string[] {
  return [recipientOf(i), `${NAMES[i % NAMES.length]} ${i}`, CITIES[i % CITIES.length]];
}

function* csvChunks(rows: number): Generator<string> {
  yield `${IMPORT_COLUMNS.join(',')}\r\n`;
  for (let from = 0; from < rows; from += 10_000) {
    let chunk = '';
    for (let i = from; i < Math.min(rows, from + 10_000); i++) chunk += `${cellsOf(i).join(',')}\r\n`;
    yield chunk;
  }
}

/** Writes the CSV, streamed; returns its size in bytes. */
export async function writeCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  await pipeline(Readable.from(csvChunks(rows)), out);
  return out.bytesWritten;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function column(index: number): string {
  return String.fromCharCode(65 + index);
}

// why: as Excel writes a sheet: the header and the cities as shared strings, the phones and names inline (unique).
function* sheetChunks(rows: number): Generator<string> {
  yield `${XML}<worksheet ${NS}><sheetData><row r="1">${IMPORT_COLUMNS.map((name, c) => `<c r="${column(c)}1" t="s"><v>${c}</v></c>`).join('')}</row>`;
  for (let from = 0; from < rows; from += 5_000) {
    let chunk = '';
    for (let i = from; i < Math.min(rows, from + 5_000); i++) {
      const r = i + 2;
      const [phone, name] = cellsOf(i);
      chunk += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${phone}</t></is></c><c r="B${r}" t="inlineStr"><is><t>${name}</t></is></c><c r="C${r}" t="s"><v>${IMPORT_COLUMNS.length + (i % CITIES.length)}</v></c></row>`;
    }
    yield chunk;
  }
  yield '</sheetData></worksheet>';
}

/** Writes a one-sheet XLSX, the sheet streamed into the zip; returns its size in bytes. */
export async function writeXlsx(path: string, rows: number): Promise<number> {
  const zip = new ZipFile();
  const add = (name: string, xml: string) => zip.addBuffer(Buffer.from(xml), name);
  add(
    '[Content_Types].xml',
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  add('_rels/.rels', `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  add('xl/workbook.xml', `${XML}<workbook ${NS}><sheets><sheet name="Recipients" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  add(
    'xl/_rels/workbook.xml.rels',
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  const shared = [...IMPORT_COLUMNS, ...CITIES];
  add('xl/sharedStrings.xml', `${XML}<sst ${NS} count="${shared.length}" uniqueCount="${shared.length}">${shared.map((text) => `<si><t>${text}</t></si>`).join('')}</sst>`);
  zip.addReadStream(Readable.from(sheetChunks(rows)), 'xl/worksheets/sheet1.xml');
  zip.end();
  const out = createWriteStream(path);
  await pipeline(zip.outputStream, out);
  return out.bytesWritten;
}
