import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Page, keysetPage } from '@app/shared-kernel';
import { UserReadModel } from '../../application/ports/user.read-model';
import { PrincipalView } from '../../application/queries/authenticate/principal.view';
import { UserView } from '../../application/queries/get-current-user/user.view';
import { ApiKeyView } from '../../application/queries/list-api-keys/api-key.view';
import { PrincipalCache } from './principal-cache';

@Injectable()
export class SqlUserReadModel extends UserReadModel {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly principals: PrincipalCache,
  ) {
    super();
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.txHost.tx.query(sql, params);
  }

  async currentUser(userId: string): Promise<UserView | null> {
    const [row] = await this.query<{ id: string; email: string; role: UserView['role']; created_at: Date }>(
      'SELECT id, email, role, created_at FROM users.users WHERE id = $1',
      [userId],
    );
    return row ? { ...row, created_at: row.created_at.toISOString() } : null;
  }

  principalOfSession(userId: string, sessionId: string): Promise<PrincipalView | null> {
    return this.principals.get(`session:${userId}:${sessionId}`, async () => {
      const [row] = await this.query<{ role: PrincipalView['role']; expires_at: Date }>(
        `SELECT u.role, s.expires_at FROM users.auth_sessions s JOIN users.users u ON u.id = s.user_id
          WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`,
        [sessionId, userId],
      );
      return row ? { principal: { userId, role: row.role, sessionId }, expiresAt: row.expires_at } : null;
    });
  }

  principalOfApiKey(keyHash: string): Promise<PrincipalView | null> {
    return this.principals.get(`api-key:${keyHash}`, async () => {
      const [row] = await this.query<{ id: string; owner_id: string; role: PrincipalView['role'] }>(
        `SELECT k.id, k.owner_id, u.role FROM users.api_keys k JOIN users.users u ON u.id = k.owner_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
        [keyHash],
      );
      return row ? { principal: { userId: row.owner_id, role: row.role, apiKeyId: row.id } } : null;
    });
  }

  apiKeys(ownerId: string, after: string | null, limit: number): Promise<Page<ApiKeyView>> {
    return keysetPage(limit, (key) => key.id, async (take) => {
      const rows = await this.query<{ id: string; name: string; prefix: string; created_at: Date; revoked_at: Date | null }>(
        `SELECT id, name, prefix, created_at, revoked_at
           FROM users.api_keys WHERE owner_id = $1 AND ($2::uuid IS NULL OR id < $2::uuid)
          ORDER BY id DESC LIMIT $3`,
        [ownerId, after, take],
      );
      return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString(), revoked_at: row.revoked_at?.toISOString() ?? null }));
    });
  }
}
