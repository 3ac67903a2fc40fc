import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuthSessionRepository } from '../../application/ports/auth-session.repository';
import { AuthSession } from '../../domain/auth-session.aggregate';
import { AuthSessionOrmEntity } from './auth-session.orm-entity';

@Injectable()
export class TypeOrmAuthSessionRepository extends AuthSessionRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get rows() {
    return this.txHost.tx.getRepository(AuthSessionOrmEntity);
  }

  async save(session: AuthSession): Promise<void> {
    await this.rows.save(session.snapshot());
  }

  async findForUpdate(id: string): Promise<AuthSession | null> {
    const row = await this.rows.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    return row && AuthSession.restore(row);
  }
}
