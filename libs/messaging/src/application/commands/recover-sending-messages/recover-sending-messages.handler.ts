import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Message } from '../../../domain/message.aggregate';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { ProviderMessageStatus } from '../../ports/messenger';
import { OutgoingMessages } from '../send-messages/outgoing-messages';
import { SendLimits } from '../send-messages/send-limits';
import { Recovered, RecoverSendingMessagesCommand } from './recover-sending-messages.command';

/** Messages settled per sweep, at most; the next sweep takes the rest. */
export const RECOVERY_BATCH = 200;

type Found = { providerMessageId: string; status: ProviderMessageStatus } | null;

@CommandHandler(RecoverSendingMessagesCommand)
export class RecoverSendingMessagesHandler implements ICommandHandler<RecoverSendingMessagesCommand> {
  private readonly logger = new Logger('RecoverSendingMessages');

  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
    private readonly outgoing: OutgoingMessages,
    private readonly limits: SendLimits,
  ) {}

  async execute({ now }: RecoverSendingMessagesCommand): Promise<Recovered[]> {
    const stale = await this.messages.findSendingSince(new Date(now.getTime() - this.limits.sendingTimeoutMs), RECOVERY_BATCH);
    if (stale.length === 0) return [];
    // why: the provider is asked with no transaction open, like any provider call; the answers are applied under lock.
    const found = new Map<string, Found>();
    const lookups = stale.filter((message) => this.policyOf(message) === 'lookup');
    const outgoing = await this.outgoing.of(lookups);
    await Promise.all(
      lookups.map(async (message) => {
        const ready = outgoing.get(message.id)!;
        if (ready instanceof Error) return found.set(message.id, null);
        try {
          found.set(message.id, await this.messengers.get(message.messenger).findSent!(ready, message.attemptedAt ?? message.snapshot().createdAt));
        } catch (error) {
          this.logger.warn({ err: error, message_id: message.id }, 'could not look the message up at its provider; the next sweep tries again');
        }
      }),
    );
    return this.settle(stale, found);
  }

  @Transactional()
  private async settle(stale: readonly Message[], found: ReadonlyMap<string, Found>): Promise<Recovered[]> {
    const attempts = new Map(stale.map((message) => [message.id, message.attempts]));
    const locked = await this.messages.findManyForUpdate(stale.map(({ id }) => id));
    const recovered: Recovered[] = [];
    for (const message of locked.filter(({ id, status, attempts: n }) => status === 'sending' && n === attempts.get(id))) {
      const policy = this.policyOf(message);
      if (policy === 'lookup' && !found.has(message.id)) continue;
      const outcome = this.apply(message, policy, found.get(message.id) ?? null);
      recovered.push({ messageId: message.id, messenger: message.messenger, policy, outcome });
    }
    await this.messages.saveAll(locked.filter(({ id }) => recovered.some((r) => r.messageId === id)).map((message) => ({ message })));
    return recovered;
  }

  private apply(message: Message, policy: Recovered['policy'], found: Found): Recovered['outcome'] {
    const cut = `attempt ${message.attempts} was cut short (the dispatcher stopped before recording the provider's answer)`;
    if (policy === 'lookup' && found && found.status.status !== 'failed') {
      message.markSent(found.providerMessageId);
      return 'sent';
    }
    if (policy === 'lookup' && found) {
      message.markFailed(`${cut}; the provider says it failed: ${found.status.errorMessage ?? found.status.errorCode ?? 'no reason given'}`);
      return 'failed';
    }
    if (policy === 'unknown') {
      message.markUnknown(`${cut}; its messenger can neither be asked nor resend safely, so whether it was sent is unknown`);
      return 'unknown';
    }
    message.resendAfterCrash(policy === 'lookup' ? `${cut}; the provider has no such message: sent again` : `${cut}; sent again`);
    return 'resent';
  }

  private policyOf(message: Message): Recovered['policy'] {
    const messenger = this.messengers.get(message.messenger);
    const policy = messenger.descriptor.crashRecovery;
    return policy === 'lookup' && !messenger.findSent ? 'unknown' : policy;
  }
}
