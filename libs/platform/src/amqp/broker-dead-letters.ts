import type { ConsumeMessage } from 'amqplib';
import { DeadLetter } from '../inbox/dead-letters';
import { ATTEMPT_HEADER, LAST_ERROR_HEADER } from './message-properties';

interface Death {
  reason?: string;
  queue?: string;
  count?: number;
}

/**
 * A copy of what reached `missive.dead`, as the dead letter to record: only for one RabbitMQ moved there itself (a
 * quorum queue's delivery limit), which carries `x-death`; null for one our transport dead-lettered, which carries its
 * last error and was recorded when it was published.
 */
export function brokerDeadLetterOf(message: ConsumeMessage): DeadLetter | null {
  const headers = message.properties.headers ?? {};
  if (headers[LAST_ERROR_HEADER] !== undefined) return null;
  const deaths = Array.isArray(headers['x-death']) ? (headers['x-death'] as Death[]) : [];
  const death = deaths.find(({ reason }) => reason === 'delivery_limit') ?? deaths[0] ?? {};
  const body = message.content.toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    payload = body.slice(0, 10_000);
  }
  const attempt = Number(headers[ATTEMPT_HEADER] ?? 1);
  const reason = death.reason ?? 'unknown';
  return {
    queue: death.queue ?? message.fields.routingKey,
    messageId: typeof message.properties.messageId === 'string' && /^[0-9a-f-]{36}$/i.test(message.properties.messageId) ? message.properties.messageId : null,
    type: typeof message.properties.type === 'string' ? message.properties.type : message.fields.routingKey,
    payload,
    headers,
    correlationId: typeof message.properties.correlationId === 'string' ? message.properties.correlationId : null,
    error:
      reason === 'delivery_limit'
        ? `RabbitMQ dead-lettered it at the queue's delivery limit: delivered ${death.count ?? 'many'} times without an ack (a dispatcher died or gave it back each time)`
        : `RabbitMQ dead-lettered it: ${reason}`,
    attempts: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
  };
}
