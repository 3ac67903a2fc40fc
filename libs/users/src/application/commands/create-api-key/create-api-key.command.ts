import { Command } from '@nestjs/cqrs';

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  /** The key itself: returned this once, never stored. */
  key: string;
  created_at: string;
}

export class CreateApiKeyCommand extends Command<CreatedApiKey> {
  constructor(
    readonly ownerId: string,
    readonly name: string,
  ) {
    super();
  }
}
