/** How many staged rows one `importing.process-import-batch` takes, in one transaction. */
export class ImportBatching {
  constructor(readonly rows: number) {}
}
