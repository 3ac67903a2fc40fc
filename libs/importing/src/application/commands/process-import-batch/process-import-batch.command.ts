import { Command } from '@nestjs/cqrs';

/** Processes the import's staged rows after `afterRow`, one batch (the dispatcher's `importing.process-import-batch`). */
export class ProcessImportBatchCommand extends Command<void> {
  constructor(
    readonly importId: string,
    readonly afterRow: number,
    readonly correlationId: string | null = null,
  ) {
    super();
  }
}
