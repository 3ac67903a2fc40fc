import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PoisonMessage } from '@app/platform';
import { UUID_PATTERN } from '@app/shared-kernel';
import { RemoveFileObjectCommand } from '../../application/commands/remove-file-object/remove-file-object.command';
import { REMOVE_FILE_OBJECT, RemoveFileObjectPayload } from '../../contracts/remove-file-object.command';

export const REMOVE_FILE_OBJECT_QUEUE = 'dispatcher.files.remove-object';

@Controller()
export class RemoveFileObjectConsumer {
  constructor(private readonly commands: CommandBus) {}

  @EventPattern(REMOVE_FILE_OBJECT, { queue: REMOVE_FILE_OBJECT_QUEUE })
  async removeObject(@Payload() payload: Partial<RemoveFileObjectPayload> | null) {
    const fileId = payload?.file_id;
    if (typeof fileId !== 'string' || !UUID_PATTERN.test(fileId)) {
      throw new PoisonMessage(`${REMOVE_FILE_OBJECT} needs a uuid file_id, not ${String(JSON.stringify(fileId)).slice(0, 64)}.`);
    }
    await this.commands.execute(new RemoveFileObjectCommand(fileId));
  }
}
