import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { UserRepository } from '../../application/ports/user.repository';
import { Email } from '../../domain/email.vo';
import { User } from '../../domain/user.aggregate';
import { UserOrmEntity } from './user.orm-entity';

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get rows() {
    return this.txHost.tx.getRepository(UserOrmEntity);
  }

  async save(user: User): Promise<void> {
    // why: domain events are pulled here so they leave with the row; the outbox (next issue) writes them in this transaction.
    user.pullEvents();
    await this.rows.save({
      id: user.id,
      email: user.email.value,
      passwordHash: user.passwordHash,
      role: user.role,
      createdAt: user.createdAt,
    });
  }

  async findById(id: string): Promise<User | null> {
    return toUser(await this.rows.findOneBy({ id }));
  }

  async findByEmail(email: Email): Promise<User | null> {
    return toUser(await this.rows.findOneBy({ email: email.value }));
  }

  async existsByEmail(email: Email): Promise<boolean> {
    return this.rows.existsBy({ email: email.value });
  }
}

function toUser(row: UserOrmEntity | null): User | null {
  return row && User.restore({ ...row, email: Email.of(row.email) });
}
