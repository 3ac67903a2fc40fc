import { DomainError } from '@app/shared-kernel';

/** Why a file cannot be imported at all; `code` names the rule or the limit it broke. */
export type ImportFileProblem =
  | 'empty_file'
  | 'not_a_table'
  | 'legacy_xls'
  | 'encrypted_workbook'
  | 'bad_encoding'
  | 'unknown_encoding'
  | 'no_header'
  | 'blank_column_name'
  | 'duplicate_column'
  | 'header_too_long'
  | 'too_many_columns'
  | 'too_many_rows'
  | 'field_too_long'
  | 'malformed_csv'
  | 'malformed_xlsx'
  | 'no_such_sheet'
  | 'xlsx_too_large'
  | 'xlsx_compression_ratio';

/** The file is refused whole, with a message that says what to do about it. */
export class ImportFileRefused extends DomainError {
  readonly kind = 'unprocessable';
  constructor(
    readonly code: ImportFileProblem,
    message: string,
  ) {
    super(message);
  }
}
