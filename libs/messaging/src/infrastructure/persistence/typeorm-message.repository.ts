import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxWriter } from '@app/platform';
import { MessageRepository } from '../../application/ports/message.repository';
import { Message, MessageState, MessageStatus, StatusChange } from '../../domain/message.aggregate';
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

  async save(message: Message): Promise<void> {
    await this.saveAll([{ message }]);
  }

  // why: history entries are keyed by their place in the history, so writing them all again adds only the new ones.
  async saveAll(entries: readonly { message: Message; correlationId?: string | null }[]): Promise<void> {
    if (entries.length === 0) return;
    const snapshots = entries.map(({ message }) => message.snapshot());
    await this.messages.upsert(
      snapshots.map(({ history: _history, ...row }) => row),
      ['id'],
    );
    const history = snapshots.flatMap(({ id, ownerId, history }) =>
      history.map(({ status, at, detail }, seq) => ({ ownerId, messageId: id, seq, status, at, detail: detail ?? null })),
    );
    await this.history.createQueryBuilder().insert().values(history).orIgnore().execute();
    await this.outbox.append(
      entries.flatMap(({ message, correlationId }) =>
        toOutboxMessages(message.pullEvents()).map((row) => (correlationId === undefined ? row : { ...row, correlationId })),
      ),
    );
  }

  async findForUpdate(id: string): Promise<Message | null> {
    return (await this.findManyForUpdate([id]))[0] ?? null;
  }

  // why: plain SQL, two statements for the whole batch: this is the dispatcher's hot path.
  async findManyForUpdate(ids: readonly string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    const rows: MessageRow[] = await this.txHost.tx.query(
      `SELECT id, owner_id, messenger, "to", text, status, attempts, last_error, provider_message_id, idempotency_key, request_hash, created_at
         FROM messaging.messages WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(ids)]],
    );
    if (rows.length === 0) return [];
    const changes: { message_id: string; status: MessageStatus; at: Date; detail: string | null }[] = await this.txHost.tx.query(
      `SELECT message_id, status, at, detail FROM messaging.message_events
        WHERE (owner_id, message_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[])) ORDER BY message_id, seq`,
      [rows.map(({ owner_id }) => owner_id), rows.map(({ id }) => id)],
    );
    const histories = new Map<string, StatusChange[]>();
    for (const { message_id, status, at, detail } of changes) {
      histories.set(message_id, [...(histories.get(message_id) ?? []), detail === null ? { status, at } : { status, at, detail }]);
    }
    return rows.map((row) => Message.restore(fromRow(row, histories.get(row.id) ?? [])));
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

interface MessageRow {
  id: string;
  owner_id: string;
  messenger: MessageState['messenger'];
  to: string;
  text: string;
  status: MessageStatus;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Date;
}

function fromRow(row: MessageRow, history: StatusChange[]): MessageState {
  return {
    id: row.id,
    ownerId: row.owner_id,
    messenger: row.messenger,
    to: row.to,
    text: row.text,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    createdAt: row.created_at,
    history,
  };
}
