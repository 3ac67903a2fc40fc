import { Query } from '@nestjs/cqrs';
import { MessageView } from './message.view';

export class GetMessageQuery extends Query<MessageView> {
  constructor(
    readonly ownerId: string,
    readonly id: string,
  ) {
    super();
  }
}
