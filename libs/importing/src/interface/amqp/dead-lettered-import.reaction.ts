import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DeadLetter, DeadLetters } from '@app/platform';
import { UUID_PATTERN } from '@app/shared-kernel';
import { FailImportCommand } from '../../application/commands/fail-import/fail-import.command';
import { PROCESS_IMPORT_BATCH_QUEUE } from './process-import-batch.consumer';
import { STAGE_IMPORT_QUEUE } from './stage-import.consumer';

/** A staging or a batch that was dead-lettered leaves its import `failed`, with the reason, instead of stuck where it was. */
@Injectable()
export class DeadLetteredImportReaction implements OnModuleInit {
  constructor(
    private readonly deadLetters: DeadLetters,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    for (const queue of [STAGE_IMPORT_QUEUE, PROCESS_IMPORT_BATCH_QUEUE]) this.deadLetters.onDeadLetter(queue, (letter) => this.react(letter));
  }

  async react({ payload, error }: Pick<DeadLetter, 'payload' | 'error'>): Promise<void> {
    const importId = (payload as { import_id?: unknown } | null)?.import_id;
    if (typeof importId === 'string' && UUID_PATTERN.test(importId)) {
      await this.commands.execute(new FailImportCommand(importId.toLowerCase(), 'dead_lettered', `The import's work was dead-lettered after its retries: ${error}`));
    }
  }
}
