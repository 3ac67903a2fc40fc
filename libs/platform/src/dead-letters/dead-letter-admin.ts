import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Page, keysetPage } from '@app/shared-kernel';
import { REPLAY_OF_HEADER, TARGET_QUEUE_HEADER } from '../amqp/message-properties';
import { asyncCommand } from '../outbox/outbox-message';
import { OutboxWriter } from '../outbox/outbox.writer';
import { DeadLetters } from '../inbox/dead-letters';
import { DeadLetterAlreadyReplayed, DeadLetterNotFound } from './dead-letter.errors';


export interface DeadLetterView {
  id: string;
  queue: string;
  message_id: string | null;
  type: string;
  payload: unknown;
  headers: Record<string, unknown>;
  correlation_id: string | null;
  error: string;
  attempts: number;
  dead_at: string;
  replayed_at: string | null;
}

interface Row extends Omit<DeadLetterView, 'dead_at' | 'replayed_at'> {
  dead_at: Date;
  replayed_at: Date | null;
}

/**
 * Lists dead letters and replays them: a replay is a new outbox row aimed at the one queue that failed,
 * so it goes out through the relay like any message, in broker and direct mode alike.
 */
@Injectable()
export class DeadLetterAdmin {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxWriter,
    private readonly deadLetters: DeadLetters,
  ) {}

  list(filter: { queue?: string; pending?: boolean; cursor?: string; limit: number }): Promise<Page<DeadLetterView>> {
    return keysetPage(filter.limit, (letter) => letter.id, async (take) => {
      const rows: Row[] = await this.txHost.tx.query(
        `SELECT id, queue, message_id, type, payload, headers, correlation_id, error, attempts, dead_at, replayed_at
           FROM platform.dead_letters
          WHERE ($1::text IS NULL OR queue = $1) AND ($2::boolean IS NOT TRUE OR replayed_at IS NULL)
            AND ($3::uuid IS NULL OR id < $3::uuid)
          ORDER BY id DESC LIMIT $4`,
        [filter.queue ?? null, filter.pending ?? null, filter.cursor ?? null, take],
      );
      return rows.map(toView);
    });
  }

  @Transactional()
  async replay(id: string): Promise<{ id: string; replayed_as: string }> {
    const [row]: Row[] = await this.txHost.tx.query(`SELECT * FROM platform.dead_letters WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw new DeadLetterNotFound(id);
    if (row.replayed_at) throw new DeadLetterAlreadyReplayed(id, row.replayed_at);
    const message = asyncCommand(row.type, (row.payload ?? {}) as object, { type: 'dead-letter', id });
    message.headers = { [TARGET_QUEUE_HEADER]: row.queue, [REPLAY_OF_HEADER]: id };
    message.correlationId = row.correlation_id;
    await this.outbox.append([message]);
    await this.txHost.tx.query(`UPDATE platform.dead_letters SET replayed_at = now() WHERE id = $1`, [id]);
    await this.deadLetters.replayed({ id, queue: row.queue, messageId: row.message_id, type: row.type, payload: row.payload, headers: row.headers, correlationId: row.correlation_id, error: row.error, attempts: row.attempts });
    return { id, replayed_as: message.id };
  }

  /** Replays every dead letter of a queue not replayed yet; the ids replayed. */
  async replayAll(queue: string): Promise<string[]> {
    const rows: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM platform.dead_letters WHERE queue = $1 AND replayed_at IS NULL ORDER BY id`,
      [queue],
    );
    for (const { id } of rows) await this.replay(id);
    return rows.map(({ id }) => id);
  }
}

function toView(row: Row): DeadLetterView {
  return { ...row, dead_at: row.dead_at.toISOString(), replayed_at: row.replayed_at?.toISOString() ?? null };
}
