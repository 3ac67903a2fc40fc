import { Command } from '@nestjs/cqrs';

/** The import cannot go on (its staging or a batch was dead-lettered): it ends `failed` with the reason, unless it already ended. */
export class FailImportCommand extends Command<void> {
  constructor(
    readonly importId: string,
    readonly code: string,
    readonly reason: string,
  ) {
    super();
  }
}
