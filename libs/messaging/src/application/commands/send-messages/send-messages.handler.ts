import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Message } from '../../../domain/message.aggregate';
import { MessageNotFound } from '../../../domain/message.errors';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { SendGate } from '../../send-gate/send-gate';
import { OutgoingMessages } from './outgoing-messages';
import { sendByMessenger } from './send-by-messenger';
import { SendMessagesCommand } from './send-messages.command';
import { SendOutcomes } from './send-outcomes';

@CommandHandler(SendMessagesCommand)
export class SendMessagesHandler implements ICommandHandler<SendMessagesCommand> {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
    private readonly outgoing: OutgoingMessages,
    private readonly outcomes: SendOutcomes,
    private readonly gate: SendGate,
  ) {}

  // why: a transient messenger error leaves its message unsaved and answered, so the dispatcher retries that one alone
  // (after the provider's own wait, when it gave one); a DomainError is final, so the message fails and that is committed.
  @Transactional()
  async execute({ sends }: SendMessagesCommand): Promise<Map<string, Error>> {
    const failures = new Map<string, Error>();
    const found = new Map((await this.messages.findManyForUpdate(sends.map(({ messageId }) => messageId))).map((message) => [message.id, message]));
    const due = new Map<string, { message: Message; correlationId: string | null }>();
    for (const { messageId, correlationId } of sends) {
      const message = found.get(messageId);
      if (!message) failures.set(messageId, new MessageNotFound(messageId));
      else if (!message.isSettled && !due.has(messageId)) due.set(messageId, { message, correlationId });
    }
    // send gate (pacing, failover, breaker): a held message is already rescheduled; it stays as it is and is no failure.
    const verdicts = await this.gate.admit([...due.values()].map(({ message: m, correlationId }) => ({ messageId: m.id, messenger: m.messenger, sessionId: m.sessionId, correlationId })));
    const dueMessages = verdicts.going([...due.values()].map(({ message }) => message));
    const sent = await sendByMessenger(this.messengers, dueMessages, await this.outgoing.of(dueMessages, verdicts.routes));
    await this.gate.report(verdicts.reports(sent));
    for (const [messageId, failure] of await this.outcomes.settle(dueMessages, sent, verdicts.notes)) failures.set(messageId, failure);
    await this.messages.saveAll([...due.values()].filter(({ message }) => sent.has(message.id) && !failures.has(message.id)));
    return failures;
  }
}
