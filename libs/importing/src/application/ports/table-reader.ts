import { Readable } from 'node:stream';
import { TableLimits } from '../../domain/table-limits';

/** One data row: its number as the person who made the file sees it (the header is row 1), and its cells as text. */
export interface TableRow {
  row: number;
  cells: string[];
}

/** A file read as a table: its column names, then its rows, streamed. */
export interface Table {
  columns: string[];
  rows: AsyncIterable<TableRow>;
}

export interface TableSource {
  /** The file's bytes, read once, front to back. */
  content: Readable;
  /** The file's name, for messages only: the kind of file is told from its bytes. */
  fileName: string;
  /** A text file's encoding when it has no byte-order mark and is not UTF-8 (`windows-1252`, `latin1`, `utf-16le`…). */
  encoding?: string | null;
  /** The XLSX sheet to read; by default the first one with data. */
  sheet?: string | null;
  limits: TableLimits;
}

/**
 * Reads CSV and XLSX files as tables, streaming: a file is never held whole in memory. Refuses what it cannot read
 * exactly (an unknown encoding, a legacy `.xls`, an encrypted workbook, a zip bomb, a broken limit) with an
 * `ImportFileRefused` that says why, and never guesses.
 */
export abstract class TableReader {
  abstract open(source: TableSource): Promise<Table>;
}
