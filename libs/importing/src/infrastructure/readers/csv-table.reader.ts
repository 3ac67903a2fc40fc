import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { Table, TableRow, TableSource } from '../../application/ports/table-reader';
import { ImportFileRefused } from '../../domain/import-file.errors';
import { columnsOf, rowGuard } from './header';
import { splitHead } from './peek';
import { Delimiter, sniffDelimiter } from './delimiter';
import { textDecoding } from './text-decoding';

const SNIFF_CHARS = 64 * 1024;

/**
 * A CSV file as a table, streamed through csv-parse: delimiter sniffed among `, ; \t |`, BOM and CRLF handled,
 * quoted newlines kept in their cell, blank lines skipped (but counted, so row numbers match a spreadsheet's).
 */
export async function readCsv(source: TableSource, content: Readable, bom: 'utf-8' | 'utf-16le' | 'utf-16be' | null): Promise<Table> {
  const text = content.pipe(textDecoding(source.fileName, bom, source.encoding));
  content.on('error', (error) => text.destroy(error));
  const { head, all: rest } = await splitHead<string>(text, SNIFF_CHARS);
  const delimiter: Delimiter = sniffDelimiter(head.join(''));
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: source.limits.maxFieldLength * 4 + 1024 });
  rest.on('error', (error) => parser.destroy(error));
  rest.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { records: number; empty_lines: number } }>;
  const first = await next(records, source.fileName);
  if (!first) throw new ImportFileRefused('no_header', `${source.fileName} has no header row: its first row must name the columns.`);
  const columns = columnsOf(first.record, source.limits, source.fileName);
  const guard = rowGuard(source.limits, source.fileName);
  async function* rows(): AsyncGenerator<TableRow> {
    for (let item = await next(records, source.fileName); item; item = await next(records, source.fileName)) {
      const row = item.info.records + item.info.empty_lines;
      guard(row, item.record);
      yield { row, cells: item.record };
    }
  }
  return { columns, rows: rows() };
}

async function next<T>(records: AsyncIterator<T>, fileName: string): Promise<T | null> {
  try {
    const item = await records.next();
    return item.done ? null : item.value;
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(error, fileName);
    throw error;
  }
}

function csvProblem(error: CsvError, fileName: string): ImportFileRefused {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` near line ${line}` : '';
  if (error.code === 'CSV_MAX_RECORD_SIZE') return new ImportFileRefused('field_too_long', `${fileName} has a row too long to be a table row${where}.`);
  return new ImportFileRefused('malformed_csv', `${fileName} is not well-formed CSV${where}: ${error.message.replace(/^Invalid \w+:?\s*/, '')}`);
}
