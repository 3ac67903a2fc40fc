import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '@app/shared-kernel';
import { Message } from '../../../domain/message.aggregate';
import { MessageNotFound } from '../../../domain/message.errors';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { SendMessagesCommand } from './send-messages.command';

interface Sending {
  message: Message;
  correlationId: string | null;
}

@CommandHandler(SendMessagesCommand)
export class SendMessagesHandler implements ICommandHandler<SendMessagesCommand> {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
  ) {}

  // why: a transient messenger error leaves its message unsaved and answered, so the dispatcher retries that one alone;
  // a DomainError is the provider's final refusal, so the message fails and that is committed instead of dead-lettered.
  @Transactional()
  async execute({ sends }: SendMessagesCommand): Promise<Map<string, Error>> {
    const failures = new Map<string, Error>();
    const found = new Map((await this.messages.findManyForUpdate(sends.map(({ messageId }) => messageId))).map((message) => [message.id, message]));
    const due = new Map<string, Sending>();
    for (const { messageId, correlationId } of sends) {
      const message = found.get(messageId);
      if (!message) failures.set(messageId, new MessageNotFound(messageId));
      else if (!message.isSettled && !due.has(messageId)) due.set(messageId, { message, correlationId });
    }
    const settled: Sending[] = [];
    for (const [messageId, outcome] of await this.send([...due.values()])) {
      const { message } = due.get(messageId)!;
      if (outcome instanceof Error && !(outcome instanceof DomainError)) {
        failures.set(messageId, outcome);
        continue;
      }
      message.markSending();
      if (outcome instanceof Error) message.markFailed(outcome.message);
      else message.markSent(outcome.providerMessageId);
      settled.push(due.get(messageId)!);
    }
    await this.messages.saveAll(settled);
    return failures;
  }

  private async send(sendings: Sending[]): Promise<Map<string, { providerMessageId: string } | Error>> {
    const outcomes = new Map<string, { providerMessageId: string } | Error>();
    const byMessenger = new Map<string, Sending[]>();
    for (const sending of sendings) {
      const group = byMessenger.get(sending.message.messenger);
      if (group) group.push(sending);
      else byMessenger.set(sending.message.messenger, [sending]);
    }
    for (const [name, group] of byMessenger) {
      let results: ({ providerMessageId: string } | Error)[];
      try {
        results = await this.messengers.get(name).sendMany(group.map(({ message }) => outgoing(message)));
      } catch (error) {
        results = group.map(() => (error instanceof Error ? error : new Error(String(error))));
      }
      group.forEach(({ message }, index) => outcomes.set(message.id, results[index]));
    }
    return outcomes;
  }
}

function outgoing(message: Message) {
  const { to, text, ownerId } = message.snapshot();
  return { messageId: message.id, ownerId, to, text, session: null };
}
