export interface SandboxDeliveryView {
  message_id: string;
  to: string;
  text: string;
  provider_message_id: string;
  accepted_at: string;
  /** How many times the sandbox was called for this message: more than one shows a duplicate send. */
  calls: number;
}
