import { Command } from '@nestjs/cqrs';

/** Reads the import's file and stages its rows (the dispatcher's `importing.stage-import`). */
export class StageImportCommand extends Command<void> {
  constructor(readonly importId: string) {
    super();
  }
}
