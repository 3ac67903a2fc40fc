import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxWriter } from '@app/platform';
import { MessageRepository } from '../../application/ports/message.repository';
import { Message } from '../../domain/message.aggregate';
import { toOutboxMessages } from '../outbox/messaging.published-events';
import { MessageEventOrmEntity } from './message-event.orm-entity';
import { MessageOrmEntity } from './message.orm-entity';

@Injectable()
export class TypeOrmMessageRepository extends MessageRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  private get messages() {
    return this.txHost.tx.getRepository(MessageOrmEntity);
  }

  private get history() {
    return this.txHost.tx.getRepository(MessageEventOrmEntity);
  }

  // why: history entries are keyed by their place in the history, so writing them all again adds only the new ones.
  async save(message: Message): Promise<void> {
    const { history, ...row } = message.snapshot();
    await this.messages.upsert(row, ['id']);
    const entries = history.map(({ status, at, detail }, seq) => ({ ownerId: row.ownerId, messageId: row.id, seq, status, at, detail: detail ?? null }));
    await this.history.createQueryBuilder().insert().values(entries).orIgnore().execute();
    await this.outbox.append(toOutboxMessages(message.pullEvents()));
  }

  async findForUpdate(id: string): Promise<Message | null> {
    return this.restore(await this.messages.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }));
  }

  async findByIdempotencyKey(ownerId: string, key: string): Promise<Message | null> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`messaging.idempotency-key:${ownerId}:${key}`]);
    return this.restore(await this.messages.findOneBy({ ownerId, idempotencyKey: key }));
  }

  private async restore(row: MessageOrmEntity | null): Promise<Message | null> {
    if (!row) return null;
    const entries = await this.history.find({ where: { ownerId: row.ownerId, messageId: row.id }, order: { seq: 'ASC' } });
    const history = entries.map(({ status, at, detail }) => (detail === null ? { status, at } : { status, at, detail }));
    return Message.restore({ ...row, history });
  }
}
