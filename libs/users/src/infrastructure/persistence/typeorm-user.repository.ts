import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxWriter, uniqueViolationOf } from '@app/platform';
import { toOutboxMessages } from '../outbox/users.published-events';
import { UserRepository } from '../../application/ports/user.repository';
import { Email } from '../../domain/email.vo';
import { User } from '../../domain/user.aggregate';
import { EmailAlreadyTaken } from '../../domain/user.errors';
import { UserOrmEntity } from './user.orm-entity';
import { PrincipalCache } from './principal-cache';

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxWriter,
    private readonly principals: PrincipalCache,
  ) {
    super();
  }

  private get rows() {
    return this.txHost.tx.getRepository(UserOrmEntity);
  }

  // why: a role, a session or a key that changes ends the principals other processes cached for this user.
  async save(user: User): Promise<void> {
    await this.rows
      .save({ id: user.id, email: user.email.value, passwordHash: user.passwordHash, role: user.role, createdAt: user.createdAt })
      .catch((error: unknown) => {
        // why: the handler's existsByEmail cannot see a registration of the same email that has not committed yet.
        if (uniqueViolationOf(error)?.constraint === 'users_email_unique') throw new EmailAlreadyTaken(user.email.value);
        throw error;
      });
    await this.outbox.append(toOutboxMessages(user.pullEvents()));
    await this.principals.changed(this.txHost, user.id);
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
