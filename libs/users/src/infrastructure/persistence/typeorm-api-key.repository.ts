import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ApiKeyRepository } from '../../application/ports/api-key.repository';
import { ApiKey } from '../../domain/api-key.aggregate';
import { ApiKeyOrmEntity } from './api-key.orm-entity';
import { PrincipalCache } from './principal-cache';

@Injectable()
export class TypeOrmApiKeyRepository extends ApiKeyRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly principals: PrincipalCache,
  ) {
    super();
  }

  private get rows() {
    return this.txHost.tx.getRepository(ApiKeyOrmEntity);
  }

  // why: a role, a session or a key that changes ends the principals other processes cached for this user.
  async save(apiKey: ApiKey): Promise<void> {
    await this.rows.save(apiKey.snapshot());
    await this.principals.changed(this.txHost, apiKey.snapshot().ownerId);
  }

  async findOwned(id: string, ownerId: string): Promise<ApiKey | null> {
    const row = await this.rows.findOneBy({ id, ownerId });
    return row && ApiKey.restore(row);
  }
}
