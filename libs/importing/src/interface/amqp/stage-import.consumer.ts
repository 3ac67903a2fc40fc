import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PoisonMessage } from '@app/platform';
import { UUID_PATTERN } from '@app/shared-kernel';
import { StageImportCommand } from '../../application/commands/stage-import/stage-import.command';
import { STAGE_IMPORT, StageImportPayload } from '../../contracts/stage-import.command';

export const STAGE_IMPORT_QUEUE = 'dispatcher.importing.stage-import';

@Controller()
export class StageImportConsumer {
  constructor(private readonly commands: CommandBus) {}

  @EventPattern(STAGE_IMPORT, { queue: STAGE_IMPORT_QUEUE })
  async stage(@Payload() payload: Partial<StageImportPayload> | null): Promise<void> {
    const importId = payload?.import_id;
    if (typeof importId !== 'string' || !UUID_PATTERN.test(importId)) {
      throw new PoisonMessage(`${STAGE_IMPORT} needs a uuid import_id, not ${String(JSON.stringify(importId)).slice(0, 64)}.`);
    }
    await this.commands.execute(new StageImportCommand(importId.toLowerCase()));
  }
}
