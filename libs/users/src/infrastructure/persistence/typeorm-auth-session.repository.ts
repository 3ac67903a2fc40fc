import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuthSessionRepository } from '../../application/ports/auth-session.repository';
import { AuthSession } from '../../domain/auth-session.aggregate';
import { AuthSessionOrmEntity } from './auth-session.orm-entity';
import { PrincipalCache } from './principal-cache';

@Injectable()
export class TypeOrmAuthSessionRepository extends AuthSessionRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly principals: PrincipalCache,
  ) {
    super();
  }

  private get rows() {
    return this.txHost.tx.getRepository(AuthSessionOrmEntity);
  }

  // why: a role, a session or a key that changes ends the principals other processes cached for this user.
  async save(session: AuthSession): Promise<void> {
    await this.rows.save(session.snapshot());
    await this.principals.changed(this.txHost, session.snapshot().userId);
  }

  async findForUpdate(id: string): Promise<AuthSession | null> {
    const row = await this.rows.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    return row && AuthSession.restore(row);
  }
}
