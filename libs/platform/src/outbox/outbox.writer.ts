import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { OutboxMessage } from './outbox-message';

export const OUTBOX_CHANNEL = 'missive_outbox';

/**
 * Writes outbox rows in the caller's transaction — the only door out of it. Repositories call it
 * from `save()` with what the aggregate recorded; the relay is woken by NOTIFY when the transaction commits.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
  ) {}

  async append(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const correlationId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    // why: one round trip: the rows and the NOTIFY (delivered at commit) in one statement.
    await this.txHost.tx.query(
      `WITH inserted AS (
         INSERT INTO platform.outbox (id, type, kind, routing_key, payload, headers, aggregate_type, aggregate_id, correlation_id, available_at)
         SELECT id, type, kind, routing_key, payload, headers, aggregate_type, aggregate_id, correlation_id, coalesce(available_at, now())
           FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, type text, kind text, routing_key text, payload jsonb, headers jsonb,
                aggregate_type text, aggregate_id text, correlation_id text, available_at timestamptz))
       SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
      [JSON.stringify(messages.map((message) => toRow(message, correlationId)))],
    );
  }
}

function toRow(message: OutboxMessage, correlationId: string | null) {
  return {
    id: message.id,
    type: message.type,
    kind: message.kind,
    routing_key: message.routingKey,
    payload: message.payload,
    headers: message.headers,
    aggregate_type: message.aggregateType,
    aggregate_id: message.aggregateId,
    correlation_id: message.correlationId ?? correlationId,
    available_at: message.availableAt?.toISOString() ?? null,
  };
}
