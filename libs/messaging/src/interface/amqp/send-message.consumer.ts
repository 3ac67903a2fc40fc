import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchItem, PhasedBatch } from '@app/platform';
import { DomainError, UUID_PATTERN } from '@app/shared-kernel';
import { SendMessagesCommand, SendTransactions } from '../../application/commands/send-messages/send-messages.command';
import { SEND_MESSAGE, SendMessagePayload } from '../../contracts/send-message.command';

export const SEND_MESSAGE_QUEUE = 'dispatcher.messaging.send-message';
/** Sends taken from the queue at once: one transaction before the provider calls, one after. */
export const SEND_MESSAGE_BATCH = 100;

/** A malformed command: final, so the transport dead-letters it at once instead of retrying. */
export class InvalidSendMessagePayload extends DomainError {
  readonly kind = 'invalid';
  constructor(messageId: unknown) {
    super(`${SEND_MESSAGE} needs a uuid message_id, not ${String(JSON.stringify(messageId)).slice(0, 64)}.`);
  }
}

type SendPayload = Partial<SendMessagePayload> | null;
type SendItem = BatchItem<SendPayload>;

@Controller()
export class SendMessageConsumer {
  constructor(private readonly commands: CommandBus) {}

  // why: phased: no transaction is open around the provider calls; the inbox rows go in with the messages marked
  // `sending`, and a failed send's row comes out with its outcome.
  @EventPattern(SEND_MESSAGE, { queue: SEND_MESSAGE_QUEUE, batch: SEND_MESSAGE_BATCH, phased: true })
  async sendMessages(@Payload() batch: PhasedBatch<SendPayload>) {
    const sends: { item: SendItem; messageId: string }[] = [];
    for (const item of batch.items) {
      const messageId = item.payload?.message_id;
      if (typeof messageId === 'string' && UUID_PATTERN.test(messageId)) sends.push({ item, messageId: messageId.toLowerCase() });
      else batch.fail(item, new InvalidSendMessagePayload(messageId));
    }
    if (sends.length === 0) return;
    await this.commands.execute(new SendMessagesCommand(sends.map(({ item, messageId }) => ({ messageId, correlationId: item.correlationId })), transactionsOf(batch, sends)));
  }
}

/** The batch's transactions as the send sees them: by message id, the inbox rows going in and out with its writes. */
function transactionsOf(batch: PhasedBatch<SendPayload>, sends: readonly { item: SendItem; messageId: string }[]): SendTransactions {
  const itemsOf = new Map<string, SendItem[]>();
  for (const { item, messageId } of sends) itemsOf.set(messageId, [...(itemsOf.get(messageId) ?? []), item]);
  const fail = (failures: Map<string, Error>) => failures.forEach((error, messageId) => itemsOf.get(messageId)?.forEach((item) => batch.fail(item, error)));
  return {
    first: async (work) => {
      await batch.transactions.claim(async (fresh) => {
        const isNew = new Set(fresh.map(({ messageId }) => messageId));
        fail(await work((messageId) => (itemsOf.get(messageId) ?? []).some((item) => isNew.has(item.messageId))));
      });
    },
    last: (work) => batch.transactions.settle(async () => fail(await work())),
    retryDelayMs: (messageId, error) => batch.retryDelayMs(itemsOf.get(messageId)![0], error),
  };
}
