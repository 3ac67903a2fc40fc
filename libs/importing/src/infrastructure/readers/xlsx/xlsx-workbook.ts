import { posix } from 'node:path';
import { ImportFileRefused } from '../../../domain/import-file.errors';
import { isDateFormat } from './cell-values';
import { readXml } from './xml-events';
import { ZipArchive } from './zip-archive';

export interface SheetRef {
  name: string;
  path: string;
}

/** What a sheet's cells need from the rest of the workbook: its shared strings, which styles are dates, its date system. */
export interface WorkbookParts {
  sheets: SheetRef[];
  sharedStrings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
}

const REL_TYPE = (type: string) => new RegExp(`/${type}$`);

export async function readWorkbook(zip: ZipArchive, fileName: string): Promise<WorkbookParts> {
  const workbook = await zip.read('xl/workbook.xml');
  if (!workbook) throw new ImportFileRefused('not_a_table', `${fileName} is a zip file but not an XLSX workbook (it has no xl/workbook.xml).`);
  const declared: { name: string; id: string }[] = [];
  let date1904 = false;
  await readXml(workbook, {
    open(name, attributes) {
      if (name === 'sheet') declared.push({ name: attributes.name ?? '', id: attributes['r:id'] ?? attributes.id ?? '' });
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
    },
  });
  const rels = await relationships(zip);
  const sheets = declared.flatMap(({ name, id }) => {
    const rel = rels.find((candidate) => candidate.id === id);
    return rel && REL_TYPE('worksheet').test(rel.type) ? [{ name, path: rel.path }] : [];
  });
  const part = (type: string, fallback: string) => rels.find((rel) => REL_TYPE(type).test(rel.type))?.path ?? fallback;
  return {
    sheets,
    sharedStrings: await sharedStrings(zip, part('sharedStrings', 'xl/sharedStrings.xml')),
    dateStyles: await dateStyles(zip, part('styles', 'xl/styles.xml')),
    date1904,
  };
}

async function relationships(zip: ZipArchive): Promise<{ id: string; type: string; path: string }[]> {
  const part = await zip.read('xl/_rels/workbook.xml.rels');
  const rels: { id: string; type: string; path: string }[] = [];
  if (!part) return rels;
  await readXml(part, {
    open(name, attributes) {
      if (name !== 'Relationship' || !attributes.Target) return;
      const target = attributes.Target;
      const path = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
      rels.push({ id: attributes.Id ?? '', type: attributes.Type ?? '', path });
    },
  });
  return rels;
}

/** Every shared string, rich-text runs joined, phonetic hints (`rPh`) left out. */
async function sharedStrings(zip: ZipArchive, path: string): Promise<string[]> {
  const part = await zip.read(path);
  const strings: string[] = [];
  if (!part) return strings;
  let current: string[] = [];
  let inText = false;
  let phonetic = 0;
  await readXml(part, {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 't') inText = true;
      else if (name === 'rPh') phonetic += 1;
    },
    text(text) {
      if (inText && phonetic === 0) current.push(text);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') strings.push(current.join(''));
    },
  });
  return strings;
}

/** The indexes of the cell styles (`cellXfs`) whose number format shows a date or a time. */
async function dateStyles(zip: ZipArchive, path: string): Promise<Set<number>> {
  const part = await zip.read(path);
  const dates = new Set<number>();
  if (!part) return dates;
  const codes = new Map<number, string>();
  let inCellXfs = false;
  let index = 0;
  await readXml(part, {
    open(name, attributes) {
      if (name === 'numFmt') codes.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attributes.numFmtId ?? 0);
        if (isDateFormat(id, codes.get(id))) dates.add(index);
        index += 1;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dates;
}
