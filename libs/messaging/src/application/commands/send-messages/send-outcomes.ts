import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/shared-kernel';
import { Message } from '../../../domain/message.aggregate';
import { MessageRefused, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { ProviderReceipt } from '../../ports/messenger';
import { SenderSessions } from '../../ports/sender-sessions';

/**
 * Phase 3, what each send's outcome does to its message (already `sending`): a receipt makes it `sent`; a final error
 * (a `DomainError`) `failed`, with the provider's code and text, and a revoked session also turns the session `expired`;
 * anything else `retrying`, with the error and when the next attempt is due, answered as a failure so that it is
 * retried — or `failed` when no retry is left, answered too, so that it is dead-lettered.
 */
@Injectable()
export class SendOutcomes {
  // why: bound by the sessions part of the messaging module; without it no message has a session to expire.
  constructor(private readonly sessions: SenderSessions) {}

  /** Marks the messages, expires revoked sessions, and answers the transient failures by message id. */
  async settle(
    messages: readonly Message[],
    outcomes: ReadonlyMap<string, ProviderReceipt | Error>,
    retryDelayMs: (messageId: string, error: Error) => number | undefined,
    now = new Date(),
  ): Promise<Map<string, Error>> {
    const transient = new Map<string, Error>();
    const expired = new Map<string, string>();
    for (const message of messages) {
      const outcome = outcomes.get(message.id)!;
      if (!(outcome instanceof Error)) message.markSent(outcome.providerMessageId, now);
      else if (outcome instanceof DomainError) message.markFailed(reasonOf(outcome), now);
      else {
        const delay = retryDelayMs(message.id, outcome);
        const error = `${outcome.name}: ${outcome.message}`;
        if (delay === undefined) message.markFailed(`dead-lettered after ${message.attempts} attempt${message.attempts === 1 ? '' : 's'}: ${error}`, now);
        else message.markRetrying(error, new Date(now.getTime() + delay), now);
        transient.set(message.id, outcome);
      }
      if (outcome instanceof SessionAuthRevoked && message.sessionId) expired.set(message.sessionId, reasonOf(outcome));
    }
    for (const [sessionId, reason] of expired) await this.sessions.markExpired(sessionId, reason);
    return transient;
  }
}

export function reasonOf(error: DomainError): string {
  const code = error instanceof MessageRefused || error instanceof SessionAuthRevoked ? error.code : null;
  const reason = error instanceof SessionAuthRevoked ? `the session's credentials no longer work: ${error.message}` : error.message;
  return code ? `${reason} (provider code ${code})` : reason;
}
