import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { ApiKey } from '../../../domain/api-key.aggregate';
import { hashSecret, newSecret } from '../../opaque-token';
import { ApiKeyRepository } from '../../ports/api-key.repository';
import { CreateApiKeyCommand, CreatedApiKey } from './create-api-key.command';

export const API_KEY_PREFIX = 'msv_';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeyRepository) {}

  @Transactional()
  async execute({ ownerId, name }: CreateApiKeyCommand): Promise<CreatedApiKey> {
    const key = `${API_KEY_PREFIX}${newSecret()}`;
    const prefix = key.slice(0, API_KEY_PREFIX.length + 8);
    const apiKey = ApiKey.issue(ownerId, name, prefix, hashSecret(key));
    await this.apiKeys.save(apiKey);
    const { id, createdAt } = apiKey.snapshot();
    return { id, name, prefix, key, created_at: createdAt.toISOString() };
  }
}
