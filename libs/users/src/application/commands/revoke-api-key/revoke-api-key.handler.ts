import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { ApiKeyNotFound } from '../../../domain/user.errors';
import { ApiKeyRepository } from '../../ports/api-key.repository';
import { RevokeApiKeyCommand } from './revoke-api-key.command';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeyRepository) {}

  @Transactional()
  async execute({ ownerId, apiKeyId }: RevokeApiKeyCommand) {
    const apiKey = await this.apiKeys.findOwned(apiKeyId, ownerId);
    if (!apiKey) throw new ApiKeyNotFound(apiKeyId);
    apiKey.revoke();
    await this.apiKeys.save(apiKey);
  }
}
