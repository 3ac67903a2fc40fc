import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { RequestMessages } from '../../application/ports/request-messages';
import { RequestMessageCounts } from '../../application/queries/get-request-message-counts/request-message-counts';

@Injectable()
export class SqlRequestMessages extends RequestMessages {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async countsOf(ownerId: string, requestId: string): Promise<RequestMessageCounts> {
    const [counts] = await this.txHost.tx.query<RequestMessageCounts[]>(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'scheduled', 'retrying'))::int AS queued,
              count(*) FILTER (WHERE status = 'sending')::int AS sending,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status IN ('delivered', 'read'))::int AS delivered,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM messaging.messages WHERE owner_id = $1 AND request_id = $2`,
      [ownerId, requestId],
    );
    return counts;
  }
}
