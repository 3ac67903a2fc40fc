import { Page } from '@app/shared-kernel';
import { MessageStatus } from '../../domain/message.aggregate';
import { MessageSummaryView, MessageView } from '../queries/get-message/message.view';
import { SandboxDeliveryView } from '../queries/list-sandbox-deliveries/sandbox-delivery.view';

export interface MessageFilter {
  status: MessageStatus | null;
  /** Only the messages of this message request. */
  requestId?: string | null;
  after: string | null;
  limit: number;
}

/** Reads for the messaging context, answered with SQL straight into views; an owner sees only their own rows. */
export abstract class MessageReadModel {
  abstract message(ownerId: string, id: string): Promise<MessageView | null>;
  /** Newest first. */
  abstract messages(ownerId: string, filter: MessageFilter): Promise<Page<MessageSummaryView>>;
  /** What the sandbox messenger accepted for the owner, newest first. */
  abstract sandboxDeliveries(ownerId: string, after: string | null, limit: number): Promise<Page<SandboxDeliveryView>>;
}
