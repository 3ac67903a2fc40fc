import type { Options } from 'amqplib';

export const ATTEMPT_HEADER = 'x-attempt';
export const LAST_ERROR_HEADER = 'x-last-error';
export const APP_ID = 'missive';
/** On a replayed dead letter's outbox row: the one queue it goes back to, and the dead letter it replays. */
export const TARGET_QUEUE_HEADER = 'x-target-queue';
export const REPLAY_OF_HEADER = 'x-replay-of';

/** What every Missive message carries, so it can be followed in the RabbitMQ management UI. */
export function messageProperties(message: {
  id: string;
  type: string;
  correlationId: string | null;
  createdAt: Date;
  headers?: Record<string, unknown>;
  attempt?: number;
}): Options.Publish {
  return {
    messageId: message.id,
    correlationId: message.correlationId ?? undefined,
    type: message.type,
    appId: APP_ID,
    timestamp: Math.floor(message.createdAt.getTime() / 1000),
    contentType: 'application/json',
    contentEncoding: 'utf-8',
    persistent: true,
    headers: { ...message.headers, [ATTEMPT_HEADER]: message.attempt ?? 1 },
  };
}
