import { MessengerName } from '../../domain/message.aggregate';

export interface OutgoingMessage {
  /** Missive's message id: the idempotency key to hand the provider. */
  messageId: string;
  /** The tenant the message is sent for; a provider adapter maps it to that tenant's account or session. */
  ownerId: string;
  to: string;
  text: string;
}

export interface ProviderReceipt {
  providerMessageId: string;
}

/**
 * A provider that delivers messages (Telegram, WhatsApp, SMS, email, sandbox). Called by the dispatcher only,
 * never inside a request, and at least once per message: implementations must be idempotent on `messageId`
 * where the provider allows (pass it as the provider's idempotency key), answering the first receipt again.
 * Throw a `DomainError` for a permanent refusal (the message fails); any other error is retried.
 */
export abstract class Messenger {
  abstract readonly name: MessengerName;
  abstract send(message: OutgoingMessage): Promise<ProviderReceipt>;

  /**
   * Sends several messages, each settling on its own: a receipt, or the error `send` would have thrown, in the
   * order given. Adapters whose provider has a bulk API override this; the default calls `send` side by side.
   */
  sendMany(messages: readonly OutgoingMessage[]): Promise<(ProviderReceipt | Error)[]> {
    return Promise.all(messages.map((message) => this.send(message).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
  }
}
