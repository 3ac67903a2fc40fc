import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/shared-kernel';
import { Message } from '../../../domain/message.aggregate';
import { MessageNotFound, SendHeld } from '../../../domain/message.errors';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { SendGate, SendReport } from '../../ports/send-gate';
import { OutgoingMessages } from './outgoing-messages';
import { SendResult, sendByMessenger } from './send-by-messenger';
import { SendLimits } from './send-limits';
import { MessageToSend, SendMessagesCommand } from './send-messages.command';
import { SendOutcomes } from './send-outcomes';

interface Attempt {
  message: Message;
  correlationId: string | null;
  sessionId: string | null;
}

/**
 * The two-phase send: (1) in a transaction, each message locked, passed by the send gate, marked `sending` with its
 * attempt counted, committed; (2) the provider calls, no transaction open; (3) in a transaction, each outcome. A crash
 * between (1) and (3) leaves the message `sending`, for `RecoverSendingMessagesHandler` to settle.
 */
@CommandHandler(SendMessagesCommand)
export class SendMessagesHandler implements ICommandHandler<SendMessagesCommand> {
  private readonly logger = new Logger('SendMessagesHandler');

  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
    private readonly outgoing: OutgoingMessages,
    private readonly outcomes: SendOutcomes,
    private readonly gate: SendGate,
    private readonly limits: SendLimits,
  ) {}

  async execute({ sends, transactions }: SendMessagesCommand): Promise<Map<string, Error>> {
    const failures = new Map<string, Error>();
    const attempts: Attempt[] = [];
    await transactions.first(async (isNew) => {
      const phase1 = await this.begin(sends.filter(({ messageId }) => isNew(messageId)), attempts);
      phase1.forEach((error, id) => failures.set(id, error));
      return phase1;
    });
    if (attempts.length === 0) return failures;
    const messages = attempts.map(({ message }) => message);
    const sessionOf = new Map(attempts.map(({ message, sessionId }) => [message.id, sessionId]));
    const results = await sendByMessenger(this.messengers, messages, await this.outgoing.of(messages, sessionOf), this.limits.perSession);
    await transactions.last(async () => {
      const phase3 = await this.finish(attempts, results, (id, error) => transactions.retryDelayMs(id, error));
      phase3.forEach((error, id) => failures.set(id, error));
      return phase3;
    });
    await this.gate.report(reportsOf(attempts, results)).catch((error: unknown) => this.logger.warn({ err: error }, 'the send gate could not take the outcomes'));
    return failures;
  }

  /** Phase 1: locks the messages, asks the gate, marks the admitted ones `sending` and saves them. Answers the failures. */
  private async begin(sends: readonly MessageToSend[], attempts: Attempt[]): Promise<Map<string, Error>> {
    const failures = new Map<string, Error>();
    const found = new Map((await this.messages.findManyForUpdate(sends.map(({ messageId }) => messageId))).map((message) => [message.id, message]));
    const due = new Map<string, MessageToSend & { message: Message }>();
    for (const send of sends) {
      const message = found.get(send.messageId);
      if (!message) failures.set(send.messageId, new MessageNotFound(send.messageId));
      // why: `sending` here is an attempt a crash cut short (or one still running elsewhere): the recovery settles it.
      else if (!message.isSettled && message.status !== 'sending' && !due.has(send.messageId)) due.set(send.messageId, { ...send, message });
    }
    const decisions = await this.gate.admit(
      [...due.values()].map(({ message, correlationId }) => ({ messageId: message.id, ownerId: message.ownerId, messenger: message.messenger, sessionId: message.sessionId, correlationId })),
    );
    for (const { message, correlationId } of due.values()) {
      const decision = decisions.get(message.id) ?? { kind: 'send', sessionId: message.sessionId };
      if (decision.kind === 'hold') failures.set(message.id, new SendHeld(decision.reason, decision.retryAfterMs));
      else if (decision.kind === 'send') {
        message.markSending(new Date(), decision.note);
        attempts.push({ message, correlationId, sessionId: decision.sessionId });
      }
    }
    await this.messages.saveAll(attempts);
    return failures;
  }

  /** Phase 3: the outcome of each attempt still ours (still `sending`, at the same attempt), saved with its events. */
  private async finish(attempts: readonly Attempt[], results: ReadonlyMap<string, SendResult>, retryDelayMs: (id: string, error: Error) => number | undefined) {
    const current = new Map((await this.messages.findManyForUpdate(attempts.map(({ message }) => message.id))).map((message) => [message.id, message]));
    const ours = attempts.flatMap(({ message, correlationId }) => {
      const now = current.get(message.id);
      if (now?.status === 'sending' && now.attempts === message.attempts) return [{ message: now, correlationId }];
      this.logger.warn({ message_id: message.id, status: now?.status }, 'the attempt was settled elsewhere meanwhile; its outcome is not written');
      return [];
    });
    const outcomes = new Map([...results].map(([id, { outcome }]) => [id, outcome]));
    const failures = await this.outcomes.settle(ours.map(({ message }) => message), outcomes, retryDelayMs);
    await this.messages.saveAll(ours);
    return failures;
  }
}

function reportsOf(attempts: readonly Attempt[], results: ReadonlyMap<string, SendResult>): SendReport[] {
  return attempts.map(({ message, sessionId }) => {
    const { outcome, durationMs } = results.get(message.id)!;
    const kind = !(outcome instanceof Error) ? 'sent' : outcome instanceof DomainError ? 'refused' : 'failed';
    return { messageId: message.id, sessionId, messenger: message.messenger, outcome: kind, durationMs };
  });
}
