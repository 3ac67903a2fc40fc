import { Injectable } from '@nestjs/common';
import { Table, TableReader, TableSource } from '../../application/ports/table-reader';
import { readCsv } from './csv-table.reader';
import { compoundFileRefusal, fileKind } from './file-kind';
import { splitHead } from './peek';
import { readXlsx } from './xlsx-table.reader';

const SNIFF_BYTES = 64 * 1024;

/** Reads a CSV or XLSX file, told apart by its first bytes. */
@Injectable()
export class TabularFileReader extends TableReader {
  async open(source: TableSource): Promise<Table> {
    const { head, all } = await splitHead<Buffer>(source.content, SNIFF_BYTES);
    source.content.on('error', (error) => all.destroy(error));
    const kind = fileKind(Buffer.concat(head), source.fileName);
    if (kind.kind === 'compound') throw await compoundFileRefusal(all, source.fileName);
    return kind.kind === 'xlsx' ? readXlsx(source, all) : readCsv(source, all, kind.bom);
  }
}
