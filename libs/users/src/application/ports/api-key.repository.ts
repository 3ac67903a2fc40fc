import { ApiKey } from '../../domain/api-key.aggregate';

/** API keys; an owner reaches only their own. */
export abstract class ApiKeyRepository {
  abstract save(apiKey: ApiKey): Promise<void>;
  abstract findOwned(id: string, ownerId: string): Promise<ApiKey | null>;
}
