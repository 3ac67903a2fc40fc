import { Page } from '@app/shared-kernel';
import { PrincipalView } from '../queries/authenticate/principal.view';
import { ApiKeyView } from '../queries/list-api-keys/api-key.view';
import { UserView } from '../queries/get-current-user/user.view';

/** Reads for the users context, answered with SQL straight into views. */
export abstract class UserReadModel {
  abstract currentUser(userId: string): Promise<UserView | null>;
  abstract principalOfSession(userId: string, sessionId: string): Promise<PrincipalView | null>;
  abstract principalOfApiKey(keyHash: string): Promise<PrincipalView | null>;
  abstract apiKeys(ownerId: string, after: string | null, limit: number): Promise<Page<ApiKeyView>>;
}
