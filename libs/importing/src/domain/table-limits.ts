/** The bounds a tabular file must stay within; each one broken is an `ImportFileRefused` that names it. */
export interface TableLimits {
  maxRows: number;
  maxColumns: number;
  /** Characters in one cell. */
  maxFieldLength: number;
  /** Characters in one column name. */
  maxHeaderLength: number;
  /** Bytes the parts of an XLSX file may unpack to, all together. */
  maxUncompressedBytes: number;
  /** How many times larger than its compressed size one part of an XLSX file may unpack to. */
  maxCompressionRatio: number;
}

export const DEFAULT_TABLE_LIMITS: TableLimits = {
  maxRows: 1_000_000,
  maxColumns: 200,
  maxFieldLength: 10_000,
  maxHeaderLength: 200,
  maxUncompressedBytes: 2 * 1024 ** 3,
  maxCompressionRatio: 200,
};
