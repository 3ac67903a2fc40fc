import { Env, EnvReader } from '@app/platform';

/** Rows taken by one batch when nobody said otherwise: big enough to batch the handler's writes, small enough for short transactions. */
export const DEFAULT_IMPORT_BATCH_ROWS = 2_000;

/** The importing context's settings. */
export class ImportingSettings {
  /** Staged rows one `importing.process-import-batch` takes, in one transaction. */
  readonly batchRows: number;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.batchRows = read.int('IMPORT_BATCH_ROWS', DEFAULT_IMPORT_BATCH_ROWS, 1, 50_000);
  }
}
