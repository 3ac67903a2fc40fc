import { RequestMessageCounts } from '../queries/get-request-message-counts/request-message-counts';

/** How far the messages of a message request have gone, read from `messaging.messages` in one statement. */
export abstract class RequestMessages {
  /** The owner's messages of this request by status; zeros when there are none. */
  abstract countsOf(ownerId: string, requestId: string): Promise<RequestMessageCounts>;
}
