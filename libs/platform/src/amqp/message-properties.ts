import type { Options } from 'amqplib';

export const ATTEMPT_HEADER = 'x-attempt';
export const LAST_ERROR_HEADER = 'x-last-error';
export const APP_ID = 'missive';

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
