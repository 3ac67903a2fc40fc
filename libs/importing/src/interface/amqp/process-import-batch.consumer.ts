import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PoisonMessage } from '@app/platform';
import { UUID_PATTERN } from '@app/shared-kernel';
import { ProcessImportBatchCommand } from '../../application/commands/process-import-batch/process-import-batch.command';
import { PROCESS_IMPORT_BATCH, ProcessImportBatchPayload } from '../../contracts/process-import-batch.command';

export const PROCESS_IMPORT_BATCH_QUEUE = 'dispatcher.importing.process-import-batch';

@Controller()
export class ProcessImportBatchConsumer {
  constructor(private readonly commands: CommandBus) {}

  @EventPattern(PROCESS_IMPORT_BATCH, { queue: PROCESS_IMPORT_BATCH_QUEUE })
  async process(@Payload() payload: Partial<ProcessImportBatchPayload> | null): Promise<void> {
    const importId = payload?.import_id;
    const afterRow = payload?.after_row;
    if (typeof importId !== 'string' || !UUID_PATTERN.test(importId) || !Number.isSafeInteger(afterRow) || (afterRow as number) < 0) {
      throw new PoisonMessage(`${PROCESS_IMPORT_BATCH} needs a uuid import_id and a whole after_row ≥ 0, not ${String(JSON.stringify(payload)).slice(0, 120)}.`);
    }
    await this.commands.execute(new ProcessImportBatchCommand(importId.toLowerCase(), afterRow as number));
  }
}
