import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxWriter } from '@app/platform';
import { MessageRepository } from '../../application/ports/message.repository';
import { CANCELLED_WITH_REQUEST, Message, MessageState } from '../../domain/message.aggregate';
import { sendsToRelease, toOutboxMessages } from '../outbox/messaging.published-events';
import { MESSAGE_COLUMNS, MESSAGE_HISTORY, MessageRow, fromRow } from './message.row';

@Injectable()
export class TypeOrmMessageRepository extends MessageRepository {
  // why: which messages the current transaction loaded or saved, and how many history entries the table then held.
  private readonly persisted = new WeakMap<Message, { tx: unknown; history: number }>();

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
    const addedValues = [...values, first.status, first.at, first.detail ?? null, row.sessionId, row.attachments, row.sendAt, row.requestId];
    await this.outbox.appendWith({ name: 'messaging.add-message', ctes: ADD_MESSAGE, values: addedValues }, toOutboxMessages(message.pullEvents()));
  }

  // why: plain SQL, the messages and their history in one statement for the whole batch: this is the dispatcher's hot
  // path, where TypeORM's query building cost more CPU than the database work, and the API's, where round trips count.
  // History entries are keyed by their place in the history, so writing them all again adds only the new ones.
  async saveAll(entries: readonly { message: Message; correlationId?: string | null }[]): Promise<void> {
    if (entries.length === 0) return;
    const tx = this.txHost.tx;
    const other: MessageState[] = [];
    const loaded: { row: MessageState; from: number }[] = [];
    for (const message of new Set(entries.map((entry) => entry.message))) {
      const row = message.snapshot();
      const known = this.persisted.get(message);
      if (known?.tx === tx) loaded.push({ row, from: known.history });
      else other.push(row);
      this.persisted.set(message, { tx, history: row.history.length });
    }
    if (other.length) await this.upsert(other);
    if (loaded.length) await this.update(loaded);
    const recorded = entries.map(({ message, correlationId }) => ({ events: message.pullEvents(), correlationId }));
    const release = sendsToRelease(recorded.flatMap(({ events }) => events));
    await this.outbox.makeDue(release.type, release.aggregateIds);
    await this.outbox.append(
      recorded.flatMap(({ events, correlationId }) => toOutboxMessages(events).map((row) => (correlationId === undefined ? row : { ...row, correlationId }))),
    );
  }

  // why: the row with every column, inserted or updated: a message this transaction has not loaded may be new. The
  // attachments go as one JSON array of arrays, since `unnest` flattens a two-dimensional array instead of giving rows of it.
  // (`saved` orders the two: the history's foreign key needs the row.)
  private async upsert(rows: readonly MessageState[]): Promise<void> {
    const column = <K extends keyof MessageState>(key: K) => rows.map((row) => row[key]);
    const history = historyOf(rows.map((row) => ({ row, from: 0 })));
    await this.txHost.tx.query(
      `WITH saved AS (
         INSERT INTO messaging.messages (id, owner_id, messenger, "to", text, status, attempts, last_error, provider_message_id, idempotency_key, request_hash, created_at,
                                         session_id, attachments, send_at, request_id, next_attempt_at, attempted_at)
         SELECT m.id, m.owner_id, m.messenger, m."to", m.text, m.status, m.attempts, m.last_error, m.provider_message_id, m.idempotency_key, m.request_hash,
                m.created_at, m.session_id, ARRAY(SELECT jsonb_array_elements_text($20::jsonb -> (m.n::int - 1))::uuid), m.send_at, m.request_id,
                m.next_attempt_at, m.attempted_at
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[],
                       $19::uuid[], $21::timestamptz[], $22::uuid[], $23::timestamptz[], $24::timestamptz[])
                WITH ORDINALITY AS m(id, owner_id, messenger, "to", text, status, attempts, last_error, provider_message_id, idempotency_key, request_hash, created_at,
                                     session_id, send_at, request_id, next_attempt_at, attempted_at, n)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, last_error = excluded.last_error,
                                        provider_message_id = excluded.provider_message_id, next_attempt_at = excluded.next_attempt_at,
                                        attempted_at = excluded.attempted_at
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
        ...history,
        column('sessionId'),
        JSON.stringify(column('attachments')),
        column('sendAt'),
        column('requestId'),
        column('nextAttemptAt'),
        column('attemptedAt'),
      ],
    );
  }

  // why: rows this transaction loaded (and locked) exist, so only the columns that change after creation are sent, and
  // only the history entries added since: the dispatcher's batches send a fifth of the parameters an upsert would.
  private async update(changes: readonly { row: MessageState; from: number }[]): Promise<void> {
    const column = <K extends keyof MessageState>(key: K) => changes.map(({ row }) => row[key]);
    const [{ updated }]: { updated: number }[] = await this.txHost.tx.query(
      `WITH saved AS (
         UPDATE messaging.messages m SET status = u.status, attempts = u.attempts, last_error = u.last_error, provider_message_id = u.provider_message_id,
                                         next_attempt_at = u.next_attempt_at, attempted_at = u.attempted_at
           FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $12::timestamptz[], $13::timestamptz[])
                AS u(id, status, attempts, last_error, provider_message_id, next_attempt_at, attempted_at)
          WHERE m.id = u.id
         RETURNING m.id),
       history AS (
         INSERT INTO messaging.message_events (owner_id, message_id, seq, status, at, detail)
         SELECT h.* FROM unnest($6::uuid[], $7::uuid[], $8::smallint[], $9::text[], $10::timestamptz[], $11::text[]) AS h(owner_id, message_id, seq, status, at, detail)
          WHERE h.message_id IN (SELECT id FROM saved)
         ON CONFLICT DO NOTHING)
       SELECT count(*)::int AS updated FROM saved`,
      [column('id'), column('status'), column('attempts'), column('lastError'), column('providerMessageId'), ...historyOf(changes), column('nextAttemptAt'), column('attemptedAt')],
    );
    if (updated !== changes.length) throw new Error(`${changes.length - updated} of ${changes.length} loaded messages are no longer in messaging.messages`);
  }

  async findForUpdate(id: string): Promise<Message | null> {
    return (await this.findManyForUpdate([id]))[0] ?? null;
  }

  // why: plain SQL, one statement for the whole batch, each history as one JSON array: this is the dispatcher's hot path.
  // Under READ COMMITTED, a row locked after waiting for another transaction comes back as that transaction left it,
  // but the history subquery still reads the statement's older snapshot: such rows (a newer xmin than the snapshot's)
  // are read again, now that the lock is held, so that a message is always one state.
  async findManyForUpdate(ids: readonly string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    const rows = await this.lockAndRead([...new Set(ids)]);
    const moved = rows.filter((row) => row.version !== row.seen_version).map((row) => row.id);
    const reread = new Map(moved.length ? (await this.lockAndRead(moved)).map((row) => [row.id, row]) : []);
    const tx = this.txHost.tx;
    return rows.map((first) => {
      const row = reread.get(first.id) ?? first;
      const message = Message.restore(fromRow(row));
      this.persisted.set(message, { tx, history: row.history?.length ?? 0 });
      return message;
    });
  }

  private lockAndRead(ids: readonly string[]): Promise<LockedMessageRow[]> {
    return this.txHost.tx.query(
      `SELECT ${MESSAGE_COLUMNS}, ${MESSAGE_HISTORY}, m.xmin::text AS version, (SELECT s.xmin::text FROM messaging.messages s WHERE s.id = m.id) AS seen_version
         FROM messaging.messages m WHERE m.id = ANY($1::uuid[]) ORDER BY m.id FOR UPDATE OF m`,
      [ids],
    );
  }

  async findSendingSince(before: Date, limit: number): Promise<Message[]> {
    const rows: MessageRow[] = await this.txHost.tx.query(
      `SELECT ${MESSAGE_COLUMNS}, ${MESSAGE_HISTORY} FROM messaging.messages m WHERE m.status = 'sending' AND m.attempted_at < $1 ORDER BY m.attempted_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => Message.restore(fromRow(row)));
  }

  async findByIdempotencyKey(ownerId: string, key: string): Promise<Message | null> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`messaging.idempotency-key:${ownerId}:${key}`]);
    const [found]: { id: string }[] = await this.txHost.tx.query('SELECT id FROM messaging.messages WHERE owner_id = $1 AND idempotency_key = $2', [ownerId, key]);
    return found ? this.findForUpdate(found.id) : null;
  }

  // why: set-based, so a cancel costs one statement however big the request; each message's history gains its entry.
  async cancelPendingOfRequest(requestId: string, ownerId?: string): Promise<number> {
    const [{ cancelled }]: { cancelled: number }[] = await this.txHost.tx.query(
      `WITH cancelled AS (
         UPDATE messaging.messages m SET status = 'cancelled'
          WHERE m.request_id = $1 AND ($2::uuid IS NULL OR m.owner_id = $2) AND m.status IN ('queued', 'scheduled', 'retrying')
         RETURNING m.id, m.owner_id),
       history AS (
         INSERT INTO messaging.message_events (owner_id, message_id, seq, status, at, detail)
         SELECT c.owner_id, c.id, (SELECT count(*) FROM messaging.message_events e WHERE e.owner_id = c.owner_id AND e.message_id = c.id), 'cancelled', now(), $3
           FROM cancelled c)
       SELECT count(*)::int AS cancelled FROM cancelled`,
      [requestId, ownerId ?? null, CANCELLED_WITH_REQUEST],
    );
    return cancelled;
  }

  async recipientsOfRequest(ownerId: string, requestId: string, recipients: readonly string[]): Promise<Set<string>> {
    if (recipients.length === 0) return new Set();
    const rows: { to: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT m."to" FROM messaging.messages m WHERE m.owner_id = $1 AND m.request_id = $2 AND m."to" = ANY($3::text[])`,
      [ownerId, requestId, [...new Set(recipients)]],
    );
    return new Set(rows.map(({ to }) => to));
  }
}

const ADD_MESSAGE = `added AS (
    INSERT INTO messaging.messages (id, owner_id, messenger, "to", text, status, attempts, last_error, provider_message_id, idempotency_key, request_hash, created_at,
                                    session_id, attachments, send_at, request_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $16, $17, $18, $19)),
  first_change AS (INSERT INTO messaging.message_events (owner_id, message_id, seq, status, at, detail) VALUES ($2, $1, 0, $13, $14, $15))`;

interface LockedMessageRow extends MessageRow {
  /** The row's xmin as locked, and as the statement's snapshot saw it. */
  version: string;
  seen_version: string | null;
}

/** The history columns of the entries from the `from`-th on, for `unnest`. */
function historyOf(changes: readonly { row: MessageState; from: number }[]): unknown[][] {
  const entries = changes.flatMap(({ row, from }) => row.history.slice(from).map((change, index) => ({ row, seq: from + index, change })));
  return [
    entries.map(({ row }) => row.ownerId),
    entries.map(({ row }) => row.id),
    entries.map(({ seq }) => seq),
    entries.map(({ change }) => change.status),
    entries.map(({ change }) => change.at),
    entries.map(({ change }) => change.detail ?? null),
  ];
}
