import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { MessageFilter, MessageReadModel, Page } from '../../application/ports/message.read-model';
import { MessageSummaryView, MessageView } from '../../application/queries/get-message/message.view';
import { SandboxDeliveryView } from '../../application/queries/list-sandbox-deliveries/sandbox-delivery.view';

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SUMMARY = `m.id, m.messenger, m."to", m.text, m.status, m.attempts, m.last_error, m.provider_message_id, m.idempotency_key,
  ${iso('m.created_at')} AS created_at, m.session_id, m.attachments`;

const HISTORY = `(SELECT coalesce(json_agg(json_build_object('status', e.status, 'at', ${iso('e.at')}, 'detail', e.detail) ORDER BY e.seq), '[]')
   FROM messaging.message_events e WHERE e.owner_id = m.owner_id AND e.message_id = m.id) AS history`;

@Injectable()
export class SqlMessageReadModel extends MessageReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.txHost.tx.query(sql, params);
  }

  async message(ownerId: string, id: string): Promise<MessageView | null> {
    const [row] = await this.query<MessageView>(`SELECT ${SUMMARY}, ${HISTORY} FROM messaging.messages m WHERE m.owner_id = $1 AND m.id = $2`, [
      ownerId,
      id,
    ]);
    return row ?? null;
  }

  async messages(ownerId: string, { status, after, limit }: MessageFilter): Promise<Page<MessageSummaryView>> {
    const rows = await this.query<MessageSummaryView>(
      `SELECT ${SUMMARY} FROM messaging.messages m
        WHERE m.owner_id = $1 AND ($2::text IS NULL OR m.status = $2) AND ($3::uuid IS NULL OR m.id < $3::uuid)
        ORDER BY m.id DESC LIMIT $4`,
      [ownerId, status, after, limit + 1],
    );
    return page(rows, limit, (row) => row.id);
  }

  async sandboxDeliveries(ownerId: string, after: string | null, limit: number): Promise<Page<SandboxDeliveryView>> {
    const rows = await this.query<SandboxDeliveryView>(
      `SELECT d.message_id, d."to", d.text, d.provider_message_id, ${iso('d.accepted_at')} AS accepted_at,
              (SELECT count(*)::int FROM messaging.sandbox_calls c WHERE c.owner_id = d.owner_id AND c.message_id = d.message_id) AS calls
         FROM messaging.sandbox_deliveries d
        WHERE d.owner_id = $1 AND ($2::uuid IS NULL OR d.message_id < $2::uuid)
        ORDER BY d.message_id DESC LIMIT $3`,
      [ownerId, after, limit + 1],
    );
    return page(rows, limit, (row) => row.message_id);
  }
}

function page<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, next_cursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null };
}
