import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxWriter } from '@app/platform';
import { MessageRepository } from '../../application/ports/message.repository';
import { Message, MessageState, MessageStatus, StatusChange } from '../../domain/message.aggregate';
import { toOutboxMessages } from '../outbox/messaging.published-events';

@Injectable()
export class TypeOrmMessageRepository extends MessageRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  async save(message: Message): Promise<void> {
    await this.saveAll([{ message }]);
  }

  // why: the API's hot path: one prepared statement, so a new message costs one round trip and no planning.
  async add(message: Message): Promise<void> {
    const { history, ...row } = message.snapshot();
    if (history.length !== 1) throw new Error(`add() takes a message just queued, not one with ${history.length} status changes`);
    const [first] = history;
    const values = [row.id, row.ownerId, row.messenger, row.to, row.text, row.status, row.attempts, row.lastError, row.providerMessageId, row.idempotencyKey, row.requestHash, row.createdAt];
    await this.outbox.appendWith({ name: 'messaging.add-message', ctes: ADD_MESSAGE, values: [...values, first.status, first.at, first.detail ?? null] }, toOutboxMessages(message.pullEvents()));
  }

  // why: plain SQL, the messages and their history in one statement for the whole batch: this is the dispatcher's hot
  // path, where TypeORM's query building cost more CPU than the database work, and the API's, where round trips count.
  // Only the columns that change after creation are updated. History entries are keyed by their place in the history,
  // so writing them all again adds only the new ones. (`saved` orders the two: the history's foreign key needs the row.)
  async saveAll(entries: readonly { message: Message; correlationId?: string | null }[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(({ message }) => message.snapshot());
    const column = <K extends keyof MessageState>(key: K) => rows.map((row) => row[key]);
    const history = rows.flatMap(({ id, ownerId, history }) => history.map((change, seq) => ({ id, ownerId, seq, ...change })));
    await this.txHost.tx.query(
      `WITH saved AS (
         INSERT INTO messaging.messages (id, owner_id, messenger, "to", text, status, attempts, last_error, provider_message_id, idempotency_key, request_hash, created_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, last_error = excluded.last_error,
                                        provider_message_id = excluded.provider_message_id
         RETURNING id)
       INSERT INTO messaging.message_events (owner_id, message_id, seq, status, at, detail)
       SELECT h.* FROM unnest($13::uuid[], $14::uuid[], $15::smallint[], $16::text[], $17::timestamptz[], $18::text[]) AS h(owner_id, message_id, seq, status, at, detail)
        WHERE h.message_id IN (SELECT id FROM saved)
       ON CONFLICT DO NOTHING`,
      [
        column('id'),
        column('ownerId'),
        column('messenger'),
        column('to'),
        column('text'),
        column('status'),
        column('attempts'),
        column('lastError'),
        column('providerMessageId'),
        column('idempotencyKey'),
        column('requestHash'),
        column('createdAt'),
        history.map((h) => h.ownerId),
        history.map((h) => h.id),
        history.map((h) => h.seq),
        history.map((h) => h.status),
        history.map((h) => h.at),
        history.map((h) => h.detail ?? null),
      ],
    );
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
    const [found]: { id: string }[] = await this.txHost.tx.query('SELECT id FROM messaging.messages WHERE owner_id = $1 AND idempotency_key = $2', [ownerId, key]);
    return found ? this.findForUpdate(found.id) : null;
  }
}

const ADD_MESSAGE = `added AS (
    INSERT INTO messaging.messages (id, owner_id, messenger, "to", text, status, attempts, last_error, provider_message_id, idempotency_key, request_hash, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)),
  first_change AS (INSERT INTO messaging.message_events (owner_id, message_id, seq, status, at, detail) VALUES ($2, $1, 0, $13, $14, $15))`;

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
