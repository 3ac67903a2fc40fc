import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uuidV7 } from '@app/shared-kernel';

export interface DeadLetter {
  queue: string;
  messageId: string | null;
  type: string;
  payload: unknown;
  headers: Record<string, unknown>;
  correlationId: string | null;
  error: string;
  attempts: number;
}

/**
 * The record of every dead letter, in both modes: what the admin API lists and replays. In broker mode
 * the message also sits in `<queue>.dlq` for the RabbitMQ UI; in direct mode its outbox row is marked dead.
 */
@Injectable()
export class DeadLetters {
  private readonly logger = new Logger('DeadLetters');
  private readonly hooks = new Map<string, ((letter: DeadLetter) => Promise<void>)[]>();
  private readonly replayHooks = new Map<string, ((letter: DeadLetter & { id: string }) => Promise<void>)[]>();

  // why: the consumer's transaction has just rolled back; the record must outlive it.
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Lets the context that owns a queue react to its dead letters (e.g. mark the message failed). */
  onDeadLetter(queue: string, hook: (letter: DeadLetter) => Promise<void>): void {
    this.hooks.set(queue, [...(this.hooks.get(queue) ?? []), hook]);
  }

  /**
   * Lets the context that owns a queue react to a replay of one of its dead letters (e.g. queue the message again), in
   * the replay's transaction: a hook that throws fails the replay.
   */
  onReplay(queue: string, hook: (letter: DeadLetter & { id: string }) => Promise<void>): void {
    this.replayHooks.set(queue, [...(this.replayHooks.get(queue) ?? []), hook]);
  }

  /** Runs the replay hooks of the letter's queue; called by the replay, in its transaction. */
  async replayed(letter: DeadLetter & { id: string }): Promise<void> {
    for (const hook of this.replayHooks.get(letter.queue) ?? []) await hook(letter);
  }

  async record(letter: DeadLetter): Promise<string> {
    const id = uuidV7();
    await this.dataSource.query(
      `INSERT INTO platform.dead_letters (id, queue, message_id, type, payload, headers, correlation_id, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, letter.queue, letter.messageId, letter.type, JSON.stringify(letter.payload ?? null), JSON.stringify(letter.headers), letter.correlationId, letter.error, letter.attempts],
    );
    for (const hook of this.hooks.get(letter.queue) ?? []) {
      await hook(letter).catch((error: unknown) => this.logger.error({ err: error, dead_letter: id }, 'dead-letter hook failed'));
    }
    return id;
  }
}
