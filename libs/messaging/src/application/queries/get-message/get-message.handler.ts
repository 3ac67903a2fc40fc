import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MessageNotFound } from '../../../domain/message.errors';
import { MessageReadModel } from '../../ports/message.read-model';
import { GetMessageQuery } from './get-message.query';

@QueryHandler(GetMessageQuery)
export class GetMessageHandler implements IQueryHandler<GetMessageQuery> {
  constructor(private readonly messages: MessageReadModel) {}

  async execute({ ownerId, id }: GetMessageQuery) {
    const message = await this.messages.message(ownerId, id);
    if (!message) throw new MessageNotFound(id);
    return message;
  }
}
