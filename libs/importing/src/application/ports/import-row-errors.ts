import { ImportRowError } from '../import-type';

/** The row errors of imports (`importing.import_row_errors`), written in the caller's transaction. */
export abstract class ImportRowErrors {
  abstract add(ownerId: string, importId: string, errors: readonly ImportRowError[]): Promise<void>;
}
