/** A message request's messages by status, as `messaging.messages` has them (`read` counts as delivered). */
export interface RequestMessageCounts {
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
}
