import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetImportQuery } from '@app/importing';
import { GetRequestMessageCountsQuery } from '../../application/queries/get-request-message-counts/get-request-message-counts.query';
import { MessageRequestView, messageRequestView } from './message-request.view';

/** A message request as its routes and events show it: the import that reads its file, and the messages it made. */
@Injectable()
export class MessageRequestProgress {
  constructor(private readonly queries: QueryBus) {}

  /** `ImportNotFound` (404) when the request is not the owner's. */
  async of(ownerId: string, requestId: string): Promise<MessageRequestView> {
    const request = await this.queries.execute(new GetImportQuery(ownerId, requestId));
    const messages = await this.queries.execute(new GetRequestMessageCountsQuery(ownerId, requestId));
    return messageRequestView(request, messages, new Date());
  }
}
