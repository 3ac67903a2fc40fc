import { Command } from '@nestjs/cqrs';

export class RevokeApiKeyCommand extends Command<void> {
  constructor(
    readonly ownerId: string,
    readonly apiKeyId: string,
  ) {
    super();
  }
}
