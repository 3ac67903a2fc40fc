import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Page, keysetPage } from '@app/shared-kernel';
import { MessageFilter, MessageReadModel } from '../../application/ports/message.read-model';
import { MessageSummaryView, MessageView, messageSummaryView, messageView } from '../../application/queries/get-message/message.view';
import { SandboxDeliveryView } from '../../application/queries/list-sandbox-deliveries/sandbox-delivery.view';
import { MESSAGE_COLUMNS, MESSAGE_HISTORY, MessageRow, fromRow } from './message.row';

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

@Injectable()
export class SqlMessageReadModel extends MessageReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.txHost.tx.query(sql, params);
  }

  // why: rows go through the same messageView as the message just written, so the 201 and a GET cannot drift.
  async message(ownerId: string, id: string): Promise<MessageView | null> {
    const [row] = await this.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS}, ${MESSAGE_HISTORY} FROM messaging.messages m WHERE m.owner_id = $1 AND m.id = $2`, [ownerId, id]);
    return row ? messageView(fromRow(row)) : null;
  }

  messages(ownerId: string, { status, requestId = null, after, limit }: MessageFilter): Promise<Page<MessageSummaryView>> {
    return keysetPage(limit, (message) => message.id, async (take) => {
      const rows = await this.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messaging.messages m
          WHERE m.owner_id = $1 AND ($2::text IS NULL OR m.status = $2) AND ($3::uuid IS NULL OR m.id < $3::uuid) AND ($5::uuid IS NULL OR m.request_id = $5::uuid)
          ORDER BY m.id DESC LIMIT $4`,
        [ownerId, status, after, take, requestId],
      );
      return rows.map((row) => messageSummaryView(fromRow(row)));
    });
  }

  sandboxDeliveries(ownerId: string, after: string | null, limit: number): Promise<Page<SandboxDeliveryView>> {
    return keysetPage(limit, (delivery) => delivery.message_id, (take) => this.query<SandboxDeliveryView>(
      `SELECT d.message_id, d."to", d.text, d.provider_message_id, ${iso('d.accepted_at')} AS accepted_at,
              (SELECT count(*)::int FROM messaging.sandbox_calls c WHERE c.owner_id = d.owner_id AND c.message_id = d.message_id) AS calls
         FROM messaging.sandbox_deliveries d
        WHERE d.owner_id = $1 AND ($2::uuid IS NULL OR d.message_id < $2::uuid)
        ORDER BY d.message_id DESC LIMIT $3`,
      [ownerId, after, take],
    ));
  }
}
