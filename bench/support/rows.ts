import { Client } from 'pg';
import { uuidV7 } from '../../libs/shared-kernel/src/uuid-v7';

const FILLER = 'Hello from Missive: your verification code is 482913. It expires in 10 minutes. If you did not ask for it, ignore this message; nobody from us will ever ask you for it.';

/** A realistic outbox payload of about 300 bytes (a message: ids, messenger, recipient, text). */
export function payloadOf(i: number, messageId: string, ownerId: string): string {
  const base = { message_id: messageId, owner_id: ownerId, messenger: 'sandbox', to: recipientOf(i), text: '', schema_version: 1 };
  const room = 300 - JSON.stringify(base).length;
  return JSON.stringify({ ...base, text: FILLER.slice(0, Math.max(16, room)) });
}

export function recipientOf(i: number): string {
  return `+1555${String(i % 10_000_000).padStart(7, '0')}`;
}

export function textOf(i: number): string {
  return `Hello #${i}, your verification code is ${String((i * 7919) % 1_000_000).padStart(6, '0')}. It expires in 10 minutes.`;
}

/**
 * `count` due outbox rows of `routingKey` (commands, one aggregate each, ~300 B payloads), written with
 * multi-row `INSERT … SELECT FROM unnest(…)` in batches: what a bulk import would have left behind.
 */
export async function fillOutbox(client: Client, count: number, routingKey: string, batch = 10_000): Promise<{ ms: number; payload_bytes: number }> {
  const started = performance.now();
  const ownerId = uuidV7();
  let payloadBytes = 0;
  for (let from = 0; from < count; from += batch) {
    const size = Math.min(batch, count - from);
    const ids: string[] = [];
    const payloads: string[] = [];
    const aggregates: string[] = [];
    const correlations: string[] = [];
    for (let i = from; i < from + size; i++) {
      const messageId = uuidV7();
      ids.push(uuidV7());
      aggregates.push(messageId);
      correlations.push(messageId);
      payloads.push(payloadOf(i, messageId, ownerId));
    }
    payloadBytes = Buffer.byteLength(payloads[0]);
    await client.query(
      `INSERT INTO platform.outbox (id, type, kind, routing_key, payload, aggregate_type, aggregate_id, correlation_id)
       SELECT t.id, $1, 'command', $1, t.payload::jsonb, 'message', t.aggregate_id, t.correlation_id
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS t(id, payload, aggregate_id, correlation_id)`,
      [routingKey, ids, payloads, aggregates, correlations],
    );
  }
  return { ms: performance.now() - started, payload_bytes: payloadBytes };
}

/**
 * `count` queued messages as `POST /v1/messaging/message` would have left them — the message row, its
 * `queued` history entry and its `messaging.send-message` outbox row — written in bulk, a batch per transaction.
 */
export async function fillQueuedMessages(client: Client, count: number, ownerId: string, batch = 10_000): Promise<{ ms: number }> {
  const started = performance.now();
  for (let from = 0; from < count; from += batch) {
    const size = Math.min(batch, count - from);
    const ids: string[] = [];
    const outboxIds: string[] = [];
    const recipients: string[] = [];
    const texts: string[] = [];
    for (let i = from; i < from + size; i++) {
      ids.push(uuidV7());
      outboxIds.push(uuidV7());
      recipients.push(recipientOf(i));
      texts.push(textOf(i));
    }
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO messaging.messages (id, owner_id, messenger, "to", text, status, attempts, created_at)
       SELECT t.id, $1, 'sandbox', t.recipient, t.text, 'queued', 0, now() FROM unnest($2::uuid[], $3::text[], $4::text[]) AS t(id, recipient, text)`,
      [ownerId, ids, recipients, texts],
    );
    await client.query(
      `INSERT INTO messaging.message_events (owner_id, message_id, seq, status, detail, at)
       SELECT $1, t.id, 0, 'queued', NULL, now() FROM unnest($2::uuid[]) AS t(id)`,
      [ownerId, ids],
    );
    await client.query(
      `INSERT INTO platform.outbox (id, type, kind, routing_key, payload, headers, aggregate_type, aggregate_id, correlation_id)
       SELECT t.id, 'messaging.send-message', 'command', 'messaging.send-message',
              jsonb_build_object('message_id', t.message_id, 'schema_version', 1), '{}', 'message', t.message_id::text, t.id::text
         FROM unnest($1::uuid[], $2::uuid[]) AS t(id, message_id)`,
      [outboxIds, ids],
    );
    await client.query('COMMIT');
  }
  return { ms: performance.now() - started };
}
